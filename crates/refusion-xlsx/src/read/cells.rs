//! One cell of a register workbook as the text of the register CSV, checked where it stands.
//!
//! | Column | A number cell | A date cell | Text |
//! |---|---|---|---|
//! | date (`birth_date`, `admitted`, `discharged`, `start`, `end`, `decided_on`) | refused: a number is not a date | its day, `YYYY-MM-DD` (a time of day is refused) | as in the CSV (`YYYY-MM-DD`) |
//! | amount (`daily_rate`, `own_payment_per_night`, `annual_cost`) | accepted only when exact to the øre | refused | as in the CSV (`1400`, `1.400,50`) |
//! | other (`citizen_id`, `method`, `decided_before_discharge`) | a whole number as its digits | refused | as in the CSV |
//!
//! A true/false cell is `true`/`false`; an error value (`#N/A`) is refused; an empty cell is
//! an empty field.

use calamine::DataRef;
use chrono::{Days, NaiveDate};
use refusion_core::ErrorKind;
use rust_decimal::Decimal;

/// The longest text a cell may hold.
pub const MAX_CELL_CHARS: usize = 1_000;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// A date.
    Date,
    /// An amount of money.
    Amount,
    /// Anything else (ids, methods, yes/no).
    Other,
}

impl Column {
    /// The kind of a column by its (lower-case) name.
    #[must_use]
    pub fn of(name: &str) -> Column {
        match name {
            "birth_date" | "admitted" | "discharged" | "start" | "end" | "decided_on" => {
                Column::Date
            }
            "daily_rate" | "own_payment_per_night" | "annual_cost" => Column::Amount,
            _ => Column::Other,
        }
    }
}

/// A cell's failure: the kind and the message (the caller names the cell).
pub type CellError = (ErrorKind, String);

/// Appends cell `value` of a `column` to `out` as CSV text (no quoting: see [`needs_quotes`]).
/// `is_1904` tells the workbook's date system.
pub fn push_cell(
    out: &mut String,
    value: &DataRef<'_>,
    column: Column,
    is_1904: bool,
) -> Result<(), CellError> {
    match value {
        DataRef::Empty => Ok(()),
        DataRef::String(s) => push_text(out, s),
        DataRef::SharedString(s) => push_text(out, s),
        DataRef::DateTimeIso(s) => match column {
            Column::Date | Column::Other => push_iso_date(out, s),
            Column::Amount => Err(date_not_amount(s)),
        },
        DataRef::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            Ok(())
        }
        DataRef::Int(i) => match column {
            Column::Date => Err(number_not_date(&i.to_string())),
            Column::Amount | Column::Other => {
                push_i64(out, *i);
                Ok(())
            }
        },
        DataRef::Float(f) => push_number(out, *f, column),
        DataRef::DateTime(d) => {
            if d.is_duration() {
                return Err((
                    ErrorKind::WrongType,
                    "holds a duration, not a date or an amount".to_string(),
                ));
            }
            match column {
                Column::Date => push_serial_date(out, d.as_f64(), is_1904),
                Column::Amount => Err(date_not_amount(&format!("the date serial {}", d.as_f64()))),
                Column::Other => Err((
                    ErrorKind::WrongType,
                    "holds a date; this column takes text (format the cell as text)".to_string(),
                )),
            }
        }
        DataRef::DurationIso(s) => Err((
            ErrorKind::WrongType,
            format!("holds the duration {s}, not a date or an amount"),
        )),
        DataRef::Error(e) => Err((
            ErrorKind::WrongType,
            format!("holds the error value {e}; correct the cell (or its formula) and save again"),
        )),
    }
}

/// Whether a field must be quoted in the `;`-separated CSV.
#[must_use]
pub fn needs_quotes(field: &str) -> bool {
    field.contains([';', '"'])
}

fn push_text(out: &mut String, s: &str) -> Result<(), CellError> {
    let s = s.trim();
    if s.chars().count() > MAX_CELL_CHARS {
        return Err((
            ErrorKind::Limit,
            format!("holds more than {MAX_CELL_CHARS} characters"),
        ));
    }
    if s.contains(['\n', '\r']) {
        return Err((
            ErrorKind::Syntax,
            "holds a line break; a register cell holds one line".to_string(),
        ));
    }
    out.push_str(s);
    Ok(())
}

