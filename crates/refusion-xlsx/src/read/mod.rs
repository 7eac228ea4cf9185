//! Registers and support tables from workbooks.
//!
//! A register (or support table) may come as CSV, as an Office Open XML workbook (`.xlsx`) or
//! as an OpenDocument spreadsheet (`.ods`); the kind is told by the file's first bytes, not
//! its name. A workbook is read with calamine and turned, cell by cell, into the register CSV
//! that `refusion-core` reads, so every rule of the CSV holds for workbooks too: the same
//! columns in any order, an unknown or misspelt column refused, the same amounts (Danish text
//! such as `1.400,50` included), dates, grouping and limits. What only a workbook has is
//! checked cell by cell where it stands ([`cells`]): dates may be Excel dates or
//! `YYYY-MM-DD` text; a number in an amount column must be exact to the øre (1400.0000001 is
//! refused, so no float drift can enter); merged cells, error values, times of day and
//! numbers where a date belongs are refused. Errors then name the sheet, row and column of
//! the cell ([`locate`]), e.g. `sheet "Ark1", row 5, column E (daily_rate)`.
//!
//! **Which sheet.** The first visible worksheet. Hidden sheets are never read.
//! **Formulas** are refused, with the cell named: a saved formula result may be stale or, in
//! files written by programs, a placeholder 0, so a register is read by its values only
//! (copy the sheet and paste it as values).
//! **Limits** (`docs/errors.md`): a file of at most [`MAX_FILE_BYTES`]; at most
//! [`MAX_ENTRIES`] parts inside the workbook, none of them unpacking to more than
//! [`MAX_PART_BYTES`] and all of them together to at most [`MAX_UNZIPPED_BYTES`] (so a zip bomb
//! is refused before anything is unpacked; the zip reader stops any part that unpacks to more
//! than it declares); a cell of at most [`cells::MAX_CELL_CHARS`] characters; and the
//! register's own limit of 2,000,000 rows.

pub mod cells;
pub mod locate;
mod sheet;

use std::io::Cursor;

use refusion_core::population::register::csv::{evaluate_csv_full, read_support, CsvColumns};
use refusion_core::population::register::{ColumnsResult, SupportRow};
use refusion_core::{Engine, Error, ErrorKind, Policy};

pub use locate::Place;

/// The largest file read (a workbook or a CSV held in memory): 512 MiB.
pub const MAX_FILE_BYTES: usize = 512 << 20;
/// The most parts (zip entries) a workbook may have.
pub const MAX_ENTRIES: usize = 10_000;
/// The most one part of a workbook may unpack to: 512 MiB (a sheet of Excel's 1,048,576 rows
/// of a register unpacks to about 200 MB).
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// The most all parts of a workbook may unpack to together: 1 GiB.
pub const MAX_UNZIPPED_BYTES: u64 = 1 << 30;

/// What a file is, by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Text (CSV).
    Csv,
    /// An Office Open XML workbook (`.xlsx`).
    Xlsx,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl FileKind {
    /// The kind of a file from its bytes. An old binary Excel file (`.xls`), or a zip file
    /// that is no workbook, is an error that says what to do.
    pub fn of(bytes: &[u8], what: &str) -> Result<FileKind, Error> {
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(Error::new(
                ErrorKind::Syntax,
                what,
                "an old Excel file (.xls); save it as an Excel workbook (.xlsx) or as CSV",
            ));
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Ok(FileKind::Csv);
        }
        let names = sheet::part_names(bytes, what)?;
        if names.iter().any(|n| n == "xl/workbook.xml") {
            Ok(FileKind::Xlsx)
        } else if names.iter().any(|n| n == "content.xml") {
            Ok(FileKind::Ods)
        } else {
            Err(Error::new(
                ErrorKind::Syntax,
                what,
                "a zip file that is neither an Excel workbook (.xlsx) nor an OpenDocument spreadsheet (.ods)",
            ))
        }
    }
}

