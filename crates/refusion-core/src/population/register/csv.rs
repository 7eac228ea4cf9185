//! Reading stay registers from CSV, streaming.
//!
//! A register file has a header with (at least) the columns `citizen_id, birth_date, admitted,
//! discharged, daily_rate, own_payment_per_night`, in any order; other columns are an error
//! (a misspelt column must not be ignored). The delimiter is a comma or a semicolon (detected
//! from the header); a UTF-8 byte-order mark is skipped. Dates are `YYYY-MM-DD`.
//!
//! **Amounts** may be written plainly (`1284.50`) or the Danish way (`1.284,50`): a comma is the
//! decimal mark and dots group thousands in threes. A dot followed by exactly three digits and
//! no comma (`1.284`) is read as a thousands separator — the Danish reading — so write
//! `1284.500` as `1284,5` or `1284.5`. Anything else (spaces, exponents, two commas) is
//! rejected with the line and column.
//!
//! Support files (§ 85 a) have the columns `citizen_id, method, start, end, annual_cost` and
//! one or both of `decided_before_discharge` (`true`/`false`, or `ja`/`nej`) and `decided_on`
//! (`YYYY-MM-DD`, the date of the decision). A row may leave one of the two empty; if both are
//! given they must agree (see [`crate::rules::decision`]).

use crate::engine::policy_comparison::PolicyComparison;
use crate::population::register::PolicyTotals as _;
use std::io::{BufRead, BufReader, Read};

use crate::engine::evaluation::Engine;
use crate::model::amount::parse_typed;
use crate::model::calendar;
use crate::model::error::{Error, ErrorKind};
use crate::model::scenario::SupportMethod;
use crate::population::register::{RegisterSummary, StayRow, SupportRow};
use crate::rules::catalog::Policy;

/// The columns of a stay register.
pub const STAY_COLUMNS: [&str; 6] = [
    "citizen_id",
    "birth_date",
    "admitted",
    "discharged",
    "daily_rate",
    "own_payment_per_night",
];

/// The columns of a support file; the last two are optional, but one of them must be there.
pub const SUPPORT_COLUMNS: [&str; 7] = [
    "citizen_id",
    "method",
    "start",
    "end",
    "annual_cost",
    "decided_before_discharge",
    "decided_on",
];

/// The support columns every file must have.
const SUPPORT_REQUIRED: usize = 5;

/// Detects the delimiter of a header line: `;` when it has more semicolons than commas.
fn delimiter(header: &str) -> u8 {
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The column positions of a header, checked against the expected names.
/// The first `required` names of `expected` must be present; an absent optional column gets
/// the position `usize::MAX` (its cells read as empty).
fn columns(
    headers: &csv::StringRecord,
    expected: &[&str],
    required: usize,
    what: &str,
) -> Result<Vec<usize>, Error> {
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    for (i, n) in names.iter().enumerate() {
        if !expected.contains(&n.as_str()) {
            return Err(Error::new(
                ErrorKind::UnknownField,
                format!("line 1, column {}", i + 1),
                format!(
                    "unknown column {n:?} in the {what} header; the columns are {}",
                    expected.join(", ")
                ),
            ));
        }
    }
    expected
        .iter()
        .enumerate()
        .map(|(k, e)| {
            let found = names.iter().position(|n| n == e);
            if k >= required {
                return Ok(found.unwrap_or(usize::MAX));
            }
            found.ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingField,
                    "line 1",
                    format!(
                        "the {what} header has no column {e:?}; the columns are {}",
                        expected.join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// Opens a CSV source: skips a BOM, detects the delimiter, reads the header.
type Source = csv::Reader<Box<dyn Read>>;

fn open<R: Read + 'static>(
    source: R,
    expected: &[&str],
    required: usize,
    what: &str,
) -> Result<(Source, Vec<usize>), Error> {
    let mut buf = BufReader::new(source);
    let mut first = Vec::new();
    buf.read_until(b'\n', &mut first)
        .map_err(|e| Error::new(ErrorKind::Syntax, "line 1", format!("cannot read: {e}")))?;
    if first.starts_with(&[0xEF, 0xBB, 0xBF]) {
        first.drain(..3);
    }
    let header = std::str::from_utf8(&first).map_err(|_| {
        Error::new(
            ErrorKind::Syntax,
            "line 1",
            "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
        )
    })?;
    if header.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::MissingField,
            "line 1",
            format!("the {what} file is empty; it needs a header"),
        ));
    }
    let delim = delimiter(header);
    let chained: Box<dyn Read> = Box::new(std::io::Cursor::new(first.clone()).chain(buf));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(chained);
    let headers = reader
        .headers()
        .map_err(|e| Error::new(ErrorKind::Syntax, "line 1", csv_message(&e)))?
        .clone();
    let cols = columns(&headers, expected, required, what)?;
    Ok((reader, cols))
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text; save the file as UTF-8".into(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
            "{len} fields where the header has {expected_len} (is a decimal comma splitting a field? use ; as the delimiter)"
        ),
        _ => e.to_string(),
    }
}

