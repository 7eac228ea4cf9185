//! Each command's output as a [`Report`]: text and tables that print as plain-text tables in
//! English or Danish, or as CSV (`--csv-dialect`). The words are in [`crate::labels`].

use std::fmt::Write as _;

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::amount::format_percent;
use refusion_core::model::locale::{format_span, Lang};
use refusion_core::planning::budget::BudgetResult;
use refusion_core::planning::pathway::{BreakEven, BreakEvenQuery, Comparison, YearComparison};
use refusion_core::planning::plan::{PlanResult, PlanYear};
use refusion_core::planning::team::{Placement, TeamCost, TeamModel};
use refusion_core::planning::uncertainty::{MonteCarlo, Tornado};
use refusion_core::population::register::RegisterSummary;
use refusion_core::rules::catalog::{IllustrativeDefault, ParameterCatalog, PolicyView};
use refusion_core::{calendar, Engine, Evaluation, Money, Totals};

use crate::labels::{self as t, L};
use crate::table::{amount, date, Cell, Part, Report, Table};

type Field = fn(&Totals) -> Money;

/// The four payers: the label of a row and the CSV key.
const PAYERS: [(L, &str, Field); 4] = [
    (t::GROSS, "gross", |t| t.gross),
    (t::CITIZEN_PAYMENT, "citizen_payment", |t| t.citizen_payment),
    (t::STATE_REFUSION, "state_refusion", |t| t.state_refusion),
    (t::MUNICIPAL_NET, "municipal_net", |t| t.municipal_net),
];

fn payer_cells(t: &Totals) -> Vec<Cell> {
    PAYERS.iter().map(|(_, _, f)| Cell::Money(f(t))).collect()
}

/// The total row's first cell: `Total` on the terminal, `total` in CSV.
fn total_cell(lang: Lang) -> Cell {
    Cell::Both(t::TOTAL.get(lang).into(), t::TOTAL_CSV.get(lang).into())
}

/// Year, gross, citizen, refusion, municipal net; with a total row when given.
fn year_table(lang: Lang, years: &[(i32, &Totals)], total: Option<&Totals>) -> Table {
    let mut tab = Table::new(&[
        ("year", t::YEAR.get(lang)),
        ("gross", t::COL_GROSS.get(lang)),
        ("citizen_payment", t::COL_CITIZEN.get(lang)),
        ("state_refusion", t::COL_REFUSION.get(lang)),
        ("municipal_net", t::COL_NET.get(lang)),
    ]);
    for (year, totals) in years {
        let mut row = vec![Cell::Year(*year)];
        row.extend(payer_cells(totals));
        tab.row(row);
    }
    if let Some(totals) = total {
        let mut row = vec![total_cell(lang)];
        row.extend(payer_cells(totals));
        tab.row(row);
    }
    tab
}

