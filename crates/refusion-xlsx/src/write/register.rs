//! A register result: overview, years by payer, citizens, citizens by year, parameters and,
//! when asked, one citizen's explanation.

use std::collections::BTreeMap;

use refusion_core::engine::evaluation::YearTotals;
use refusion_core::model::locale::Lang;
use refusion_core::model::totals::Totals;
use refusion_core::population::register::ColumnsResult;
use refusion_core::{Engine, Error, Policy};

use super::book::{check_rows, payers, rounding_row, Book, RowSums, Rows, Tx, ROUNDING, TOTAL};
use super::overview::Overview;
use super::parameters::PARAMETERS;
use super::{explanation, parameters, Explained, RegisterTables};

/// "År og betaler" / "Years by payer".
pub(crate) const YEARS: Tx = Tx("År og betaler", "Years by payer");
/// "Borgere" / "Citizens".
pub(crate) const CITIZENS: Tx = Tx("Borgere", "Citizens");
/// "Borgere og år" / "Citizens by year".
pub(crate) const CITIZEN_YEARS: Tx = Tx("Borgere og år", "Citizens by year");

// The tables' columns, as the core names them for every front end.
use refusion_core::population::register::{
    CITIZEN_COLUMNS as CITIZEN_KEYS, CITIZEN_YEAR_COLUMNS as CITIZEN_YEAR_KEYS,
    YEAR_COLUMNS as YEAR_KEYS,
};

pub(crate) fn write(
    engine: &Engine,
    policy: &Policy,
    tables: &RegisterTables<'_>,
    explained: Option<&Explained<'_>>,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    let r = tables.result;
    check_rows(r.citizens.len(), CITIZENS.get(lang))?;
    check_rows(r.citizen_years.len(), CITIZEN_YEARS.get(lang))?;
    let mut book = Book::new(lang);
    overview(&mut book, engine, policy, r, explained)?;
    years(&mut book, &r.years, &r.totals)?;
    citizens(&mut book, tables)?;
    citizen_years(&mut book, tables)?;
    parameters::write(&mut book, engine, &[(policy, None)], &[])?;
    if let Some(e) = explained {
        explanation::write(&mut book, e)?;
    }
    book.finish()
}

fn overview(
    book: &mut Book,
    engine: &Engine,
    policy: &Policy,
    r: &ColumnsResult,
    explained: Option<&Explained<'_>>,
) -> Result<(), Error> {
    let lang = book.lang;
    let mut o = Overview::new(
        book,
        Tx(
            "Register: udgifter til hjemløshedsindsatsen fordelt på betalere",
            "Register: the cost of homelessness support by payer",
        ),
        Tx(
            "Hvad borgerne i registret koster kommunen, staten og borgerne selv efter reglerne for refusion, beregnet af refusion.",
            "What the citizens of the register cost the municipality, the state and the citizens themselves under the refund rules, computed by refusion.",
        ),
    )?;
    o.policy(engine, &policy.name, &policy.preset)?;
    o.whole(
        Tx("Borgere", "Citizens").get(lang),
        i64::try_from(r.citizens.len()).unwrap_or(i64::MAX),
    )?;
    o.whole(
        Tx("Rækker med ophold", "Stay rows").get(lang),
        i64::try_from(r.rows).unwrap_or(i64::MAX),
    )?;
    if let (Some(first), Some(last)) = (r.years.first(), r.years.last()) {
        o.year(Tx("Første år", "First year").get(lang), first.year)?;
        o.year(Tx("Sidste år", "Last year").get(lang), last.year)?;
    }
    o.gap();
    o.totals(Tx("I alt, alle år", "Total, all years"), &r.totals)?;
    o.gap();
    o.money_sentences()?;
    o.gap();
    let mut sheets = vec![
        (
            YEARS,
            Tx(
                "Hvert kalenderår fordelt på betalere, for hele registret.",
                "Each calendar year by payer, for the whole register.",
            ),
        ),
        (
            CITIZENS,
            Tx(
                "Én række pr. borger: ophold, nætter, refunderede nætter, dage med støtte og beløb.",
                "One row per citizen: stays, nights, refunded nights, support days and amounts.",
            ),
        ),
        (
            CITIZEN_YEARS,
            Tx(
                "Én række pr. borger og kalenderår.",
                "One row per citizen and calendar year.",
            ),
        ),
        (
            PARAMETERS,
            Tx(
                "Reglerne og satserne med ikrafttræden, kilde og prisår.",
                "The rules and rates with their effective dates, sources and price years.",
            ),
        ),
    ];
    if let Some(e) = explained {
        sheets.push((
            explanation::EXPLANATION,
            Tx(
                "Forklaringen af én borgers beregning, trin for trin.",
                "One citizen's calculation explained, step by step.",
            ),
        ));
        o.gap();
        o.text(
            Tx("Forklaret borger", "Citizen explained").get(lang),
            e.citizen_id,
        )?;
        o.gap();
    }
    o.sheets(&sheets)?;
    o.finish()
}

