//! A budget: overview with each variant (annual cost and totals), the variants' years by payer
//! (the budget CSV's columns), both pathways per year, and the parameters with the annual costs
//! used and their price years.

use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::BudgetResult;
use refusion_core::{Engine, Error};
use rust_decimal::Decimal;

use super::book::{label, Book, Sheet, Tx};
use super::overview::Overview;
use super::parameters::{policy_named, Used, PARAMETERS};
use super::plan::{pathway_rows, plan_rows, write_parameters, PlanTotals, PATHWAYS, PLAN_KEYS};
use super::register::YEARS;

/// A variant's name in the workbook's language (the page says the same: lav, gennemsnit, høj).
fn variant_name(label: &str, lang: Lang) -> &str {
    match (label, lang) {
        ("low", Lang::Da) => "lav",
        ("mean", Lang::Da) => "gennemsnit",
        ("high", Lang::Da) => "høj",
        _ => label,
    }
}

pub(crate) fn write(engine: &Engine, b: &BudgetResult, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut book = Book::new(lang);
    let resolved = policy_named(engine, &b.policy);
    {
        let mut o = Overview::new(
            &mut book,
            Tx(
                "Budget: udskrivning til bostøtte, lav, middel og høj pris",
                "Budget: discharge to home support at a low, mean and high cost",
            ),
            Tx(
                "Hvad det koster og sparer år for år at udskrive borgere fra herberg til bostøtte, for hver årlig pris pr. borger (plan − basis).",
                "What discharging citizens from the shelter to home support costs and saves year by year, for each annual cost per citizen (plan − baseline).",
            ),
        )?;
        let preset = resolved.as_ref().map_or("", |(q, _)| q.preset.as_str());
        o.policy(engine, &b.policy, preset)?;
        o.year(Tx("Første år", "First year").get(lang), b.first_year)?;
        o.whole(
            Tx("År i alt", "Years").get(lang),
            i64::from(b.horizon_years),
        )?;
        o.percent(
            Tx("Andel udskrevet", "Share discharged").get(lang),
            Decimal::new(b.share_discharged_percent, 2),
        )?;
        o.whole(
            Tx("Borgere pr. team", "Citizens per team").get(lang),
            i64::from(b.caseload),
        )?;
        o.percent(
            Tx("Diskonteringsrente", "Discount rate").get(lang),
            b.discount_rate.as_decimal(),
        )?;
        for v in &b.variants {
            o.gap();
            o.text(label("variant", lang), variant_name(&v.label, lang))?;
            o.money(label("annual_cost", lang), v.annual_cost)?;
            o.money(
                Tx(
                    "Kommunens budgeteffekt i alt, med etablering",
                    "Municipal budget effect in all, with establishment",
                )
                .get(lang),
                v.total_municipal_effect,
            )?;
            o.money(
                Tx("Nutidsværdi i alt", "Present value in all").get(lang),
                v.total_present_value,
            )?;
            if let Some(per_fte) = v.cost_per_fte {
                o.money(label("cost_per_fte", lang), per_fte)?;
            }
        }
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
                    "Effekten pr. variant, år og betaler, med en total pr. variant.",
                    "The effect per variant, year and payer, with a total per variant.",
                ),
            ),
            (
                PATHWAYS,
                Tx(
                    "Begge forløb pr. variant og år: herberg, støtte og fordeling på betalere.",
                    "Both pathways per variant and year: shelter, support and the split by payer.",
                ),
            ),
            (
                PARAMETERS,
                Tx(
                    "Reglerne og satserne med kilde og prisår, og de årlige priser, der er brugt.",
                    "The rules and rates with their sources and price years, and the annual costs used.",
                ),
            ),
        ])?;
        o.finish()?;
    }
    {
        let mut sheet = book.sheet(YEARS)?;
        let mut keys = vec!["variant", "annual_cost"];
        keys.extend(PLAN_KEYS);
        sheet.header(0, &keys)?;
        sheet.freeze(1)?;
        let mut row = 1;
        for v in &b.variants {
            let lead = |s: &mut Sheet<'_>, r: u32| {
                s.text(r, 0, variant_name(&v.label, lang))?;
                s.money(r, 1, v.annual_cost)
            };
            let totals = PlanTotals {
                effect: &v.total_effect,
                municipal: v.total_municipal_effect,
                present_value: v.total_present_value,
            };
            row = plan_rows(&mut sheet, row, 2, &v.years, &totals, &lead)?;
        }
        sheet.filter(0, row.saturating_sub(1), keys.len())?;
        sheet.finish()?;
    }
    {
        let mut sheet = book.sheet(PATHWAYS)?;
        let keys = [
            "variant",
            "year",
            "pathway",
            "shelter",
            "support",
            "gross",
            "citizen_payment",
            "state_refusion",
            "municipal_net",
        ];
        sheet.header(0, &keys)?;
        sheet.freeze(1)?;
        let mut row = 1;
        for v in &b.variants {
            let lead = |s: &mut Sheet<'_>, r: u32| s.text(r, 0, variant_name(&v.label, lang));
            row = pathway_rows(&mut sheet, row, 1, &v.years, &lead)?;
        }
        sheet.filter(0, row.saturating_sub(1), keys.len())?;
        sheet.finish()?;
    }
    let used: Vec<Used> = b
        .variants
        .iter()
        .map(|v| {
            Used::of(
                engine,
                format!(
                    "{}: {}",
                    label("annual_cost", lang),
                    variant_name(&v.label, lang)
                ),
                v.annual_cost,
            )
        })
        .collect();
    write_parameters(&mut book, engine, resolved.as_ref(), &used)?;
    book.finish()
}
