//! Errors named by the workbook's cells.
//!
//! The core's CSV readers name a place as `line N`, `line N, COLUMN` or `line 1, column K`
//! (support files: `support line N, COLUMN`, and after reading `support row J, COLUMN` or
//! `support[j].COLUMN`). For a workbook the same place is named by its sheet, row and
//! column: `sheet "Ark1", row 5, column E (daily_rate)`, `sheet "Ark1", row 5`, and
//! `support sheet "Støtte", row 4, column C (start)` for the support table. The page and the
//! bindings read this form to show the row and column in their own language.

use refusion_core::population::register::csv::{STAY_COLUMNS, SUPPORT_COLUMNS};
use refusion_core::Error;

use super::sheet::prefix;
use super::Table;

/// Where a table's CSV lines and columns stand in its sheet.
#[derive(Clone, Debug)]
pub struct Place {
    /// The sheet's name.
    pub sheet: String,
    /// The table.
    pub table: Table,
    /// The sheet column (0-based) of the CSV's first column.
    pub first_col: u32,
    /// The header's column names (lower case), in the CSV's order.
    pub names: Vec<String>,
    /// The sheet row (0-based) of each CSV line: `rows[0]` is the header's.
    pub rows: Vec<u32>,
}

impl Place {
    pub(crate) fn new(sheet: String, table: Table) -> Place {
        Place {
            sheet,
            table,
            first_col: 0,
            names: Vec::new(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn expected(&self) -> &'static [&'static str] {
        match self.table {
            Table::Stays => &STAY_COLUMNS,
            Table::Support => &SUPPORT_COLUMNS,
        }
    }

    /// `sheet "S", row R[, column C (name)]` for a 0-based sheet row and column.
    #[must_use]
    pub fn cell_path(&self, row: u32, col: Option<u32>) -> String {
        let mut s = format!(
            "{}sheet {:?}, row {}",
            prefix(self.table),
            self.sheet,
            u64::from(row) + 1
        );
        if let Some(c) = col {
            s.push_str(&format!(", column {}", column_letters(c)));
            let k = c.checked_sub(self.first_col).map(|k| k as usize);
            if let Some(name) = k.and_then(|k| self.names.get(k)) {
                s.push_str(&format!(" ({name})"));
            }
        }
        s
    }

    /// The sheet row (0-based) of CSV line `line` (1-based).
    fn row_of_line(&self, line: u64) -> Option<u32> {
        let i = usize::try_from(line.checked_sub(1)?).ok()?;
        self.rows.get(i).copied()
    }

    /// The sheet column (0-based) of the column named `name`.
    fn col_of_name(&self, name: &str) -> Option<u32> {
        let k = self.names.iter().position(|n| n == name)?;
        self.first_col.checked_add(u32::try_from(k).ok()?)
    }

    /// A CSV place `line N[, rest]` → the cell's path.
    fn line_path(&self, line: u64, rest: Option<&str>) -> Option<String> {
        let row = self.row_of_line(line)?;
        let col = match rest {
            None => None,
            Some(r) => match r.strip_prefix("column ") {
                Some(k) => Some(
                    self.first_col
                        .checked_add(k.parse::<u32>().ok()?.checked_sub(1)?)?,
                ),
                None => Some(self.col_of_name(r)?),
            },
        };
        Some(self.cell_path(row, col))
    }

    /// `line N` in a message → `row R`.
    fn message(&self, m: &str) -> String {
        let mut out = String::with_capacity(m.len());
        let mut rest = m;
        while let Some(at) = rest.find("line ") {
            let (before, after) = rest.split_at(at);
            out.push_str(before);
            let tail = after.get(5..).unwrap_or("");
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let row = tail
                .get(..digits)
                .and_then(|d| d.parse::<u64>().ok())
                .and_then(|l| self.row_of_line(l));
            match row {
                Some(r) => {
                    out.push_str(&format!("row {}", u64::from(r) + 1));
                    rest = tail.get(digits..).unwrap_or("");
                }
                None => {
                    out.push_str("line ");
                    rest = tail;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
#[must_use]
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let d = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + d));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `E5` for a 0-based row and column.
#[must_use]
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// `line N[, rest]` → (N, rest).
fn split_line(path: &str) -> Option<(u64, Option<&str>)> {
    let rest = path.strip_prefix("line ")?;
    match rest.split_once(", ") {
        Some((n, tail)) => Some((n.parse().ok()?, Some(tail))),
        None => Some((rest.parse().ok()?, None)),
    }
}

/// Names an error of the core's readers by the workbook's cells. `stays` and `support` are
/// the places of the two files (`None` for a CSV file, whose errors stay as they are). A bare
/// `line N` belongs to `bare` (the register, or the support file while it alone is read).
pub(crate) fn locate_with(
    e: Error,
    stays: Option<&Place>,
    support: Option<&Place>,
    bare: Table,
) -> Error {
    let field = e.field().to_string();
    let (place, path) = if let Some(rest) = field.strip_prefix("support line ") {
        (
            support,
            support.and_then(|p| {
                split_line(&format!("line {rest}")).and_then(|(n, r)| p.line_path(n, r))
            }),
        )
    } else if let Some(rest) = field.strip_prefix("support row ") {
        let (j, tail) = match rest.split_once(", ") {
            Some((j, t)) => (j, Some(t)),
            None => (rest, None),
        };
        let line = j.parse::<u64>().ok().map(|j| j + 1);
        (
            support,
            support.zip(line).and_then(|(p, l)| p.line_path(l, tail)),
        )
    } else if let Some(rest) = field.strip_prefix("support[") {
        let parsed = rest
            .split_once("].")
            .and_then(|(j, t)| Some((j.parse::<u64>().ok()? + 2, t)));
        (
            support,
            support
                .zip(parsed)
                .and_then(|(p, (l, t))| p.line_path(l, Some(t))),
        )
    } else if let Some((n, r)) = split_line(&field) {
        let p = match bare {
            Table::Stays => stays,
            Table::Support => support,
        };
        (p, p.and_then(|p| p.line_path(n, r)))
    } else {
        (None, None)
    };
    match (place, path) {
        (Some(p), Some(path)) => {
            let message = p.message(e.message());
            Error::new(e.kind(), path, message)
        }
        _ => e,
    }
}

/// See [`locate_with`]: a bare `line N` is the register's.
pub(crate) fn locate(e: Error, stays: Option<&Place>, support: Option<&Place>) -> Error {
    locate_with(e, stays, support, Table::Stays)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(cell_name(4, 4), "E5");
    }
}
