//! What every workbook shares: the formats, the column labels (the CSV's, from
//! `refusion_core::model::export`, plus a few of the workbook's own), a sheet writer that keeps
//! track of column widths, the totals and rounding rows, and the error mapping.

use chrono::Datelike;
use refusion_core::model::calendar::Date;
use refusion_core::model::export::{column_label, ColumnLabel};
use refusion_core::model::locale::Lang;
use refusion_core::model::money::Money;
use refusion_core::model::totals::Totals;
use refusion_core::{Error, ErrorKind};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ColNum, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet,
    XlsxError,
};

/// Kroner with two decimals and a thousands separator; Danish Excel shows `#.##0,00 kr.`.
pub const MONEY_FORMAT: &str = "#,##0.00 \"kr.\"";
/// Dates as real Excel dates, written the ISO way (as the CSV writes them).
pub const DATE_FORMAT: &str = "yyyy-mm-dd";

/// The most rows a worksheet holds (Excel's limit).
const MAX_ROWS: usize = 1_048_576;

/// A text in both languages.
#[derive(Clone, Copy)]
pub(crate) struct Tx(pub &'static str, pub &'static str);

impl Tx {
    /// The text in `lang` (Danish first).
    pub(crate) fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
}

/// Labels of columns the CSV writers do not have.
const OWN_COLUMNS: &[ColumnLabel] = &[
    ColumnLabel {
        key: "parameter",
        da: "Parameter",
        en: "Parameter",
    },
    ColumnLabel {
        key: "effective_from",
        da: "Gælder fra",
        en: "Effective from",
    },
    ColumnLabel {
        key: "source",
        da: "Kilde",
        en: "Source",
    },
    ColumnLabel {
        key: "url",
        da: "Adresse",
        en: "Address",
    },
    ColumnLabel {
        key: "price_year",
        da: "Prisår",
        en: "Price year",
    },
    ColumnLabel {
        key: "unit",
        da: "Enhed",
        en: "Unit",
    },
    ColumnLabel {
        key: "note",
        da: "Bemærkning",
        en: "Note",
    },
    ColumnLabel {
        key: "start",
        da: "Fra",
        en: "From",
    },
    ColumnLabel {
        key: "end",
        da: "Til (ikke medregnet)",
        en: "Until (not included)",
    },
    ColumnLabel {
        key: "spell",
        da: "Forløb i scenariet",
        en: "Spell",
    },
    ColumnLabel {
        key: "rate",
        da: "Refusionssats",
        en: "Refund rate",
    },
    ColumnLabel {
        key: "shelter",
        da: "Herberg, § 110 (kr.)",
        en: "Shelter, § 110 (DKK)",
    },
    ColumnLabel {
        key: "support",
        da: "Støtte, § 85 a (kr.)",
        en: "Support, § 85 a (DKK)",
    },
    ColumnLabel {
        key: "mode",
        da: "Mest sandsynlig",
        en: "Most likely",
    },
    ColumnLabel {
        key: "cost_per_fte",
        da: "Pris pr. årsværk (kr.)",
        en: "Cost per FTE (DKK)",
    },
    ColumnLabel {
        key: "share_percent",
        da: "Andel udskrevet (%)",
        en: "Share discharged (%)",
    },
    ColumnLabel {
        key: "rate_percent",
        da: "Døgntakst (% af registreret)",
        en: "Daily rate (% of registered)",
    },
    ColumnLabel {
        key: "stay_percent",
        da: "Opholdslængde (% af registreret)",
        en: "Stay length (% of registered)",
    },
];