/// The four payers as rows, one column per pathway (on the terminal only).
fn payer_rows(lang: Lang, headings: &[&str], columns: &[&Totals]) -> Table {
    let mut head: Vec<(&'static str, &str)> = vec![("", "")];
    head.extend(headings.iter().map(|h| ("", *h)));
    let mut tab = Table::new(&head);
    for (label, _, f) in PAYERS {
        let mut row = vec![Cell::text(label.get(lang))];
        row.extend(columns.iter().map(|t| Cell::Money(f(t))));
        tab.row(row);
    }
    tab
}

/// A preset's plain title and name (`The rules in force (statutory)`), or the name alone
/// when it is not a preset (a custom policy's display name).
pub fn policy_shown(catalog: &ParameterCatalog, name: &str, lang: Lang) -> String {
    match catalog.presets.get(name) {
        Some(p) => t::titled(p.title.get(lang), name),
        None => name.to_string(),
    }
}

pub fn evaluation(title: &str, policy: &str, r: &Evaluation, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!("{title}\n{}: {policy}\n\n", t::POLICY.get(lang)));
    out.push(Part::Screen(payer_rows(
        lang,
        &[t::DKK.get(lang)],
        &[&r.totals],
    )));
    let n = &r.nights;
    let mut counts = vec![t::counted(
        lang,
        t::SHELTER_NIGHTS.get(lang),
        n.shelter_nights,
        n.shelter_refunded_nights,
    )];
    if n.support_days > 0 {
        counts.push(t::counted(
            lang,
            t::SUPPORT_DAYS.get(lang),
            n.support_days,
            n.support_refunded_days,
        ));
    }
    if n.temporary_housing_nights > 0 {
        counts.push(t::counted(
            lang,
            t::HOUSING_NIGHTS.get(lang),
            n.temporary_housing_nights,
            n.temporary_housing_refunded_nights,
        ));
    }
    out.text(format!("\n  {}\n", counts.join(" · ")));

    out.text(format!("\n{}\n", t::BY_YEAR.get(lang)));
    let years: Vec<(i32, &Totals)> = r.years.iter().map(|y| (y.year, &y.totals)).collect();
    out.push(Part::Screen(year_table(lang, &years, None)));
    out.push(Part::Csv(year_table(lang, &years, Some(&r.totals))));

    out.text(format!("\n{}\n", t::LINES.get(lang)));
    let mut tab = Table::new(&[
        ("label", t::SPELL.get(lang)),
        ("nights", t::NIGHTS.get(lang)),
        ("refunded_nights", t::REFUNDED.get(lang)),
        ("gross", t::COL_GROSS.get(lang)),
        ("citizen_payment", t::COL_CITIZEN.get(lang)),
        ("state_refusion", t::COL_REFUSION.get(lang)),
        ("municipal_net", t::COL_NET.get(lang)),
        ("rule", t::RULE.get(lang)),
    ]);
    for l in &r.lines {
        let span = match lang {
            Lang::En => calendar::span(l.start, l.end),
            Lang::Da => format_span(l.start, l.end, lang),
        };
        let mut row = vec![
            Cell::text(format!("{}[{}] {span}", l.kind.list_name(), l.spell)),
            Cell::Whole(l.nights),
            Cell::Whole(l.refunded_nights),
        ];
        row.extend([
            Cell::Money(l.gross),
            Cell::Money(l.citizen_payment),
            Cell::Money(l.state_refusion),
            Cell::Money(l.municipal_net),
            Cell::text(&l.rule),
        ]);
        tab.row(row);
    }
    out.push(Part::Table(tab));

    out.text(format!("\n{}\n", t::EXPLANATION.get(lang)));
    let mut explanation = Table::new(&[("rule", t::RULE.get(lang)), ("text", "")]);
    for e in &r.trace {
        let text = lang.pick(&e.text_da, &e.text);
        out.line(format!("  [{}] {text}", e.rule));
        explanation.row(vec![Cell::text(&e.rule), Cell::text(text)]);
    }
    out.push(Part::Csv(explanation));
    out
}

pub fn comparison(c: &Comparison, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!("A: {}\nB: {}\n\n", c.a.label, c.b.label));
    out.push(Part::Screen(payer_rows(
        lang,
        &["A", "B", "B − A"],
        &[
            &c.a.evaluation.totals,
            &c.b.evaluation.totals,
            &c.difference,
        ],
    )));
    out.text(format!("\n{}\n", t::NET_BY_YEAR.get(lang)));
    let mut tab = Table::new(&[
        ("year", t::YEAR.get(lang)),
        ("", "A"),
        ("", "B"),
        ("", "B − A"),
    ]);
    for y in &c.years {
        tab.row(vec![
            Cell::Year(y.year),
            Cell::Money(y.a.municipal_net),
            Cell::Money(y.b.municipal_net),
            Cell::Money(y.difference.municipal_net),
        ]);
    }
    out.push(Part::Screen(tab));
    let cheaper = |x: &Option<String>| x.clone().unwrap_or_else(|| t::NEITHER.get(lang).into());
    out.text(format!(
        "\n{}: {}\n{}: {}\n",
        t::CHEAPER_MUNICIPALITY.get(lang),
        cheaper(&c.cheaper_for_municipality),
        t::CHEAPER_PUBLIC.get(lang),
        cheaper(&c.cheaper_for_public_sector)
    ));
    // CSV: one row per pathway and year, and each pathway's total.
    let mut tab = Table::new(&[
        ("pathway", ""),
        ("year", ""),
        ("gross", ""),
        ("citizen_payment", ""),
        ("state_refusion", ""),
        ("municipal_net", ""),
    ]);
    type OfYear = fn(&YearComparison) -> &Totals;
    let sides: [(&str, OfYear, &Totals); 3] = [
        (&c.a.label, |y| &y.a, &c.a.evaluation.totals),
        (&c.b.label, |y| &y.b, &c.b.evaluation.totals),
        ("B − A", |y| &y.difference, &c.difference),
    ];
    for (label, of_year, total) in sides {
        for y in &c.years {
            let mut row = vec![Cell::text(label), Cell::Year(y.year)];
            row.extend(payer_cells(of_year(y)));
            tab.row(row);
        }
        let mut row = vec![Cell::text(label), total_cell(lang)];
        row.extend(payer_cells(total));
        tab.row(row);
    }
    out.push(Part::Csv(tab));
    out
}