/// Which table a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// The stay register (`citizen_id, birth_date, admitted, discharged, daily_rate,
    /// own_payment_per_night`).
    Stays,
    /// The § 85 a support table.
    Support,
}

impl Table {
    /// How errors name the file: `register` or `support`.
    #[must_use]
    pub const fn what(self) -> &'static str {
        match self {
            Table::Stays => "register",
            Table::Support => "support",
        }
    }
}

/// One table file as the register CSV, with where its lines stand in the file.
pub struct TableFile {
    csv: Vec<u8>,
    place: Option<Place>,
}

impl TableFile {
    /// Reads a table from a file's bytes: CSV as it is, a workbook's first visible sheet as
    /// CSV.
    pub fn read(bytes: Vec<u8>, table: Table) -> Result<TableFile, Error> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(Error::new(
                ErrorKind::Limit,
                table.what(),
                format!(
                    "the file has {} bytes; at most {MAX_FILE_BYTES} are read (split the register by citizen)",
                    bytes.len()
                ),
            ));
        }
        match FileKind::of(&bytes, table.what())? {
            FileKind::Csv => Ok(TableFile {
                csv: bytes,
                place: None,
            }),
            kind => {
                let (csv, place) = sheet::to_csv(&bytes, kind, table)?;
                Ok(TableFile {
                    csv,
                    place: Some(place),
                })
            }
        }
    }

    /// The table as CSV text.
    #[must_use]
    pub fn csv(&self) -> &[u8] {
        &self.csv
    }

    /// The table as CSV text, owned.
    #[must_use]
    pub fn into_csv(self) -> Vec<u8> {
        self.csv
    }

    /// Where the CSV's lines stand in the workbook (`None` for a CSV file).
    #[must_use]
    pub fn place(&self) -> Option<&Place> {
        self.place.as_ref()
    }
}

/// A register file (and its optional support file), CSV or workbook, read as the register
/// CSV the core reads, with where each line and column stands in the file.
pub struct RegisterFile {
    stays: TableFile,
    support: Option<TableFile>,
}

impl RegisterFile {
    /// Reads a register and its optional support table from their bytes (CSV, `.xlsx` or
    /// `.ods`, told apart by their first bytes).
    pub fn read(stays: Vec<u8>, support: Option<Vec<u8>>) -> Result<RegisterFile, Error> {
        let stays = TableFile::read(stays, Table::Stays)?;
        let support = support
            .map(|s| TableFile::read(s, Table::Support))
            .transpose()?;
        Ok(RegisterFile { stays, support })
    }

    /// The register as CSV text (the core's register format).
    #[must_use]
    pub fn stays_csv(&self) -> &[u8] {
        self.stays.csv()
    }

    /// The support rows (empty without a support file); errors name the file's cells.
    pub fn support_rows(&self) -> Result<Vec<SupportRow>, Error> {
        match &self.support {
            Some(s) => read_support(Cursor::new(s.csv().to_vec()))
                .map_err(|e| locate::locate_with(e, self.stays.place(), s.place(), Table::Support)),
            None => Ok(Vec::new()),
        }
    }

    /// An error of the core's CSV readers, named by the sheet, row and column of the cell
    /// when the file was a workbook (unchanged for CSV).
    #[must_use]
    pub fn locate(&self, e: Error) -> Error {
        locate::locate(
            e,
            self.stays.place(),
            self.support.as_ref().and_then(TableFile::place),
        )
    }

    /// Reads and evaluates the whole register (see
    /// [`refusion_core::population::register::csv::evaluate_csv_full`]): the result, the
    /// register as read (ids, rows) and the support rows.
    pub fn evaluate(
        &self,
        engine: &Engine,
        policy: &Policy,
        parallel: bool,
    ) -> Result<(ColumnsResult, CsvColumns, Vec<SupportRow>), Error> {
        let support = self.support_rows()?;
        let (result, cols) =
            evaluate_csv_full(engine, policy, self.stays_csv(), &support, parallel)
                .map_err(|e| self.locate(e))?;
        Ok((result, cols, support))
    }
}