fn field<'r>(record: &'r csv::StringRecord, pos: &[usize], k: usize) -> &'r str {
    pos.get(k).and_then(|&p| record.get(p)).unwrap_or("")
}

/// A streaming reader of stay rows.
pub struct StayReader {
    reader: Source,
    columns: Vec<usize>,
    record: csv::StringRecord,
}

impl StayReader {
    /// Opens a register from any byte source (a file, stdin, a string).
    pub fn new<R: Read + 'static>(source: R) -> Result<StayReader, Error> {
        let (reader, columns) = open(source, &STAY_COLUMNS, STAY_COLUMNS.len(), "register")?;
        Ok(StayReader {
            reader,
            columns,
            record: csv::StringRecord::new(),
        })
    }

    /// The next row, with its line number; `None` at the end.
    pub fn next_row(&mut self) -> Option<Result<(u64, StayRow), Error>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                Some(Err(Error::new(
                    ErrorKind::Syntax,
                    format!("line {line}"),
                    csv_message(&e),
                )))
            }
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                Some(self.parse(line).map(|row| (line, row)))
            }
        }
    }

    fn parse(&self, line: u64) -> Result<StayRow, Error> {
        let r = &self.record;
        let c = &self.columns;
        let at = |name: &str| format!("line {line}, {name}");
        let id = field(r, c, 0);
        if id.is_empty() {
            return Err(Error::new(
                ErrorKind::MissingField,
                at("citizen_id"),
                "the citizen_id is empty",
            ));
        }
        // Field names are built only on error.
        let date =
            |k: usize, name: &str| calendar::parse_date(field(r, c, k)).map_err(|e| e.at(at(name)));
        let amount = |k: usize, name: &str| parse_typed(field(r, c, k)).map_err(|e| e.at(at(name)));
        Ok(StayRow {
            citizen_id: id.to_string(),
            birth_date: date(1, "birth_date")?,
            admitted: date(2, "admitted")?,
            discharged: date(3, "discharged")?,
            daily_rate: amount(4, "daily_rate")?,
            own_payment_per_night: amount(5, "own_payment_per_night")?,
        })
    }
}

/// Reads a whole support file.
pub fn read_support<R: Read + 'static>(source: R) -> Result<Vec<SupportRow>, Error> {
    let (mut reader, c) = open(source, &SUPPORT_COLUMNS, SUPPORT_REQUIRED, "support")?;
    if c.get(5..7)
        .is_some_and(|optional| optional.iter().all(|&p| p == usize::MAX))
    {
        return Err(Error::new(
            ErrorKind::MissingField,
            "support line 1",
            "the support header needs decided_before_discharge (true/false) or decided_on (a date), or both",
        ));
    }
    let mut out = Vec::new();
    let mut r = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut r) {
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(Error::new(
                    ErrorKind::Syntax,
                    format!("support line {line}"),
                    csv_message(&e),
                ));
            }
            Ok(true) => {
                let line = r.position().map_or(0, |p| p.line());
                let at = |name: &str| format!("support line {line}, {name}");
                let decided = match field(&r, &c, 5).to_lowercase().as_str() {
                    "" => None,
                    "true" | "ja" | "yes" | "1" => Some(true),
                    "false" | "nej" | "no" | "0" => Some(false),
                    other => {
                        return Err(Error::new(
                            ErrorKind::WrongType,
                            at("decided_before_discharge"),
                            format!("{other:?} is not true/false (or ja/nej)"),
                        ))
                    }
                };
                let decided_on = match field(&r, &c, 6) {
                    "" => None,
                    text => Some(calendar::parse_date(text).map_err(|e| e.at(at("decided_on")))?),
                };
                out.push(SupportRow {
                    citizen_id: field(&r, &c, 0).to_string(),
                    method: SupportMethod::parse(field(&r, &c, 1))
                        .map_err(|e| e.at(at("method")))?,
                    start: calendar::parse_date(field(&r, &c, 2)).map_err(|e| e.at(at("start")))?,
                    end: calendar::parse_date(field(&r, &c, 3)).map_err(|e| e.at(at("end")))?,
                    annual_cost: parse_typed(field(&r, &c, 4))
                        .map_err(|e| e.at(at("annual_cost")))?,
                    decided_before_discharge: decided,
                    decided_on,
                });
            }
        }
    }
    Ok(out)
}