pub fn break_even(q: &BreakEvenQuery, b: &BreakEven, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::break_even_setting(
            lang,
            &date(b.admitted, lang),
            &amount(q.daily_rate, lang),
            &amount(q.own_payment_per_night, lang),
            q.support.method.as_str(),
            &amount(q.support.annual_cost, lang),
            q.support.decided_before_discharge,
            &date(b.discharge, lang),
            &date(calendar::last_night(b.horizon_end), lang),
        )
    ));
    let mut points = Table::new(&[("item", ""), ("night", ""), ("date", "")]);
    for (who, point) in [
        (t::MUNICIPALITY, &b.municipality),
        (t::PUBLIC_SECTOR, &b.public_sector),
    ] {
        let who = who.get(lang);
        match point {
            Some(p) => {
                out.line(t::break_even_point(
                    lang,
                    who,
                    p.night,
                    &date(p.date, lang),
                    &amount(p.stay_cost, lang),
                    &amount(p.support_cost, lang),
                ));
                points.row(vec![
                    Cell::text(who),
                    Cell::Whole(p.night),
                    Cell::Date(p.date),
                ]);
            }
            None => {
                out.line(t::break_even_none(lang, who));
                points.row(vec![Cell::text(who), Cell::Empty, Cell::Empty]);
            }
        }
    }
    out.text(format!("\n{}\n", t::OVER_HORIZON.get(lang)));
    out.push(Part::Screen(payer_rows(
        lang,
        &[t::SUPPORT_PATHWAY.get(lang), t::STAY_THROUGHOUT.get(lang)],
        &[&b.support_pathway, &b.stay_whole_horizon],
    )));
    out.text(format!("\n{}\n", t::BREAK_EVEN_DEFINITION.get(lang)));
    out.push(Part::Csv(points));
    let mut tab = Table::new(&[
        ("pathway", ""),
        ("gross", ""),
        ("citizen_payment", ""),
        ("state_refusion", ""),
        ("municipal_net", ""),
    ]);
    for (label, totals) in [
        (t::SUPPORT_PATHWAY, &b.support_pathway),
        (t::STAY_THROUGHOUT, &b.stay_whole_horizon),
    ] {
        let mut row = vec![Cell::text(label.get(lang))];
        row.extend(payer_cells(totals));
        tab.row(row);
    }
    out.push(Part::Csv(tab));
    out
}

