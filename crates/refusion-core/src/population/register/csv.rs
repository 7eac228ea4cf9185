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
use std::collections::HashMap;
use std::hash::BuildHasher as _;
use std::io::{BufRead, BufReader, Read};

use crate::engine::evaluation::Engine;
use crate::model::amount::parse_typed;
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::Money;
use crate::model::scenario::{ShelterStay, SupportMethod};
use crate::population::register::{
    FastHash, RegisterColumns, RegisterSummary, StayRow, SupportRow, MAX_REGISTER_ROWS,
};
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
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Checks the first line of a CSV file (without a BOM) and detects its delimiter.
fn header_delimiter(first: &[u8], what: &str) -> Result<u8, Error> {
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
fn header_columns<R: Read>(
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
fn parse_stay<'t>(
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
    summary.map_err(support_row_error)
}

/// Support rows are named by their place in the support file (the first data row is 1).
fn support_row_error(e: Error) -> Error {
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

/// A register CSV read whole into columns (see [`evaluate_csv_columns`]): one entry per stay
/// row, the citizens numbered `0..` in order of first appearance, their ids kept in one text
/// buffer (no `String` per row). The file is read by the rules of [`StayReader`], and the rows
/// must come grouped by citizen as for [`evaluate_csv`]: the errors are the same, naming the
/// same line and column.
pub struct CsvColumns {
    /// The citizens' ids, one after another.
    ids: String,
    /// Where each citizen's id ends in `ids`.
    id_ends: Vec<usize>,
    /// The citizens by id.
    index: IdIndex,
    /// The citizen number of each row (ascending: each citizen's rows are together).
    group_of: Vec<u32>,
    /// The line of each row.
    lines: Vec<u64>,
    /// The birth date of each row.
    birth_date: Vec<Date>,
    /// The stay of each row.
    stays: Vec<ShelterStay>,
}

/// Where reading stopped: the error, and the rows and citizens that the streaming reader
/// would have evaluated before it met the error (their errors come first).
struct Stop {
    error: Error,
    done_rows: usize,
    done_citizens: usize,
}

impl CsvColumns {
    /// Reads a whole register CSV (the first error stops it).
    pub fn read(text: &[u8]) -> Result<CsvColumns, Error> {
        if let Some(columns) = CsvColumns::read_plain(text) {
            return Ok(columns);
        }
        match CsvColumns::read_until_error(text)? {
            (_, Some(stop)) => Err(stop.error),
            (columns, None) => Ok(columns),
        }
    }

    /// Number of stay rows.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.group_of.len()
    }

    /// Number of citizens.
    #[must_use]
    pub fn citizens(&self) -> usize {
        self.id_ends.len()
    }

    /// The id of citizen `g` (empty when there is no such citizen).
    #[must_use]
    pub fn citizen_id(&self, g: usize) -> &str {
        let start = match g.checked_sub(1) {
            Some(prev) => self.id_ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.id_ends.get(g).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or("")
    }

    /// The number of the citizen with this id.
    #[must_use]
    pub fn citizen_number(&self, id: &str) -> Option<u32> {
        self.index
            .find(IdIndex::hash(id), id, |g| self.citizen_id(g))
    }

    /// The citizen number of each row (ascending).
    #[must_use]
    pub fn citizen_of(&self) -> &[u32] {
        &self.group_of
    }

    /// The line of each row in the file.
    #[must_use]
    pub fn lines(&self) -> &[u64] {
        &self.lines
    }

    /// The birth date of each row.
    #[must_use]
    pub fn birth_dates(&self) -> &[Date] {
        &self.birth_date
    }

    /// The stay of each row.
    #[must_use]
    pub fn stays(&self) -> &[ShelterStay] {
        &self.stays
    }

    /// The rows of citizen `g`.
    fn rows_of(&self, g: u32) -> std::ops::Range<usize> {
        self.group_of.partition_point(|&x| x < g)..self.group_of.partition_point(|&x| x <= g)
    }

    /// Reads rows until the end or the first error; errors of the header are returned as
    /// they are.
    fn read_until_error(text: &[u8]) -> Result<(CsvColumns, Option<Stop>), Error> {
        let body = text.strip_prefix(BOM).unwrap_or(text);
        let first = body.split_inclusive(|&b| b == b'\n').next().unwrap_or(body);
        let delim = header_delimiter(first, "register")?;
        // Fields are trimmed below (as `csv::Trim::All` trims a `StringRecord`).
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(false)
            .trim(csv::Trim::None)
            .from_reader(body);
        let c = header_columns(&mut reader, &STAY_COLUMNS, STAY_COLUMNS.len(), "register")?;
        let newlines = body.iter().filter(|&&b| b == b'\n').count();
        let mut out = CsvColumns::with_capacity(newlines);
        // A citizen's rows repeat the birth date and (mostly) the rates: each is parsed once.
        let mut births: Last<Date> = Last::default();
        let mut amounts: [Last<Money>; 2] = [Last::default(), Last::default()];
        let mut record = csv::ByteRecord::new();
        // The current citizen's birth date.
        let mut birth_of_run = calendar::MIN_DATE;
        let stop = loop {
            // Rows before the current citizen's are done, as in the stream.
            let stop_here = |out: &CsvColumns, error: Error| {
                let current = out.citizens().saturating_sub(1);
                Stop {
                    error,
                    done_rows: out.group_of.partition_point(|&g| (g as usize) < current),
                    done_citizens: current,
                }
            };
            match reader.read_byte_record(&mut record) {
                Ok(false) => break None,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    let error =
                        Error::new(ErrorKind::Syntax, format!("line {line}"), csv_message(&e));
                    break Some(stop_here(&out, error));
                }
            }
            let line = record.position().map_or(0, csv::Position::line);
            if !record.as_slice().is_ascii()
                && record.iter().any(|f| std::str::from_utf8(f).is_err())
            {
                let error = Error::new(
                    ErrorKind::Syntax,
                    format!("line {line}"),
                    "not UTF-8 text; save the file as UTF-8",
                );
                break Some(stop_here(&out, error));
            }
            let record = &record;
            let field = |k: usize| {
                c.get(k)
                    .and_then(|&p| record.get(p))
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or("")
                    .trim()
            };
            let parsed = parse_stay(
                field,
                line,
                &mut |k, text| match amounts.get_mut(k.saturating_sub(4)) {
                    Some(last) => last.parse(text, parse_typed),
                    None => parse_typed(text),
                },
                &mut |text| births.parse(text, calendar::parse_date),
            );
            let (id, birth, stay) = match parsed {
                Ok(row) => row,
                Err(error) => break Some(stop_here(&out, error)),
            };
            match out.push(id, birth, stay, line, &mut birth_of_run) {
                Ok(()) => {}
                // The previous citizen was done before the row was refused.
                Err((error, true)) => {
                    break Some(Stop {
                        error,
                        done_rows: out.rows(),
                        done_citizens: out.citizens(),
                    })
                }
                Err((error, false)) => break Some(stop_here(&out, error)),
            }
        };
        Ok((out, stop))
    }

    /// Adds a row, checked as the stream checks it: the row limit, then (for a new citizen)
    /// that the citizen has not been seen before, else that the birth date agrees.
    /// `birth_of_run` is the current citizen's birth date. An error comes with whether the
    /// previous citizen was done (finished by the stream) before it.
    fn push(
        &mut self,
        id: &str,
        birth: Date,
        stay: ShelterStay,
        line: u64,
        birth_of_run: &mut Date,
    ) -> Result<(), (Error, bool)> {
        if self.rows() >= MAX_REGISTER_ROWS {
            let error = Error::new(
                ErrorKind::Limit,
                format!("line {line}"),
                format!("more than {MAX_REGISTER_ROWS} rows; split the register by citizen"),
            );
            return Err((error, false));
        }
        let last = self.citizens().checked_sub(1);
        let same = last.is_some_and(|g| self.citizen_id(g) == id);
        if !same {
            // The previous citizen is done.
            let hash = IdIndex::hash(id);
            if self.index.find(hash, id, |g| self.citizen_id(g)).is_some() {
                let error = Error::new(
                    ErrorKind::InconsistentRegister,
                    format!("line {line}, citizen_id"),
                    format!(
                        "citizen {id:?} appears again after other citizens: the register must be grouped by citizen (sort it by citizen_id)"
                    ),
                );
                return Err((error, true));
            }
            let g = u32::try_from(self.citizens()).unwrap_or(u32::MAX);
            self.ids.push_str(id);
            self.id_ends.push(self.ids.len());
            self.index.insert(hash, g);
            *birth_of_run = birth;
        } else if birth != *birth_of_run {
            let error = Error::new(
                ErrorKind::InconsistentRegister,
                format!("line {line}, birth_date"),
                format!(
                    "citizen {id:?} has birth date {birth} here but {birth_of_run} on an earlier line"
                ),
            );
            return Err((error, false));
        }
        self.group_of
            .push(u32::try_from(self.citizens().saturating_sub(1)).unwrap_or(u32::MAX));
        self.lines.push(line);
        self.birth_date.push(birth);
        self.stays.push(stay);
        Ok(())
    }

    /// An empty register with room for `rows` rows.
    fn with_capacity(rows: usize) -> CsvColumns {
        let rows = rows.min(MAX_REGISTER_ROWS);
        CsvColumns {
            ids: String::new(),
            id_ends: Vec::new(),
            index: IdIndex::default(),
            group_of: Vec::with_capacity(rows),
            lines: Vec::with_capacity(rows),
            birth_date: Vec::with_capacity(rows),
            stays: Vec::with_capacity(rows),
        }
    }

    /// The fast reader of a plain file — UTF-8 without quotes, each line ending in `\n` or
    /// `\r\n` — that is valid throughout: its lines split at the delimiter, the fields
    /// borrowed from the text. `None` for anything else (then [`CsvColumns::read_until_error`]
    /// reads the file and names the error). The result, line numbers included, is what the
    /// csv reader gives.
    fn read_plain(text: &[u8]) -> Option<CsvColumns> {
        let body = text.strip_prefix(BOM).unwrap_or(text);
        let body = std::str::from_utf8(body).ok()?;
        let bytes = body.as_bytes();
        let header_end = bytes.iter().position(|&b| b == b'\n');
        let header = body.get(..header_end.unwrap_or(bytes.len()))?;
        if header
            .strip_suffix('\r')
            .unwrap_or(header)
            .contains(['"', '\r'])
        {
            return None;
        }
        let delim = header_delimiter(header.as_bytes(), "register").ok()?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(false)
            .trim(csv::Trim::None)
            .from_reader(header.as_bytes());
        let c = header_columns(&mut reader, &STAY_COLUMNS, STAY_COLUMNS.len(), "register").ok()?;
        let width = reader.headers().ok()?.len();
        let mut out = CsvColumns::with_capacity(bytes.len() / 48);
        let mut births: Last<Date> = Last::default();
        let mut amounts: [Last<Money>; 2] = [Last::default(), Last::default()];
        let mut birth_of_run = calendar::MIN_DATE;
        let mut fields: Vec<&str> = Vec::with_capacity(width);
        // The csv reader's line of a record is 1 + the line ends it has read when the record
        // starts: a record ending in `\r\n` leaves its `\n` (and blank lines are read with the
        // next record).
        let mut ends_read = u64::from(!header.ends_with('\r'));
        // Line ends before the current line.
        let mut newlines = 1u64;
        let mut pos = header_end.map_or(bytes.len(), |e| e + 1);
        while pos < bytes.len() {
            // The fields of one line, up to `\n` or `\r\n`; a quote or a lone `\r` is left to
            // the csv reader.
            fields.clear();
            let mut start = pos;
            let cr = loop {
                let rest = bytes.get(start..).unwrap_or_default();
                let len = rest
                    .iter()
                    .position(|&b| b == delim || b == b'\n' || b == b'\r' || b == b'"')
                    .unwrap_or(rest.len());
                let end = start + len;
                fields.push(body.get(start..end)?);
                match bytes.get(end) {
                    Some(&b) if b == delim => start = end + 1,
                    Some(b'\n') | None => {
                        pos = end + 1;
                        break false;
                    }
                    Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => {
                        pos = end + 2;
                        break true;
                    }
                    _ => return None,
                }
            };
            let before = newlines;
            newlines += 1;
            if fields.len() == 1 && fields.first() == Some(&"") {
                // A blank line: skipped.
                continue;
            }
            let line = 1 + ends_read;
            ends_read = if cr { before } else { before + 1 };
            if fields.len() != width {
                return None;
            }
            let field = |k: usize| {
                c.get(k)
                    .and_then(|&p| fields.get(p))
                    .copied()
                    .unwrap_or("")
                    .trim()
            };
            let (id, birth, stay) = parse_stay(
                field,
                line,
                &mut |k, text| match amounts.get_mut(k.saturating_sub(4)) {
                    Some(last) => last.parse(text, parse_typed),
                    None => parse_typed(text),
                },
                &mut |text| births.parse(text, calendar::parse_date),
            )
            .ok()?;
            out.push(id, birth, stay, line, &mut birth_of_run).ok()?;
        }
        Some(out)
    }

    /// The error [`evaluate_csv`] gives for an error the columnar engine found (in its first
    /// failing citizen): the same citizen evaluated by the stream, so that the error names
    /// lines as the stream names them.
    fn stream_error(
        &self,
        (engine, policy): (&Engine, &Policy),
        support: &[SupportRow],
        support_group: &[u32],
        (rows, citizens): (usize, usize),
        e: Error,
    ) -> Error {
        let index_of = |prefix: &str| {
            e.field()
                .strip_prefix(prefix)
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(i, _)| i.parse::<usize>().ok())
        };
        let group = index_of("rows[")
            .and_then(|i| self.group_of.get(i).copied())
            .or_else(|| index_of("support[").and_then(|j| support_group.get(j).copied()));
        let (range, groups) = match group {
            Some(g) => (self.rows_of(g), g as usize..g as usize + 1),
            None => (0..rows, 0..citizens),
        };
        let stay_rows = range.filter_map(|i| {
            let id = self.citizen_id(*self.group_of.get(i)? as usize);
            let stay = self.stays.get(i)?;
            Some(Ok((
                *self.lines.get(i)?,
                StayRow {
                    citizen_id: id.to_string(),
                    birth_date: *self.birth_date.get(i)?,
                    admitted: stay.admitted,
                    discharged: stay.discharged,
                    daily_rate: stay.daily_rate,
                    own_payment_per_night: stay.own_payment_per_night,
                },
            )))
        });
        let support: Vec<SupportRow> = support
            .iter()
            .filter(|s| {
                self.citizen_number(&s.citizen_id)
                    .is_some_and(|g| groups.contains(&(g as usize)))
            })
            .cloned()
            .collect();
        match engine.evaluate_register_stream(policy, stay_rows, &support, |_| Ok(())) {
            Err(stream) => support_row_error(stream),
            Ok(_) => e,
        }
    }
}

