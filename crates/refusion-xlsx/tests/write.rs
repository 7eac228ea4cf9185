//! Workbooks written and read back with calamine: sheet names in both languages, the CSV's
//! headers, money as numbers equal to the engine's figures to the øre, totals rows, the rounding
//! row exactly when rounded rows do not add up (C11), and the explanation sheet.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::export::column_label;
use refusion_core::model::locale::Lang;
use refusion_core::model::totals::Totals;
use refusion_core::population::register::csv::{compare_csv, evaluate_csv_full, read_support};
use refusion_core::population::register::ColumnsResult;
use refusion_core::{Engine, Money, Policy, PolicySpec, SupportRow};
use refusion_xlsx::write::{
    budget_workbook, comparison_workbook, monte_carlo_workbook, plan_workbook, register_workbook,
    Explained, RegisterTables,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn example(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    open(bytes).sheet_names()
}

/// A sheet as a grid from A1.
fn grid(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let range = open(bytes).worksheet_range(name).unwrap();
    let Some((rows, cols)) = range.end() else {
        return Vec::new();
    };
    (0..=rows)
        .map(|r| {
            (0..=cols)
                .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                .collect()
        })
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

/// A money cell in øre; it must be a number.
fn ore(d: &Data) -> i64 {
    match d {
        Data::Float(f) => (f * 100.0).round() as i64,
        Data::Int(i) => i * 100,
        other => panic!("not a number: {other:?}"),
    }
}

fn money_ore(m: Money) -> i64 {
    (m.as_decimal() * Decimal::from(100)).to_i64().unwrap()
}

fn totals_ore(t: &Totals) -> [i64; 4] {
    [
        money_ore(t.gross),
        money_ore(t.citizen_payment),
        money_ore(t.state_refusion),
        money_ore(t.municipal_net),
    ]
}

fn whole(d: &Data) -> i64 {
    match d {
        Data::Float(f) if f.fract() == 0.0 => *f as i64,
        Data::Int(i) => *i,
        other => panic!("not a whole number: {other:?}"),
    }
}

fn header(grid: &[Vec<Data>], row: usize) -> Vec<String> {
    grid[row]
        .iter()
        .map(text)
        .filter(|s| !s.is_empty())
        .collect()
}

fn labels(keys: &[&str], lang: Lang) -> Vec<String> {
    keys.iter()
        .map(|k| column_label(k, lang).unwrap().to_string())
        .collect()
}

/// The first row whose first cell is `label`.
fn row_of(grid: &[Vec<Data>], label: &str) -> Option<usize> {
    grid.iter()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == label))
}

fn four(row: &[Data], from: usize) -> [i64; 4] {
    [
        ore(&row[from]),
        ore(&row[from + 1]),
        ore(&row[from + 2]),
        ore(&row[from + 3]),
    ]
}

struct Register {
    engine: Engine,
    policy: Policy,
    result: ColumnsResult,
    cols: refusion_core::population::register::csv_columns::CsvColumns,
    support: Vec<SupportRow>,
}

fn register(csv: &[u8], support: Option<&[u8]>) -> Register {
    let engine = Engine::new().unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let support = support
        .map(|s| read_support(Cursor::new(s.to_vec())).unwrap())
        .unwrap_or_default();
    let (result, cols) = evaluate_csv_full(&engine, &policy, csv, &support, false).unwrap();
    Register {
        engine,
        policy,
        result,
        cols,
        support,
    }
}

impl Register {
    fn workbook(&self, explain: Option<&str>, lang: Lang) -> Vec<u8> {
        let id = |g: usize| self.cols.citizen_id(g).to_string();
        let tables = RegisterTables {
            result: &self.result,
            citizen_id: &id,
        };
        let evaluation = explain.map(|id| {
            let scenario = self
                .cols
                .scenario_of(id, &self.support, PolicySpec::Statutory)
                .unwrap();
            self.engine.evaluate(&scenario).unwrap()
        });
        let explained = explain.zip(evaluation.as_ref()).map(|(id, e)| Explained {
            citizen_id: id,
            evaluation: e,
        });
        register_workbook(
            &self.engine,
            &self.policy,
            &tables,
            explained.as_ref(),
            lang,
        )
        .unwrap()
    }
}

const PAYERS: [&str; 4] = [
    "gross",
    "citizen_payment",
    "state_refusion",
    "municipal_net",
];

