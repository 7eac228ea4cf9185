//! Plain-text tables for the terminal.

use std::fmt::Write as _;

use refusion_core::model::amount::format_amount;
use refusion_core::model::locale::Lang;
use refusion_core::planning::pathway::{BreakEven, BreakEvenQuery, Comparison};
use refusion_core::planning::team::{TeamCost, TeamModel};
use refusion_core::rules::catalog::{ParameterCatalog, PolicyView};
use refusion_core::{calendar, Engine, Evaluation, Money, Scenario, Totals};

/// `1234567.8` → `1,234,567.80` (the core's formatter, in English).
pub fn dkk(m: Money) -> String {
    format_amount(m, Lang::En)
}

/// A simple table: the first column left-aligned, the rest right-aligned.
struct Table {
    rows: Vec<Vec<String>>,
    left: usize,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|s| (*s).to_string()).collect()],
            left: 1,
        }
    }

    fn left_columns(mut self, n: usize) -> Table {
        self.left = n;
        self
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self, out: &mut String) {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..cols)
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in &self.rows {
            let mut line = String::from(" ");
            for (c, w) in widths.iter().enumerate() {
                let cell = row.get(c).map_or("", String::as_str);
                let pad = w.saturating_sub(cell.chars().count());
                line.push(' ');
                if c < self.left {
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
}

type Field = fn(&Totals) -> Money;

const PAYER_ROWS: [(&str, Field); 4] = [
    ("Gross", |t| t.gross),
    ("Citizen payment", |t| t.citizen_payment),
    ("State refusion", |t| t.state_refusion),
    ("Municipal net", |t| t.municipal_net),
];

fn totals_table(out: &mut String, t: &Totals) {
    let mut tab = Table::new(&["", "DKK"]);
    tab.row(vec!["Gross".into(), dkk(t.gross)]);
    tab.row(vec!["Citizen payment".into(), dkk(t.citizen_payment)]);
    tab.row(vec!["State refusion".into(), dkk(t.state_refusion)]);
    tab.row(vec!["Municipal net".into(), dkk(t.municipal_net)]);
    tab.render(out);
}

fn payer_cells(t: &Totals) -> Vec<String> {
    vec![
        dkk(t.gross),
        dkk(t.citizen_payment),
        dkk(t.state_refusion),
        dkk(t.municipal_net),
    ]
}

pub fn evaluation(title: &str, s: &Scenario, r: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title} (policy: {})\n", r.policy);
    totals_table(&mut out, &r.totals);
    let n = &r.nights;
    let mut counts = vec![format!(
        "§ 110 nights: {} ({} refunded)",
        n.shelter_nights, n.shelter_refunded_nights
    )];
    if n.support_days > 0 {
        counts.push(format!(
            "§ 85 a days: {} ({} refunded)",
            n.support_days, n.support_refunded_days
        ));
    }
    if n.temporary_housing_nights > 0 {
        counts.push(format!(
            "§ 107 nights: {} ({} refunded)",
            n.temporary_housing_nights, n.temporary_housing_refunded_nights
        ));
    }
    let _ = writeln!(out, "\n  {}", counts.join(" · "));

    let _ = writeln!(out, "\nBy calendar year");
    let mut tab = Table::new(&["Year", "Gross", "Citizen", "Refusion", "Municipal net"]);
    for y in &r.years {
        let mut row = vec![y.year.to_string()];
        row.extend(payer_cells(&y.totals));
        tab.row(row);
    }
    tab.render(&mut out);

    let _ = writeln!(out, "\nLines");
    let mut tab = Table::new(&[
        "Spell",
        "Nights",
        "Refunded",
        "Gross",
        "Citizen",
        "Refusion",
        "Municipal net",
        "Rule",
    ]);
    for l in &r.lines {
        let label = format!(
            "{}[{}] {}",
            l.kind.list_name(),
            l.spell,
            calendar::span(l.start, l.end)
        );
        let mut row = vec![label, l.nights.to_string(), l.refunded_nights.to_string()];
        row.extend([
            dkk(l.gross),
            dkk(l.citizen_payment),
            dkk(l.state_refusion),
            dkk(l.municipal_net),
            l.rule.clone(),
        ]);
        tab.row(row);
    }
    tab.render(&mut out);
    let _ = s;

    let _ = writeln!(out, "\n{}", lang.pick("Forklaring", "Explanation"));
    for t in &r.trace {
        let text = lang.pick(&t.text_da, &t.text);
        let _ = writeln!(out, "  [{}] {text}", t.rule);
    }
    out
}

pub fn comparison(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "A: {}\nB: {}\n", c.a.label, c.b.label);
    let mut tab = Table::new(&["", "A", "B", "B − A"]);
    let rows = PAYER_ROWS;
    for (name, f) in rows {
        tab.row(vec![
            name.into(),
            dkk(f(&c.a.evaluation.totals)),
            dkk(f(&c.b.evaluation.totals)),
            dkk(f(&c.difference)),
        ]);
    }
    tab.render(&mut out);
    let _ = writeln!(out, "\nMunicipal net by calendar year");
    let mut tab = Table::new(&["Year", "A", "B", "B − A"]);
    for y in &c.years {
        tab.row(vec![
            y.year.to_string(),
            dkk(y.a.municipal_net),
            dkk(y.b.municipal_net),
            dkk(y.difference.municipal_net),
        ]);
    }
    tab.render(&mut out);
    let cheaper = |x: &Option<String>| x.clone().unwrap_or_else(|| "neither (equal)".into());
    let _ = writeln!(
        out,
        "\nCheaper for the municipality: {}\nCheaper for the public sector: {}",
        cheaper(&c.cheaper_for_municipality),
        cheaper(&c.cheaper_for_public_sector)
    );
    out
}

