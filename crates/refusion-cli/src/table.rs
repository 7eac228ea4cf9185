//! A command's output as parts (text and tables) that print either as plain-text tables for the
//! terminal, in English or Danish, or as CSV in a dialect (through the core's `write_csv`, so
//! the files match what Python and the page write).

use std::fmt::Write as _;

use refusion_core::model::amount::{format_amount, format_whole};
use refusion_core::model::export::{write_csv, Dialect};
use refusion_core::model::locale::{format_date, Lang};
use refusion_core::{calendar::Date, Money};
use rust_decimal::Decimal;

/// One cell: its value, shown in a language on the terminal and written plainly in CSV.
pub enum Cell {
    /// An amount: `1,234.50` / `1.234,50`; CSV `1234.50` (always two decimals).
    Money(Money),
    /// A calendar year, never grouped.
    Year(i32),
    /// A whole number: `1,234` / `1.234`; CSV `1234`.
    Whole(i64),
    /// A decimal (FTE, citizen-years): `4.5` / `4,5`; CSV `4.5`.
    Decimal(Decimal),
    /// A date: ISO in English (as before), `1. feb. 2026` in Danish; CSV ISO.
    Date(Date),
    /// Text, the same on the terminal and in CSV.
    Text(String),
    /// Different text on the terminal and in CSV (`Total` / `total`).
    Both(String, String),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn shown(&self, lang: Lang) -> String {
        match self {
            Cell::Money(m) => format_amount(*m, lang),
            Cell::Year(y) => y.to_string(),
            Cell::Whole(n) => format_whole(*n, lang),
            Cell::Decimal(d) => decimal(*d, lang),
            Cell::Date(d) => date(*d, lang),
            Cell::Text(s) | Cell::Both(s, _) => s.clone(),
            Cell::Empty => String::new(),
        }
    }

    fn plain(&self) -> String {
        match self {
            Cell::Money(m) => m.round_ore().to_string(),
            Cell::Year(y) => y.to_string(),
            Cell::Whole(n) => n.to_string(),
            Cell::Decimal(d) => d.normalize().to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Text(s) | Cell::Both(_, s) => s.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// An amount as shown in a language (`1,234.50` / `1.234,50`).
pub fn amount(m: Money, lang: Lang) -> String {
    format_amount(m, lang)
}

/// A decimal as shown in a language (`4.5` / `4,5`).
pub fn decimal(d: Decimal, lang: Lang) -> String {
    let s = d.normalize().to_string();
    match lang {
        Lang::Da => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A date as shown: ISO in English (as the tables always were), `1. feb. 2026` in Danish.
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Da => format_date(d, lang),
        Lang::En => d.to_string(),
    }
}

/// A column: its CSV key (one of the core's `COLUMNS`), its heading on the terminal, and
/// whether it is left-aligned.
pub struct Column {
    key: &'static str,
    heading: String,
    left: bool,
}

/// A table.
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these columns: `(key, heading)`; the first column is left-aligned.
    pub fn new(columns: &[(&'static str, &str)]) -> Table {
        Table {
            columns: columns
                .iter()
                .enumerate()
                .map(|(i, (key, heading))| Column {
                    key,
                    heading: (*heading).to_string(),
                    left: i == 0,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Left-aligns the first `n` columns.
    pub fn left_columns(mut self, n: usize) -> Table {
        for (i, c) in self.columns.iter_mut().enumerate() {
            c.left = i < n;
        }
        self
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// The table on the terminal: the first column(s) left-aligned, the rest right-aligned.
    fn render(&self, lang: Lang, out: &mut String) {
        let mut lines: Vec<Vec<String>> =
            vec![self.columns.iter().map(|c| c.heading.clone()).collect()];
        lines.extend(
            self.rows
                .iter()
                .map(|r| r.iter().map(|c| c.shown(lang)).collect()),
        );
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                lines
                    .iter()
                    .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &lines {
            let mut line = String::from(" ");
            for (c, (w, column)) in widths.iter().zip(&self.columns).enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                let pad = w.saturating_sub(cell.chars().count());
                line.push(' ');
                if column.left {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
                line.push(' ');
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }

    /// The table as CSV in a dialect.
    fn csv(&self, dialect: Dialect) -> String {
        let header: Vec<&str> = self.columns.iter().map(|c| c.key).collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::plain).collect())
            .collect();
        write_csv(&header, &rows, dialect)
    }
}

/// A part of a command's output.
pub enum Part {
    /// Text on the terminal (left out of CSV).
    Text(String),
    /// A table, on the terminal and in CSV.
    Table(Table),
    /// A table only on the terminal (CSV has another shape of the same figures).
    Screen(Table),
    /// A table only in CSV.
    Csv(Table),
}

/// A command's output.
#[derive(Default)]
pub struct Report {
    parts: Vec<Part>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// Adds text (on the terminal only).
    pub fn text(&mut self, s: impl Into<String>) {
        self.parts.push(Part::Text(s.into()));
    }

    /// Adds a line of text (on the terminal only).
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.parts.push(Part::Text(format!("{}\n", s.as_ref())));
    }

    /// Adds a part.
    pub fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    /// The report on the terminal.
    pub fn screen(&self, lang: Lang) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(s) => out.push_str(s),
                Part::Table(t) | Part::Screen(t) => t.render(lang, &mut out),
                Part::Csv(_) => {}
            }
        }
        out
    }

    /// The report's tables as CSV: blocks separated by an empty line, each with its header;
    /// in `da` one byte-order mark at the start.
    pub fn csv(&self, dialect: Dialect) -> String {
        let blocks = self.parts.iter().filter_map(|p| match p {
            Part::Table(t) | Part::Csv(t) => Some(t.csv(dialect)),
            Part::Text(_) | Part::Screen(_) => None,
        });
        join_csv(blocks, dialect)
    }
}

/// CSV blocks, each from `write_csv`, as one file: an empty line between blocks and only the
/// first block's byte-order mark.
pub fn join_csv(blocks: impl Iterator<Item = String>, dialect: Dialect) -> String {
    let gap = match dialect {
        Dialect::En => "\n",
        Dialect::Da => "\r\n",
    };
    let mut out = String::new();
    for (i, block) in blocks.enumerate() {
        if i > 0 {
            out.push_str(gap);
            out.push_str(block.strip_prefix('\u{feff}').unwrap_or(&block));
        } else {
            out.push_str(&block);
        }
    }
    out
}