pub fn team(model: &TeamModel, c: &TeamCost, lang: Lang) -> Report {
    let mut out = Report::new();
    if c.illustrative {
        out.text(format!("{}\n\n", t::ILLUSTRATIVE_TEAM.get(lang)));
    }
    // CSV: one long table, section / item / FTE / DKK per year.
    let mut csv = Table::new(&[("section", ""), ("item", ""), ("fte", ""), ("value", "")]);
    let mut tab = Table::new(&[
        ("", t::ROLE.get(lang)),
        ("", t::FUNCTION.get(lang)),
        ("", t::FTE.get(lang)),
        ("", t::SALARY_PER_FTE.get(lang)),
        ("", t::ANNUAL.get(lang)),
    ])
    .left_columns(2);
    for s in &model.staff {
        let annual = s
            .annual_salary
            .checked_mul_decimal(s.fte.0)
            .unwrap_or(Money::ZERO);
        tab.row(vec![
            Cell::text(&s.role),
            Cell::text(s.function.as_str()),
            Cell::Decimal(s.fte.0),
            Cell::Money(s.annual_salary),
            Cell::Money(annual),
        ]);
        csv.row(vec![
            Cell::text(t::STAFF.get(lang)),
            Cell::text(format!("{} ({})", s.role, s.function.as_str())),
            Cell::Decimal(s.fte.0),
            Cell::Money(annual),
        ]);
    }
    out.push(Part::Screen(tab));
    out.text("\n");
    let mut tab = Table::new(&[("", ""), ("", t::DKK_PER_YEAR.get(lang))]);
    tab.row(vec![
        Cell::text(t::STAFF.get(lang)),
        Cell::Money(c.staff_cost),
    ]);
    for o in &model.operating {
        tab.row(vec![
            Cell::text(format!("  {}", o.item)),
            Cell::Money(o.annual),
        ]);
        csv.row(vec![
            Cell::text(t::OPERATING.get(lang)),
            Cell::text(&o.item),
            Cell::Empty,
            Cell::Money(o.annual),
        ]);
    }
    tab.row(vec![
        Cell::text(t::OPERATING_TOTAL.get(lang)),
        Cell::Money(c.operating_cost),
    ]);
    tab.row(vec![
        Cell::text(t::establishment_spread(
            lang,
            &amount(model.establishment.cost, lang),
            model.establishment.spread_years,
        )),
        Cell::Money(c.establishment_per_year),
    ]);
    tab.row(vec![
        Cell::text(t::TOTAL.get(lang)),
        Cell::Money(c.total_per_year),
    ]);
    out.push(Part::Screen(tab));
    let per_year = t::PER_YEAR.get(lang);
    let per_citizen_year = t::PER_CITIZEN_YEAR.get(lang);
    for (section, item, value) in [
        (per_year, t::STAFF, c.staff_cost),
        (per_year, t::OPERATING_TOTAL, c.operating_cost),
        (
            per_year,
            t::ESTABLISHMENT_PER_YEAR,
            c.establishment_per_year,
        ),
        (per_year, t::TOTAL, c.total_per_year),
        (per_citizen_year, t::OPERATING, c.operating_per_citizen_year),
        (
            per_citizen_year,
            t::TOTAL_INCL_ESTABLISHMENT,
            c.total_per_citizen_year,
        ),
    ] {
        csv.row(vec![
            Cell::text(section),
            Cell::text(item.get(lang)),
            Cell::Empty,
            Cell::Money(value),
        ]);
    }
    csv.row(vec![
        Cell::text(t::TEAM.get(lang)),
        Cell::text(t::CASELOAD.get(lang)),
        Cell::Empty,
        Cell::Whole(i64::from(c.caseload)),
    ]);
    out.text(format!(
        "\n{}\n\n{}\n",
        t::team_summary(
            lang,
            c.caseload,
            &amount(c.operating_per_citizen_year, lang),
            &amount(c.total_per_citizen_year, lang),
        ),
        placement_text(&c.placement, lang)
    ));
    for w in &c.warnings {
        out.line(format!("{}: {w}", t::WARNING.get(lang)));
    }
    out.push(Part::Csv(csv));
    out
}

/// Where a cost falls against the Rambøll range: the core's sentence in English, the same
/// figures in Danish.
fn placement_text(p: &Placement, lang: Lang) -> String {
    match lang {
        Lang::En => p.text.clone(),
        Lang::Da => t::placement_da(
            p.cost,
            p.position,
            p.low,
            p.high,
            p.mean,
            &p.vs_mean_percent.to_string(),
            &p.source,
        ),
    }
}