#[test]
fn the_example_register_in_danish_and_english() {
    let r = register(
        &example("register.csv"),
        Some(&example("register_support.csv")),
    );
    for (lang, names, total) in [
        (
            Lang::Da,
            [
                "Oversigt",
                "År og betaler",
                "Borgere",
                "Borgere og år",
                "Parametre",
                "Forklaring",
            ],
            "I alt",
        ),
        (
            Lang::En,
            [
                "Overview",
                "Years by payer",
                "Citizens",
                "Citizens by year",
                "Parameters",
                "Explanation",
            ],
            "Total",
        ),
    ] {
        let book = r.workbook(Some("E5"), lang);
        assert_eq!(sheet_names(&book), names);

        // Years by payer: the CSV's headers, each year's figures, the total.
        let years = grid(&book, names[1]);
        let mut keys = vec!["year"];
        keys.extend(PAYERS);
        assert_eq!(header(&years, 0), labels(&keys, lang));
        for (i, y) in r.result.years.iter().enumerate() {
            assert_eq!(whole(&years[i + 1][0]), i64::from(y.year));
            assert_eq!(four(&years[i + 1], 1), totals_ore(&y.totals));
        }
        let t = row_of(&years, total).unwrap();
        assert_eq!(four(&years[t], 1), totals_ore(&r.result.totals));
        // A rounding row exactly when the rounded years do not add up.
        let mut sum = [0i64; 4];
        for y in &r.result.years {
            for (s, v) in sum.iter_mut().zip(totals_ore(&y.totals)) {
                *s += v;
            }
        }
        let rounding = lang.pick("Afrunding", "Rounding");
        assert_eq!(
            row_of(&years, rounding).is_some(),
            sum != totals_ore(&r.result.totals)
        );

        // Citizens: ids, counts as whole numbers, money to the øre, totals.
        let citizens = grid(&book, names[2]);
        assert_eq!(
            header(&citizens, 0),
            labels(
                &[
                    "citizen_id",
                    "stays",
                    "nights",
                    "refunded_nights",
                    "support_days",
                    "gross",
                    "citizen_payment",
                    "state_refusion",
                    "municipal_net"
                ],
                lang
            )
        );
        for (i, c) in r.result.citizens.iter().enumerate() {
            let row = &citizens[i + 1];
            assert_eq!(text(&row[0]), r.cols.citizen_id(c.group as usize));
            assert_eq!(whole(&row[1]), c.stays as i64);
            assert_eq!(whole(&row[2]), c.nights);
            assert_eq!(whole(&row[3]), c.refunded_nights);
            assert_eq!(whole(&row[4]), c.support_days);
            assert_eq!(four(row, 5), totals_ore(&c.totals));
        }
        let t = row_of(&citizens, total).unwrap();
        assert_eq!(four(&citizens[t], 5), totals_ore(&r.result.totals));
        // Only E5 has amounts that are not whole øre (support at 104,000 a year / 365 a day),
        // so the citizens add up to the total: no rounding row.
        assert_eq!(row_of(&citizens, rounding), None);

        // Citizens by year.
        let cy = grid(&book, names[3]);
        let mut keys = vec!["citizen_id", "year"];
        keys.extend(PAYERS);
        assert_eq!(header(&cy, 0), labels(&keys, lang));
        assert!(cy.len() > r.result.citizen_years.len());
        for (i, y) in r.result.citizen_years.iter().enumerate() {
            assert_eq!(text(&cy[i + 1][0]), r.cols.citizen_id(y.group as usize));
            assert_eq!(whole(&cy[i + 1][1]), i64::from(y.year));
            assert_eq!(four(&cy[i + 1], 2), totals_ore(&y.totals));
        }

        // Parameters: the cap's steps with their dates (as dates), sources.
        let params = grid(&book, names[4]);
        let cap: Vec<&Vec<Data>> = params
            .iter()
            .filter(|r| matches!(r.get(1), Some(Data::String(s)) if s == "cap_nights"))
            .collect();
        assert!(!cap.is_empty());
        for row in &cap {
            assert!(matches!(row[5], Data::DateTime(_)), "{:?}", row[5]);
            assert!(!text(&row[6]).is_empty());
        }
        // Own payment reference: money and a price year.
        let own: Vec<&Vec<Data>> = params
            .iter()
            .filter(|r| matches!(r.get(1), Some(Data::String(s)) if s == "own_payment_reference"))
            .collect();
        assert!(!own.is_empty());
        for row in &own {
            assert!(matches!(row[3], Data::Float(_)));
            assert!(whole(&row[8]) >= 2018);
        }

        // The explanation: one row per trace entry, in the workbook's language.
        let scenario = r
            .cols
            .scenario_of("E5", &r.support, PolicySpec::Statutory)
            .unwrap();
        let ev = r.engine.evaluate(&scenario).unwrap();
        let ex = grid(&book, names[5]);
        assert!(text(&ex[0][0]).contains("E5"));
        assert_eq!(text(&ex[1][0]), column_label("rule", lang).unwrap());
        for (i, e) in ev.trace.iter().enumerate() {
            let row = &ex[i + 2];
            assert_eq!(text(&row[0]), e.rule);
            assert!(matches!(row[2], Data::DateTime(_)));
            assert_eq!(whole(&row[4]), e.nights);
            assert_eq!(whole(&row[5]), e.refunded_nights);
            assert_eq!(text(&row[11]), lang.pick(&e.text_da, &e.text));
        }
        let t = row_of(&ex, total).unwrap();
        assert_eq!(four(&ex[t], 1), totals_ore(&ev.totals));

        // The overview names the policy and gives the totals as numbers.
        let o = grid(&book, names[0]);
        let p = row_of(&o, column_label("policy", lang).unwrap()).unwrap();
        // The preset's title and its name, as the CLI shows it.
        let title = Engine::new().unwrap().catalog().presets["statutory"]
            .title
            .get(lang)
            .to_string();
        assert_eq!(text(&o[p][1]), format!("{title} (statutory)"));
        let g = row_of(&o, column_label("gross", lang).unwrap()).unwrap();
        assert_eq!(ore(&o[g][1]), money_ore(r.result.totals.gross));
    }
    // Without an explanation there is no explanation sheet.
    let book = r.workbook(None, Lang::Da);
    assert_eq!(sheet_names(&book).len(), 5);
}

