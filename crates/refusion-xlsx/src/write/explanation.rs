//! One citizen's explanation: the trace entries of the evaluation in the workbook's language,
//! one row per entry with its dates and counts as dates and numbers, and the citizen's totals.

use refusion_core::Error;

use super::book::{label, Book, Tx, PAYER_KEYS, TOTAL};
use super::Explained;

/// The sheet's name.
pub(crate) const EXPLANATION: Tx = Tx("Forklaring", "Explanation");

const KEYS: [&str; 12] = [
    "rule",
    "spell",
    "start",
    "end",
    "nights",
    "refunded_nights",
    "rate",
    "parameter",
    "value",
    "effective_from",
    "source",
    "text",
];

pub(crate) fn write(book: &mut Book, e: &Explained<'_>) -> Result<(), Error> {
    let lang = book.lang;
    let mut sheet = book.sheet(EXPLANATION)?;
    let ev = e.evaluation;
    let title = match lang {
        refusion_core::model::locale::Lang::Da => {
            format!(
                "Forklaring for borger {} (regelsæt {})",
                e.citizen_id, ev.policy
            )
        }
        refusion_core::model::locale::Lang::En => {
            format!(
                "Explanation for citizen {} (policy {})",
                e.citizen_id, ev.policy
            )
        }
    };
    sheet.title(0, 0, &title)?;
    sheet.header(1, &KEYS)?;
    sheet.freeze(2)?;
    let mut row = 2;
    for t in &ev.trace {
        sheet.text(row, 0, &t.rule)?;
        if !t.spell.is_empty() {
            sheet.text(row, 1, &t.spell)?;
        }
        sheet.date(row, 2, t.start)?;
        sheet.date(row, 3, t.end)?;
        sheet.whole(row, 4, t.nights)?;
        sheet.whole(row, 5, t.refunded_nights)?;
        if let Some(rate) = &t.rate {
            sheet.text(row, 6, rate)?;
        }
        if let Some(p) = &t.parameter {
            sheet.text(row, 7, &p.name)?;
            sheet.text(row, 8, &p.value)?;
            sheet.date(row, 9, p.effective_from)?;
            sheet.text(row, 10, &p.source)?;
        }
        sheet.sentence(row, 11, lang.pick(&t.text_da, &t.text))?;
        row += 1;
    }
    sheet.filter(1, row.saturating_sub(1), KEYS.len())?;
    sheet.widen(11, 60);
    row += 1;
    sheet.bold(
        row,
        0,
        Tx("Borgerens beløb i alt", "The citizen's amounts in all").get(lang),
    )?;
    row += 1;
    sheet.bold(row, 0, label("year", lang))?;
    for (col, key) in (1..).zip(PAYER_KEYS) {
        sheet.bold(row, col, label(key, lang))?;
    }
    row += 1;
    for y in &ev.years {
        sheet.year(row, 0, y.year)?;
        sheet.payers(row, 1, &y.totals, false)?;
        row += 1;
    }
    sheet.bold(row, 0, TOTAL.get(lang))?;
    sheet.payers(row, 1, &ev.totals, true)?;
    sheet.finish()
}
