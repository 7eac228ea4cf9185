//! Reading a stay register CSV whole into columns and evaluating it through the columnar core
//! (the path of `evaluateRegisterCsv` in the browser and in Node). The file is read by the
//! rules of the streaming reader in [`super::csv`] (the same header, delimiter, amount and date
//! rules), and the results and errors are the stream's, naming the same line and column; the
//! command line keeps the stream, which holds one citizen in memory at a time.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use super::csv::*;
use super::stream::{birth_conflict, not_grouped};
use crate::engine::evaluation::Engine;
use crate::model::amount::parse_typed;
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::Money;
use crate::model::scenario::ShelterStay;
use crate::population::register::{
    ColumnsResult, FastHash, RegisterColumns, RegisterSummary, StayRow, SupportRow,
    MAX_REGISTER_ROWS,
};
use crate::rules::catalog::Policy;

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
pub(crate) struct Stop {
    pub(crate) error: Error,
    pub(crate) done_rows: usize,
    pub(crate) done_citizens: usize,
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
    pub(crate) fn read_until_error(text: &[u8]) -> Result<(CsvColumns, Option<Stop>), Error> {
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
                return Err((not_grouped(line, id), true));
            }
            let g = u32::try_from(self.citizens()).unwrap_or(u32::MAX);
            self.ids.push_str(id);
            self.id_ends.push(self.ids.len());
            self.index.insert(hash, g);
            *birth_of_run = birth;
        } else if birth != *birth_of_run {
            return Err((birth_conflict(line, id, birth, *birth_of_run), false));
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
    pub(crate) fn read_plain(text: &[u8]) -> Option<CsvColumns> {
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
pub(crate) fn push_int(out: &mut String, mut n: u64, negative: bool) {
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
pub(crate) fn push_money(out: &mut String, m: Money) {
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

/// Evaluates a whole register CSV held in memory as [`evaluate_csv_columns`] does (the same
/// errors, naming the same line and column), and keeps everything: the result per citizen
/// number, per citizen-year and per year, and the register read (for the citizens' ids and
/// one citizen's rows, see [`CsvColumns::scenario_of`]). `parallel` evaluates on every core
/// (feature `parallel`).
pub fn evaluate_csv_full(
    engine: &Engine,
    policy: &Policy,
    stays: &[u8],
    support: &[SupportRow],
    parallel: bool,
) -> Result<(ColumnsResult, CsvColumns), Error> {
    let cols = match CsvColumns::read_plain(stays) {
        Some(cols) => cols,
        None => match CsvColumns::read_until_error(stays)? {
            (cols, None) => cols,
            // The stream's error: the first the stream meets, rows before the stop included.
            (cols, Some(stop)) => {
                return Err(
                    evaluate_read(engine, policy, &cols, Some(stop), support, None)
                        .err()
                        .unwrap_or_else(|| Error::new(ErrorKind::Syntax, "register", "unreadable")),
                )
            }
        },
    };
    let mut support_group = Vec::with_capacity(support.len());
    let mut spells = Vec::with_capacity(support.len());
    let mut orphan = false;
    for s in support {
        match cols.citizen_number(&s.citizen_id) {
            Some(g) => {
                support_group.push(g);
                spells.push(s.spell());
            }
            None => orphan = true,
        }
    }
    let columns = RegisterColumns {
        group_of: &cols.group_of,
        groups: cols.citizens(),
        birth_date: &cols.birth_date,
        stays: &cols.stays,
        support_group: &support_group,
        support: &spells,
    };
    let name = |g: usize| cols.citizen_id(g).to_string();
    match engine.evaluate_columns(policy, &columns, &name, parallel) {
        Ok(r) if !orphan => Ok((r, cols)),
        // Any error (or support without stays) is named as the stream names it.
        _ => Err(evaluate_read(engine, policy, &cols, None, support, None)
            .err()
            .unwrap_or_else(|| Error::new(ErrorKind::Syntax, "register", "unreadable"))),
    }
}

impl CsvColumns {
    /// Citizen `id`'s rows as a scenario under `policy` (their stays, and their support rows
    /// from `support`), for one citizen's explanation; `None` when no stay row has the id.
    #[must_use]
    pub fn scenario_of(
        &self,
        id: &str,
        support: &[SupportRow],
        policy: crate::PolicySpec,
    ) -> Option<crate::model::scenario::Scenario> {
        let g = self.citizen_number(id)?;
        let rows = self.rows_of(g);
        let birth_date = *self.birth_date.get(rows.start)?;
        Some(crate::model::scenario::Scenario {
            name: Some(id.to_string()),
            policy,
            citizen: crate::model::scenario::Citizen { birth_date },
            shelter_stays: self.stays.get(rows).unwrap_or_default().to_vec(),
            home_support: support
                .iter()
                .filter(|s| s.citizen_id == id)
                .map(SupportRow::spell)
                .collect(),
            temporary_housing: Vec::new(),
        })
    }
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