/// A column's label in a language: the CSV's (so the workbook's headers equal the Danish CSV's), else the
/// workbook's own, else the key.
pub fn label(key: &'static str, lang: Lang) -> &'static str {
    column_label(key, lang)
        .or_else(|| {
            OWN_COLUMNS
                .iter()
                .find(|l| l.key == key)
                .map(|l| lang.pick(l.da, l.en))
        })
        .unwrap_or(key)
}

/// The four payers' column keys, in the order of the CSV.
pub(crate) const PAYER_KEYS: [&str; 4] = [
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

/// The four figures of a [`Totals`], in the order of [`PAYER_KEYS`].
pub(crate) fn payers(t: &Totals) -> [Money; 4] {
    [
        t.gross,
        t.citizen_payment,
        t.state_refusion,
        t.municipal_net,
    ]
}

/// "I alt" / "Total".
pub(crate) const TOTAL: Tx = Tx("I alt", "Total");
/// The label of the rounding row.
pub(crate) const ROUNDING: Tx = Tx("Afrunding", "Rounding");

/// A rust_xlsxwriter error as the core's error (field `xlsx`).
pub(crate) fn xlsx_error(e: XlsxError) -> Error {
    let kind = match e {
        XlsxError::RowColumnLimitError | XlsxError::MaxStringLengthExceeded => ErrorKind::Limit,
        _ => ErrorKind::InvalidParameter,
    };
    Error::new(
        kind,
        "xlsx",
        format!("the workbook could not be written: {e}"),
    )
}

/// Refuses a table of more rows than a worksheet holds, naming the sheet.
pub(crate) fn check_rows(rows: usize, sheet: &str) -> Result<(), Error> {
    if rows >= MAX_ROWS.saturating_sub(8) {
        return Err(Error::new(
            ErrorKind::Limit,
            "xlsx",
            format!(
                "the sheet {sheet:?} would need {rows} rows; a worksheet holds at most {MAX_ROWS} (write the result as CSV instead)"
            ),
        ));
    }
    Ok(())
}

/// The formats of a workbook.
pub(crate) struct Formats {
    pub header: Format,
    pub title: Format,
    pub bold: Format,
    pub money: Format,
    pub money_bold: Format,
    pub whole: Format,
    pub whole_bold: Format,
    pub year: Format,
    pub date: Format,
    pub decimal: Format,
    pub percent: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_bold: Format::new().set_num_format(MONEY_FORMAT).set_bold(),
            whole: Format::new().set_num_format("#,##0"),
            whole_bold: Format::new().set_num_format("#,##0").set_bold(),
            year: Format::new().set_num_format("0"),
            date: Format::new().set_num_format(DATE_FORMAT),
            decimal: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }
}

/// A workbook being written in one language.
pub(crate) struct Book {
    wb: Workbook,
    f: Formats,
    pub lang: Lang,
}

impl Book {
    pub(crate) fn new(lang: Lang) -> Book {
        Book {
            wb: Workbook::new(),
            f: Formats::new(),
            lang,
        }
    }

    /// A new sheet named in the workbook's language.
    pub(crate) fn sheet(&mut self, name: Tx) -> Result<Sheet<'_>, Error> {
        let ws = self.wb.add_worksheet();
        ws.set_name(name.get(self.lang)).map_err(xlsx_error)?;
        Ok(Sheet {
            ws,
            f: &self.f,
            lang: self.lang,
            widths: Vec::new(),
        })
    }

    /// The workbook's bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, Error> {
        self.wb.save_to_buffer().map_err(xlsx_error)
    }
}

/// Column width (in characters) bounds.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 60;

/// A worksheet being written: cells by kind, and the widest content per column.
pub(crate) struct Sheet<'b> {
    ws: &'b mut Worksheet,
    f: &'b Formats,
    pub lang: Lang,
    widths: Vec<usize>,
}

