//! Calendar conventions: nights, years, anniversaries, and strict ISO dates.
//!
//! * A stay from `admitted` to `discharged` has `discharged − admitted` nights; night *n* is
//!   the date it starts on.
//! * "One year later" is the same date next year; 29 February becomes 1 March in a year
//!   without it (domain §3). [`add_months`] follows the same rule: a day that does not exist
//!   in the target month rolls over to the 1st of the next month.
//! * Accepted dates lie in 1900-01-01 … 9999-12-31 and are written `YYYY-MM-DD`.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserializer, Serializer};

use crate::model::error::{Error, ErrorKind};

/// A calendar date (re-exported from chrono, which pyo3 converts to `datetime.date`).
pub type Date = NaiveDate;

/// The earliest accepted date.
pub const MIN_DATE: Date = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest accepted date.
pub const MAX_DATE: Date = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Whole days from `from` to `to` (negative when `to` is earlier).
#[must_use]
#[inline]
pub fn days_between(from: Date, to: Date) -> i64 {
    // The engine's segments lie within a year or end on 1 January of the next: count by the
    // day of the year then, without chrono's general (400-year cycle) arithmetic.
    let (a, b) = (from.year(), to.year());
    if a == b {
        i64::from(to.ordinal()) - i64::from(from.ordinal())
    } else if b.checked_sub(a) == Some(1) {
        let year_length = if from.leap_year() { 366 } else { 365 };
        year_length - i64::from(from.ordinal()) + i64::from(to.ordinal())
    } else {
        to.signed_duration_since(from).num_days()
    }
}

/// `date + days`, or an overflow error far outside the accepted range.
pub fn add_days(date: Date, days: i64) -> Result<Date, Error> {
    let shifted = if days >= 0 {
        date.checked_add_days(chrono::Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(chrono::Days::new(days.unsigned_abs()))
    };
    shifted.ok_or_else(|| Error::overflow("", "a date"))
}

/// The same date `years` later; 29 February → 1 March when the target year has no 29 February.
pub fn add_years(date: Date, years: u32) -> Result<Date, Error> {
    let year = i32::try_from(years)
        .ok()
        .and_then(|y| date.year().checked_add(y))
        .ok_or_else(|| Error::overflow("", "a date"))?;
    in_year(date, year)
}

/// The same date `years` earlier; 29 February → 1 March when the target year has no 29 February.
pub fn sub_years(date: Date, years: u32) -> Result<Date, Error> {
    let year = i32::try_from(years)
        .ok()
        .and_then(|y| date.year().checked_sub(y))
        .ok_or_else(|| Error::overflow("", "a date"))?;
    in_year(date, year)
}

/// The same month and day in `year`; 29 February → 1 March when `year` has no 29 February.
#[inline]
fn in_year(date: Date, year: i32) -> Result<Date, Error> {
    const MARCH_1: u32 = 60; // the day of the year of 1 March in a year without 29 February
    match date.with_year(year) {
        Some(d) => Ok(d),
        // Only 29 February can be missing (or a year out of range, which fails here too).
        None => NaiveDate::from_yo_opt(year, MARCH_1).ok_or_else(|| Error::overflow("", "a date")),
    }
}

/// The same day `months` later; a day that the target month lacks rolls over to the 1st of the
/// following month (31 August + 6 months = 1 March).
pub fn add_months(date: Date, months: u32) -> Result<Date, Error> {
    let zero_based = i64::from(date.month0()) + i64::from(months);
    let year = i64::from(date.year()) + zero_based.div_euclid(12);
    let month = u32::try_from(zero_based.rem_euclid(12) + 1).unwrap_or(1);
    let year = i32::try_from(year).map_err(|_| Error::overflow("", "a date"))?;
    add_ym(year, month, date.day())
}

fn add_ym(year: i32, month: u32, day: u32) -> Result<Date, Error> {
    if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
        return Ok(d);
    }
    let (ny, nm) = if month == 12 {
        (year.checked_add(1), 1)
    } else {
        (Some(year), month + 1)
    };
    ny.and_then(|y| NaiveDate::from_ymd_opt(y, nm, 1))
        .ok_or_else(|| Error::overflow("", "a date"))
}