/// The last text parsed in a column, and its value.
struct Last<T> {
    text: String,
    value: Option<T>,
}

impl<T> Default for Last<T> {
    fn default() -> Self {
        Last {
            text: String::new(),
            value: None,
        }
    }
}

impl<T: Copy> Last<T> {
    /// `parse(text)`, or the last value when `text` is the last text parsed.
    fn parse(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if let Some(v) = self.value {
            if self.text == text {
                return Ok(v);
            }
        }
        let v = parse(text)?;
        self.text.clear();
        self.text.push_str(text);
        self.value = Some(v);
        Ok(v)
    }
}

/// Citizen numbers by id, the ids kept elsewhere: a hash of the id → the last citizen with
/// that hash, and a chain through the earlier ones.
#[derive(Default)]
struct IdIndex {
    heads: HashMap<u64, u32, FastHash>,
    next: Vec<u32>,
}

impl IdIndex {
    const NONE: u32 = u32::MAX;

    fn hash(id: &str) -> u64 {
        FastHash.hash_one(id)
    }

    fn find<'a>(&self, hash: u64, id: &str, id_of: impl Fn(usize) -> &'a str) -> Option<u32> {
        let mut g = *self.heads.get(&hash)?;
        while g != IdIndex::NONE {
            if id_of(g as usize) == id {
                return Some(g);
            }
            g = self.next.get(g as usize).copied().unwrap_or(IdIndex::NONE);
        }
        None
    }

    /// Adds citizen `g` (the next number).
    fn insert(&mut self, hash: u64, g: u32) {
        let previous = self.heads.insert(hash, g).unwrap_or(IdIndex::NONE);
        self.next.push(previous);
    }
}

