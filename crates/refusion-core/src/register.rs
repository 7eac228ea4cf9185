//! A stay register: many citizens, one row per § 110 stay, evaluated in one call.
//!
//! Rows are grouped by `citizen_id` (in order of first appearance); each citizen's stays form a
//! scenario under one policy. The result has totals per citizen, per citizen and year, and per
//! calendar year for the whole register. Per-citizen figures are rounded from each citizen's
//! exact sums; the per-year and grand totals are rounded from the exact sums over all citizens
//! (so they need not equal the sum of the rounded per-citizen figures to the øre).

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Date};
use crate::error::{Error, ErrorKind};
use crate::evaluation::{year_totals, Engine, Priced, Spells, Sums, Totals, YearTotals};
use crate::money::Money;
use crate::parameters::Policy;
use crate::scenario::{HomeSupport, ShelterStay, SupportMethod};
use crate::segment::SpellKind;

/// The most rows one register call accepts.
pub const MAX_REGISTER_ROWS: usize = 2_000_000;

/// One row of a stay register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRow {
    /// Identifies the citizen (any text).
    pub citizen_id: String,
    /// The citizen's birth date (must agree across the citizen's rows).
    #[serde(with = "calendar::iso")]
    pub birth_date: Date,
    /// First night.
    #[serde(with = "calendar::iso")]
    pub admitted: Date,
    /// Discharge date.
    #[serde(with = "calendar::iso")]
    pub discharged: Date,
    /// Rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
}

/// One § 85 a support spell of a register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportRow {
    /// The citizen (must also have a stay row).
    pub citizen_id: String,
    /// Support method.
    pub method: SupportMethod,
    /// First day.
    #[serde(with = "calendar::iso")]
    pub start: Date,
    /// The day after the last day.
    #[serde(with = "calendar::iso")]
    pub end: Date,
    /// Cost per year.
    pub annual_cost: Money,
    /// Decided before discharge (R8).
    pub decided_before_discharge: bool,
}

/// One citizen's totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenTotals {
    /// The citizen.
    pub citizen_id: String,
    /// Number of stays.
    pub stays: usize,
    /// § 110 nights.
    pub nights: i64,
    /// Refunded § 110 nights.
    pub refunded_nights: i64,
    /// § 85 a support days.
    pub support_days: i64,
    /// Totals, rounded from the citizen's exact sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One citizen's totals in one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenYear {
    /// The citizen.
    pub citizen_id: String,
    /// The year.
    pub year: i32,
    /// Totals, rounded from the citizen's exact sums that year.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The result of a register evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResult {
    /// The policy's name.
    pub policy: String,
    /// Rows read.
    pub rows: usize,
    /// Per citizen, in order of first appearance.
    pub citizens: Vec<CitizenTotals>,
    /// Per citizen and year.
    pub citizen_years: Vec<CitizenYear>,
    /// Per calendar year over all citizens: the municipality's refund claim by year.
    pub years: Vec<YearTotals>,
    /// Grand totals over all citizens.
    pub totals: Totals,
}

