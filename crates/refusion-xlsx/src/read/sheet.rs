//! A workbook's first visible sheet as the register CSV: the zip checked against the limits,
//! the sheet chosen, its cells read in order (streamed for `.xlsx`), each converted by
//! [`super::cells`].

use std::io::{Cursor, Read as _};

use calamine::{Data, DataRef, Ods, Reader as _, SheetType, SheetVisible, Xlsx};
use refusion_core::{Error, ErrorKind};

use super::cells::{needs_quotes, push_cell, Column};
use super::locate::{cell_name, Place};
use super::{FileKind, Table, MAX_ENTRIES, MAX_PART_BYTES, MAX_UNZIPPED_BYTES};

/// The names of a zip file's parts, after checking the declared sizes against the limits (the
/// zip reader refuses a part that unpacks to more than it declares).
pub(crate) fn part_names(bytes: &[u8], what: &str) -> Result<Vec<String>, Error> {
    let bad = |m: String| Error::new(ErrorKind::Syntax, what, m);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("not a readable workbook (a damaged zip file: {e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::new(
            ErrorKind::Limit,
            what,
            format!(
                "the workbook has {} parts; at most {MAX_ENTRIES} are read",
                zip.len()
            ),
        ));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| bad(format!("not a readable workbook (a damaged zip file: {e})")))?;
        let size = part.size();
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES || total > MAX_UNZIPPED_BYTES {
            return Err(Error::new(
                ErrorKind::Limit,
                what,
                format!(
                    "the workbook unpacks to more than {} MiB (its part {:?} alone to {} MiB): a zip bomb, or a sheet far larger than a register; nothing was unpacked",
                    if size > MAX_PART_BYTES { MAX_PART_BYTES >> 20 } else { MAX_UNZIPPED_BYTES >> 20 },
                    name,
                    size >> 20
                ),
            ));
        }
        names.push(name);
    }
    Ok(names)
}

/// The first visible sheet of a workbook as `;`-separated register CSV, and where its lines
/// stand.
pub(crate) fn to_csv(
    bytes: &[u8],
    kind: FileKind,
    table: Table,
) -> Result<(Vec<u8>, Place), Error> {
    let what = table.what();
    let unreadable = |e: String| {
        Error::new(
            ErrorKind::Syntax,
            what,
            format!(
                "not a readable workbook ({e}); open it in Excel or LibreOffice and save it again"
            ),
        )
    };
    match kind {
        FileKind::Xlsx => {
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
            let sheet = first_visible(wb.sheets_metadata(), what)?;
            let sheet_name = sheet.clone();
            // The merged cells and the cells themselves are each a pass over the sheet's XML:
            // on two cores at once where there are threads.
            let walk = move || -> Result<(Vec<u8>, Place), Error> {
                let is_1904 = wb.has_1904_epoch();
                let mut builder = Builder::new(sheet_name.clone(), table, is_1904);
                let mut cells = wb
                    .worksheet_cells_reader(&sheet_name)
                    .map_err(|e| unreadable(e.to_string()))?;
                while let Some(c) = cells
                    .next_cell_with_formula_metadata()
                    .map_err(|e| unreadable(e.to_string()))?
                {
                    builder.cell(c.pos, &c.value, c.formula.is_some())?;
                }
                builder.finish()
            };
            let (merged, walked) = both(|| first_merged(bytes, &sheet), walk);
            let merged = merged
                .ok_or_else(|| unreadable("the check for merged cells failed".to_string()))?;
            if let Some(m) = merged {
                let (r0, c0) = m.start;
                let (r1, c1) = m.end;
                return Err(Error::new(
                    ErrorKind::Syntax,
                    format!("{}sheet {sheet:?}, row {}", prefix(table), r0 + 1),
                    format!(
                        "the cells {}:{} are merged; a register has one value in each cell (unmerge them)",
                        cell_name(r0, c0),
                        cell_name(r1, c1)
                    ),
                ));
            }
            walked
        }
        FileKind::Ods | FileKind::Csv => {
            // Read the parts once more with the zip reader's size checks before calamine
            // unpacks content.xml whole.
            let mut zip =
                zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
            if let Ok(mut part) = zip.by_name("content.xml") {
                let mut sink = std::io::sink();
                let mut limited = (&mut part).take(MAX_PART_BYTES + 1);
                std::io::copy(&mut limited, &mut sink).map_err(|e| unreadable(e.to_string()))?;
            }
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
            let sheet = first_visible(wb.sheets_metadata(), what)?;
            let range = wb
                .worksheet_range(&sheet)
                .map_err(|e| unreadable(e.to_string()))?;
            let formulas = wb
                .worksheet_formula(&sheet)
                .map_err(|e| unreadable(e.to_string()))?;
            let formula_at = formulas
                .used_cells()
                .find(|(_, _, f)| !f.is_empty())
                .and_then(|(i, j, _)| {
                    let (r0, c0) = formulas.start()?;
                    Some((
                        r0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)),
                        c0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX)),
                    ))
                });
            let mut builder = Builder::new(sheet, table, false);
            if let Some((r0, c0)) = range.start() {
                for (i, row) in range.rows().enumerate() {
                    for (j, v) in row.iter().enumerate() {
                        let pos = (
                            r0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)),
                            c0.saturating_add(u32::try_from(j).unwrap_or(u32::MAX)),
                        );
                        builder.cell(pos, &as_ref(v), formula_at == Some(pos))?;
                    }
                }
            }
            builder.finish()
        }
    }
}