pub fn break_even(q: &BreakEvenQuery, b: &BreakEven) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Stay admitted {} at {} per night (own payment {}); support: {} at {} per year{}, from {}; horizon to {}.\n",
        b.admitted,
        dkk(q.daily_rate),
        dkk(q.own_payment_per_night),
        q.support.method,
        dkk(q.support.annual_cost),
        if q.support.decided_before_discharge { ", decided before discharge" } else { ", NOT decided before discharge" },
        b.discharge,
        calendar::last_night(b.horizon_end)
    );
    for (who, point) in [
        ("municipality", &b.municipality),
        ("public sector", &b.public_sector),
    ] {
        match point {
            Some(p) => {
                let _ = writeln!(
                    out,
                    "Break-even for the {who}: night {} ({}). Staying {} nights costs {} > {} for the support pathway.",
                    p.night,
                    p.date,
                    p.night,
                    dkk(p.stay_cost),
                    dkk(p.support_cost)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "Break-even for the {who}: none within the horizon (staying is cheaper throughout)."
                );
            }
        }
    }
    let _ = writeln!(out, "\nOver the whole horizon");
    let mut tab = Table::new(&["", "Support pathway", "Stay throughout"]);
    let rows = PAYER_ROWS;
    for (name, f) in rows {
        tab.row(vec![
            name.into(),
            dkk(f(&b.support_pathway)),
            dkk(f(&b.stay_whole_horizon)),
        ]);
    }
    tab.render(&mut out);
    let _ = writeln!(
        out,
        "\nDefinition: the break-even night n is the smallest n for which staying n nights costs more than discharge to the support pathway over the whole horizon (see README, Break-even)."
    );
    out
}

