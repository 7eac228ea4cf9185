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
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::Money;
use crate::model::scenario::{ShelterStay, SupportMethod};
use crate::population::register::{RegisterSummary, StayRow, SupportRow};
use crate::rules::catalog::Policy;

/// The whole-file columnar reader lives beside this one; it is reached from here too.
pub use super::csv_columns::{evaluate_csv_columns, evaluate_csv_full, CsvColumns};

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
    if first.starts_with(BOM) {
        first.drain(..3);
    }
    let delim = header_delimiter(&first, what)?;
    let chained: Box<dyn Read> = Box::new(std::io::Cursor::new(first.clone()).chain(buf));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(chained);
    let cols = header_columns(&mut reader, expected, required, what)?;
    Ok((reader, cols))
}

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Checks the first line of a CSV file (without a BOM) and detects its delimiter.
pub(crate) fn header_delimiter(first: &[u8], what: &str) -> Result<u8, Error> {
    let header = std::str::from_utf8(first).map_err(|_| {
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
    Ok(delimiter(header))
}

/// Reads the header record and checks its columns (the names are trimmed by [`columns`]).
pub(crate) fn header_columns<R: Read>(
    reader: &mut csv::Reader<R>,
    expected: &[&str],
    required: usize,
    what: &str,
) -> Result<Vec<usize>, Error> {
    let headers = reader
        .headers()
        .map_err(|e| Error::new(ErrorKind::Syntax, "line 1", csv_message(&e)))?
        .clone();
    columns(&headers, expected, required, what)
}

pub(crate) fn csv_message(e: &csv::Error) -> String {
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
        let (r, c) = (&self.record, &self.columns);
        let (id, birth_date, stay) = parse_stay(
            |k| field(r, c, k),
            line,
            &mut |_, text| parse_typed(text),
            &mut |text| calendar::parse_date(text),
        )?;
        Ok(StayRow {
            citizen_id: id.to_string(),
            birth_date,
            admitted: stay.admitted,
            discharged: stay.discharged,
            daily_rate: stay.daily_rate,
            own_payment_per_night: stay.own_payment_per_night,
        })
    }
}

/// Parses the fields of one stay row (`field(k)` is the trimmed text of column `k` of
/// [`STAY_COLUMNS`]): the citizen id (checked, not copied), the birth date and the stay.
/// `amount(k, text)` parses an amount of column `k`, `birth(text)` the birth date; errors
/// name the line and column, and come in column order.
pub(crate) fn parse_stay<'t>(
    field: impl Fn(usize) -> &'t str,
    line: u64,
    amount: &mut dyn FnMut(usize, &str) -> Result<Money, Error>,
    birth: &mut dyn FnMut(&str) -> Result<Date, Error>,
) -> Result<(&'t str, Date, ShelterStay), Error> {
    let at = |name: &str| format!("line {line}, {name}");
    let id = field(0);
    if id.is_empty() {
        return Err(Error::new(
            ErrorKind::MissingField,
            at("citizen_id"),
            "the citizen_id is empty",
        ));
    }
    // Field names are built only on error.
    let date = |k: usize, name: &str| calendar::parse_date(field(k)).map_err(|e| e.at(at(name)));
    let birth_date = birth(field(1)).map_err(|e| e.at(at("birth_date")))?;
    let admitted = date(2, "admitted")?;
    let discharged = date(3, "discharged")?;
    let daily_rate = amount(4, field(4)).map_err(|e| e.at(at("daily_rate")))?;
    let own_payment_per_night =
        amount(5, field(5)).map_err(|e| e.at(at("own_payment_per_night")))?;
    Ok((
        id,
        birth_date,
        ShelterStay {
            admitted,
            discharged,
            daily_rate,
            own_payment_per_night,
        },
    ))
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

/// The header of the per-citizen CSV that [`evaluate_csv`] writes: the
/// [`CITIZEN_COLUMNS`](super::CITIZEN_COLUMNS) joined by commas (a test holds them equal).
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
    summary.map_err(support_row_error)
}