/// Writes an integer (as `Display` does), without the formatting machinery.
fn push_int(out: &mut String, mut n: u64, negative: bool) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    if negative {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default());
}

/// Writes an amount as its `Display` does: two decimals from the integer øre, else the
/// decimal as it is.
fn push_money(out: &mut String, m: Money) {
    use std::fmt::Write as _;
    let d = m.as_decimal();
    if d.scale() == 2 {
        if let Ok(ore) = i64::try_from(d.mantissa()) {
            let a = ore.unsigned_abs();
            push_int(out, a / 100, ore < 0);
            let cents = a % 100;
            out.push('.');
            out.push(char::from(b'0' + (cents / 10) as u8));
            out.push(char::from(b'0' + (cents % 10) as u8));
            return;
        }
    }
    // Writing to a String cannot fail.
    let _ = write!(out, "{m}");
}

/// Writes a CSV field, quoted when it holds a delimiter, a quote or a line break (as
/// [`csv_field`]).
fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r', ';']) {
        out.push_str(&csv_field(s));
    } else {
        out.push_str(s);
    }
}

/// Evaluates a whole register CSV held in memory through the columnar engine
/// ([`Engine::evaluate_columns`]): the same summary as [`evaluate_csv`] and, when `citizens`
/// is given, the same per-citizen CSV text (a header line, then one line per citizen in order
/// of first appearance) appended to it. The errors are those of [`evaluate_csv`], naming the
/// same line and column: the rows must be grouped by citizen, and of several errors the one
/// the stream meets first is reported. Memory holds the whole register as columns (about
/// 60 bytes a row) besides the text; [`evaluate_csv`] holds one citizen.
pub fn evaluate_csv_columns(
    engine: &Engine,
    policy: &Policy,
    stays: &[u8],
    support: &[SupportRow],
    mut citizens: Option<&mut String>,
) -> Result<RegisterSummary, Error> {
    // A plain, valid file is read fast; on any error the file is read again by the csv reader,
    // which names the error as the stream does.
    if let Some(cols) = CsvColumns::read_plain(stays) {
        if let Ok(summary) = evaluate_read(
            engine,
            policy,
            &cols,
            None,
            support,
            citizens.as_deref_mut(),
        ) {
            return Ok(summary);
        }
    }
    let (cols, stop) = CsvColumns::read_until_error(stays)?;
    evaluate_read(engine, policy, &cols, stop, support, citizens)
}