impl Engine {
    /// Evaluates a stay register (and optional support rows) under one policy.
    ///
    /// Errors name the row (`rows[12].discharged`, `support[3].start`) and the citizen.
    pub fn evaluate_register(
        &self,
        policy: &Policy,
        rows: &[StayRow],
        support: &[SupportRow],
    ) -> Result<RegisterResult, Error> {
        if rows.len() > MAX_REGISTER_ROWS {
            return Err(Error::new(
                ErrorKind::Limit,
                "rows",
                format!(
                    "{} rows; one call accepts at most {MAX_REGISTER_ROWS} (split the register by citizen)",
                    rows.len()
                ),
            ));
        }
        // Group rows by citizen, in order of first appearance: a group number per row, then a
        // counting sort into one flat list (no allocation per citizen).
        let mut index: HashMap<&str, u32, FastHash> =
            HashMap::with_capacity_and_hasher(rows.len() / 2, FastHash);
        let mut group_of = Vec::with_capacity(rows.len());
        let mut last: Option<(&str, u32)> = None;
        for r in rows {
            let id = r.citizen_id.as_str();
            let g = match last {
                Some((prev, g)) if prev == id => g,
                _ => {
                    let next = u32::try_from(index.len()).unwrap_or(u32::MAX);
                    *index.entry(id).or_insert(next)
                }
            };
            last = Some((id, g));
            group_of.push(g);
        }
        let flat_rows = Flat::build(&group_of, index.len());
        let mut support_group = Vec::with_capacity(support.len());
        for (j, s) in support.iter().enumerate() {
            match index.get(s.citizen_id.as_str()) {
                Some(&g) => support_group.push(g),
                None => {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("support[{j}].citizen_id"),
                        format!("citizen {:?} has support but no stay row", s.citizen_id),
                    ))
                }
            }
        }
        let flat_support = Flat::build(&support_group, index.len());

        let mut citizens = Vec::with_capacity(index.len());
        let mut citizen_years = Vec::with_capacity(index.len() * 2);
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        let mut priced = Priced::default();
        let mut stays: Vec<ShelterStay> = Vec::new();
        let mut spells: Vec<HomeSupport> = Vec::new();
        let mut years: Vec<(i32, Sums)> = Vec::new();
        for g in 0..index.len() {
            let group = flat_rows.group(g);
            let support_rows = flat_support.group(g);
            let Some(first) = group.first().and_then(|&i| rows.get(i)) else {
                continue;
            };
            stays.clear();
            for &i in group {
                let Some(r) = rows.get(i) else { continue };
                if r.birth_date != first.birth_date {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("rows[{i}].birth_date"),
                        format!(
                            "citizen {:?} has birth date {} here but {} in an earlier row",
                            r.citizen_id, r.birth_date, first.birth_date
                        ),
                    ));
                }
                stays.push(ShelterStay {
                    admitted: r.admitted,
                    discharged: r.discharged,
                    daily_rate: r.daily_rate,
                    own_payment_per_night: r.own_payment_per_night,
                });
            }
            spells.clear();
            spells.extend(
                support_rows
                    .iter()
                    .filter_map(|&j| support.get(j))
                    .map(|s| HomeSupport {
                        method: s.method,
                        start: s.start,
                        end: s.end,
                        annual_cost: s.annual_cost,
                        decided_before_discharge: s.decided_before_discharge,
                    }),
            );
            let input = Spells {
                birth: first.birth_date,
                stays: &stays,
                support: &spells,
                temporary: &[],
            };
            priced
                .run(input, policy)
                .map_err(|e| to_row_error(e, group, support_rows, &first.citizen_id))?;
            let counts = accumulate(&priced, &mut years)?;
            let sums = counts.sums;
            let (nights, refunded, support_days) =
                (counts.nights, counts.refunded_nights, counts.support_days);
            grand = grand.plus(&sums)?;
            for (year, y) in &years {
                let entry = all_years.entry(*year).or_default();
                *entry = entry.plus(y)?;
                citizen_years.push(CitizenYear {
                    citizen_id: first.citizen_id.clone(),
                    year: *year,
                    totals: y.totals()?,
                });
            }
            citizens.push(CitizenTotals {
                citizen_id: first.citizen_id.clone(),
                stays: group.len(),
                nights,
                refunded_nights: refunded,
                support_days,
                totals: sums.totals()?,
            });
        }
        Ok(RegisterResult {
            policy: policy.name.clone(),
            rows: rows.len(),
            citizens,
            citizen_years,
            years: year_totals(all_years)?,
            totals: grand.totals()?,
        })
    }
}

/// The totals of a register read as a stream (per-citizen figures go to a callback).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSummary {
    /// The policy's name.
    pub policy: String,
    /// Rows read.
    pub rows: usize,
    /// Citizens.
    pub citizens: usize,
    /// Per calendar year over all citizens.
    pub years: Vec<YearTotals>,
    /// Over all citizens.
    pub totals: Totals,
}