/// A number cell: in an amount column exact to the øre, in a date column refused, elsewhere
/// a whole number as its digits.
fn push_number(out: &mut String, f: f64, column: Column) -> Result<(), CellError> {
    if !f.is_finite() {
        return Err((ErrorKind::InvalidAmount, format!("holds the number {f}")));
    }
    // A whole number (most amounts and ids) is written as its digits.
    if f.fract() == 0.0 && f.abs() < 1e15 && column != Column::Date {
        // Whole and below 2^53: exact as an integer.
        #[allow(clippy::cast_possible_truncation)]
        push_i64(out, f as i64);
        return Ok(());
    }
    // The shortest decimal that reads back as the same binary number: what the spreadsheet
    // shows at full precision.
    let shown = format!("{f}");
    match column {
        Column::Date => Err(number_not_date(&shown)),
        Column::Amount => {
            let d: Decimal = shown.parse().map_err(|_| {
                (
                    ErrorKind::InvalidAmount,
                    format!("holds the number {shown}, too large for an amount"),
                )
            })?;
            if d.normalize().scale() > 2 {
                return Err((
                    ErrorKind::FloatMoney,
                    format!(
                        "holds the number {shown}, which is not a whole number of øre (a spreadsheet stores numbers as binary fractions, so a calculated amount can drift); round it to two decimals (ROUND/AFRUND) and paste it as a value, or write the amount as text"
                    ),
                ));
            }
            out.push_str(&d.normalize().to_string());
            Ok(())
        }
        Column::Other => {
            if f.fract() != 0.0 || f.abs() >= 9_007_199_254_740_992.0 {
                return Err((
                    ErrorKind::WrongType,
                    format!("holds the number {shown}; write it as text"),
                ));
            }
            out.push_str(&shown);
            Ok(())
        }
    }
}

fn number_not_date(shown: &str) -> CellError {
    (
        ErrorKind::InvalidDate,
        format!("holds the number {shown}, not a date; format the cell as a date, or write the date as text, YYYY-MM-DD"),
    )
}

fn date_not_amount(shown: &str) -> CellError {
    (
        ErrorKind::WrongType,
        format!("holds a date ({shown}) where an amount belongs; format the cell as a number"),
    )
}

/// An Excel serial date: days since 1899-12-30 (1900 date system, where serial 60 is the
/// 29 February 1900 that never was, and serials 1–59 count from 1899-12-31), or since
/// 1904-01-01 (1904 system).
fn push_serial_date(out: &mut String, serial: f64, is_1904: bool) -> Result<(), CellError> {
    if serial.fract() != 0.0 {
        return Err((
            ErrorKind::InvalidDate,
            "holds a date with a time of day; a register takes whole dates (format the cell as a date without time)".to_string(),
        ));
    }
    let bad = || {
        (
            ErrorKind::InvalidDate,
            format!("holds the date serial {serial}, outside 1900-01-01 … 9999-12-31"),
        )
    };
    if !(1.0..=2_958_465.0).contains(&serial) {
        return Err(bad());
    }
    // In range, a whole number of days: exact as an integer.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let days = serial as u64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1), days)
    } else if days == 60 {
        return Err((
            ErrorKind::InvalidDate,
            "holds 29 February 1900, a date that does not exist (a known spreadsheet error)"
                .to_string(),
        ));
    } else if days < 60 {
        (NaiveDate::from_ymd_opt(1899, 12, 31), days)
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 30), days)
    };
    let date = epoch
        .and_then(|e| e.checked_add_days(Days::new(days)))
        .ok_or_else(bad)?;
    push_date(out, date);
    Ok(())
}

/// `YYYY-MM-DD` (years 1900–9999), without the formatting machinery.
fn push_date(out: &mut String, d: NaiveDate) {
    use chrono::Datelike as _;
    let digits = |out: &mut String, n: u32, width: u32| {
        let mut p = 10u32.pow(width - 1);
        while p > 0 {
            out.push(char::from(b'0' + ((n / p) % 10) as u8));
            p /= 10;
        }
    };
    digits(out, d.year().unsigned_abs(), 4);
    out.push('-');
    digits(out, d.month(), 2);
    out.push('-');
    digits(out, d.day(), 2);
}