pub fn team(model: &TeamModel, c: &TeamCost) -> String {
    let mut out = String::new();
    if c.illustrative {
        let _ = writeln!(
            out,
            "ILLUSTRATIVE team: the salaries and costs are illustrative defaults, not sourced. Pass a model file for your own figures.\n"
        );
    }
    let mut tab = Table::new(&["Role", "Function", "FTE", "Salary/FTE", "Annual"]).left_columns(2);
    for s in &model.staff {
        let annual = s
            .annual_salary
            .checked_mul_decimal(s.fte.0)
            .unwrap_or(Money::ZERO);
        tab.row(vec![
            s.role.clone(),
            s.function.as_str().into(),
            s.fte.0.to_string(),
            dkk(s.annual_salary),
            dkk(annual),
        ]);
    }
    tab.render(&mut out);
    let _ = writeln!(out);
    let mut tab = Table::new(&["", "DKK per year"]);
    tab.row(vec!["Staff".into(), dkk(c.staff_cost)]);
    for o in &model.operating {
        tab.row(vec![format!("  {}", o.item), dkk(o.annual)]);
    }
    tab.row(vec!["Operating total".into(), dkk(c.operating_cost)]);
    tab.row(vec![
        format!(
            "Establishment ({} over {} years)",
            dkk(model.establishment.cost),
            model.establishment.spread_years
        ),
        dkk(c.establishment_per_year),
    ]);
    tab.row(vec!["Total".into(), dkk(c.total_per_year)]);
    tab.render(&mut out);
    let _ = writeln!(
        out,
        "\nCaseload: {} citizens per year\nOperating cost per citizen-year: {}\nTotal incl. establishment per citizen-year: {}\n\n{}",
        c.caseload,
        dkk(c.operating_per_citizen_year),
        dkk(c.total_per_citizen_year),
        c.placement.text
    );
    for w in &c.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// The parameters of a policy: one row per step, with its rule and source (from the registry).
pub fn params(view: &PolicyView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Policy: {}\n", view.name);
    if !view.preset_description.en.is_empty() {
        let _ = writeln!(out, "{}\n", view.preset_description.en);
    }
    let mut tab = Table::new(&["Parameter", "Rule", "Value", "From", "Source"]).left_columns(5);
    let mut notes: Vec<String> = Vec::new();
    for p in &view.parameters {
        // Steps the policy does not use are marked, with the reason once in a note.
        let unused_note = p.unused.as_ref().map(|why| {
            notes.push(format!(
                "[{}] {}: {}",
                notes.len() + 1,
                p.definition.name,
                why.en
            ));
            notes.len()
        });
        for s in &p.steps {
            let from = match (s.from, s.from_age) {
                (_, Some(age)) => format!("age {age}"),
                (Some(d), None) => d.to_string(),
                (None, None) => String::new(),
            };
            let source = if s.url.is_empty() {
                s.citation.clone()
            } else {
                format!("{} <{}>", s.citation, s.url)
            };
            let mark = match &s.note {
                Some(n) => {
                    notes.push(format!("[{}] {}: {n}", notes.len() + 1, p.definition.name));
                    format!(" [{}]", notes.len())
                }
                None => String::new(),
            };
            let unused = unused_note
                .map(|k| format!(" (not used [{k}])"))
                .unwrap_or_default();
            tab.row(vec![
                p.definition.name.clone(),
                s.rule.clone(),
                format!("{}{mark}{unused}", s.shown.en),
                from,
                source,
            ]);
        }
    }
    tab.render(&mut out);
    for n in &notes {
        let _ = writeln!(out, "  {n}");
    }
    let _ = writeln!(out, "\nOverride names:");
    for p in &view.parameters {
        let _ = writeln!(
            out,
            "  {} ({}, {}): {}",
            p.override_names.join(" / "),
            p.definition.rule,
            p.definition.unit.words(Lang::En),
            p.definition.description.en
        );
    }
    let _ = writeln!(
        out,
        "\nOverride any of them in a scenario with \"policy\": {{\"preset\": …, \"overrides\": {{…}}}}."
    );
    out
}

/// Every source of the catalog with who cites it (`--markdown`: docs/sources.md).
pub fn sources(catalog: &ParameterCatalog, markdown: bool) -> String {
    let mut out = String::new();
    let uses = catalog.source_uses();
    if markdown {
        let _ = writeln!(
            out,
            "# Sources\n\n\
             Every document refusion cites, generated from `crates/refusion-core/data/parameters.toml`\n\
             (`cargo run -q -p refusion-cli -- sources --markdown > docs/sources.md`; a test fails when\n\
             this file is out of date, when a source is cited by nothing, or when a parameter step\n\
             names no known source). Each entry gives the issuer, the title, the address of the\n\
             document itself, its date or version, the date the citation was checked against the\n\
             published text, what in refusion uses it, and a short quote of what it says, as\n\
             published.\n"
        );
        let _ = writeln!(out, "| Source | Used by |\n|---|---|");
        for (id, users) in &uses {
            let _ = writeln!(out, "| [`{id}`](#{id}) | {} |", used_by(users));
        }
        for (id, s) in &catalog.sources {
            let _ = writeln!(out, "\n## {id}\n");
            let _ = writeln!(out, "- **Issuer:** {}", s.issuer);
            let _ = writeln!(out, "- **Title:** {}", s.title);
            if let Some(law) = &s.law {
                let _ = writeln!(out, "- **Provision:** {law}");
            }
            if !s.url.is_empty() {
                let _ = writeln!(out, "- **Address:** <{}>", s.url);
            }
            let _ = writeln!(out, "- **Version:** {}", s.version);
            let _ = writeln!(out, "- **Checked:** {}", s.checked);
            let _ = writeln!(out, "- **Cited as:** {}", s.citation);
            let users = uses.get(id).map(Vec::as_slice).unwrap_or_default();
            let _ = writeln!(out, "- **Used by:** {}", used_by(users));
            if !s.quote.is_empty() {
                let _ = writeln!(out, "\n> {}", s.quote);
            }
            if let Some(note) = &s.note {
                let _ = writeln!(out, "\n{note}");
            }
        }
        return out;
    }
    let mut tab = Table::new(&["Source", "Cited as", "Used by"]).left_columns(3);
    for (id, users) in &uses {
        let s = catalog.source(id).clone();
        tab.row(vec![id.clone(), s.citation, used_by(users)]);
    }
    tab.render(&mut out);
    let _ = writeln!(
        out,
        "\n`refusion sources --markdown` prints each with its address and a quote."
    );
    out
}

fn used_by(users: &[refusion_core::rules::catalog::SourceUse]) -> String {
    if users.is_empty() {
        return "nothing".into();
    }
    users
        .iter()
        .map(|u| format!("{} {}", u.kind, u.name))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn reference(
    engine: &Engine,
    placement: Option<&refusion_core::planning::team::Placement>,
) -> String {
    let mut out = String::new();
    let r = &engine.catalog().reference;
    let first = |ids: &[String]| ids.first().cloned().unwrap_or_default();
    let m = engine.catalog().source(&first(&r.m_act.sources)).clone();
    let a = engine.catalog().source(&first(&r.act.sources)).clone();
    let _ = writeln!(
        out,
        "M-ACT: mean {} DKK per citizen-year, range {}–{} ({}; {}).\n  Price level: {} ({}).\n  Source: {} <{}>",
        dkk(r.m_act.mean),
        dkk(r.m_act.low),
        dkk(r.m_act.high),
        r.m_act.scope.en,
        r.m_act.municipalities.join(", "),
        r.m_act.price_year,
        r.m_act.price_year_basis,
        m.citation,
        m.url
    );
    let _ = writeln!(
        out,
        "ACT:   {} DKK per citizen-year ({}).\n  Price level: {} ({}).\n  Source: {} <{}>",
        dkk(r.act.mean),
        r.act.scope.en,
        r.act.price_year,
        r.act.price_year_basis,
        a.citation,
        a.url
    );
    if let Some(p) = placement {
        let _ = writeln!(out, "\n{}", p.text);
    }
    out
}

pub fn register(title: &str, s: &refusion_core::population::register::RegisterSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{title} (policy: {}): {} rows, {} citizens\n",
        s.policy, s.rows, s.citizens
    );
    let mut tab = Table::new(&["Year", "Gross", "Citizen", "Refusion", "Municipal net"]);
    for y in &s.years {
        let mut row = vec![y.year.to_string()];
        row.extend(payer_cells(&y.totals));
        tab.row(row);
    }
    let mut row = vec!["Total".to_string()];
    row.extend(payer_cells(&s.totals));
    tab.row(row);
    tab.render(&mut out);
    let _ = writeln!(
        out,
        "\nThe refusion column is the municipality's refund claim on the state, by calendar year."
    );
    out
}

fn plan_rows(out: &mut String, years: &[refusion_core::planning::plan::PlanYear]) {
    let mut tab = Table::new(&[
        "Year",
        "Shelter (base)",
        "Shelter (plan)",
        "Support (plan)",
        "Refusion effect",
        "Municipal effect",
        "Teams",
        "Establishment",
        "Municipal total",
        "Present value",
    ]);
    for y in years {
        tab.row(vec![
            y.year.to_string(),
            dkk(y.baseline.shelter),
            dkk(y.plan.shelter),
            dkk(y.plan.support),
            dkk(y.effect.state_refusion),
            dkk(y.effect.municipal_net),
            y.teams.to_string(),
            dkk(y.establishment),
            dkk(y.municipal_effect),
            dkk(y.present_value),
        ]);
    }
    tab.render(out);
}

pub fn budget(b: &refusion_core::planning::budget::BudgetResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Budget effect (plan − status quo), policy {}, discount rate {}\n",
        b.policy, b.discount_rate
    );
    for v in &b.variants {
        let _ = writeln!(
            out,
            "M-ACT {} ({} per citizen-year)",
            v.label,
            dkk(v.annual_cost)
        );
        plan_rows(&mut out, &v.years);
        let _ = writeln!(
            out,
            "  Total municipal effect {}; present value {}\n",
            dkk(v.total_municipal_effect),
            dkk(v.total_present_value)
        );
    }
    let _ = writeln!(out, "Negative figures are savings. Teams = extra citizen-years of support ÷ caseload, rounded up.");
    out
}