/// Support rows are named by their place in the support file (the first data row is 1).
pub(crate) fn support_row_error(e: Error) -> Error {
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
    use crate::population::register::csv_columns::{push_int, push_money};

    #[test]
    fn the_citizens_header_is_the_citizen_columns() {
        assert_eq!(CITIZENS_HEADER, super::super::CITIZEN_COLUMNS.join(","));
    }

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

    type Outcome = Result<(RegisterSummary, String), (String, String, String)>;

    /// A register CSV (and support CSV) through the stream and through the columns.
    fn both(stays: &[u8], support: Option<&[u8]>) -> (Outcome, Outcome) {
        let engine = Engine::new().unwrap();
        let policy = engine.resolve(&crate::PolicySpec::Statutory).unwrap();
        let fail = |e: Error| {
            (
                e.code().to_string(),
                e.field().to_string(),
                e.message().to_string(),
            )
        };
        let support_rows = match support {
            Some(text) => match read_support(std::io::Cursor::new(text.to_vec())) {
                Ok(rows) => rows,
                Err(e) => return (Err(fail(e.clone())), Err(fail(e))),
            },
            None => Vec::new(),
        };
        let mut out = Vec::new();
        let stream = evaluate_csv(
            &engine,
            &policy,
            std::io::Cursor::new(stays.to_vec()),
            &support_rows,
            Some(&mut out),
        )
        .map(|s| (s, String::from_utf8(out).unwrap()))
        .map_err(fail);
        let mut text = String::new();
        let columns = evaluate_csv_columns(&engine, &policy, stays, &support_rows, Some(&mut text))
            .map(|s| (s, text))
            .map_err(fail);
        (stream, columns)
    }

    fn assert_same(what: &str, stays: &[u8], support: Option<&[u8]>) -> Outcome {
        let (stream, columns) = both(stays, support);
        assert_eq!(stream, columns, "{what}");
        stream
    }

    fn example(name: &str) -> Vec<u8> {
        let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).unwrap()
    }

    #[test]
    fn columns_equal_the_stream_on_the_examples() {
        let (stays, support) = (example("register.csv"), example("register_support.csv"));
        let (summary, citizens) = assert_same("examples", &stays, Some(&support)).unwrap();
        assert_eq!((summary.rows, summary.citizens), (3, 3));
        assert_eq!(summary.totals.municipal_net.to_string(), "357242.46");
        assert_eq!(citizens.lines().count(), 4);
        let (summary, _) = assert_same("without support", &stays, None).unwrap();
        assert_eq!(summary.citizens, 3);
    }

    /// A generated cohort (workload W's shape), written plainly and the Danish way.
    #[test]
    fn columns_equal_the_stream_on_a_generated_cohort() {
        use crate::population::cohort::{generate, CohortSpec};
        let engine = Engine::new().unwrap();
        let cohort = generate(&CohortSpec::workload_w(7, 3000), engine.catalog()).unwrap();
        let (rows, support) = cohort.rows();
        assert!(rows.len() > 3000 && !support.is_empty());
        for danish in [false, true] {
            let d = if danish { ';' } else { ',' };
            let amount = |m: &crate::Money| {
                let t = m.to_string();
                if danish {
                    t.replace('.', ",")
                } else {
                    t
                }
            };
            let mut stays = format!("{}\n", STAY_COLUMNS.join(&d.to_string()));
            for r in &rows {
                stays.push_str(&format!(
                    "{1}{0}{2}{0}{3}{0}{4}{0}{5}{0}{6}\n",
                    d,
                    r.citizen_id,
                    r.birth_date,
                    r.admitted,
                    r.discharged,
                    amount(&r.daily_rate),
                    amount(&r.own_payment_per_night)
                ));
            }
            let mut sup =
                "citizen_id,method,start,end,annual_cost,decided_before_discharge,decided_on\n"
                    .to_string();
            for s in &support {
                sup.push_str(&format!(
                    "{},{},{},{},{},{},{}\n",
                    s.citizen_id,
                    s.method.as_str(),
                    s.start,
                    s.end,
                    s.annual_cost,
                    s.decided_before_discharge
                        .map_or(String::new(), |b| b.to_string()),
                    s.decided_on.map_or(String::new(), |d| d.to_string())
                ));
            }
            let (summary, citizens) =
                assert_same("cohort", stays.as_bytes(), Some(sup.as_bytes())).unwrap();
            assert_eq!((summary.rows, summary.citizens), (rows.len(), 3000));
            assert_eq!(citizens.lines().count(), 3001);
            // And the columnar engine on the rows as structs gives the same totals.
            let policy = engine.resolve(&crate::PolicySpec::Statutory).unwrap();
            let r = engine.evaluate_register(&policy, &rows, &support).unwrap();
            assert_eq!((&r.years, &r.totals), (&summary.years, &summary.totals));
        }
    }

    /// Every hostile register CSV of tests/hostile/registers.json (but the generated ones):
    /// the same answer, the same error code, field and message.
    #[test]
    fn columns_give_the_streams_answers_to_the_hostile_inputs() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../../../../../tests/hostile/registers.json"))
                .unwrap();
        let mut seen = 0;
        for i in table["inputs"].as_array().unwrap() {
            if i["target"] != "register_csv" || i.get("generate").is_some() {
                continue;
            }
            let bytes = match (i["text"].as_str(), i["hex"].as_str()) {
                (Some(t), _) => t.as_bytes().to_vec(),
                (None, Some(h)) => (0..h.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&h[k..k + 2], 16).unwrap())
                    .collect(),
                _ => unreachable!(),
            };
            let support = i["support"].as_str().map(str::as_bytes);
            let got = assert_same(i["id"].as_str().unwrap(), &bytes, support);
            if let Some(code) = i["expect"]["code"].as_str() {
                let (c, f, _) = got.unwrap_err();
                assert_eq!(
                    (c.as_str(), f.as_str()),
                    (code, i["expect"]["field"].as_str().unwrap())
                );
            }
            seen += 1;
        }
        assert!(seen > 25, "{seen}");
    }

    /// What, the stays CSV, the support CSV, and the expected error code and field.
    type Case<'a> = (&'a str, String, Option<String>, (&'a str, &'a str));

    /// Errors name the same line and column, and of several errors the one the stream meets
    /// first is reported.
    #[test]
    fn columns_name_errors_as_the_stream_does() {
        const H: &str =
            "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night\n";
        let ok = |id: &str, from: &str, to: &str| format!("{id},1980-01-01,{from},{to},1400,100\n");
        let a1 = ok("A", "2026-01-01", "2026-02-01");
        let a_overlap = ok("A", "2026-01-15", "2026-03-01");
        let b1 = ok("B", "2026-01-01", "2026-02-01");
        let b_bad = "B,1980-01-01,2026-03-01,2026-04-01,1e3,0\n";
        let c1 = ok("C", "2026-01-01", "2026-02-01");
        let support = |id: &str, end: &str| {
            format!("citizen_id,method,start,end,annual_cost,decided_before_discharge\n{id},m-act,2027-01-01,{end},99000,true\n")
        };
        let cases: Vec<Case<'_>> = vec![
            ("overlap", format!("{H}{a1}{a_overlap}"), None, ("overlap", "line 3, admitted")),
            // The citizen is not done when the bad row comes: the bad amount wins.
            ("parse before done", format!("{H}{a1}{a_overlap}{}", b_bad.replace('B', "A")), None, ("invalid_amount", "line 4, daily_rate")),
            ("parse in next citizen's first row", format!("{H}{a1}{a_overlap}{b_bad}"), None, ("invalid_amount", "line 4, daily_rate")),
            // A is done when B's first row is read: A's overlap wins.
            ("done before parse", format!("{H}{a1}{a_overlap}{b1}{b_bad}"), None, ("overlap", "line 3, admitted")),
            ("done before regroup", format!("{H}{a1}{a_overlap}{b1}{a1}"), None, ("overlap", "line 3, admitted")),
            ("regroup after done", format!("{H}{b1}{a1}{c1}{b1}"), None, ("inconsistent_register", "line 5, citizen_id")),
            ("regroup before b's error", format!("{H}{a1}{b1}{}{a1}", ok("B", "2026-01-20", "2026-02-10")), None, ("overlap", "line 4, admitted")),
            ("birth", format!("{H}{a1}{}", ok("A", "2026-03-01", "2026-04-01").replace("1980", "1981")), None, ("inconsistent_register", "line 3, birth_date")),
            ("birth after done", format!("{H}{a1}{a_overlap}{b1}{}", ok("B", "2026-03-01", "2026-04-01").replace("1980", "1981")), None, ("overlap", "line 3, admitted")),
            ("orphan support", format!("{H}{a1}"), Some(support("Z", "2028-01-01")), ("inconsistent_register", "support row 1, citizen_id")),
            ("eval error before orphan", format!("{H}{a1}{a_overlap}"), Some(support("Z", "2028-01-01")), ("overlap", "line 3, admitted")),
            ("parse error before orphan", format!("{H}{a1}{b_bad}"), Some(support("Z", "2028-01-01")), ("invalid_amount", "line 3, daily_rate")),
            ("support spell error", format!("{H}{a1}{b1}"), Some(support("B", "2026-06-01")), ("date_order", "home_support[0].end")),
            ("support of a citizen after the stop", format!("{H}{a1}{b1}{b_bad}"), Some(support("B", "2026-06-01")), ("invalid_amount", "line 4, daily_rate")),
            ("short row", format!("{H}{a1}A,1980-01-01\n"), None, ("syntax", "line 3")),
            ("empty id", format!("{H}{a1} ,1980-01-01,2026-03-01,2026-04-01,1,0\n"), None, ("missing_field", "line 3, citizen_id")),
            ("bad birth", format!("{H}{a1}B,1980-02-30,2026-03-01,2026-04-01,1,0\n"), None, ("invalid_date", "line 3, birth_date")),
            ("bad own payment", format!("{H}{a1}B,1980-01-01,2026-03-01,2026-04-01,1,-1\n"), None, ("negative_amount", "line 3, own_payment_per_night")),
            ("quoted line break", format!("{H}\"A\nB\",1980-01-01,2026-01-01,2026-02-01,1,0\nC,1980-01-01,2026-03-01,2026-02-01,1,0\n"), None, ("date_order", "line 4, discharged")),
        ];
        for (what, stays, support, (code, field)) in cases {
            let (stream, columns) = both(stays.as_bytes(), support.as_deref().map(str::as_bytes));
            assert_eq!(stream, columns, "{what}");
            let (c, f, _) = columns.unwrap_err();
            assert_eq!((c.as_str(), f.as_str()), (code, field), "{what}");
        }
        // A Latin-1 byte in a column the header repeats (ignored, but still read).
        let mut bytes = b"citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night,citizen_id\nA,1980-01-01,2026-01-01,2026-02-01,1,0,x\nB,1980-01-01,2026-01-01,2026-02-01,1,0,".to_vec();
        bytes.extend_from_slice(b"S\xf8ren\n");
        let (c, f, _) = assert_same("latin-1", &bytes, None).unwrap_err();
        assert_eq!((c.as_str(), f.as_str()), ("syntax", "line 3"));
    }

    /// What both accept: blank lines, CRLF, padding (also a no-break space), quoted ids with
    /// a delimiter or a line break, ids that share a prefix, a BOM before a semicolon header.
    #[test]
    fn columns_read_what_the_stream_reads() {
        let text = "\u{feff} citizen_id ;birth_date;admitted;discharged;daily_rate;own_payment_per_night\r\n\
            \"a;1\"; 1980-01-01 ;2026-01-01;2026-02-01;1.400,00;100,00\r\n\r\n\
            \"a;1\";1980-01-01;2026-03-01;2026-04-01;\u{a0}1.400,00;100,00\r\n\
            a;1980-01-01;2026-03-01;2026-04-01;1400;0\n\
            \"x\ny\";1980-01-01;2026-03-01;2026-04-01;1400;0\n\
            \"q\"\"\";1990-05-05;2026-03-01;2027-04-01;999,5;0\n";
        let (summary, citizens) = assert_same("accepted", text.as_bytes(), None).unwrap();
        assert_eq!((summary.rows, summary.citizens), (5, 4));
        assert!(citizens.contains("\"a;1\",2,"), "{citizens}");
        assert!(citizens.contains("\"x\ny\",1,"), "{citizens}");
        assert!(citizens.contains("\"q\"\"\",1,"), "{citizens}");
        let header_only =
            "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night";
        let (summary, citizens) = assert_same("header only", header_only.as_bytes(), None).unwrap();
        assert_eq!(
            (summary.rows, summary.citizens, citizens.lines().count()),
            (0, 0, 1)
        );
        let read = CsvColumns::read(text.as_bytes()).unwrap();
        assert_eq!((read.rows(), read.citizens()), (5, 4));
        assert_eq!(read.citizen_of(), &[0, 0, 1, 2, 3]);
        // The lines the stream names (the csv crate's count, also after CRLF line ends).
        let mut stream = StayReader::new(std::io::Cursor::new(text.as_bytes().to_vec())).unwrap();
        let lines: Vec<u64> = std::iter::from_fn(|| stream.next_row())
            .map(|r| r.unwrap().0)
            .collect();
        assert_eq!(read.lines(), lines.as_slice());
        assert_eq!((read.citizen_id(0), read.citizen_id(2)), ("a;1", "x\ny"));
        assert_eq!(
            (read.citizen_number("a"), read.citizen_number("b")),
            (Some(1), None)
        );
        assert_eq!(read.stays()[1].daily_rate.to_string(), "1400.00");
    }

    /// The fast reader of plain files reads what the csv reader reads, line numbers included
    /// (CRLF, blank lines, a last line without an end), and leaves the rest to it.
    #[test]
    fn the_plain_reader_reads_as_the_csv_reader() {
        let row =
            |id: &str, d: &str| format!("{id}{d}1980-01-01{d}2026-01-01{d}2026-02-01{d}1400{d}0");
        let header = STAY_COLUMNS.join(",");
        let files = [
            format!("{header}\n{}\n{}\n", row("A", ","), row("B", ",")),
            format!(
                "{header}\r\n{}\r\n\r\n{}\r\n\r\n\r\n{}\r\n",
                row("A", ","),
                row("A", ",").replace("2026-0", "2027-0"),
                row("B", ",")
            ),
            format!("{header}\n\n{}\n\n\n{}", row("A", ","), row("B", ",")),
            format!(
                "\u{feff}{}\r\n{}\n{}\r\n",
                STAY_COLUMNS.join(";"),
                row(" A ", ";").replace("1400", " 1.400,50 "),
                row("B\u{a0}", ";")
            ),
            format!("{header},citizen_id\n{},x\n", row("A", ",")),
            format!("{header}\n"),
            header.clone(),
        ];
        for (k, f) in files.iter().enumerate() {
            let fast = CsvColumns::read_plain(f.as_bytes()).unwrap_or_else(|| panic!("file {k}"));
            let (exact, stop) = CsvColumns::read_until_error(f.as_bytes()).unwrap();
            assert!(stop.is_none(), "file {k}");
            let ids = |c: &CsvColumns| {
                (0..c.citizens())
                    .map(|g| c.citizen_id(g).to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(ids(&fast), ids(&exact), "file {k}");
            assert_eq!(fast.citizen_of(), exact.citizen_of(), "file {k}");
            assert_eq!(fast.lines(), exact.lines(), "file {k}");
            assert_eq!(fast.birth_dates(), exact.birth_dates(), "file {k}");
            assert_eq!(fast.stays(), exact.stays(), "file {k}");
            let mut stream = StayReader::new(std::io::Cursor::new(f.as_bytes().to_vec())).unwrap();
            let lines: Vec<u64> = std::iter::from_fn(|| stream.next_row())
                .map(|r| r.unwrap().0)
                .collect();
            assert_eq!(fast.lines(), lines.as_slice(), "file {k}");
            assert_same(&format!("file {k}"), f.as_bytes(), None).unwrap();
        }
        let left = [
            format!("{header}\n\"A\",1980-01-01,2026-01-01,2026-02-01,1400,0\n"),
            format!("{header}\n{}\r{}\n", row("A", ","), row("B", ",")),
            format!(
                "{header}\n{}\n{}\n{}\n",
                row("A", ","),
                row("B", ","),
                row("A", ",")
            ),
            format!("{header}\n{}\n", row("A", ",").replace("1400", "1e3")),
            format!("{header}\n{},x\n", row("A", ",")),
        ];
        for (k, f) in left.iter().enumerate() {
            assert!(CsvColumns::read_plain(f.as_bytes()).is_none(), "file {k}");
        }
        assert!(CsvColumns::read_plain(b"citizen_id,birth_date\n\xf8\n").is_none());
    }

    #[test]
    fn amounts_and_counts_are_written_as_display_writes_them() {
        for t in [
            "0",
            "0.00",
            "-0.50",
            "12.3",
            "1234567.89",
            "-98765.43",
            "0.001",
            "999999999999999.99",
            "-7",
        ] {
            let m = Money::parse_exact(t).or_else(|_| Money::parse(t)).unwrap();
            for m in [m, m.round_ore()] {
                let mut out = String::new();
                push_money(&mut out, m);
                assert_eq!(out, m.to_string(), "{t}");
            }
        }
        for n in [0i64, 7, -7, 10, 1_000_000, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_int(&mut out, n.unsigned_abs(), n < 0);
            assert_eq!(out, n.to_string());
        }
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
