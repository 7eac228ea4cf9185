//! A stay register: many citizens, one row per § 110 stay, evaluated in one call.
//!
//! Rows are grouped by `citizen_id` (in order of first appearance); each citizen's stays form a
//! scenario under one policy. The result has totals per citizen, per citizen and year, and per
//! calendar year for the whole register. Per-citizen figures are rounded from each citizen's
//! exact sums; the per-year and grand totals are rounded from the exact sums over all citizens
//! (so they need not equal the sum of the rounded per-citizen figures to the øre).
//!
//! One register, six ways in, one file each:
//!
//! * [`arrays`]: the columnar core's own input, day numbers and integer or decimal amounts
//!   read where they lie (Arrow and numpy columns; [`Engine::evaluate_arrays`]);
//! * [`rows`]: rows as structs ([`Engine::evaluate_register`]);
//! * [`columns`]: columns, the path of the bindings ([`Engine::evaluate_register_by_id`] with
//!   the citizen ids as text, [`Engine::evaluate_columns`] with a citizen number per row);
//! * [`stream`]: rows read one at a time, one citizen in memory
//!   ([`Engine::evaluate_register_stream`]);
//! * [`csv`]: CSV files, streamed (the Danish rule for typed amounts applies);
//! * [`csv_columns`]: CSV files read whole into columns for the columnar core (the browser's
//!   path), with the stream's results and errors.
//!
//! [`Engine::evaluate_arrays`]: crate::Engine::evaluate_arrays
//! [`Engine::evaluate_register`]: crate::Engine::evaluate_register
//! [`Engine::evaluate_register_by_id`]: crate::Engine::evaluate_register_by_id
//! [`Engine::evaluate_columns`]: crate::Engine::evaluate_columns
//! [`Engine::evaluate_register_stream`]: crate::Engine::evaluate_register_stream

pub mod arrays;
pub mod columns;
pub mod csv;
pub mod csv_columns;
pub mod rows;
pub mod stream;

use chrono::Datelike;

use crate::engine::evaluation::{Sums, Totals, YearTotals};
use crate::engine::policy_comparison::PolicyComparison;
use crate::model::error::{Error, ErrorKind};
use crate::rules::segment::{Segment, Sink, SpellKind};

pub use arrays::{Amounts, Groups, Keys, StayArrays};
pub use columns::{
    ColumnsResult, GroupTotals, GroupYear, OtherSpells, RegisterColumns, StayColumns,
};
pub use rows::{CitizenTotals, CitizenYear, RegisterResult, StayRow, SupportRow};
pub use stream::RegisterSummary;

/// The most rows one register call accepts.
pub const MAX_REGISTER_ROWS: usize = 2_000_000;