/// The parameters of a policy: one row per step, with its rule and source (from the
/// registry); then the defaults no source gives.
pub fn params(
    view: &PolicyView,
    title: &str,
    illustrative: &[IllustrativeDefault],
    lang: Lang,
) -> Report {
    let mut out = Report::new();
    let heading = if title.is_empty() {
        view.name.clone()
    } else {
        format!("{} — {title}", view.name)
    };
    out.text(format!("{}: {heading}\n\n", t::POLICY.get(lang)));
    let description = view.preset_description.get(lang);
    if !description.is_empty() {
        out.text(format!("{description}\n\n"));
    }
    let mut tab = Table::new(&[
        ("", t::PARAMETER.get(lang)),
        ("", t::RULE.get(lang)),
        ("", t::VALUE.get(lang)),
        ("", t::FROM.get(lang)),
        ("", t::SOURCE.get(lang)),
    ])
    .left_columns(5);
    let mut csv = Table::new(&[
        ("item", ""),
        ("rule", ""),
        ("value", ""),
        ("date", ""),
        ("text", ""),
    ]);
    let mut notes: Vec<String> = Vec::new();
    for p in &view.parameters {
        // Steps the policy does not use are marked, with the reason once in a note.
        let unused_note = p.unused.as_ref().map(|why| {
            notes.push(format!(
                "[{}] {}: {}",
                notes.len() + 1,
                p.definition.name,
                why.get(lang)
            ));
            notes.len()
        });
        for s in &p.steps {
            let (from, from_cell) = match (s.from, s.from_age) {
                (_, Some(age)) => {
                    let text = format!("{} {age}", t::AGE.get(lang));
                    (text.clone(), Cell::Text(text))
                }
                (Some(d), None) => (date(d, lang), Cell::Date(d)),
                (None, None) => (String::new(), Cell::Empty),
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
                .map(|k| format!(" ({} [{k}])", t::NOT_USED.get(lang)))
                .unwrap_or_default();
            tab.row(vec![
                Cell::text(&p.definition.name),
                Cell::text(&s.rule),
                Cell::text(format!("{}{mark}{unused}", s.shown.get(lang))),
                Cell::text(from),
                Cell::text(&source),
            ]);
            csv.row(vec![
                Cell::text(&p.definition.name),
                Cell::text(&s.rule),
                Cell::text(s.shown.get(lang)),
                from_cell,
                Cell::text(source),
            ]);
        }
    }
    out.push(Part::Screen(tab));
    out.push(Part::Csv(csv));
    for n in &notes {
        out.line(format!("  {n}"));
    }
    out.text(format!("\n{}\n", t::OVERRIDE_NAMES.get(lang)));
    for p in &view.parameters {
        out.line(format!(
            "  {} ({}, {}): {}",
            p.override_names.join(" / "),
            p.definition.rule,
            p.definition.unit.words(lang),
            p.definition.description.get(lang)
        ));
    }
    out.text(format!("\n{}\n", t::OVERRIDE_HOW.get(lang)));

    out.text(format!("\n{}\n", t::ILLUSTRATIVE_DEFAULTS.get(lang)));
    let mut tab = Table::new(&[
        ("", t::NAME.get(lang)),
        ("", t::VALUE.get(lang)),
        ("", t::WHAT.get(lang)),
        ("", t::BASIS.get(lang)),
    ])
    .left_columns(4);
    let mut csv = Table::new(&[("item", ""), ("value", ""), ("text", "")]);
    for d in illustrative {
        tab.row(vec![
            Cell::text(&d.name),
            Cell::text(d.shown.get(lang)),
            Cell::text(d.description.get(lang)),
            Cell::text(d.basis.get(lang)),
        ]);
        csv.row(vec![
            Cell::text(&d.name),
            Cell::text(&d.value),
            Cell::text(format!(
                "{} ({})",
                d.description.get(lang),
                d.basis.get(lang)
            )),
        ]);
    }
    out.push(Part::Screen(tab));
    out.push(Part::Csv(csv));
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
    let mut tab = Table::new(&[("", "Source"), ("", "Cited as"), ("", "Used by")]).left_columns(3);
    for (id, users) in &uses {
        let s = catalog.source(id).clone();
        tab.row(vec![
            Cell::text(id),
            Cell::text(s.citation),
            Cell::text(used_by(users)),
        ]);
    }
    let mut report = Report::new();
    report.push(Part::Screen(tab));
    out.push_str(&report.screen(Lang::En));
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

pub fn reference(engine: &Engine, placement: Option<&Placement>, lang: Lang) -> Report {
    let mut out = Report::new();
    let r = &engine.catalog().reference;
    let first = |ids: &[String]| ids.first().cloned().unwrap_or_default();
    let m = engine.catalog().source(&first(&r.m_act.sources)).clone();
    let a = engine.catalog().source(&first(&r.act.sources)).clone();
    out.line(t::reference_m_act(
        lang,
        &amount(r.m_act.mean, lang),
        &amount(r.m_act.low, lang),
        &amount(r.m_act.high, lang),
        r.m_act.scope.get(lang),
        &r.m_act.municipalities.join(", "),
        r.m_act.price_year,
        &r.m_act.price_year_basis,
        &m.citation,
        &m.url,
    ));
    out.line(t::reference_act(
        lang,
        &amount(r.act.mean, lang),
        r.act.scope.get(lang),
        r.act.price_year,
        &r.act.price_year_basis,
        &a.citation,
        &a.url,
    ));
    let mut csv = Table::new(&[("item", ""), ("value", ""), ("text", "")]);
    let about = |scope: &str, year: i32, citation: &str, url: &str| {
        format!(
            "{scope}; {} {year}; {citation} <{url}>",
            t::PRICE_LEVEL.get(lang)
        )
    };
    let m_about = about(
        r.m_act.scope.get(lang),
        r.m_act.price_year,
        &m.citation,
        &m.url,
    );
    for (label, value) in [
        (t::M_ACT_MEAN, r.m_act.mean),
        (t::M_ACT_LOW, r.m_act.low),
        (t::M_ACT_HIGH, r.m_act.high),
    ] {
        csv.row(vec![
            Cell::text(label.get(lang)),
            Cell::Money(value),
            Cell::text(&m_about),
        ]);
    }
    csv.row(vec![
        Cell::text(t::ACT_MEAN.get(lang)),
        Cell::Money(r.act.mean),
        Cell::text(about(
            r.act.scope.get(lang),
            r.act.price_year,
            &a.citation,
            &a.url,
        )),
    ]);
    if let Some(p) = placement {
        let text = placement_text(p, lang);
        out.text(format!("\n{text}\n"));
        csv.row(vec![
            Cell::text(t::PLACED.get(lang)),
            Cell::Money(p.cost),
            Cell::text(text),
        ]);
    }
    out.push(Part::Csv(csv));
    out
}

pub fn register(title: &str, policy: &str, s: &RegisterSummary, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::register_title(lang, title, policy, s.rows, s.citizens)
    ));
    let years: Vec<(i32, &Totals)> = s.years.iter().map(|y| (y.year, &y.totals)).collect();
    out.push(Part::Table(year_table(lang, &years, Some(&s.totals))));
    out.text(format!("\n{}\n", t::REFUND_CLAIM.get(lang)));
    out
}