pub fn plan(p: &refusion_core::planning::plan::PlanResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Plan against baseline, policy {}, discount rate {}\n",
        p.policy, p.discount_rate
    );
    plan_rows(&mut out, &p.years);
    let _ = writeln!(
        out,
        "\nTotal municipal effect {} (present value {}). Negative figures are savings.",
        dkk(p.total_municipal_effect),
        dkk(p.total_present_value)
    );
    out
}

pub fn monte_carlo(m: &refusion_core::planning::uncertainty::MonteCarlo) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Monte Carlo: {} draws, seed {} — the municipality's net effect (plan − baseline)\n",
        m.draws, m.seed
    );
    let mut tab = Table::new(&["Year", "P5", "P50", "P95", "Min", "Max"]);
    for y in &m.years {
        tab.row(vec![
            y.year.to_string(),
            dkk(y.band.p5),
            dkk(y.band.p50),
            dkk(y.band.p95),
            dkk(y.band.min),
            dkk(y.band.max),
        ]);
    }
    let t = &m.total;
    tab.row(vec![
        "Total".into(),
        dkk(t.p5),
        dkk(t.p50),
        dkk(t.p95),
        dkk(t.min),
        dkk(t.max),
    ]);
    tab.render(&mut out);
    out
}

pub fn tornado(t: &refusion_core::planning::uncertainty::Tornado) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Tornado: total municipal effect {} at the base values\n",
        dkk(t.base)
    );
    let mut tab =
        Table::new(&["Input", "Low", "High", "At low", "At high", "Swing"]).left_columns(3);
    for r in &t.rows {
        tab.row(vec![
            r.input.clone(),
            r.low_value.clone(),
            r.high_value.clone(),
            dkk(r.at_low),
            dkk(r.at_high),
            dkk(r.swing),
        ]);
    }
    tab.render(&mut out);
    out
}