/// The columns of a register result's table per calendar year (CSV headers, workbook sheets).
pub const YEAR_COLUMNS: [&str; 5] = [
    "year",
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

/// The columns of a register result's table per citizen (the per-citizen CSV of
/// [`csv::evaluate_csv`], the workbooks' citizens sheet, the page's CSV download).
pub const CITIZEN_COLUMNS: [&str; 9] = [
    "citizen_id",
    "stays",
    "nights",
    "refunded_nights",
    "support_days",
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

/// The columns of a register result's table per citizen and year.
pub const CITIZEN_YEAR_COLUMNS: [&str; 6] = [
    "citizen_id",
    "year",
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

/// Refuses a register of more than [`MAX_REGISTER_ROWS`] rows.
fn check_register_rows(n: usize) -> Result<(), Error> {
    if n > MAX_REGISTER_ROWS {
        return Err(Error::new(
            ErrorKind::Limit,
            "rows",
            format!("{n} rows; one call accepts at most {MAX_REGISTER_ROWS} (split the register by citizen)"),
        ));
    }
    Ok(())
}

/// One citizen's exact sums and counts, summed straight from the priced segments (a [`Sink`]:
/// the batch paths never build a list of segments).
#[derive(Default)]
pub(crate) struct CitizenSums {
    pub sums: Sums,
    pub nights: i64,
    pub refunded_nights: i64,
    pub support_days: i64,
    /// Per calendar year, in year order once [`CitizenSums::finish`] has run (which also
    /// fills `sums`).
    pub years: Vec<(i32, Sums)>,
}

impl CitizenSums {
    /// Empties the sums for the next citizen (keeping the buffer).
    pub(crate) fn clear(&mut self) {
        self.sums = Sums::default();
        self.nights = 0;
        self.refunded_nights = 0;
        self.support_days = 0;
        self.years.clear();
    }

    /// Puts the years in order and sums them into the citizen's sums.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        self.years.sort_unstable_by_key(|(y, _)| *y);
        for (_, y) in &self.years {
            self.sums = self.sums.plus(y)?;
        }
        Ok(())
    }
}

impl<'p> Sink<'p> for CitizenSums {
    #[inline(always)]
    fn take(&mut self, s: Segment<'p>) -> Result<(), Error> {
        let x = s.sums()?;
        let y = s.start.year();
        match self.years.iter_mut().find(|(year, _)| *year == y) {
            Some((_, sums)) => *sums = sums.plus(&x)?,
            None => self.years.push((y, x)),
        }
        match s.kind {
            SpellKind::Shelter => {
                self.nights = self.nights.saturating_add(s.days);
                self.refunded_nights = self.refunded_nights.saturating_add(s.refunded_days);
            }
            SpellKind::HomeSupport => self.support_days = self.support_days.saturating_add(s.days),
            SpellKind::TemporaryHousing => {}
        }
        Ok(())
    }
}

/// A fast, non-cryptographic hash for citizen ids (FxHash-style multiply-rotate).
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
pub(crate) struct FastHasher(u64);

const SEED: u64 = 0x517c_c1b7_2722_0a95;

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(dst) = word.get_mut(..chunk.len()) {
                dst.copy_from_slice(chunk);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(SEED);
    }
    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser: spreads the high bits (where ids differ) into the low bits
        // that pick the bucket.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// `shelter_stays[i].field` / `home_support[i].field` / `temporary_housing[i].field` of a
/// citizen's scenario → `rows[k].field` / `support[k].field` / `temporary[k].field` of the
/// register (`rows` lists the register rows of each of the three).
fn to_row_error(e: Error, rows: [&[usize]; 3], citizen: &str) -> Error {
    const NAMES: [(&str, &str); 3] = [
        ("shelter_stays", "rows"),
        ("home_support", "support"),
        ("temporary_housing", "temporary"),
    ];
    let field = e.field().to_string();
    let message = format!("citizen {citizen:?}: {}", e.message());
    let remap = |prefix: &str, list: &[usize], to: &str| -> Option<String> {
        let rest = field.strip_prefix(prefix)?.strip_prefix('[')?;
        let (i, tail) = rest.split_once(']')?;
        let i: usize = i.parse().ok()?;
        list.get(i).map(|row| format!("{to}[{row}]{tail}"))
    };
    let mapped = NAMES
        .iter()
        .zip(rows)
        .find_map(|((from, to), list)| remap(from, list, to))
        .unwrap_or(field);
    // Overlap messages mention the other spell by its scenario index; name its row too.
    let message = NAMES
        .iter()
        .zip(rows)
        .fold(message, |m, ((from, to), list)| {
            list.iter().enumerate().fold(m, |m, (i, row)| {
                m.replace(&format!("{from}[{i}] "), &format!("{to}[{row}] "))
            })
        });
    Error::new(e.kind(), mapped, message)
}

/// A register's result under one policy: what two of them need to be compared.
pub trait PolicyTotals {
    /// The policy's name, the per-year totals and the grand totals.
    fn policy_totals(&self) -> (&str, &[YearTotals], &Totals);

    /// This register (under its policy) against the same register under a base policy:
    /// policy − base, per year and in all.
    fn compared_with(&self, base: &Self) -> Result<PolicyComparison, Error> {
        PolicyComparison::of(base.policy_totals(), self.policy_totals())
    }
}

impl PolicyTotals for RegisterSummary {
    fn policy_totals(&self) -> (&str, &[YearTotals], &Totals) {
        (&self.policy, &self.years, &self.totals)
    }
}

impl PolicyTotals for ColumnsResult {
    fn policy_totals(&self) -> (&str, &[YearTotals], &Totals) {
        (&self.policy, &self.years, &self.totals)
    }
}

impl PolicyTotals for RegisterResult {
    fn policy_totals(&self) -> (&str, &[YearTotals], &Totals) {
        (&self.policy, &self.years, &self.totals)
    }
}
