//! A register as plain arrays: day numbers, integer or decimal amounts, and a citizen number
//! per row. This is the columnar core's input. The bindings fill it without copying, from
//! Arrow arrays (`date32`, `decimal128`, integers, dictionaries) or from numpy arrays.
//!
//! The rows are grouped by citizen once ([`Groups`]). Each citizen is then evaluated on its
//! own, in blocks of citizens, on every core when asked ([`Engine::evaluate_arrays`]). A block
//! turns one citizen's rows at a time into stays, in a buffer it keeps, so nothing is
//! allocated per row. The result is the same [`ColumnsResult`] as that of every other way in.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::columns::{ColumnsResult, OtherSpells, StaySource};
use super::FastHash;
use crate::engine::evaluation::Engine;
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Money, MAX_INPUT_AMOUNT, MAX_INPUT_DECIMALS};
use crate::model::scenario::ShelterStay;
use crate::rules::catalog::Policy;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_FROM_CE: i64 = 719_163;

/// A date column: days since 1970-01-01 (Arrow's `date32`).
pub type Days<'a> = &'a [i32];

/// A day number as a date in 1900–9999.
pub fn epoch_day(days: i64) -> Result<Date, Error> {
    days.checked_add(EPOCH_FROM_CE)
        .and_then(|d| i32::try_from(d).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .filter(|d| (calendar::MIN_DATE..=calendar::MAX_DATE).contains(d))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidDate,
                "",
                format!("day number {days} is outside 1900-01-01 … 9999-12-31"),
            )
        })
}