impl Sheet<'_> {
    fn fit(&mut self, col: ColNum, chars: usize) {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        if let Some(w) = self.widths.get_mut(c) {
            *w = (*w).max(chars.min(MAX_WIDTH));
        }
    }

    /// Text; `fit` says whether it counts for the column's width (long sentences do not).
    fn put_text(
        &mut self,
        row: RowNum,
        col: ColNum,
        text: &str,
        format: Option<&Format>,
        fit: bool,
    ) -> Result<(), Error> {
        match format {
            Some(f) => self.ws.write_string_with_format(row, col, text, f),
            None => self.ws.write_string(row, col, text),
        }
        .map_err(xlsx_error)?;
        if fit {
            self.fit(col, text.chars().count() + 2);
        }
        Ok(())
    }

    /// Text, counted for the column's width.
    pub(crate) fn text(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), Error> {
        self.put_text(row, col, text, None, true)
    }

    /// Bold text.
    pub(crate) fn bold(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), Error> {
        let f = self.f;
        self.put_text(row, col, text, Some(&f.bold), true)
    }

    /// A title.
    pub(crate) fn title(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), Error> {
        let f = self.f;
        self.put_text(row, col, text, Some(&f.title), false)
    }

    /// A sentence: overflows to the right, does not widen its column.
    pub(crate) fn sentence(&mut self, row: RowNum, col: ColNum, text: &str) -> Result<(), Error> {
        self.put_text(row, col, text, None, false)
    }

    fn put_number(
        &mut self,
        row: RowNum,
        col: ColNum,
        value: Decimal,
        format: &Format,
        chars: usize,
    ) -> Result<(), Error> {
        // The exact decimal goes to rust_xlsxwriter as it is; it becomes the cell's f64 only
        // as the cell is stored.
        self.ws
            .write_with_format(row, col, value, format)
            .map_err(xlsx_error)?;
        self.fit(col, chars);
        Ok(())
    }

    fn money_with(&mut self, row: RowNum, col: ColNum, m: Money, bold: bool) -> Result<(), Error> {
        let f = self.f;
        let d = m.as_decimal();
        // Digits, separators, decimals, " kr." and a margin.
        let digits = d.trunc().abs().to_string().len();
        let chars = digits + digits / 3 + 9;
        self.put_number(
            row,
            col,
            d,
            if bold { &f.money_bold } else { &f.money },
            chars,
        )
    }

    /// Kroner, as a number in the money format.
    pub(crate) fn money(&mut self, row: RowNum, col: ColNum, m: Money) -> Result<(), Error> {
        self.money_with(row, col, m, false)
    }

    /// Kroner, bold (a totals row).
    pub(crate) fn money_bold(&mut self, row: RowNum, col: ColNum, m: Money) -> Result<(), Error> {
        self.money_with(row, col, m, true)
    }

    /// The four payers from column `col` on.
    pub(crate) fn payers(
        &mut self,
        row: RowNum,
        col: ColNum,
        t: &Totals,
        bold: bool,
    ) -> Result<(), Error> {
        for (k, m) in (col..).zip(payers(t)) {
            self.money_with(row, k, m, bold)?;
        }
        Ok(())
    }

    fn whole_with(&mut self, row: RowNum, col: ColNum, n: i64, bold: bool) -> Result<(), Error> {
        let f = self.f;
        let chars = n.unsigned_abs().to_string().len() + 4;
        let format = if bold { &f.whole_bold } else { &f.whole };
        self.put_number(row, col, Decimal::from(n), format, chars)
    }

    /// A count (nights, days, stays) as a whole number.
    pub(crate) fn whole(&mut self, row: RowNum, col: ColNum, n: i64) -> Result<(), Error> {
        self.whole_with(row, col, n, false)
    }

    /// A count in a totals row.
    pub(crate) fn whole_bold(&mut self, row: RowNum, col: ColNum, n: i64) -> Result<(), Error> {
        self.whole_with(row, col, n, true)
    }

    /// A year: a number without thousands separator.
    pub(crate) fn year(&mut self, row: RowNum, col: ColNum, year: i32) -> Result<(), Error> {
        let f = self.f;
        self.put_number(row, col, Decimal::from(year), &f.year, 6)
    }

    /// A decimal quantity (citizen-years, FTE) with two decimals.
    pub(crate) fn decimal(&mut self, row: RowNum, col: ColNum, d: Decimal) -> Result<(), Error> {
        let f = self.f;
        let chars = d.trunc().abs().to_string().len() + 6;
        self.put_number(row, col, d, &f.decimal, chars)
    }

    /// A fraction shown as a percentage (`0.035` as `3.5%`).
    pub(crate) fn percent(&mut self, row: RowNum, col: ColNum, d: Decimal) -> Result<(), Error> {
        let f = self.f;
        self.put_number(row, col, d, &f.percent, 8)
    }

    /// A date as a real Excel date.
    pub(crate) fn date(&mut self, row: RowNum, col: ColNum, date: Date) -> Result<(), Error> {
        let bad = || xlsx_error(XlsxError::ParameterError(format!("date {date}")));
        let y = u16::try_from(date.year()).map_err(|_| bad())?;
        let m = u8::try_from(date.month()).map_err(|_| bad())?;
        let d = u8::try_from(date.day()).map_err(|_| bad())?;
        let dt = ExcelDateTime::from_ymd(y, m, d).map_err(xlsx_error)?;
        let f = self.f;
        self.ws
            .write_datetime_with_format(row, col, dt, &f.date)
            .map_err(xlsx_error)?;
        self.fit(col, 12);
        Ok(())
    }

    /// A header row of column labels at `row`, from column 0.
    pub(crate) fn header(&mut self, row: RowNum, keys: &[&'static str]) -> Result<(), Error> {
        let f = self.f;
        for (col, key) in (0..).zip(keys) {
            let text = label(key, self.lang);
            self.ws
                .write_string_with_format(row, col, text, &f.header)
                .map_err(xlsx_error)?;
            // Headers wrap; their longest word sets a floor.
            let word = text
                .split(' ')
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            self.fit(col, (text.chars().count() / 2).max(word) + 2);
        }
        Ok(())
    }

    /// Freezes the rows above `row` (the title and header rows).
    pub(crate) fn freeze(&mut self, row: RowNum) -> Result<(), Error> {
        self.ws.set_freeze_panes(row, 0).map_err(xlsx_error)?;
        Ok(())
    }

    /// An autofilter over the header at `header` and the data rows up to `last` (inclusive),
    /// `cols` columns wide.
    pub(crate) fn filter(
        &mut self,
        header: RowNum,
        last: RowNum,
        cols: usize,
    ) -> Result<(), Error> {
        let last_col = ColNum::try_from(cols.saturating_sub(1))
            .map_err(|_| xlsx_error(XlsxError::RowColumnLimitError))?;
        self.ws
            .autofilter(header, 0, last.max(header), last_col)
            .map_err(xlsx_error)?;
        Ok(())
    }

    /// Sets a column's width at least to `chars`.
    pub(crate) fn widen(&mut self, col: ColNum, chars: usize) {
        self.fit(col, chars);
    }

    /// Sets every column's width from its widest content.
    pub(crate) fn finish(self) -> Result<(), Error> {
        for (col, w) in (0..).zip(&self.widths) {
            if *w > 0 {
                let w = u32::try_from((*w).max(MIN_WIDTH)).unwrap_or(60);
                self.ws.set_column_width(col, w).map_err(xlsx_error)?;
            }
        }
        Ok(())
    }
}