/// What a register comparison compares, for its title.
pub struct Compared<'a> {
    /// The file.
    pub file: &'a str,
    /// The policy, shown with its plain title.
    pub policy: String,
    /// The base, shown with its plain title.
    pub base: String,
    /// The question of a ready comparison (`What does the 2026 step … cost?`).
    pub question: Option<&'a str>,
}

/// A register under two policies: the municipality's net cost under each, the difference
/// (policy − base) and the state refund's difference, per year and in all.
pub fn register_comparison(what: &Compared<'_>, c: &PolicyComparison, lang: Lang) -> String {
    let mut out = Report::new();
    out.line(t::register_comparison_title(lang, what.file));
    if let Some(q) = what.question {
        out.line(q);
    }
    let (p, b) = (t::COMPARED_POLICY.get(lang), t::COMPARED_BASE.get(lang));
    let width = p.chars().count().max(b.chars().count()) + 1;
    out.line(format!("  {:width$} {}", format!("{p}:"), what.policy));
    out.line(format!("  {:width$} {}", format!("{b}:"), what.base));
    out.text(format!("{}\n\n", t::DIFFERENCE_IS.get(lang)));
    let base_heading = t::net_under(lang, &c.base);
    let policy_heading = t::net_under(lang, &c.policy);
    let mut tab = Table::new(&[
        ("year", t::YEAR.get(lang)),
        ("base_municipal_net", &base_heading),
        ("policy_municipal_net", &policy_heading),
        ("difference_municipal_net", t::NET_DIFFERENCE.get(lang)),
        ("difference_state_refusion", t::REFUND_DIFFERENCE.get(lang)),
    ]);
    let cells = |b: &Totals, p: &Totals, d: &Totals| {
        vec![
            Cell::Money(b.municipal_net),
            Cell::Money(p.municipal_net),
            Cell::Money(d.municipal_net),
            Cell::Money(d.state_refusion),
        ]
    };
    for y in &c.years {
        let mut row = vec![Cell::Year(y.year)];
        row.extend(cells(&y.base, &y.policy, &y.difference));
        tab.row(row);
    }
    let mut row = vec![total_cell(lang)];
    row.extend(cells(&c.base_totals, &c.policy_totals, &c.difference));
    tab.row(row);
    out.push(Part::Table(tab));
    out.text(format!(
        "\n{}\n",
        t::register_comparison_summary(
            lang,
            &c.policy,
            &c.base,
            c.difference.municipal_net,
            c.difference.state_refusion,
        )
    ));
    out.screen(lang)
}