/// An integer as its digits.
fn push_i64(out: &mut String, n: i64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        at -= 1;
        if let Some(b) = buf.get_mut(at) {
            *b = b'0' + (m % 10) as u8;
        }
        m /= 10;
        if m == 0 || at == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &b in buf.get(at..).unwrap_or_default() {
        out.push(char::from(b));
    }
}

/// An ISO date cell (OpenDocument): `YYYY-MM-DD`, or with a time of midnight.
fn push_iso_date(out: &mut String, s: &str) -> Result<(), CellError> {
    let (day, time) = s.split_once('T').unwrap_or((s, ""));
    let midnight = time.is_empty() || time.trim_start_matches(['0', ':', '.']).is_empty();
    if !midnight {
        return Err((
            ErrorKind::InvalidDate,
            format!("holds {s}, a date with a time of day; a register takes whole dates"),
        ));
    }
    push_text(out, day)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cell(v: DataRef<'_>, c: Column) -> Result<String, CellError> {
        let mut s = String::new();
        push_cell(&mut s, &v, c, false).map(|()| s)
    }

    #[test]
    fn amounts_exact_to_the_ore_pass_and_drift_is_refused() {
        assert_eq!(
            cell(DataRef::Float(1400.0), Column::Amount).unwrap(),
            "1400"
        );
        assert_eq!(
            cell(DataRef::Float(1284.5), Column::Amount).unwrap(),
            "1284.5"
        );
        assert_eq!(
            cell(DataRef::Float(97.25), Column::Amount).unwrap(),
            "97.25"
        );
        assert_eq!(
            cell(DataRef::Float(0.1 + 0.2), Column::Amount)
                .unwrap_err()
                .0,
            ErrorKind::FloatMoney
        );
        assert_eq!(
            cell(DataRef::Float(1_400.000_000_1), Column::Amount)
                .unwrap_err()
                .0,
            ErrorKind::FloatMoney
        );
        assert_eq!(
            cell(DataRef::Float(1.284), Column::Amount).unwrap_err().0,
            ErrorKind::FloatMoney
        );
    }

    #[test]
    fn serial_dates_in_both_systems() {
        // 2026-01-01 is serial 46023 (1900 system) and 44561 (1904 system: 1462 days fewer).
        let mut s = String::new();
        push_serial_date(&mut s, 46023.0, false).unwrap();
        assert_eq!(s, "2026-01-01");
        s.clear();
        push_serial_date(&mut s, 44561.0, true).unwrap();
        assert_eq!(s, "2026-01-01");
        s.clear();
        push_serial_date(&mut s, 61.0, false).unwrap();
        assert_eq!(s, "1900-03-01");
        s.clear();
        push_serial_date(&mut s, 1.0, false).unwrap();
        assert_eq!(s, "1900-01-01");
        assert!(push_serial_date(&mut s, 60.0, false).is_err());
        assert!(push_serial_date(&mut s, 46023.5, false).is_err());
        assert_eq!(
            cell(DataRef::Float(46023.0), Column::Date).unwrap_err().0,
            ErrorKind::InvalidDate
        );
    }

    #[test]
    fn ids_and_text() {
        assert_eq!(cell(DataRef::Float(1001.0), Column::Other).unwrap(), "1001");
        assert!(cell(DataRef::Float(1.5), Column::Other).is_err());
        assert_eq!(
            cell(DataRef::SharedString(" 1.400,50 "), Column::Amount).unwrap(),
            "1.400,50"
        );
        assert!(cell(DataRef::String("a\nb".into()), Column::Other).is_err());
        assert_eq!(
            cell(
                DataRef::DateTimeIso("2026-01-01T00:00:00".into()),
                Column::Date
            )
            .unwrap(),
            "2026-01-01"
        );
        assert!(cell(
            DataRef::DateTimeIso("2026-01-01T12:00:00".into()),
            Column::Date
        )
        .is_err());
    }
}