/// 1 January of the year after `date`.
#[inline]
pub fn next_new_year(date: Date) -> Result<Date, Error> {
    date.year()
        .checked_add(1)
        .and_then(|y| NaiveDate::from_yo_opt(y, 1))
        .ok_or_else(|| Error::overflow("", "a date"))
}

/// The citizen's `age`-th birthday (29 February → 1 March in years without it).
pub fn birthday(birth: Date, age: u32) -> Result<Date, Error> {
    add_years(birth, age)
}

/// The last night of a half-open range `[from, to)`, for display.
#[must_use]
pub fn last_night(to: Date) -> Date {
    to.pred_opt().unwrap_or(to)
}

/// A date range `[from, to)` shown as its first and last day, e.g. `2026-06-01–2026-08-29`.
#[must_use]
pub fn span(from: Date, to: Date) -> String {
    format!("{from}–{}", last_night(to))
}

/// Parses a strict `YYYY-MM-DD` date within 1900-01-01 … 9999-12-31.
///
/// ```
/// use refusion_core::model::calendar::parse_date;
/// assert_eq!(parse_date("2026-04-01").unwrap().to_string(), "2026-04-01");
/// assert!(parse_date("2026-4-1").is_err());
/// assert!(parse_date("1899-12-31").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<Date, Error> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return Err(Error::new(
            ErrorKind::InvalidDate,
            "",
            format!("{text:?} is not a date: write it as YYYY-MM-DD, e.g. \"2026-06-01\""),
        ));
    }
    // The shape is checked, so every other byte is an ASCII digit.
    let num = |from: usize, to: usize| {
        bytes
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(num(0, 4)).unwrap_or(0);
    let date = NaiveDate::from_ymd_opt(year, num(5, 7), num(8, 10)).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidDate,
            "",
            format!("{text:?} is not a calendar date (check the month and day)"),
        )
    })?;
    check_range(date)
}

/// A date as `YYYY-MM-DD` (years 0–9999; the accepted range is 1900–9999).
#[must_use]
pub(crate) fn iso_text(date: Date) -> String {
    use chrono::Datelike;
    let mut out = String::with_capacity(10);
    let (y, m, d) = (date.year(), date.month(), date.day());
    let digit = |n: u32| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
    let y = u32::try_from(y).unwrap_or(0);
    for k in [1000, 100, 10, 1] {
        out.push(digit(y / k));
    }
    out.push('-');
    out.push(digit(m / 10));
    out.push(digit(m));
    out.push('-');
    out.push(digit(d / 10));
    out.push(digit(d));
    out
}

/// Checks that a date lies in 1900-01-01 … 9999-12-31.
pub fn check_range(date: Date) -> Result<Date, Error> {
    if date < MIN_DATE || date > MAX_DATE {
        return Err(Error::new(
            ErrorKind::InvalidDate,
            "",
            format!("{date} is outside the supported range 1900-01-01 … 9999-12-31"),
        ));
    }
    Ok(date)
}

/// Serde helpers for strict ISO dates (`#[serde(with = "crate::model::calendar::iso")]`).
pub mod iso {
    use super::{fmt, parse_date, Date, DateVisitor, Deserializer, Serializer};

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::iso_text(*date))
    }

    /// Reads a strict `YYYY-MM-DD` string (or a TOML local date).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }

    /// The same for `Option<Date>`.
    pub mod option {
        use super::{Date, DateVisitor, Deserializer, Serializer};
        use serde::de::{self, Visitor};

        /// Writes `YYYY-MM-DD` or nothing.
        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(d) => super::serialize(d, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads an optional strict date.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            struct Opt;
            impl<'de> Visitor<'de> for Opt {
                type Value = Option<Date>;
                fn expecting(&self, f: &mut super::fmt::Formatter<'_>) -> super::fmt::Result {
                    f.write_str("a date YYYY-MM-DD or null")
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_some<D2: Deserializer<'de>>(
                    self,
                    d: D2,
                ) -> Result<Self::Value, D2::Error> {
                    d.deserialize_any(DateVisitor).map(Some)
                }
            }
            deserializer.deserialize_option(Opt)
        }
    }

    /// Parses for callers that have a string already.
    pub fn parse(text: &str) -> Result<Date, crate::Error> {
        parse_date(text)
    }

    #[allow(dead_code)]
    fn _fmt_used(_: &fmt::Formatter<'_>) {}
}

