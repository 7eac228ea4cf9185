//! Workbooks for refusion, shared by the command line, the Python package and the browser.
//!
//! * [`read`]: a register or support table from an `.xlsx` or `.ods` workbook (read with
//!   calamine), or a CSV, as the register CSV the core reads, so that every rule of the CSV
//!   (columns, amounts, dates, grouping) holds for workbooks too; errors name the sheet, row
//!   and column of the cell.
//! * [`write`](mod@write): results as `.xlsx` workbooks (written with rust_xlsxwriter): Danish by
//!   default, English on request; money as numbers in a `#.##0,00 kr.` format; totals as
//!   numbers; the parameters with their sources and price years.
//!
//! The model stays in `refusion-core`; this crate only converts files.

pub mod read;
pub mod write;

pub use read::{FileKind, RegisterFile, Table};