/// Sums of rounded rows per column, to compare with a total rounded from exact sums.
#[derive(Clone, Debug)]
pub(crate) struct RowSums(pub Vec<Money>);

impl RowSums {
    pub(crate) fn new(columns: usize) -> RowSums {
        RowSums(vec![Money::ZERO; columns])
    }

    /// Adds a row's figures.
    pub(crate) fn add(&mut self, figures: &[Money]) -> Result<(), Error> {
        for (s, m) in self.0.iter_mut().zip(figures) {
            *s = s.checked_add(*m)?;
        }
        Ok(())
    }

    /// Adds a [`Totals`] row.
    pub(crate) fn add_totals(&mut self, t: &Totals) -> Result<(), Error> {
        self.add(&payers(t))
    }

    /// `total − sum` per column, or `None` when every column adds up.
    pub(crate) fn difference(&self, totals: &[Money]) -> Result<Option<Vec<Money>>, Error> {
        let d = totals
            .iter()
            .zip(&self.0)
            .map(|(t, s)| t.checked_sub(*s))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(d.iter().any(|m| !m.as_decimal().is_zero()).then_some(d))
    }
}

/// Why a rounding row is there, by what the rows are.
pub(crate) fn rounding_reason(rows: Rows, lang: Lang) -> &'static str {
    match rows {
        Rows::Citizens => Tx(
            "Hver borgers beløb er afrundet til hele øre; totalen er afrundet fra de præcise beløb, så summen af rækkerne kan afvige med nogle øre.",
            "Each citizen's amounts are rounded to the øre; the total is rounded from the exact amounts, so the sum of the rows can differ by a few øre.",
        ),
        Rows::CitizenYears => Tx(
            "Hver borgers beløb pr. år er afrundet til hele øre; totalen er afrundet fra de præcise beløb, så summen af rækkerne kan afvige med nogle øre.",
            "Each citizen-year's amounts are rounded to the øre; the total is rounded from the exact amounts, so the sum of the rows can differ by a few øre.",
        ),
        Rows::Years => Tx(
            "Hvert års beløb er afrundet til hele øre; totalen er afrundet fra de præcise beløb, så summen af årene kan afvige med nogle øre.",
            "Each year's amounts are rounded to the øre; the total is rounded from the exact amounts, so the sum of the years can differ by a few øre.",
        ),
    }
    .get(lang)
}

/// What the rows of a table with a rounding row are.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Rows {
    Citizens,
    CitizenYears,
    Years,
}

/// Writes a rounding row at `row` when `difference` has one: the label in column 0, the
/// differences in `money_cols`, the reason on the next row. Returns the rows written (0 or 2).
pub(crate) fn rounding_row(
    sheet: &mut Sheet<'_>,
    row: RowNum,
    money_cols: &[ColNum],
    difference: Option<&[Money]>,
    rows: Rows,
) -> Result<RowNum, Error> {
    let Some(d) = difference else {
        return Ok(0);
    };
    let lang = sheet.lang;
    sheet.bold(row, 0, ROUNDING.get(lang))?;
    for (col, m) in money_cols.iter().zip(d) {
        sheet.money(row, *col, *m)?;
    }
    sheet.sentence(row + 1, 0, rounding_reason(rows, lang))?;
    Ok(2)
}