struct DateVisitor;

const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_date(v).map_err(Error::into_serde)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
        // TOML local dates (`admitted = 2026-06-01`) arrive as a one-entry map.
        let key: Option<String> = map.next_key()?;
        match key.as_deref() {
            Some(TOML_DATETIME_KEY) => {
                let text: String = map.next_value()?;
                parse_date(&text).map_err(Error::into_serde)
            }
            _ => Err(Error::new(
                ErrorKind::WrongType,
                "",
                "expected a date written YYYY-MM-DD, found a table/object",
            )
            .into_serde()),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
        Err(wrong_date(&v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
        Err(wrong_date(&v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Date, E> {
        Err(wrong_date(&v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Date, E> {
        Err(wrong_date(&v.to_string()))
    }
}

fn wrong_date<E: de::Error>(found: &str) -> E {
    Error::new(
        ErrorKind::WrongType,
        "",
        format!("expected a date written \"YYYY-MM-DD\", found {found}"),
    )
    .into_serde()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn years_roll_29_february_to_1_march() {
        assert_eq!(add_years(d("2024-02-29"), 1).unwrap(), d("2025-03-01"));
        assert_eq!(add_years(d("2024-02-29"), 4).unwrap(), d("2028-02-29"));
        assert_eq!(add_years(d("2026-06-01"), 1).unwrap(), d("2027-06-01"));
    }

    #[test]
    fn months_roll_over() {
        assert_eq!(add_months(d("2026-08-31"), 6).unwrap(), d("2027-03-01"));
        assert_eq!(add_months(d("2026-01-15"), 6).unwrap(), d("2026-07-15"));
        assert_eq!(add_months(d("2026-10-15"), 6).unwrap(), d("2027-04-15"));
        assert_eq!(add_months(d("2027-08-29"), 6).unwrap(), d("2028-02-29"));
    }

    #[test]
    fn strict_dates() {
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "26-01-01",
            "2026/01/01",
            "10000-01-01",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(days_between(d("2026-06-01"), d("2027-01-01")), 214);
    }

    #[test]
    fn days_between_agrees_with_chrono_across_year_ends_and_leap_years() {
        let start = d("2023-12-25");
        for i in 0..1_200 {
            let from = add_days(start, i).unwrap();
            for delta in (-800..=800).step_by(7).chain(-3..=3) {
                let to = add_days(from, delta).unwrap();
                assert_eq!(
                    days_between(from, to),
                    to.signed_duration_since(from).num_days(),
                    "{from} → {to}"
                );
            }
        }
        assert_eq!(days_between(d("2024-12-31"), d("2025-01-01")), 1);
        assert_eq!(days_between(d("1900-01-01"), d("9999-12-31")), 2_958_463);
    }

    /// The day-of-year arithmetic of `add_years`/`sub_years` agrees with month-and-day
    /// arithmetic (29 February → 1 March) on every day of 1996–2005 and every shift to 410 years.
    #[test]
    fn years_by_day_of_year_agree_with_month_and_day() {
        let start = d("1996-01-01");
        for i in 0..3_653 {
            let date = add_days(start, i).unwrap();
            for years in (0..=12).chain([99, 100, 101, 399, 400, 401, 410]) {
                let by_month = |year: i32| add_ym(year, date.month(), date.day()).unwrap();
                assert_eq!(
                    add_years(date, years).unwrap(),
                    by_month(date.year() + i32::try_from(years).unwrap()),
                    "{date} + {years}"
                );
                assert_eq!(
                    sub_years(date, years).unwrap(),
                    by_month(date.year() - i32::try_from(years).unwrap()),
                    "{date} - {years}"
                );
            }
        }
        assert!(add_years(MAX_DATE, u32::MAX).is_err());
        assert!(add_years(MAX_DATE, 1_000_000).is_err());
        assert!(sub_years(MIN_DATE, 1_000_000).is_err());
    }

    #[test]
    fn next_new_year_is_1_january() {
        assert_eq!(next_new_year(d("2024-12-31")).unwrap(), d("2025-01-01"));
        assert_eq!(next_new_year(d("2026-01-01")).unwrap(), d("2027-01-01"));
    }
}