/// Three citizens, each with one § 110 night on 1 June 2026 at a rate of 1,400.01 and an own
/// payment of 100.00 under the statutory rules. The refund is 50 % of the rate minus the own
/// payment (R6): 0.5 × 1,300.01 = 650.005 per citizen, rounded half away from zero to 650.01.
/// The register's refund is rounded from the exact sum 1,950.015 = 1,950.02, while the rows
/// add up to 1,950.03: the rounding is −0.01. The gross (3 × 1,400.01 = 4,200.03) and the own
/// payment (300.00) add up; the municipal net is 4,200.03 − 300.00 − 1,950.02 = 1,950.01 against
/// rows of 1,400.01 − 100.00 − 650.01 = 650.00 each (1,950.00): the rounding is +0.01.
#[test]
fn a_rounding_row_exactly_where_rounded_rows_do_not_add_up() {
    let csv = "citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\n\
               A;1980-01-01;2026-06-01;2026-06-02;1.400,01;100,00\n\
               B;1980-01-01;2026-06-01;2026-06-02;1.400,01;100,00\n\
               C;1980-01-01;2026-06-01;2026-06-02;1.400,01;100,00\n";
    let r = register(csv.as_bytes(), None);
    assert_eq!(
        totals_ore(&r.result.totals),
        [420_003, 30_000, 195_002, 195_001]
    );
    for lang in Lang::ALL {
        let book = r.workbook(None, lang);
        let (total, rounding) = (
            lang.pick("I alt", "Total"),
            lang.pick("Afrunding", "Rounding"),
        );
        let sheet = lang.pick("Borgere", "Citizens");
        let g = grid(&book, sheet);
        for row in &g[1..4] {
            assert_eq!(four(row, 5), [140_001, 10_000, 65_001, 65_000]);
        }
        let t = row_of(&g, total).unwrap();
        assert_eq!(four(&g[t], 5), [420_003, 30_000, 195_002, 195_001]);
        assert_eq!(
            [whole(&g[t][1]), whole(&g[t][2]), whole(&g[t][3])],
            [3, 3, 3]
        );
        let a = row_of(&g, rounding).unwrap();
        assert_eq!(a, t + 1);
        assert_eq!(four(&g[a], 5), [0, 0, -1, 1]);
        let why = text(&g[a + 1][0]);
        assert!(
            why.contains(lang.pick("afrundet til hele øre", "rounded to the øre")),
            "{why}"
        );

        // Citizens by year: the same, and the year 2026 against its rows.
        let g = grid(&book, lang.pick("Borgere og år", "Citizens by year"));
        let t = row_of(&g, total).unwrap();
        assert_eq!(four(&g[t], 2), [420_003, 30_000, 195_002, 195_001]);
        let rows: Vec<usize> = (0..g.len())
            .filter(|&i| matches!(&g[i][0], Data::String(s) if s == rounding))
            .collect();
        assert_eq!(rows.len(), 2, "the total's and 2026's");
        assert_eq!(four(&g[rows[0]], 2), [0, 0, -1, 1]);
        assert_eq!(whole(&g[rows[1]][1]), 2026);
        assert_eq!(four(&g[rows[1]], 2), [0, 0, -1, 1]);

        // One year: the year is the total, no rounding row.
        let g = grid(&book, lang.pick("År og betaler", "Years by payer"));
        assert!(row_of(&g, total).is_some());
        assert_eq!(row_of(&g, rounding), None);
    }

    // A as above (refund 650.005, rounded up to 650.01) and B at a rate of 1,400.00 (refund
    // 0.5 × 1,300.00 = 650.00 exactly): the exact refund 1,300.005 rounds to 1,300.01, which
    // the rows (650.01 + 650.00) add up to; the net is 2,800.01 − 200.00 − 1,300.01 = 1,300.00
    // against 650.00 + 650.00. No rounding row.
    let csv = "citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\n\
               A;1980-01-01;2026-06-01;2026-06-02;1.400,01;100,00\n\
               B;1980-01-01;2026-06-01;2026-06-02;1.400,00;100,00\n";
    let r = register(csv.as_bytes(), None);
    let book = r.workbook(None, Lang::Da);
    let g = grid(&book, "Borgere");
    let t = row_of(&g, "I alt").unwrap();
    assert_eq!(four(&g[t], 5), [280_001, 20_000, 130_001, 130_000]);
    assert_eq!(row_of(&g, "Afrunding"), None);
}