/// The plan's years: on the terminal (with FTE when the team size is given) and in CSV.
fn plan_rows(lang: Lang, years: &[PlanYear]) -> Table {
    let with_fte = years.iter().any(|y| y.fte.is_some());
    let mut head = vec![
        ("year", t::YEAR.get(lang)),
        ("", t::SHELTER_BASE.get(lang)),
        ("", t::SHELTER_PLAN.get(lang)),
        ("", t::SUPPORT_PLAN.get(lang)),
        ("difference_state_refusion", t::REFUSION_EFFECT.get(lang)),
        ("difference_municipal_net", t::MUNICIPAL_EFFECT.get(lang)),
        ("teams", t::TEAMS.get(lang)),
    ];
    if with_fte {
        head.push(("fte", t::FTE.get(lang)));
    }
    head.extend([
        ("establishment", t::ESTABLISHMENT.get(lang)),
        ("municipal_effect", t::MUNICIPAL_TOTAL.get(lang)),
        ("present_value", t::PRESENT_VALUE.get(lang)),
    ]);
    let mut tab = Table::new(&head);
    for y in years {
        let mut row = vec![
            Cell::Year(y.year),
            Cell::Money(y.baseline.shelter),
            Cell::Money(y.plan.shelter),
            Cell::Money(y.plan.support),
            Cell::Money(y.effect.state_refusion),
            Cell::Money(y.effect.municipal_net),
            Cell::Whole(i64::from(y.teams)),
        ];
        if with_fte {
            row.push(y.fte.map_or(Cell::Empty, Cell::Decimal));
        }
        row.extend([
            Cell::Money(y.establishment),
            Cell::Money(y.municipal_effect),
            Cell::Money(y.present_value),
        ]);
        tab.row(row);
    }
    tab
}

/// The keys of a plan's years in CSV (after the variant's columns, if any).
const PLAN_KEYS: [&str; 11] = [
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

fn plan_csv_cells(y: &PlanYear) -> Vec<Cell> {
    vec![
        Cell::Year(y.year),
        Cell::Decimal(y.support_citizen_years),
        Cell::Whole(i64::from(y.teams)),
        Cell::Whole(i64::from(y.new_teams)),
        y.fte.map_or(Cell::Empty, Cell::Decimal),
        Cell::Money(y.effect.gross),
        Cell::Money(y.effect.state_refusion),
        Cell::Money(y.effect.municipal_net),
        Cell::Money(y.establishment),
        Cell::Money(y.municipal_effect),
        Cell::Money(y.present_value),
    ]
}

fn plan_csv_total(lang: Lang, effect: &Totals, municipal: Money, pv: Money) -> Vec<Cell> {
    vec![
        total_cell(lang),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Money(effect.gross),
        Cell::Money(effect.state_refusion),
        Cell::Money(effect.municipal_net),
        Cell::Empty,
        Cell::Money(municipal),
        Cell::Money(pv),
    ]
}

pub fn budget(b: &BudgetResult, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::budget_title(
            lang,
            &b.policy,
            &format_percent(b.discount_rate, lang),
            b.share_discharged_percent,
            b.caseload,
        )
    ));
    let mut head: Vec<(&'static str, &str)> = vec![("variant", ""), ("annual_cost", "")];
    head.extend(PLAN_KEYS.iter().map(|k| (*k, "")));
    let mut csv = Table::new(&head);
    for v in &b.variants {
        let per_fte = v.cost_per_fte.map(|m| amount(m, lang));
        out.line(t::budget_variant(
            lang,
            &v.label,
            &amount(v.annual_cost, lang),
            per_fte.as_deref(),
        ));
        out.push(Part::Screen(plan_rows(lang, &v.years)));
        out.text(format!(
            "{}\n\n",
            t::budget_totals(
                lang,
                &amount(v.total_municipal_effect, lang),
                &amount(v.total_present_value, lang),
            )
        ));
        let lead = || vec![Cell::text(&v.label), Cell::Money(v.annual_cost)];
        for y in &v.years {
            let mut row = lead();
            row.extend(plan_csv_cells(y));
            csv.row(row);
        }
        let mut row = lead();
        row.extend(plan_csv_total(
            lang,
            &v.total_effect,
            v.total_municipal_effect,
            v.total_present_value,
        ));
        csv.row(row);
    }
    out.line(t::BUDGET_FOOTER.get(lang));
    out.push(Part::Csv(csv));
    out
}

