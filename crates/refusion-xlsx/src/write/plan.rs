//! A plan: overview, the effect per year by payer (the plan CSV's columns), both pathways per
//! year, and the parameters of its policy. The per-year tables are shared with the budget.

use refusion_core::model::locale::Lang;
use refusion_core::model::money::Money;
use refusion_core::model::totals::Totals;
use refusion_core::planning::plan::{PlanResult, PlanYear};
use refusion_core::{Engine, Error};

use super::book::{rounding_row, Book, RowSums, Rows, Sheet, Tx, TOTAL};
use super::overview::Overview;
use super::parameters::{self, policy_named, Used, PARAMETERS};
use super::register::YEARS;

/// The plan CSV's columns.
pub(crate) const PLAN_KEYS: [&str; 11] = [
    "year",
    "support_citizen_years",
    "teams",
    "new_teams",
    "fte",
    "difference_gross",
    "difference_state_refusion",
    "difference_municipal_net",
    "establishment",
    "municipal_effect",
    "present_value",
];

/// "Forløb" / "Pathways".
pub(crate) const PATHWAYS: Tx = Tx("Forløb", "Pathways");

const PATHWAY_KEYS: [&str; 8] = [
    "year",
    "pathway",
    "shelter",
    "support",
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

/// One plan's totals as the CSV's total row has them.
pub(crate) struct PlanTotals<'a> {
    pub effect: &'a Totals,
    pub municipal: Money,
    pub present_value: Money,
}