impl Engine {
    /// Evaluates a register row by row, holding only one citizen's rows at a time: the rows
    /// must come grouped by citizen (each citizen's rows together, e.g. sorted by
    /// `citizen_id`). Each citizen's totals go to `on_citizen` as soon as the citizen is done.
    /// `rows` yields `(line, row)`; errors name the line.
    pub fn evaluate_register_stream<I, F>(
        &self,
        policy: &Policy,
        rows: I,
        support: &[SupportRow],
        mut on_citizen: F,
    ) -> Result<RegisterSummary, Error>
    where
        I: Iterator<Item = Result<(u64, StayRow), Error>>,
        F: FnMut(&CitizenTotals) -> Result<(), Error>,
    {
        let mut support_of: HashMap<&str, Vec<HomeSupport>, FastHash> =
            HashMap::with_hasher(FastHash);
        for s in support {
            support_of
                .entry(s.citizen_id.as_str())
                .or_default()
                .push(HomeSupport {
                    method: s.method,
                    start: s.start,
                    end: s.end,
                    annual_cost: s.annual_cost,
                    decided_before_discharge: s.decided_before_discharge,
                });
        }
        let mut done: std::collections::HashSet<String, FastHash> =
            std::collections::HashSet::with_hasher(FastHash);
        let mut priced = Priced::default();
        let mut years_buf = Vec::new();
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        let (mut row_count, mut citizen_count) = (0usize, 0usize);
        let mut current: Option<(String, Date)> = None;
        let mut stays: Vec<ShelterStay> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let no_support: Vec<HomeSupport> = Vec::new();

        let mut finish =
            |id: &str, birth: Date, stays: &[ShelterStay], lines: &[u64]| -> Result<(), Error> {
                let spells = support_of.get(id).unwrap_or(&no_support);
                let input = Spells {
                    birth,
                    stays,
                    support: spells,
                    temporary: &[],
                };
                priced.run(input, policy).map_err(|e| {
                    let field = e.field().to_string();
                    let mapped = field
                        .strip_prefix("shelter_stays[")
                        .and_then(|rest| rest.split_once("]."))
                        .and_then(|(i, tail)| {
                            let i: usize = i.parse().ok()?;
                            lines.get(i).map(|l| format!("line {l}, {tail}"))
                        })
                        .unwrap_or(field);
                    let message = lines.iter().enumerate().fold(
                        format!("citizen {id:?}: {}", e.message()),
                        |m, (i, l)| {
                            m.replace(&format!("shelter_stays[{i}] "), &format!("line {l} "))
                        },
                    );
                    Error::new(e.kind(), mapped, message)
                })?;
                let c = accumulate(&priced, &mut years_buf)?;
                grand = grand.plus(&c.sums)?;
                for (year, y) in &years_buf {
                    let entry = all_years.entry(*year).or_default();
                    *entry = entry.plus(y)?;
                }
                citizen_count += 1;
                on_citizen(&CitizenTotals {
                    citizen_id: id.to_string(),
                    stays: stays.len(),
                    nights: c.nights,
                    refunded_nights: c.refunded_nights,
                    support_days: c.support_days,
                    totals: c.sums.totals()?,
                })
            };

        for item in rows {
            let (line, row) = item?;
            row_count += 1;
            if row_count > MAX_REGISTER_ROWS {
                return Err(Error::new(
                    ErrorKind::Limit,
                    format!("line {line}"),
                    format!("more than {MAX_REGISTER_ROWS} rows; split the register by citizen"),
                ));
            }
            let same = current
                .as_ref()
                .is_some_and(|(id, _)| *id == row.citizen_id);
            if !same {
                if let Some((id, birth)) = current.take() {
                    finish(&id, birth, &stays, &lines)?;
                    done.insert(id);
                }
                if done.contains(&row.citizen_id) {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("line {line}, citizen_id"),
                        format!(
                            "citizen {:?} appears again after other citizens: the register must be grouped by citizen (sort it by citizen_id)",
                            row.citizen_id
                        ),
                    ));
                }
                stays.clear();
                lines.clear();
                current = Some((row.citizen_id.clone(), row.birth_date));
            }
            if let Some((_, birth)) = &current {
                if row.birth_date != *birth {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("line {line}, birth_date"),
                        format!(
                            "citizen {:?} has birth date {} here but {} on an earlier line",
                            row.citizen_id, row.birth_date, birth
                        ),
                    ));
                }
            }
            stays.push(ShelterStay {
                admitted: row.admitted,
                discharged: row.discharged,
                daily_rate: row.daily_rate,
                own_payment_per_night: row.own_payment_per_night,
            });
            lines.push(line);
        }
        if let Some((id, birth)) = current.take() {
            finish(&id, birth, &stays, &lines)?;
        }
        Ok(RegisterSummary {
            policy: policy.name.clone(),
            rows: row_count,
            citizens: citizen_count,
            years: year_totals(all_years)?,
            totals: grand.totals()?,
        })
    }
}