#[test]
fn a_comparison_workbook() {
    let engine = Engine::new().unwrap();
    let base = engine.resolve(&PolicySpec::preset("reform-2023")).unwrap();
    let policy = engine.resolve(&PolicySpec::Statutory).unwrap();
    let support = read_support(Cursor::new(example("register_support.csv"))).unwrap();
    let c: PolicyComparison =
        compare_csv(&engine, &base, &policy, &example("register.csv"), &support).unwrap();
    for lang in Lang::ALL {
        let book = comparison_workbook(&engine, &c, lang).unwrap();
        let names = sheet_names(&book);
        assert_eq!(
            names,
            [
                lang.pick("Oversigt", "Overview"),
                lang.pick("År og betaler", "Years by payer"),
                lang.pick("Parametre", "Parameters")
            ]
        );
        let g = grid(&book, &names[1]);
        let csv = c.to_csv(match lang {
            Lang::Da => refusion_core::model::export::Dialect::Da,
            Lang::En => refusion_core::model::export::Dialect::En,
        });
        if lang == Lang::Da {
            // The workbook's headers are the Danish CSV's.
            let first = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
            // (The CSV quotes labels that hold a comma.)
            assert_eq!(header(&g, 0).join(";"), first.replace('"', ""));
        }
        for (i, y) in c.years.iter().enumerate() {
            let row = &g[i + 1];
            assert_eq!(whole(&row[0]), i64::from(y.year));
            assert_eq!(four(row, 3), totals_ore(&y.base));
            assert_eq!(four(row, 7), totals_ore(&y.policy));
            assert_eq!(four(row, 11), totals_ore(&y.difference));
        }
        let t = row_of(&g, lang.pick("I alt", "Total")).unwrap();
        assert_eq!(four(&g[t], 11), totals_ore(&c.difference));
        // Both policies' parameters.
        let p = grid(&book, &names[2]);
        for name in ["statutory", "reform-2023"] {
            assert!(p
                .iter()
                .any(|r| matches!(&r[0], Data::String(s) if s == name)));
        }
    }
}