/// Writes a plan's years from column `col` at `row` on, then its totals row (and a rounding
/// row if the rows do not add up); returns the next free row.
pub(crate) fn plan_rows(
    sheet: &mut Sheet<'_>,
    mut row: u32,
    col: u16,
    years: &[PlanYear],
    totals: &PlanTotals<'_>,
    lead: &dyn Fn(&mut Sheet<'_>, u32) -> Result<(), Error>,
) -> Result<u32, Error> {
    let lang = sheet.lang;
    let mut sums = RowSums::new(6);
    for y in years {
        lead(sheet, row)?;
        sheet.year(row, col, y.year)?;
        sheet.decimal(row, col + 1, y.support_citizen_years)?;
        sheet.whole(row, col + 2, i64::from(y.teams))?;
        sheet.whole(row, col + 3, i64::from(y.new_teams))?;
        if let Some(fte) = y.fte {
            sheet.decimal(row, col + 4, fte)?;
        }
        let money = [
            y.effect.gross,
            y.effect.state_refusion,
            y.effect.municipal_net,
            y.establishment,
            y.municipal_effect,
            y.present_value,
        ];
        for (k, m) in (col + 5..).zip(money) {
            sheet.money(row, k, m)?;
        }
        sums.add(&money)?;
        row += 1;
    }
    lead(sheet, row)?;
    sheet.bold(row, col, TOTAL.get(lang))?;
    let establishment = sums.0.get(3).copied().unwrap_or(Money::ZERO);
    let total = [
        totals.effect.gross,
        totals.effect.state_refusion,
        totals.effect.municipal_net,
        establishment,
        totals.municipal,
        totals.present_value,
    ];
    for (k, m) in (col + 5..).zip(total) {
        sheet.money_bold(row, k, m)?;
    }
    row += 1;
    let d = sums.difference(&total)?;
    let cols: Vec<u16> = (col + 5..col + 11).collect();
    row += rounding_row(sheet, row, &cols, d.as_deref(), Rows::Years)?;
    Ok(row)
}

/// Writes both pathways of each year, from column `col` on.
pub(crate) fn pathway_rows(
    sheet: &mut Sheet<'_>,
    mut row: u32,
    col: u16,
    years: &[PlanYear],
    lead: &dyn Fn(&mut Sheet<'_>, u32) -> Result<(), Error>,
) -> Result<u32, Error> {
    let lang = sheet.lang;
    for y in years {
        for (name, p) in [
            (Tx("Uændret (basis)", "Unchanged (baseline)"), &y.baseline),
            (Tx("Plan", "Plan"), &y.plan),
        ] {
            lead(sheet, row)?;
            sheet.year(row, col, y.year)?;
            sheet.text(row, col + 1, name.get(lang))?;
            sheet.money(row, col + 2, p.shelter)?;
            sheet.money(row, col + 3, p.support)?;
            sheet.payers(row, col + 4, &p.totals, false)?;
            row += 1;
        }
    }
    Ok(row)
}

pub(crate) fn write(engine: &Engine, p: &PlanResult, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut book = Book::new(lang);
    let resolved = policy_named(engine, &p.policy);
    {
        let mut o = Overview::new(
            &mut book,
            Tx(
                "Plan: udskrivning til bostøtte mod ophold på herberg",
                "Plan: discharge to home support against staying in the shelter",
            ),
            Tx(
                "Hvad planen ændrer år for år for kommunen, staten og borgerne i forhold til at fortsætte uændret (plan − basis).",
                "What the plan changes year by year for the municipality, the state and the citizens against carrying on unchanged (plan − baseline).",
            ),
        )?;
        let preset = resolved.as_ref().map_or("", |(q, _)| q.preset.as_str());
        o.policy(engine, &p.policy, preset)?;
        o.percent(
            Tx("Diskonteringsrente", "Discount rate").get(lang),
            p.discount_rate.as_decimal(),
        )?;
        o.gap();
        o.totals(
            Tx(
                "Effekt i alt (plan − basis)",
                "Total effect (plan − baseline)",
            ),
            &p.total_effect,
        )?;
        o.money(
            Tx(
                "Kommunens budgeteffekt i alt, med etablering",
                "Municipal budget effect in all, with establishment",
            )
            .get(lang),
            p.total_municipal_effect,
        )?;
        o.money(
            Tx("Nutidsværdi i alt", "Present value in all").get(lang),
            p.total_present_value,
        )?;
        o.gap();
        o.say(Tx(
            "Et positivt tal er en merudgift for betaleren, et negativt en besparelse.",
            "A positive figure is an extra cost to the payer, a negative one a saving.",
        ))?;
        o.money_sentences()?;
        o.gap();
        o.sheets(&[
            (
                YEARS,
                Tx(
                    "Effekten pr. år og betaler, støtte i borgerår, team og etablering.",
                    "The effect per year and payer, support in citizen-years, teams and establishment.",
                ),
            ),
            (
                PATHWAYS,
                Tx(
                    "Begge forløb pr. år: herberg, støtte og fordeling på betalere.",
                    "Both pathways per year: shelter, support and the split by payer.",
                ),
            ),
            (
                PARAMETERS,
                Tx(
                    "Reglerne og satserne med ikrafttræden, kilde og prisår.",
                    "The rules and rates with their effective dates, sources and price years.",
                ),
            ),
        ])?;
        o.finish()?;
    }
    {
        let mut sheet = book.sheet(YEARS)?;
        sheet.header(0, &PLAN_KEYS)?;
        sheet.freeze(1)?;
        let no_lead = |_: &mut Sheet<'_>, _: u32| Ok(());
        let last = 1 + u32::try_from(p.years.len()).unwrap_or(0);
        let totals = PlanTotals {
            effect: &p.total_effect,
            municipal: p.total_municipal_effect,
            present_value: p.total_present_value,
        };
        plan_rows(&mut sheet, 1, 0, &p.years, &totals, &no_lead)?;
        sheet.filter(0, last.saturating_sub(1), PLAN_KEYS.len())?;
        sheet.finish()?;
    }
    {
        let mut sheet = book.sheet(PATHWAYS)?;
        sheet.header(0, &PATHWAY_KEYS)?;
        sheet.freeze(1)?;
        let no_lead = |_: &mut Sheet<'_>, _: u32| Ok(());
        let row = pathway_rows(&mut sheet, 1, 0, &p.years, &no_lead)?;
        sheet.filter(0, row.saturating_sub(1), PATHWAY_KEYS.len())?;
        sheet.finish()?;
    }
    write_parameters(&mut book, engine, resolved.as_ref(), &[])?;
    book.finish()
}

/// The parameters sheet of a plan or budget: its policy resolved again by name.
pub(crate) fn write_parameters(
    book: &mut Book,
    engine: &Engine,
    resolved: Option<&(refusion_core::Policy, bool)>,
    used: &[Used],
) -> Result<(), Error> {
    const NOT_EXACT: Tx = Tx(
        "Regelsættet har tilpasninger, som ikke er vist her; ovenfor står værdierne for det regelsæt, det bygger på.",
        "The policy has overrides that are not shown here; above are the values of the preset it builds on.",
    );
    match resolved {
        Some((policy, exact)) => {
            let note = if *exact { None } else { Some(NOT_EXACT) };
            parameters::write(book, engine, &[(policy, note)], used)
        }
        None => parameters::write(book, engine, &[], used),
    }
}
