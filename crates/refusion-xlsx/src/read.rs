//! Registers and support tables from workbooks (CONTRACT: signatures fixed, body in progress).

use refusion_core::population::register::csv::{evaluate_csv_full, read_support, CsvColumns};
use refusion_core::population::register::{ColumnsResult, SupportRow};
use refusion_core::{Engine, Error, ErrorKind, Policy};

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

/// Which table a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// The stay register (`citizen_id, birth_date, admitted, discharged, daily_rate,
    /// own_payment_per_night`).
    Stays,
    /// The § 85 a support table.
    Support,
}

/// A register file (and its optional support file), CSV or workbook, read as the register
/// CSV the core reads, with where each line and column stands in the file.
pub struct RegisterFile {
    stays: Vec<u8>,
    support: Option<Vec<u8>>,
}

impl RegisterFile {
    /// Reads a register and its optional support table from their bytes (CSV, `.xlsx` or
    /// `.ods`, told apart by their first bytes).
    pub fn read(stays: Vec<u8>, support: Option<Vec<u8>>) -> Result<RegisterFile, Error> {
        Ok(RegisterFile { stays, support })
    }

    /// The register as CSV text (the core's register format).
    #[must_use]
    pub fn stays_csv(&self) -> &[u8] {
        &self.stays
    }

    /// The support rows (empty without a support file); errors name the file's cells.
    pub fn support_rows(&self) -> Result<Vec<SupportRow>, Error> {
        match &self.support {
            Some(s) => read_support(std::io::Cursor::new(s.clone())).map_err(|e| self.locate(e)),
            None => Ok(Vec::new()),
        }
    }

    /// An error of the core's CSV readers, named by the sheet, row and column of the cell
    /// when the file was a workbook (unchanged for CSV).
    #[must_use]
    pub fn locate(&self, e: Error) -> Error {
        e
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
        let (result, cols) = evaluate_csv_full(engine, policy, self.stays_csv(), &support, parallel)
            .map_err(|e| self.locate(e))?;
        Ok((result, cols, support))
    }
}

/// Unused until the workbook reader lands.
#[allow(dead_code)]
fn unsupported() -> Error {
    Error::new(ErrorKind::Syntax, "file", "not yet")
}
