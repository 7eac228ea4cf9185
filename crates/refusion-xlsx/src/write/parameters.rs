//! The parameters sheet: every parameter of the policies used, step by step, with its value,
//! the date it took effect, its source and (for amounts in kroner) its price year; then the
//! published reference figures with their price years, and the amounts a plan or budget used.
//! Everything comes from the engine's catalog; nothing is restated here.

use refusion_core::model::money::Money;
use refusion_core::rules::parameters::{ParameterView, StepView, Unit};
use refusion_core::{Engine, Error, Policy, PolicySpec};
use rust_decimal::Decimal;
use std::str::FromStr;

use super::book::{Book, Sheet, Tx};

/// The sheet's name.
pub(crate) const PARAMETERS: Tx = Tx("Parametre", "Parameters");

const KEYS: [&str; 11] = [
    "policy",
    "parameter",
    "rule",
    "value",
    "unit",
    "effective_from",
    "source",
    "url",
    "price_year",
    "text",
    "note",
];

const REFERENCE_KEYS: [&str; 6] = ["item", "value", "price_year", "source", "url", "text"];

/// An amount a plan, budget or Monte Carlo run used, with its price year when the catalog
/// gives one (a published reference figure).
pub(crate) struct Used {
    pub label: String,
    pub value: Money,
    pub price_year: Option<i32>,
    pub source: String,
    pub url: String,
}

impl Used {
    /// An amount, with the price year and source of the catalog's reference figure it equals
    /// (M-ACT's mean, low or high, or ACT's mean), if any.
    pub(crate) fn of(engine: &Engine, label: String, value: Money) -> Used {
        let d = engine.catalog().defaults();
        let m = &d.m_act;
        let a = &d.act;
        let found = if [Some(m.mean), m.low, m.high].contains(&Some(value)) {
            Some((m.price_year, &m.citation, &m.url))
        } else if [Some(a.mean), a.low, a.high].contains(&Some(value)) {
            Some((a.price_year, &a.citation, &a.url))
        } else {
            None
        };
        match found {
            Some((year, citation, url)) => Used {
                label,
                value,
                price_year: Some(year),
                source: citation.clone(),
                url: url.clone(),
            },
            None => Used {
                label,
                value,
                price_year: None,
                source: String::new(),
                url: String::new(),
            },
        }
    }
}

/// The policy a plan or budget names, resolved again from the catalog: the preset itself, or
/// (for a name with overrides, `statutory + cap_nights`) its preset, flagged as not exact.
pub(crate) fn policy_named(engine: &Engine, name: &str) -> Option<(Policy, bool)> {
    if let Ok(p) = engine.resolve(&PolicySpec::preset(name)) {
        return Some((p, true));
    }
    let preset = name.split(" + ").next().unwrap_or(name).trim();
    engine
        .resolve(&PolicySpec::preset(preset))
        .ok()
        .map(|p| (p, false))
}

/// The price year of a step in kroner: the year the amount took effect, or, when the step
/// carries the previous step's amount forward from the same source, that step's price year.
fn price_years(p: &ParameterView) -> Vec<Option<i32>> {
    let mut out: Vec<Option<i32>> = Vec::with_capacity(p.steps.len());
    let mut prev: Option<(&StepView, Option<i32>)> = None;
    for s in &p.steps {
        let year = if p.definition.unit == Unit::Kr {
            match prev {
                Some((q, y)) if q.value == s.value && q.source == s.source => y,
                _ => s.from.map(|d| chrono::Datelike::year(&d)),
            }
        } else {
            None
        };
        out.push(year);
        prev = Some((s, year));
    }
    out
}

/// A step's value as a typed cell: kroner as money, counts as whole numbers, shares as
/// percentages, dates as dates, words as the text people read.
fn value_cell(sheet: &mut Sheet<'_>, row: u32, unit: Unit, s: &StepView) -> Result<(), Error> {
    let lang = sheet.lang;
    let text = s.value.as_str().map(str::to_string);
    let number = s
        .value
        .as_i64()
        .map(Decimal::from)
        .or_else(|| text.as_deref().and_then(|t| Decimal::from_str(t).ok()));
    match (unit, number) {
        (Unit::Kr, Some(d)) => sheet.money(row, 3, Money::from_decimal(d)),
        (Unit::Rate, Some(d)) => sheet.percent(row, 3, d),
        (Unit::Nights | Unit::Months | Unit::Years, Some(d)) if d.fract().is_zero() => {
            let n = i64::try_from(d).unwrap_or(0);
            sheet.whole(row, 3, n)
        }
        (Unit::Date, _) => match text
            .as_deref()
            .and_then(|t| refusion_core::calendar::parse_date(t).ok())
        {
            Some(d) => sheet.date(row, 3, d),
            None => sheet.text(row, 3, s.shown.get(lang)),
        },
        _ => sheet.text(row, 3, s.shown.get(lang)),
    }
}

