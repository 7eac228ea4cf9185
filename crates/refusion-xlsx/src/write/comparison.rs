//! A comparison of two policies: overview, the years by payer under each and their difference
//! (the comparison CSV's columns), and the parameters of both policies.

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::locale::Lang;
use refusion_core::model::money::Money;
use refusion_core::model::totals::Totals;
use refusion_core::{Engine, Error};

use super::book::{payers, rounding_row, Book, RowSums, Rows, Tx, TOTAL};
use super::overview::Overview;
use super::parameters::{self, policy_named, PARAMETERS};
use super::register::YEARS;

const KEYS: [&str; 15] = [
    "year",
    "policy",
    "base",
    "base_gross",
    "base_citizen_payment",
    "base_state_refusion",
    "base_municipal_net",
    "policy_gross",
    "policy_citizen_payment",
    "policy_state_refusion",
    "policy_municipal_net",
    "difference_gross",
    "difference_citizen_payment",
    "difference_state_refusion",
    "difference_municipal_net",
];

fn twelve(b: &Totals, p: &Totals, d: &Totals) -> Vec<Money> {
    let mut out = Vec::with_capacity(12);
    for t in [b, p, d] {
        out.extend(payers(t));
    }
    out
}

pub(crate) fn write(engine: &Engine, c: &PolicyComparison, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut book = Book::new(lang);
    let policy = policy_named(engine, &c.policy);
    let base = policy_named(engine, &c.base);
    {
        let mut o = Overview::new(
            &mut book,
            Tx(
                "Sammenligning af to regelsæt",
                "Two policies compared",
            ),
            Tx(
                "De samme borgere under to regelsæt, år for år: hvad ændringen af reglerne koster eller sparer hver betaler.",
                "The same citizens under two policies, year by year: what the change of the rules costs or saves each payer.",
            ),
        )?;
        let preset = |r: &Option<(refusion_core::Policy, bool)>| {
            r.as_ref().map_or(String::new(), |(p, _)| p.preset.clone())
        };
        o.policy(engine, &c.policy, &preset(&policy))?;
        o.text(super::book::label("base", lang), &c.base)?;
        if let Some(d) = engine.catalog().preset_description(&preset(&base), lang) {
            o.text("", d)?;
        }
        o.gap();
        o.totals(
            Tx("Sammenlignet med, alle år", "Compared with, all years"),
            &c.base_totals,
        )?;
        o.gap();
        o.totals(
            Tx("Regelsæt, alle år", "Policy, all years"),
            &c.policy_totals,
        )?;
        o.gap();
        o.totals(
            Tx(
                "Forskel (regelsæt − sammenligning)",
                "Difference (policy − base)",
            ),
            &c.difference,
        )?;
        o.gap();
        o.say(Tx(
            "Forskellen er regelsæt minus sammenligning: et positivt tal er det, ændringen koster betaleren, et negativt det, den sparer.",
            "The difference is policy minus base: a positive figure is what the change costs the payer, a negative one what it saves.",
        ))?;
        o.money_sentences()?;
        o.gap();
        o.sheets(&[
            (
                YEARS,
                Tx(
                    "Hvert år under begge regelsæt og forskellen, fordelt på betalere.",
                    "Each year under both policies and the difference, by payer.",
                ),
            ),
            (
                PARAMETERS,
                Tx(
                    "Begge regelsæts regler og satser med ikrafttræden, kilde og prisår.",
                    "Both policies' rules and rates with their effective dates, sources and price years.",
                ),
            ),
        ])?;
        o.finish()?;
    }
    {
        let mut sheet = book.sheet(YEARS)?;
        sheet.header(0, &KEYS)?;
        sheet.freeze(1)?;
        let mut sums = RowSums::new(12);
        let mut row = 1;
        for y in &c.years {
            sheet.year(row, 0, y.year)?;
            sheet.text(row, 1, &c.policy)?;
            sheet.text(row, 2, &c.base)?;
            let figures = twelve(&y.base, &y.policy, &y.difference);
            for (col, m) in (3..).zip(&figures) {
                sheet.money(row, col, *m)?;
            }
            sums.add(&figures)?;
            row += 1;
        }
        sheet.filter(0, row.saturating_sub(1), KEYS.len())?;
        row += 1;
        sheet.bold(row, 0, TOTAL.get(lang))?;
        sheet.text(row, 1, &c.policy)?;
        sheet.text(row, 2, &c.base)?;
        let totals = twelve(&c.base_totals, &c.policy_totals, &c.difference);
        for (col, m) in (3..).zip(&totals) {
            sheet.money_bold(row, col, *m)?;
        }
        row += 1;
        let d = sums.difference(&totals)?;
        let cols: Vec<u16> = (3..15).collect();
        rounding_row(&mut sheet, row, &cols, d.as_deref(), Rows::Years)?;
        sheet.finish()?;
    }
    let mut policies = Vec::new();
    for r in [&policy, &base].into_iter().flatten() {
        policies.push((
            &r.0,
            (!r.1).then_some(Tx(
                "Et regelsæt har tilpasninger, som ikke er vist her; ovenfor står værdierne for det regelsæt, det bygger på.",
                "A policy has overrides that are not shown here; above are the values of the preset it builds on.",
            )),
        ));
    }
    parameters::write(&mut book, engine, &policies, &[])?;
    book.finish()
}