/// Evaluates the rows read (up to where reading stopped, if it did); see
/// [`evaluate_csv_columns`].
fn evaluate_read(
    engine: &Engine,
    policy: &Policy,
    cols: &CsvColumns,
    stop: Option<Stop>,
    support: &[SupportRow],
    citizens: Option<&mut String>,
) -> Result<RegisterSummary, Error> {
    let (rows, groups) = match &stop {
        Some(s) => (s.done_rows, s.done_citizens),
        None => (cols.rows(), cols.citizens()),
    };
    // Support rows of citizens without stays are reported after the evaluation (as the
    // stream does); those of citizens not read when reading stopped are left out.
    let mut support_group = Vec::with_capacity(support.len());
    let mut spells = Vec::with_capacity(support.len());
    let mut orphan = None;
    for (j, s) in support.iter().enumerate() {
        match cols.citizen_number(&s.citizen_id) {
            Some(g) if (g as usize) < groups => {
                support_group.push(g);
                spells.push(s.spell());
            }
            Some(_) => {}
            None => {
                orphan = orphan.or(Some((j, s)));
            }
        }
    }
    let columns = RegisterColumns {
        group_of: cols.group_of.get(..rows).unwrap_or_default(),
        groups,
        birth_date: cols.birth_date.get(..rows).unwrap_or_default(),
        stays: cols.stays.get(..rows).unwrap_or_default(),
        support_group: &support_group,
        support: &spells,
    };
    let name = |g: usize| cols.citizen_id(g).to_string();
    let r = engine
        .evaluate_columns(policy, &columns, &name, false)
        .map_err(|e| {
            cols.stream_error((engine, policy), support, &support_group, (rows, groups), e)
        })?;
    if let Some(stop) = stop {
        return Err(stop.error);
    }
    if let Some((j, s)) = orphan {
        return Err(support_row_error(Error::new(
            ErrorKind::InconsistentRegister,
            format!("support[{j}].citizen_id"),
            format!("citizen {:?} has support but no stay row", s.citizen_id),
        )));
    }
    if let Some(out) = citizens {
        out.reserve(64 * (r.citizens.len() + 1));
        out.push_str(CITIZENS_HEADER);
        out.push('\n');
        for c in &r.citizens {
            push_csv_field(out, cols.citizen_id(c.group as usize));
            out.push(',');
            push_int(out, u64::try_from(c.stays).unwrap_or(u64::MAX), false);
            for n in [c.nights, c.refunded_nights, c.support_days] {
                out.push(',');
                push_int(out, n.unsigned_abs(), n < 0);
            }
            let t = &c.totals;
            for m in [
                t.gross,
                t.citizen_payment,
                t.state_refusion,
                t.municipal_net,
            ] {
                out.push(',');
                push_money(out, m);
            }
            out.push('\n');
        }
    }
    Ok(RegisterSummary {
        policy: r.policy,
        rows: cols.rows(),
        citizens: groups,
        years: r.years,
        totals: r.totals,
    })
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