/// One citizen's exact sums and counts.
pub(crate) struct CitizenSums {
    pub sums: Sums,
    pub nights: i64,
    pub refunded_nights: i64,
    pub support_days: i64,
}

/// Sums a priced citizen's segments, with per-year sums into `years` (sorted by year).
pub(crate) fn accumulate(
    priced: &Priced<'_>,
    years: &mut Vec<(i32, Sums)>,
) -> Result<CitizenSums, Error> {
    let mut out = CitizenSums {
        sums: Sums::default(),
        nights: 0,
        refunded_nights: 0,
        support_days: 0,
    };
    years.clear();
    for s in &priced.segments {
        out.sums.add(s)?;
        let y = s.start.year();
        match years.iter_mut().find(|(year, _)| *year == y) {
            Some((_, sums)) => sums.add(s)?,
            None => {
                let mut fresh = Sums::default();
                fresh.add(s)?;
                years.push((y, fresh));
            }
        }
        match s.kind {
            SpellKind::Shelter => {
                out.nights = out.nights.saturating_add(s.days);
                out.refunded_nights = out.refunded_nights.saturating_add(s.refunded_days);
            }
            SpellKind::HomeSupport => out.support_days = out.support_days.saturating_add(s.days),
            SpellKind::TemporaryHousing => {}
        }
    }
    years.sort_by_key(|(y, _)| *y);
    Ok(out)
}

/// Row indices grouped by a group number: one flat list with offsets.
struct Flat {
    offsets: Vec<usize>,
    items: Vec<usize>,
}

impl Flat {
    fn build(group_of: &[u32], groups: usize) -> Flat {
        let mut offsets = vec![0usize; groups + 1];
        for &g in group_of {
            if let Some(o) = offsets.get_mut(g as usize + 1) {
                *o += 1;
            }
        }
        for k in 1..offsets.len() {
            let prev = offsets.get(k - 1).copied().unwrap_or(0);
            if let Some(o) = offsets.get_mut(k) {
                *o += prev;
            }
        }
        let mut next = offsets.clone();
        let mut items = vec![0usize; group_of.len()];
        for (i, &g) in group_of.iter().enumerate() {
            if let Some(pos) = next.get_mut(g as usize) {
                if let Some(slot) = items.get_mut(*pos) {
                    *slot = i;
                }
                *pos += 1;
            }
        }
        Flat { offsets, items }
    }

    fn group(&self, g: usize) -> &[usize] {
        let (Some(&a), Some(&b)) = (self.offsets.get(g), self.offsets.get(g + 1)) else {
            return &[];
        };
        self.items.get(a..b).unwrap_or(&[])
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

/// `shelter_stays[i].field` / `home_support[i].field` of a citizen's scenario →
/// `rows[k].field` / `support[k].field` of the register.
fn to_row_error(e: Error, group: &[usize], support: &[usize], citizen: &str) -> Error {
    let field = e.field().to_string();
    let message = format!("citizen {citizen:?}: {}", e.message());
    let remap = |prefix: &str, list: &[usize], to: &str| -> Option<String> {
        let rest = field.strip_prefix(prefix)?;
        let (i, tail) = rest.split_once(']')?;
        let i: usize = i.parse().ok()?;
        list.get(i).map(|row| format!("{to}[{row}]{tail}"))
    };
    let mapped = remap("shelter_stays[", group, "rows")
        .or_else(|| remap("home_support[", support, "support"))
        .unwrap_or(field);
    // Overlap messages mention the other spell by its scenario index; name its row too.
    let message = group.iter().enumerate().fold(message, |m, (i, row)| {
        m.replace(&format!("shelter_stays[{i}] "), &format!("rows[{row}] "))
    });
    let message = support.iter().enumerate().fold(message, |m, (i, row)| {
        m.replace(&format!("home_support[{i}] "), &format!("support[{row}] "))
    });
    Error::new(e.kind(), mapped, message)
}