/// A code per row, in the integer type it came in (Arrow dictionary keys, pandas category
/// codes), read where it lies.
#[derive(Clone, Copy, Debug)]
pub enum Keys<'a> {
    /// `int8` codes (pandas uses them for fewer than 128 categories).
    I8(&'a [i8]),
    /// `int16` codes.
    I16(&'a [i16]),
    /// `int32` codes (pyarrow's default).
    I32(&'a [i32]),
    /// `int64` codes.
    I64(&'a [i64]),
    /// `uint8` codes.
    U8(&'a [u8]),
    /// `uint16` codes.
    U16(&'a [u16]),
    /// `uint32` codes (polars' categoricals).
    U32(&'a [u32]),
    /// `uint64` codes.
    U64(&'a [u64]),
}

impl Keys<'_> {
    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Keys::I8(k) => k.len(),
            Keys::I16(k) => k.len(),
            Keys::I32(k) => k.len(),
            Keys::I64(k) => k.len(),
            Keys::U8(k) => k.len(),
            Keys::U16(k) => k.len(),
            Keys::U32(k) => k.len(),
            Keys::U64(k) => k.len(),
        }
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The code of row `i`; `None` past the end or for a negative code.
    #[inline]
    #[must_use]
    pub fn get(&self, i: usize) -> Option<usize> {
        match self {
            Keys::I8(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
            Keys::I16(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
            Keys::I32(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
            Keys::I64(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
            Keys::U8(k) => k.get(i).map(|&v| usize::from(v)),
            Keys::U16(k) => k.get(i).map(|&v| usize::from(v)),
            Keys::U32(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
            Keys::U64(k) => k.get(i).and_then(|&v| usize::try_from(v).ok()),
        }
    }
}

/// A money column. Every amount is checked as a typed one is: below 10^15 kr., at most six
/// decimals. Floats have no variant: they cannot hold money exactly.
#[derive(Clone, Copy, Debug)]
pub enum Amounts<'a> {
    /// Decimal units at a scale (Arrow's `decimal128(p, scale)`): row `i` is
    /// `units[i] / 10^scale`.
    Decimal {
        /// The unscaled values.
        units: &'a [i128],
        /// Decimals (0–28).
        scale: u32,
    },
    /// Whole kroner (an integer column).
    Kroner(&'a [i64]),
    /// A code per row into the distinct amounts, each read once (a dictionary or category
    /// column, or text factorised). An `Err` value is reported at the first row that uses it.
    Coded {
        /// The code of each row.
        keys: Keys<'a>,
        /// The distinct amounts.
        values: &'a [Result<Money, Error>],
    },
}

impl Amounts<'_> {
    /// How many rows.
    #[must_use]
    pub fn len(&self) -> usize {
        match self {
            Amounts::Decimal { units, .. } => units.len(),
            Amounts::Kroner(k) => k.len(),
            Amounts::Coded { keys, .. } => keys.len(),
        }
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` as it lies (units, kroner or code): equal raw values are equal amounts.
    #[inline]
    fn raw(&self, i: usize) -> Option<i128> {
        match self {
            Amounts::Decimal { units, .. } => units.get(i).copied(),
            Amounts::Kroner(k) => k.get(i).map(|&v| i128::from(v)),
            Amounts::Coded { keys, .. } => keys.get(i).and_then(|k| i128::try_from(k).ok()),
        }
    }

    /// The amount of row `i` (an error has no field yet).
    #[inline]
    pub fn get(&self, i: usize) -> Result<Money, Error> {
        match self {
            Amounts::Decimal { units, scale } => {
                let u = units.get(i).copied().ok_or_else(missing)?;
                decimal_amount(u, *scale)
            }
            Amounts::Kroner(k) => {
                let kr = k.get(i).copied().ok_or_else(missing)?;
                if kr.unsigned_abs() >= MAX_INPUT_AMOUNT.unsigned_abs() {
                    return Err(too_large(&kr.to_string()));
                }
                Ok(Money::from_kr(kr))
            }
            Amounts::Coded { keys, values } => match keys.get(i).and_then(|k| values.get(k)) {
                Some(Ok(m)) => Ok(*m),
                Some(Err(e)) => Err(e.clone()),
                None => Err(missing()),
            },
        }
    }
}

fn missing() -> Error {
    Error::new(ErrorKind::MissingField, "", "the amount is missing")
}

fn too_large(text: &str) -> Error {
    Error::new(
        ErrorKind::InvalidAmount,
        "",
        format!("{text} is too large: amounts must be below 10^15 DKK"),
    )
}

/// `units / 10^scale` as an amount, held to the rules of a typed amount.
fn decimal_amount(units: i128, scale: u32) -> Result<Money, Error> {
    let value = Decimal::try_from_i128_with_scale(units, scale).map_err(|_| {
        Error::new(
            ErrorKind::InvalidAmount,
            "",
            format!("{units} at scale {scale} is not an amount: at most 28 decimals and 96 bits"),
        )
    })?;
    // |units| < 10^15 × 10^scale, compared on the integers (a scale past 22 makes the bound
    // wider than any 96-bit value: every value is below it).
    let below = 10i128
        .checked_pow(scale)
        .and_then(|p| p.checked_mul(i128::from(MAX_INPUT_AMOUNT)))
        .is_none_or(|bound| units.unsigned_abs() < bound.unsigned_abs());
    if !below {
        return Err(too_large(&value.to_string()));
    }
    if scale > MAX_INPUT_DECIMALS {
        let step = 10i128.pow(scale - MAX_INPUT_DECIMALS);
        if units % step != 0 {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "",
                format!("{value} has more than {MAX_INPUT_DECIMALS} decimals"),
            ));
        }
    }
    Ok(Money::from_decimal(value))
}

/// A register's stay rows as arrays, one value per row.
#[derive(Clone, Copy, Debug)]
pub struct StayArrays<'a> {
    /// Birth date per row (must agree within a citizen).
    pub birth_date: Days<'a>,
    /// The date of the first night.
    pub admitted: Days<'a>,
    /// The discharge date.
    pub discharged: Days<'a>,
    /// The rate per night.
    pub daily_rate: Amounts<'a>,
    /// The citizen's own payment per night.
    pub own_payment_per_night: Amounts<'a>,
}

impl StayArrays<'_> {
    fn day(days: Days<'_>, i: usize, name: &str) -> Result<Date, Error> {
        let d = days.get(i).copied().unwrap_or(i32::MIN);
        epoch_day(i64::from(d)).map_err(|e| e.at(format!("rows[{i}].{name}")))
    }
}

impl StaySource for StayArrays<'_> {
    fn rows(&self) -> usize {
        self.admitted.len()
    }

    fn same_lengths(&self) -> bool {
        let n = self.admitted.len();
        self.birth_date.len() == n
            && self.discharged.len() == n
            && self.daily_rate.len() == n
            && self.own_payment_per_night.len() == n
    }

    fn birth_date(&self, i: usize) -> Result<Date, Error> {
        Self::day(self.birth_date, i, "birth_date")
    }

    fn same_birth_date(&self, i: usize, j: usize) -> bool {
        self.birth_date.get(i) == self.birth_date.get(j)
    }

    fn stays<'s>(
        &'s self,
        index: &[usize],
        buf: &'s mut Vec<ShelterStay>,
    ) -> Result<&'s [ShelterStay], Error> {
        buf.clear();
        // A citizen's rows mostly repeat their amounts: each is read once per run of equal
        // raw values.
        let (mut rate, mut own) = (Last::default(), Last::default());
        for &i in index {
            buf.push(ShelterStay {
                admitted: Self::day(self.admitted, i, "admitted")?,
                discharged: Self::day(self.discharged, i, "discharged")?,
                daily_rate: rate
                    .get(&self.daily_rate, i)
                    .map_err(|e| e.at(format!("rows[{i}].daily_rate")))?,
                own_payment_per_night: own
                    .get(&self.own_payment_per_night, i)
                    .map_err(|e| e.at(format!("rows[{i}].own_payment_per_night")))?,
            });
        }
        Ok(buf)
    }
}

/// The last amount read from a column, by its raw value.
#[derive(Default)]
struct Last(Option<(i128, Money)>);

impl Last {
    #[inline]
    fn get(&mut self, column: &Amounts<'_>, i: usize) -> Result<Money, Error> {
        let raw = column.raw(i);
        if let (Some(r), Some((k, m))) = (raw, self.0) {
            if r == k {
                return Ok(m);
            }
        }
        let m = column.get(i)?;
        self.0 = raw.map(|r| (r, m));
        Ok(m)
    }
}

/// A citizen number per row (`0..len()`, in order of first appearance) and the first row of
/// each citizen (where a binding finds the citizen's id for the results).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    /// The citizen number of each row.
    pub group_of: Vec<u32>,
    /// The first row of each citizen.
    pub first_row: Vec<usize>,
}

impl Groups {
    /// How many citizens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.first_row.len()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.first_row.is_empty()
    }

    fn push_new(&mut self, row: usize) -> u32 {
        self.first_row.push(row);
        u32::try_from(self.first_row.len() - 1).unwrap_or(u32::MAX)
    }

    /// Citizens from their ids as text (borrowed, hashed once per row; a row with the same id
    /// as the row before it is not hashed at all).
    pub fn from_text<'r>(ids: impl ExactSizeIterator<Item = &'r str>) -> Groups {
        let mut out = Groups {
            group_of: Vec::with_capacity(ids.len()),
            first_row: Vec::new(),
        };
        let mut index: HashMap<&str, u32, FastHash> =
            HashMap::with_capacity_and_hasher(ids.len() / 2, FastHash);
        let mut last: Option<(&str, u32)> = None;
        for (row, id) in ids.enumerate() {
            let g = match last {
                Some((prev, g)) if prev == id => g,
                _ => match index.get(id) {
                    Some(&g) => g,
                    None => {
                        let g = out.push_new(row);
                        index.insert(id, g);
                        g
                    }
                },
            };
            last = Some((id, g));
            out.group_of.push(g);
        }
        out
    }

    /// Citizens from codes into `values` distinct ids (a dictionary or category column): no
    /// hashing, one pass. A code out of range is an error naming its row.
    pub fn from_keys(keys: Keys<'_>, values: usize) -> Result<Groups, Error> {
        let n = keys.len();
        let mut out = Groups {
            group_of: Vec::with_capacity(n),
            first_row: Vec::new(),
        };
        let mut number = vec![u32::MAX; values];
        for row in 0..n {
            let slot = keys
                .get(row)
                .and_then(|k| number.get_mut(k))
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidParameter,
                        format!("rows[{row}].citizen_id"),
                        format!("the code is not one of the {values} ids"),
                    )
                })?;
            if *slot == u32::MAX {
                *slot = u32::try_from(out.first_row.len()).unwrap_or(u32::MAX);
                out.first_row.push(row);
            }
            out.group_of.push(*slot);
        }
        Ok(out)
    }

    /// The citizen number of each support row, from its id as text; `label(g)` is citizen
    /// `g`'s id as text. A support row for a citizen with no stay row is an error.
    pub fn support_groups<'r>(
        &self,
        label: impl Fn(usize) -> &'r str,
        ids: impl Iterator<Item = &'r str>,
    ) -> Result<Vec<u32>, Error> {
        let index: HashMap<&str, u32, FastHash> = (0..self.len())
            .map(|g| (label(g), u32::try_from(g).unwrap_or(u32::MAX)))
            .collect();
        ids.enumerate()
            .map(|(j, id)| {
                index.get(id).copied().ok_or_else(|| {
                    Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("support[{j}].citizen_id"),
                        format!("citizen {id:?} has support but no stay row"),
                    )
                })
            })
            .collect()
    }
}

impl Engine {
    /// Evaluates a register given as arrays: `groups` numbers the citizens of the stay rows;
    /// `others` holds the § 85 a support and § 107 rows with their citizen numbers. `name` gives a citizen's
    /// name for error messages. With `parallel` (and the crate's `parallel` feature) it runs
    /// on every core; the result is the same either way.
    ///
    /// ```
    /// use refusion_core::population::register::{Amounts, Groups, OtherSpells, StayArrays};
    /// use refusion_core::{Engine, PolicySpec};
    ///
    /// let engine = Engine::new().unwrap();
    /// let policy = engine.resolve(&PolicySpec::preset("statutory")).unwrap();
    /// // E1 of domain.md: born 1988-04-20, a stay 2026-06-01 → 2026-07-31 at 1,400 kr. a
    /// // night with 100 kr. own payment: 60 nights, all refunded; the municipality pays
    /// // (1,400 − 100) × 60 × 50 % = 39,000.
    /// let groups = Groups::from_text(["e1"].into_iter());
    /// let stays = StayArrays {
    ///     birth_date: &[6684],    // 1988-04-20
    ///     admitted: &[20605],     // 2026-06-01
    ///     discharged: &[20665],   // 2026-07-31
    ///     daily_rate: Amounts::Kroner(&[1400]),
    ///     own_payment_per_night: Amounts::Decimal { units: &[10000], scale: 2 },
    /// };
    /// let r = engine
    ///     .evaluate_arrays(&policy, &groups, &stays, &OtherSpells::default(), &|_| "e1".into(), false)
    ///     .unwrap();
    /// assert_eq!(r.totals.municipal_net.to_string(), "39000.00");
    /// ```
    pub fn evaluate_arrays(
        &self,
        policy: &Policy,
        groups: &Groups,
        stays: &StayArrays<'_>,
        others: &OtherSpells<'_>,
        name: &(dyn Fn(usize) -> String + Sync),
        parallel: bool,
    ) -> Result<ColumnsResult, Error> {
        self.evaluate_source(
            policy,
            stays,
            (&groups.group_of, groups.len()),
            others,
            name,
            parallel,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_held_to_the_rules_of_typed_amounts() {
        let ok = Amounts::Decimal {
            units: &[140_050, 12_345_678_900],
            scale: 2,
        };
        assert_eq!(
            ok.get(0).map(|m| m.to_string()).ok(),
            Some("1400.50".into())
        );
        let seven = Amounts::Decimal {
            units: &[14_000_001],
            scale: 7,
        };
        assert_eq!(
            seven.get(0).map_err(|e| e.code()).err(),
            Some("invalid_amount")
        );
        let seven_round = Amounts::Decimal {
            units: &[14_000_000],
            scale: 7,
        };
        assert_eq!(
            seven_round.get(0).map(|m| m.to_string()).ok(),
            Some("1.4000000".into())
        );
        let huge = Amounts::Kroner(&[MAX_INPUT_AMOUNT]);
        assert_eq!(
            huge.get(0).map_err(|e| e.code()).err(),
            Some("invalid_amount")
        );
        let coded = Amounts::Coded {
            keys: Keys::I8(&[1, -1]),
            values: &[Money::parse("x"), Ok(Money::from_kr(5))],
        };
        assert_eq!(coded.get(0).map(|m| m.to_string()).ok(), Some("5".into()));
        assert_eq!(
            coded.get(1).map_err(|e| e.code()).err(),
            Some("missing_field")
        );
    }

    #[test]
    fn groups_number_citizens_in_order_of_first_appearance() {
        let by_text = Groups::from_text(["b", "b", "a", "b", "c"].into_iter());
        assert_eq!(by_text.group_of, [0, 0, 1, 0, 2]);
        assert_eq!(by_text.first_row, [0, 2, 4]);
        // Dictionary ["a", "b", "c"], rows b b a b c.
        let by_keys = Groups::from_keys(Keys::U32(&[1, 1, 0, 1, 2]), 3).ok();
        assert_eq!(by_keys, Some(by_text));
        let bad = Groups::from_keys(Keys::I32(&[0, 3]), 3).map_err(|e| e.field().to_string());
        assert_eq!(bad.err().as_deref(), Some("rows[1].citizen_id"));
    }

    #[test]
    fn day_numbers_outside_the_calendar_are_refused() {
        assert_eq!(epoch_day(0).ok(), NaiveDate::from_ymd_opt(1970, 1, 1));
        assert!(epoch_day(i64::from(i32::MAX)).is_err());
        assert!(epoch_day(-30_000).is_err()); // before 1900
    }
}