/// The years by payer, their total and (when the rounded years do not add up) the rounding.
pub(crate) fn years(book: &mut Book, years: &[YearTotals], total: &Totals) -> Result<(), Error> {
    let mut sheet = book.sheet(YEARS)?;
    let lang = sheet.lang;
    sheet.header(0, &YEAR_KEYS)?;
    sheet.freeze(1)?;
    let mut sums = RowSums::new(4);
    let mut row = 1;
    for y in years {
        sheet.year(row, 0, y.year)?;
        sheet.payers(row, 1, &y.totals, false)?;
        sums.add_totals(&y.totals)?;
        row += 1;
    }
    sheet.filter(0, row.saturating_sub(1), YEAR_KEYS.len())?;
    row += 1;
    sheet.bold(row, 0, TOTAL.get(lang))?;
    sheet.payers(row, 1, total, true)?;
    row += 1;
    let d = sums.difference(&payers(total))?;
    rounding_row(&mut sheet, row, &[1, 2, 3, 4], d.as_deref(), Rows::Years)?;
    sheet.finish()
}

fn citizens(book: &mut Book, tables: &RegisterTables<'_>) -> Result<(), Error> {
    let r = tables.result;
    let mut sheet = book.sheet(CITIZENS)?;
    let lang = sheet.lang;
    sheet.header(0, &CITIZEN_KEYS)?;
    sheet.freeze(1)?;
    let mut sums = RowSums::new(4);
    let mut counts = [0i64; 4];
    let mut row = 1;
    for c in &r.citizens {
        let id = (tables.citizen_id)(c.group as usize);
        sheet.text(row, 0, &id)?;
        let stays = i64::try_from(c.stays).unwrap_or(i64::MAX);
        let figures = [stays, c.nights, c.refunded_nights, c.support_days];
        for ((col, n), sum) in (1..).zip(figures).zip(counts.iter_mut()) {
            sheet.whole(row, col, n)?;
            *sum = sum.saturating_add(n);
        }
        sheet.payers(row, 5, &c.totals, false)?;
        sums.add_totals(&c.totals)?;
        row += 1;
    }
    sheet.filter(0, row.saturating_sub(1), CITIZEN_KEYS.len())?;
    row += 1;
    sheet.bold(row, 0, TOTAL.get(lang))?;
    for (col, n) in (1..).zip(counts) {
        sheet.whole_bold(row, col, n)?;
    }
    sheet.payers(row, 5, &r.totals, true)?;
    row += 1;
    let d = sums.difference(&payers(&r.totals))?;
    rounding_row(&mut sheet, row, &[5, 6, 7, 8], d.as_deref(), Rows::Citizens)?;
    sheet.finish()
}

fn citizen_years(book: &mut Book, tables: &RegisterTables<'_>) -> Result<(), Error> {
    let r = tables.result;
    let mut sheet = book.sheet(CITIZEN_YEARS)?;
    let lang = sheet.lang;
    sheet.header(0, &CITIZEN_YEAR_KEYS)?;
    sheet.freeze(1)?;
    let mut sums = RowSums::new(4);
    let mut by_year: BTreeMap<i32, RowSums> = BTreeMap::new();
    let mut row = 1;
    // The id of the citizen of the previous row (rows come grouped by citizen).
    let mut last: Option<(u32, String)> = None;
    for cy in &r.citizen_years {
        let id = match &last {
            Some((g, id)) if *g == cy.group => id.clone(),
            _ => {
                let id = (tables.citizen_id)(cy.group as usize);
                last = Some((cy.group, id.clone()));
                id
            }
        };
        sheet.text(row, 0, &id)?;
        sheet.year(row, 1, cy.year)?;
        sheet.payers(row, 2, &cy.totals, false)?;
        sums.add_totals(&cy.totals)?;
        by_year
            .entry(cy.year)
            .or_insert_with(|| RowSums::new(4))
            .add_totals(&cy.totals)?;
        row += 1;
    }
    sheet.filter(0, row.saturating_sub(1), CITIZEN_YEAR_KEYS.len())?;
    row += 1;
    sheet.bold(row, 0, TOTAL.get(lang))?;
    sheet.payers(row, 2, &r.totals, true)?;
    row += 1;
    let d = sums.difference(&payers(&r.totals))?;
    row += rounding_row(
        &mut sheet,
        row,
        &[2, 3, 4, 5],
        d.as_deref(),
        Rows::CitizenYears,
    )?;
    // Per year: the citizen-years of a year against the year's total.
    let mut first = true;
    for y in &r.years {
        let Some(s) = by_year.get(&y.year) else {
            continue;
        };
        let Some(d) = s.difference(&payers(&y.totals))? else {
            continue;
        };
        if first {
            row += 1;
            sheet.sentence(
                row,
                0,
                Tx(
                    "Afrunding pr. år: årets total (arket »År og betaler«) minus summen af årets rækker her.",
                    "Rounding per year: the year's total (sheet \"Years by payer\") minus the sum of the year's rows here.",
                )
                .get(lang),
            )?;
            row += 1;
            first = false;
        }
        sheet.bold(row, 0, ROUNDING.get(lang))?;
        sheet.year(row, 1, y.year)?;
        for (col, m) in (2..).zip(&d) {
            sheet.money(row, col, *m)?;
        }
        row += 1;
    }
    sheet.finish()
}