/// The first merged region of a sheet (its own pass over the workbook).
fn first_merged(bytes: &[u8], sheet: &str) -> Option<calamine::Dimensions> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).ok()?;
    wb.merge_cells_by_sheet_name(sheet).ok()?.into_iter().next()
}

/// Runs two tasks, on two threads where there are threads (not in WebAssembly); `None` for a
/// first task whose thread failed.
fn both<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (Option<A>, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let other = s.spawn(a);
            let second = b();
            (other.join().ok(), second)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (Some(a()), b())
    }
}

fn as_ref(v: &Data) -> DataRef<'_> {
    match v {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// How an error names the file's sheet: nothing for the register, `support ` for support.
pub(crate) fn prefix(table: Table) -> &'static str {
    match table {
        Table::Stays => "",
        Table::Support => "support ",
    }
}

fn first_visible(sheets: &[calamine::Sheet], what: &str) -> Result<String, Error> {
    sheets
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::MissingField,
                what,
                "the workbook has no visible worksheet (hidden sheets are not read)",
            )
        })
}

/// Builds the CSV row by row as the cells come (in row order, each row's cells in column
/// order).
struct Builder {
    table: Table,
    is_1904: bool,
    place: Place,
    csv: String,
    /// The header's cells while it is read (before the first data row).
    header: Vec<(u32, String)>,
    header_done: bool,
    /// The current row and its fields.
    row: Option<u32>,
    fields: Vec<String>,
    /// What each column holds.
    kinds: Vec<Column>,
    any: bool,
}

impl Builder {
    fn new(sheet: String, table: Table, is_1904: bool) -> Builder {
        Builder {
            table,
            is_1904,
            place: Place::new(sheet, table),
            csv: String::new(),
            header: Vec::new(),
            header_done: false,
            row: None,
            fields: Vec::new(),
            kinds: Vec::new(),
            any: false,
        }
    }

    fn error(&self, kind: ErrorKind, row: u32, col: Option<u32>, message: String) -> Error {
        Error::new(kind, self.place.cell_path(row, col), message)
    }