#[test]
fn plan_budget_and_monte_carlo_workbooks() {
    let engine = Engine::new().unwrap();
    let q: refusion_core::planning::plan::PlanQuery =
        serde_json::from_slice(&example("plan.json")).unwrap();
    let plan = engine.plan(&q).unwrap();
    for lang in Lang::ALL {
        let book = plan_workbook(&engine, &plan, lang).unwrap();
        let names = sheet_names(&book);
        assert_eq!(
            names,
            [
                lang.pick("Oversigt", "Overview"),
                lang.pick("År og betaler", "Years by payer"),
                lang.pick("Forløb", "Pathways"),
                lang.pick("Parametre", "Parameters")
            ]
        );
        let g = grid(&book, &names[1]);
        assert_eq!(
            header(&g, 0)[..3],
            labels(&["year", "support_citizen_years", "teams"], lang)[..]
        );
        for (i, y) in plan.years.iter().enumerate() {
            assert_eq!(whole(&g[i + 1][0]), i64::from(y.year));
            assert_eq!(whole(&g[i + 1][2]), i64::from(y.teams));
            assert_eq!(ore(&g[i + 1][7]), money_ore(y.effect.municipal_net));
            assert_eq!(ore(&g[i + 1][9]), money_ore(y.municipal_effect));
        }
        let t = row_of(&g, lang.pick("I alt", "Total")).unwrap();
        assert_eq!(ore(&g[t][9]), money_ore(plan.total_municipal_effect));
        assert_eq!(ore(&g[t][10]), money_ore(plan.total_present_value));
    }

    let q: refusion_core::planning::budget::BudgetQuery =
        serde_json::from_slice(&example("budget.json")).unwrap();
    let budget = engine.budget(&q).unwrap();
    let book = budget_workbook(&engine, &budget, Lang::Da).unwrap();
    let g = grid(&book, "År og betaler");
    assert_eq!(
        header(&g, 0)[..3],
        labels(&["variant", "annual_cost", "year"], Lang::Da)[..]
    );
    let totals: Vec<usize> = (0..g.len())
        .filter(|&i| matches!(&g[i][2], Data::String(s) if s == "I alt"))
        .collect();
    assert_eq!(totals.len(), budget.variants.len());
    for (t, v) in totals.iter().zip(&budget.variants) {
        // The variants by their Danish names, as on the page.
        let danish = match v.label.as_str() {
            "low" => "lav",
            "mean" => "gennemsnit",
            "high" => "høj",
            other => other,
        };
        assert_eq!(text(&g[*t][0]), danish);
        assert_eq!(ore(&g[*t][1]), money_ore(v.annual_cost));
        assert_eq!(ore(&g[*t][11]), money_ore(v.total_municipal_effect));
    }
    // The annual costs used, with the price year of the reference figure they equal.
    let p = grid(&book, "Parametre");
    let used = row_of(&p, "Beløb brugt i beregningen").unwrap();
    let m_act = engine.catalog().defaults().m_act;
    let mean = p[used + 2..]
        .iter()
        .find(|r| matches!(r[1], Data::Float(_)) && ore(&r[1]) == money_ore(m_act.mean))
        .unwrap();
    assert_eq!(whole(&mean[2]), i64::from(m_act.price_year));

    let mut q: refusion_core::planning::uncertainty::UncertaintyQuery =
        serde_json::from_slice(&example("monte_carlo.json")).unwrap();
    q.run.draws = 40;
    let mc = engine.monte_carlo_query(&q).unwrap();
    for lang in Lang::ALL {
        let book = monte_carlo_workbook(&engine, &mc, lang).unwrap();
        let names = sheet_names(&book);
        assert_eq!(names[0], lang.pick("Oversigt", "Overview"));
        assert_eq!(names.len(), 5);
        let g = grid(&book, &names[1]);
        assert_eq!(
            header(&g, 0),
            labels(&["year", "p5", "p50", "p95", "min", "max"], lang)
        );
        for (i, y) in mc.years.iter().enumerate() {
            assert_eq!(whole(&g[i + 1][0]), i64::from(y.year));
            assert_eq!(ore(&g[i + 1][2]), money_ore(y.band.p50));
        }
        let t = row_of(&g, lang.pick("I alt", "Total")).unwrap();
        assert_eq!(ore(&g[t][1]), money_ore(mc.total.p5));
        let d = grid(&book, &names[3]);
        assert_eq!(d.len() - 1, mc.sample.len());
    }
}

/// 100,000 citizens with three stays each over three years (about 300,000 citizen-years):
/// `cargo test --release -p refusion-xlsx --test write -- --ignored --nocapture`.
#[test]
#[ignore = "a timing run; run in release"]
fn a_large_register_writes_in_reasonable_time() {
    let mut csv = String::from(
        "citizen_id;birth_date;admitted;discharged;daily_rate;own_payment_per_night\n",
    );
    for i in 0..100_000 {
        for (a, d) in [
            ("2025-03-01", "2025-05-10"),
            ("2026-02-01", "2026-07-01"),
            ("2027-01-05", "2027-02-01"),
        ] {
            csv.push_str(&format!("C{i:06};1980-01-01;{a};{d};1.400,01;100,00\n"));
        }
    }
    let t0 = std::time::Instant::now();
    let r = register(csv.as_bytes(), None);
    let t1 = std::time::Instant::now();
    let book = r.workbook(None, Lang::Da);
    let t2 = std::time::Instant::now();
    eprintln!(
        "{} citizens, {} citizen-years: evaluated in {:?}, workbook ({} bytes) written in {:?}",
        r.result.citizens.len(),
        r.result.citizen_years.len(),
        t1 - t0,
        book.len(),
        t2 - t1
    );
    assert_eq!(r.result.citizens.len(), 100_000);
}
