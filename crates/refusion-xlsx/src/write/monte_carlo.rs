//! A Monte Carlo result: overview, the band of the municipal effect per year (percentiles),
//! the distributions drawn from, the first draws, and the reference figures.

use refusion_core::model::locale::Lang;
use refusion_core::planning::uncertainty::{Band, MonteCarlo};
use refusion_core::{Engine, Error};

use super::book::{label, Book, Sheet, Tx, TOTAL};
use super::overview::Overview;
use super::parameters::{self, Used, PARAMETERS};

/// "År" / "Years".
const BAND_YEARS: Tx = Tx("År", "Years");
/// "Antagelser" / "Assumptions".
const ASSUMPTIONS: Tx = Tx("Antagelser", "Assumptions");
/// "Træk" / "Draws".
const DRAWS: Tx = Tx("Træk", "Draws");

const BAND_KEYS: [&str; 6] = ["year", "p5", "p50", "p95", "min", "max"];
const INPUT_KEYS: [&str; 4] = ["input", "low_value", "mode", "high_value"];
const DRAW_KEYS: [&str; 4] = [
    "annual_cost",
    "rate_percent",
    "stay_percent",
    "share_percent",
];

fn band(sheet: &mut Sheet<'_>, row: u32, b: &Band, bold: bool) -> Result<(), Error> {
    for (col, m) in (1..).zip([b.p5, b.p50, b.p95, b.min, b.max]) {
        if bold {
            sheet.money_bold(row, col, m)?;
        } else {
            sheet.money(row, col, m)?;
        }
    }
    Ok(())
}

pub(crate) fn write(engine: &Engine, m: &MonteCarlo, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut book = Book::new(lang);
    {
        let mut o = Overview::new(
            &mut book,
            Tx(
                "Usikkerhed: kommunens budgeteffekt i mange træk (Monte Carlo)",
                "Uncertainty: the municipal budget effect over many draws (Monte Carlo)",
            ),
            Tx(
                "De usikre størrelser er trukket mange gange; for hvert træk er planen regnet om. Tabellerne viser, hvor kommunens budgeteffekt (plan − basis, med etablering) lå.",
                "The uncertain inputs were drawn many times and the plan recomputed for each draw. The tables show where the municipal budget effect (plan − baseline, with establishment) fell.",
            ),
        )?;
        o.whole(label("draws", lang), i64::from(m.draws))?;
        o.text(label("seed", lang), &m.seed.to_string())?;
        o.gap();
        o.heading(Tx("Hele perioden", "The whole horizon"))?;
        for (key, v) in BAND_KEYS.iter().skip(1).zip([
            m.total.p5,
            m.total.p50,
            m.total.p95,
            m.total.min,
            m.total.max,
        ]) {
            o.money(label(key, lang), v)?;
        }
        o.gap();
        o.say(Tx(
            "P5 og P95: 5 % af trækkene gav en lavere, henholdsvis højere effekt. Perioden i alt er percentiler af summen over årene, ikke summen af årenes percentiler.",
            "P5 and P95: 5 % of the draws gave a lower, respectively higher effect. The whole horizon's are percentiles of the sum over the years, not the sum of the years' percentiles.",
        ))?;
        o.say(Tx(
            "Et positivt tal er en merudgift for kommunen, et negativt en besparelse.",
            "A positive figure is an extra cost to the municipality, a negative one a saving.",
        ))?;
        o.gap();
        o.sheets(&[
            (
                BAND_YEARS,
                Tx(
                    "Percentiler pr. år og for hele perioden.",
                    "Percentiles per year and for the whole horizon.",
                ),
            ),
            (
                ASSUMPTIONS,
                Tx(
                    "De fordelinger, der er trukket fra.",
                    "The distributions drawn from.",
                ),
            ),
            (
                DRAWS,
                Tx(
                    "De første træk, så man kan se, hvad der blev trukket.",
                    "The first draws, to see what was drawn.",
                ),
            ),
            (
                PARAMETERS,
                Tx(
                    "Referencetal med prisår og kilde, og beløbene brugt.",
                    "Reference figures with price years and sources, and the amounts used.",
                ),
            ),
        ])?;
        o.finish()?;
    }
    {
        let mut sheet = book.sheet(BAND_YEARS)?;
        sheet.header(0, &BAND_KEYS)?;
        sheet.freeze(1)?;
        let mut row = 1;
        for y in &m.years {
            sheet.year(row, 0, y.year)?;
            band(&mut sheet, row, &y.band, false)?;
            row += 1;
        }
        sheet.filter(0, row.saturating_sub(1), BAND_KEYS.len())?;
        row += 1;
        sheet.bold(row, 0, TOTAL.get(lang))?;
        band(&mut sheet, row, &m.total, true)?;
        sheet.sentence(
            row + 1,
            0,
            Tx(
                "Totalen er percentiler af hele periodens effekt; den er ikke summen af årene.",
                "The total row holds percentiles of the whole horizon's effect; it is not the sum of the years.",
            )
            .get(lang),
        )?;
        sheet.finish()?;
    }
    let mut used = Vec::new();
    {
        let mut sheet = book.sheet(ASSUMPTIONS)?;
        sheet.header(0, &INPUT_KEYS)?;
        sheet.freeze(1)?;
        let mut row = 1;
        let u = &m.inputs;
        if let Some(t) = u.support_cost {
            let name = label("annual_cost", lang);
            sheet.text(row, 0, name)?;
            sheet.money(row, 1, t.low)?;
            sheet.money(row, 2, t.mode)?;
            sheet.money(row, 3, t.high)?;
            row += 1;
            for (what, v) in [
                (label("low_value", lang), t.low),
                (label("mode", lang), t.mode),
                (label("high_value", lang), t.high),
            ] {
                used.push(Used::of(engine, format!("{name}: {what}"), v));
            }
        }
        for (key, r) in [
            ("rate_percent", u.rate_change_percent),
            ("stay_percent", u.stay_change_percent),
            ("share_percent", u.share_discharged_percent),
        ] {
            let Some(r) = r else { continue };
            let name = match key {
                "rate_percent" => Tx("Ændring af døgntakst (%)", "Change of the daily rate (%)"),
                "stay_percent" => Tx("Ændring af opholdslængde (%)", "Change of stay lengths (%)"),
                _ => Tx("Andel udskrevet (%)", "Share discharged (%)"),
            };
            sheet.text(row, 0, name.get(lang))?;
            sheet.whole(row, 1, r.low)?;
            sheet.whole(row, 3, r.high)?;
            row += 1;
        }
        sheet.filter(0, row.saturating_sub(1), INPUT_KEYS.len())?;
        sheet.finish()?;
    }
    {
        let mut sheet = book.sheet(DRAWS)?;
        sheet.header(0, &DRAW_KEYS)?;
        sheet.freeze(1)?;
        let mut row = 1;
        for d in &m.sample {
            sheet.money(row, 0, d.support_cost)?;
            sheet.whole(row, 1, d.rate_percent)?;
            sheet.whole(row, 2, d.stay_percent)?;
            sheet.whole(row, 3, d.share_percent)?;
            row += 1;
        }
        sheet.filter(0, row.saturating_sub(1), DRAW_KEYS.len())?;
        sheet.finish()?;
    }
    parameters::write(&mut book, engine, &[], &used)?;
    book.finish()
}