    fn cell(
        &mut self,
        (row, col): (u32, u32),
        value: &DataRef<'_>,
        formula: bool,
    ) -> Result<(), Error> {
        if self.row != Some(row) {
            self.end_row()?;
            self.row = Some(row);
        }
        if formula {
            return Err(self.error(
                ErrorKind::WrongType,
                row,
                Some(col),
                "holds a formula; a register is read by its values, so that what is evaluated is what the cells say (select the sheet, copy it and paste it as values: Indsæt speciel → Værdier)".to_string(),
            ));
        }
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        if !self.header_done {
            let mut text = String::new();
            push_cell(&mut text, value, Column::Other, self.is_1904)
                .map_err(|(k, m)| self.error(k, row, Some(col), m))?;
            let name = text.trim().to_lowercase();
            if name.contains([';', ',', '"']) {
                return Err(self.error(
                    ErrorKind::UnknownField,
                    row,
                    Some(col),
                    format!(
                        "unknown column {name:?} in the {} header; the columns are {}",
                        self.table.what(),
                        self.place.expected().join(", ")
                    ),
                ));
            }
            self.header.push((col, name));
            self.any = true;
            return Ok(());
        }
        let k = col.checked_sub(self.place.first_col).map(|k| k as usize);
        let Some(k) = k.filter(|&k| k < self.fields.len()) else {
            return Err(self.error(
                ErrorKind::Syntax,
                row,
                Some(col),
                "holds a value outside the table's columns (every value must stand under a column heading)".to_string(),
            ));
        };
        let column = self.kinds.get(k).copied().unwrap_or(Column::Other);
        let pushed = match self.fields.get_mut(k) {
            Some(f) => {
                f.clear();
                push_cell(f, value, column, self.is_1904)
            }
            None => Ok(()),
        };
        pushed.map_err(|(kind, m)| {
            let name = self.place.names.get(k).cloned().unwrap_or_default();
            Error::new(
                kind,
                self.place.cell_path(row, Some(col)),
                format!("{name}: {m}"),
            )
        })?;
        self.any = true;
        Ok(())
    }

    /// Ends the current row: the header when it is the first non-empty one, else a line of
    /// CSV (empty rows are skipped).
    fn end_row(&mut self) -> Result<(), Error> {
        let Some(row) = self.row else { return Ok(()) };
        if !self.any {
            return Ok(());
        }
        self.any = false;
        if !self.header_done {
            self.header_done = true;
            let first = self.header.first().map_or(0, |(c, _)| *c);
            for (k, (c, _)) in self.header.iter().enumerate() {
                let expected = first.saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
                if *c != expected {
                    return Err(self.error(
                        ErrorKind::MissingField,
                        row,
                        Some(expected),
                        "an empty column heading inside the header; every column of a register has a name".to_string(),
                    ));
                }
            }
            self.place.first_col = first;
            self.place.names = self.header.iter().map(|(_, n)| n.clone()).collect();
            self.place.rows.push(row);
            self.csv.push_str(&self.place.names.join(";"));
            self.csv.push('\n');
            self.fields = vec![String::new(); self.place.names.len()];
            self.kinds = self.place.names.iter().map(|n| Column::of(n)).collect();
            return Ok(());
        }
        self.place.rows.push(row);
        for (k, f) in self.fields.iter_mut().enumerate() {
            if k > 0 {
                self.csv.push(';');
            }
            if needs_quotes(f) {
                self.csv.push('"');
                self.csv.push_str(&f.replace('"', "\"\""));
                self.csv.push('"');
            } else {
                self.csv.push_str(f);
            }
            f.clear();
        }
        self.csv.push('\n');
        Ok(())
    }

    fn finish(mut self) -> Result<(Vec<u8>, Place), Error> {
        self.end_row()?;
        if !self.header_done {
            return Err(Error::new(
                ErrorKind::MissingField,
                format!("{}sheet {:?}", prefix(self.table), self.place.sheet),
                format!(
                    "the sheet is empty; the {} needs a header row with the columns {}",
                    self.table.what(),
                    self.place.expected().join(", ")
                ),
            ));
        }
        Ok((self.csv.into_bytes(), self.place))
    }
}