/// Writes the parameters of `policies` (each with whether it is exactly the one used, and a
/// note when it is not), the reference figures, and the amounts used.
pub(crate) fn write(
    book: &mut Book,
    engine: &Engine,
    policies: &[(&Policy, Option<Tx>)],
    used: &[Used],
) -> Result<(), Error> {
    let lang = book.lang;
    let catalog = engine.catalog();
    let mut sheet = book.sheet(PARAMETERS)?;
    sheet.sentence(
        0,
        0,
        Tx(
            "Reglerne og satserne beregningen bygger på, trin for trin, med kilde. Prisår: kronebeløb er i løbende priser for det år, de gælder fra (et beløb, der videreføres uændret, beholder sit prisår).",
            "The rules and rates the calculation rests on, step by step, with their sources. Price year: amounts in kroner are in current prices of the year they take effect (an amount carried forward keeps its price year).",
        )
        .get(lang),
    )?;
    sheet.header(1, &KEYS)?;
    sheet.freeze(2)?;
    let mut row: u32 = 2;
    let mut notes: Vec<&'static str> = Vec::new();
    for (policy, note) in policies {
        if let Some(n) = note {
            notes.push(n.get(lang));
        }
        let view = catalog.view(policy);
        for p in &view.parameters {
            let years = price_years(p);
            for (s, year) in p.steps.iter().zip(years) {
                sheet.text(row, 0, &view.name)?;
                sheet.text(row, 1, &p.definition.name)?;
                sheet.text(row, 2, &s.rule)?;
                value_cell(&mut sheet, row, p.definition.unit, s)?;
                sheet.text(row, 4, p.definition.unit.words(lang))?;
                match (s.from, s.from_age) {
                    (_, Some(age)) => {
                        let from = Tx("fra alder", "from age").get(lang);
                        sheet.text(row, 5, &format!("{from} {age}"))?;
                    }
                    // The model's first date: the step has always applied (a spreadsheet
                    // shows day 1 of its calendar differently, Excel 1900-01-01, LibreOffice
                    // 1899-12-31, so it is said in words).
                    (Some(d), None) if d == refusion_core::calendar::MIN_DATE => {
                        sheet.text(row, 5, Tx("altid", "always").get(lang))?;
                    }
                    (Some(d), None) => sheet.date(row, 5, d)?,
                    (None, None) => {}
                }
                sheet.text(row, 6, &s.citation)?;
                if !s.url.is_empty() {
                    sheet.text(row, 7, &s.url)?;
                }
                if let Some(y) = year {
                    sheet.year(row, 8, y)?;
                }
                sheet.sentence(row, 9, p.definition.description.get(lang))?;
                let mut remark = s.note.clone().unwrap_or_default();
                if let Some(why) = &p.unused {
                    if !remark.is_empty() {
                        remark.push_str("; ");
                    }
                    remark.push_str(why.get(lang));
                }
                if !remark.is_empty() {
                    sheet.sentence(row, 10, &remark)?;
                }
                row += 1;
            }
        }
    }
    sheet.filter(1, row.saturating_sub(1), KEYS.len())?;
    sheet.widen(9, 50);
    sheet.widen(10, 30);
    for n in notes {
        row += 1;
        sheet.sentence(row, 0, n)?;
    }

    // The published reference figures, with their price years.
    row += 2;
    sheet.bold(
        row,
        0,
        Tx(
            "Offentliggjorte referencetal",
            "Published reference figures",
        )
        .get(lang),
    )?;
    row += 1;
    sheet.header(row, &REFERENCE_KEYS)?;
    row += 1;
    let d = catalog.defaults();
    let figures = [
        (
            Tx(
                "M-ACT, gennemsnit pr. borgerår",
                "M-ACT, mean per citizen-year",
            ),
            Some(d.m_act.mean),
            &d.m_act,
        ),
        (Tx("M-ACT, laveste", "M-ACT, lowest"), d.m_act.low, &d.m_act),
        (
            Tx("M-ACT, højeste", "M-ACT, highest"),
            d.m_act.high,
            &d.m_act,
        ),
        (
            Tx("ACT pr. borgerår", "ACT per citizen-year"),
            Some(d.act.mean),
            &d.act,
        ),
    ];
    for (name, value, fig) in figures {
        let Some(value) = value else { continue };
        sheet.text(row, 0, name.get(lang))?;
        sheet.money(row, 1, value)?;
        sheet.year(row, 2, fig.price_year)?;
        sheet.text(row, 3, &fig.citation)?;
        sheet.text(row, 4, &fig.url)?;
        sheet.sentence(
            row,
            5,
            &format!("{} ({})", fig.scope.get(lang), fig.price_year_basis),
        )?;
        row += 1;
    }
    sheet.text(
        row,
        0,
        Tx("Diskonteringsrente (real)", "Discount rate (real)").get(lang),
    )?;
    sheet.percent(row, 1, d.discount_rate.value.as_decimal())?;
    sheet.text(row, 3, &d.discount_rate.citation)?;
    sheet.text(row, 4, &d.discount_rate.url)?;
    row += 1;

    if !used.is_empty() {
        row += 1;
        sheet.bold(
            row,
            0,
            Tx(
                "Beløb brugt i beregningen",
                "Amounts used in the calculation",
            )
            .get(lang),
        )?;
        row += 1;
        sheet.header(row, &REFERENCE_KEYS)?;
        row += 1;
        for u in used {
            sheet.text(row, 0, &u.label)?;
            sheet.money(row, 1, u.value)?;
            match u.price_year {
                Some(y) => {
                    sheet.year(row, 2, y)?;
                    sheet.text(row, 3, &u.source)?;
                    sheet.text(row, 4, &u.url)?;
                }
                None => sheet.sentence(
                    row,
                    5,
                    Tx(
                        "Angivet i forespørgslen; prisåret er ikke oplyst.",
                        "Given in the query; its price year is not stated.",
                    )
                    .get(lang),
                )?,
            }
            row += 1;
        }
    }
    sheet.finish()
}