/// The header of the per-citizen CSV that [`evaluate_csv`] writes.
pub(crate) const CITIZENS_HEADER: &str =
    "citizen_id,stays,nights,refunded_nights,support_days,gross,citizen_payment,state_refusion,municipal_net";

/// A CSV field, quoted when it holds a delimiter, a quote or a line break.
#[must_use]
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Evaluates a register CSV as a stream (memory holds one citizen's rows at a time, plus the
/// support rows): the per-year and grand totals, and, when `citizens` is given, one CSV line
/// per citizen (with a header line) written as each citizen is done.
pub fn evaluate_csv<R: Read + 'static>(
    engine: &Engine,
    policy: &Policy,
    stays: R,
    support: &[SupportRow],
    mut citizens: Option<&mut dyn std::io::Write>,
) -> Result<RegisterSummary, Error> {
    let write_error =
        |e: std::io::Error| Error::new(ErrorKind::Syntax, "citizens_out", e.to_string());
    if let Some(w) = citizens.as_mut() {
        writeln!(w, "{CITIZENS_HEADER}").map_err(write_error)?;
    }
    let mut reader = StayReader::new(stays)?;
    let rows = std::iter::from_fn(|| reader.next_row());
    let summary = engine.evaluate_register_stream(policy, rows, support, |c| {
        if let Some(w) = citizens.as_mut() {
            let t = &c.totals;
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{}",
                csv_field(&c.citizen_id),
                c.stays,
                c.nights,
                c.refunded_nights,
                c.support_days,
                t.gross,
                t.citizen_payment,
                t.state_refusion,
                t.municipal_net
            )
            .map_err(write_error)?;
        }
        Ok(())
    });
    // Support rows are named by their place in the support file (the first data row is 1).
    summary.map_err(|e| {
        let line = e
            .field()
            .strip_prefix("support[")
            .and_then(|rest| rest.split_once("]."))
            .and_then(|(j, tail)| Some((j.parse::<u64>().ok()?, tail.to_string())));
        match line {
            Some((j, tail)) => {
                let at = format!("support row {}, {tail}", j + 1);
                e.at(at)
            }
            None => e,
        }
    })
}

/// A register CSV under a policy against the same register under a base policy (the file is
/// read twice, from memory): policy − base, per year and in all.
pub fn compare_csv(
    engine: &Engine,
    base: &Policy,
    policy: &Policy,
    stays: &[u8],
    support: &[SupportRow],
) -> Result<PolicyComparison, Error> {
    let run = |p: &Policy| {
        evaluate_csv(
            engine,
            p,
            std::io::Cursor::new(stays.to_vec()),
            support,
            None,
        )
    };
    let (b, p) = (run(base)?, run(policy)?);
    p.compared_with(&b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_comma_and_semicolon_files_with_a_bom() {
        let text = "\u{feff}citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\nA;1980-01-01;2026-06-01;2026-07-01;1.284,50;97,25\n";
        let mut r = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec())).unwrap();
        let (line, row) = r.next_row().unwrap().unwrap();
        assert_eq!(line, 2);
        assert_eq!(row.daily_rate.to_string(), "1284.50");
        assert_eq!(row.own_payment_per_night.to_string(), "97.25");
        assert!(r.next_row().is_none());
        let text = "own_payment_per_night,daily_rate,discharged,admitted,birth_date,citizen_id\n0,1400,2026-07-01,2026-06-01,1980-01-01,B\n";
        let mut r = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec())).unwrap();
        assert_eq!(r.next_row().unwrap().unwrap().1.citizen_id, "B");
    }

    /// The Danish spelling of a plain amount: dots between thousands, a decimal comma.

    #[test]
    fn errors_name_the_line_and_column() {
        let text = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\nA,1980-01-01,2026-06-01,2026-07-01,1e3,0\n";
        let mut r = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec())).unwrap();
        let e = r.next_row().unwrap().unwrap_err();
        assert_eq!(
            (e.code(), e.field()),
            ("invalid_amount", "line 2, daily_rate")
        );
        let text = "citizen_id,birth,admitted,discharged,daily_rate,own_payment_per_night\n";
        let e = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec()))
            .err()
            .unwrap();
        assert_eq!(e.code(), "unknown_field");
        // A decimal comma in a comma-separated file splits the field.
        let text = "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\nA,1980-01-01,2026-06-01,2026-07-01,1400,50,0\n";
        let mut r = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec())).unwrap();
        let e = r.next_row().unwrap().unwrap_err();
        assert!(e.message().contains("delimiter"), "{e}");
    }
}