pub fn plan(p: &PlanResult, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::plan_title(lang, &p.policy, &format_percent(p.discount_rate, lang))
    ));
    out.push(Part::Screen(plan_rows(lang, &p.years)));
    out.text(format!(
        "\n{}\n",
        t::plan_totals(
            lang,
            &amount(p.total_municipal_effect, lang),
            &amount(p.total_present_value, lang),
        )
    ));
    let head: Vec<(&'static str, &str)> = PLAN_KEYS.iter().map(|k| (*k, "")).collect();
    let mut csv = Table::new(&head);
    for y in &p.years {
        csv.row(plan_csv_cells(y));
    }
    csv.row(plan_csv_total(
        lang,
        &p.total_effect,
        p.total_municipal_effect,
        p.total_present_value,
    ));
    out.push(Part::Csv(csv));
    out
}

pub fn monte_carlo(m: &MonteCarlo, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::monte_carlo_title(lang, m.draws, m.seed)
    ));
    let mut run = Table::new(&[("draws", ""), ("seed", "")]);
    run.row(vec![
        Cell::Whole(i64::from(m.draws)),
        Cell::text(m.seed.to_string()),
    ]);
    out.push(Part::Csv(run));
    let mut tab = Table::new(&[
        ("year", t::YEAR.get(lang)),
        ("p5", "P5"),
        ("p50", "P50"),
        ("p95", "P95"),
        ("min", t::MIN.get(lang)),
        ("max", t::MAX.get(lang)),
    ]);
    let band = |b: &refusion_core::planning::uncertainty::Band| {
        vec![
            Cell::Money(b.p5),
            Cell::Money(b.p50),
            Cell::Money(b.p95),
            Cell::Money(b.min),
            Cell::Money(b.max),
        ]
    };
    for y in &m.years {
        let mut row = vec![Cell::Year(y.year)];
        row.extend(band(&y.band));
        tab.row(row);
    }
    let mut row = vec![total_cell(lang)];
    row.extend(band(&m.total));
    tab.row(row);
    out.push(Part::Table(tab));
    out
}

pub fn tornado(tornado: &Tornado, lang: Lang) -> Report {
    let mut out = Report::new();
    out.text(format!(
        "{}\n\n",
        t::tornado_title(lang, &amount(tornado.base, lang))
    ));
    let mut base = Table::new(&[("municipal_effect", "")]);
    base.row(vec![Cell::Money(tornado.base)]);
    out.push(Part::Csv(base));
    let mut tab = Table::new(&[
        ("input", t::INPUT.get(lang)),
        ("low_value", t::LOW.get(lang)),
        ("high_value", t::HIGH.get(lang)),
        ("at_low", t::AT_LOW.get(lang)),
        ("at_high", t::AT_HIGH.get(lang)),
        ("swing", t::SWING.get(lang)),
    ])
    .left_columns(3);
    for r in &tornado.rows {
        tab.row(vec![
            Cell::text(&r.input),
            Cell::text(&r.low_value),
            Cell::text(&r.high_value),
            Cell::Money(r.at_low),
            Cell::Money(r.at_high),
            Cell::Money(r.swing),
        ]);
    }
    out.push(Part::Table(tab));
    out
}
