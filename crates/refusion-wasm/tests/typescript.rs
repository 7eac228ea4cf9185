//! `src/types.d.ts`, the TypeScript declarations of the package, is generated from the Rust
//! types, so the schema of the inputs and results is written once.
//!
//! The file is the hand-written header `src/types.head.d.ts` (the `Decimal` and `IsoDate`
//! aliases, `RefusionError` and a few aliases), the `ErrorCode` union of `ErrorKind::ALL`, and
//! the ts-rs declaration of every type a function of `src/lib.rs` takes or returns, with every
//! type those contain, in a stable order. This test renders the file and fails when the
//! checked-in one differs; run
//!
//! ```text
//! UPDATE_TYPES=1 cargo test -p refusion-wasm --test typescript
//! ```
//!
//! to rewrite it. The core derives `ts_rs::TS` behind its `typescript` feature; the binding's
//! own result shapes (`src/shapes.rs`) are compiled into this test, where `cfg(test)` derives it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../src/shapes.rs"]
mod shapes;

use std::collections::BTreeMap;
use std::path::PathBuf;

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::export::{ColumnLabel, Dialect};
use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::{BudgetQuery, BudgetResult};
use refusion_core::planning::plan::{PlanQuery, PlanResult};
use refusion_core::planning::team::{Placement, TeamCost, TeamModel};
use refusion_core::planning::uncertainty::{MonteCarlo, Tornado, UncertaintyQuery};
use refusion_core::population::cohort::CohortSpec;
use refusion_core::rules::catalog::{
    Defaults, ParameterCatalog, PointReference, PolicyView, RangeReference, Source,
};
use refusion_core::{
    BreakEven, BreakEvenQuery, Comparison, CurvePoint, ErrorKind, Evaluation, PolicySpec,
    RegisterResult, Scenario, StayRow, SupportRow,
};
use ts_rs::{Config, TypeVisitor, TS};

const REFRESH: &str = "UPDATE_TYPES=1 cargo test -p refusion-wasm --test typescript";

fn src(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(name)
}

/// A type and everything it contains: name → declaration.
struct Closure<'a> {
    cfg: &'a Config,
    found: BTreeMap<String, String>,
    clashes: Vec<String>,
}

impl TypeVisitor for Closure<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives, containers and the string aliases have no declaration of their own.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        let decl = format!(
            "{}export {}",
            T::docs().unwrap_or_default(),
            T::decl(self.cfg)
        );
        match self.found.get(&name) {
            Some(known) if *known != decl => self.clashes.push(name),
            Some(_) => {}
            None => {
                self.found.insert(name, decl);
                T::visit_dependencies(self);
            }
        }
    }
}

/// The declarations in order: each root, then what it contains that no earlier root did,
/// sorted by name (ts-rs visits fields in no fixed order).
struct Declarations<'a> {
    cfg: &'a Config,
    done: BTreeMap<String, String>,
    order: Vec<String>,
    clashes: Vec<String>,
}

impl Declarations<'_> {
    fn root<T: TS + 'static>(&mut self) -> &mut Self {
        let mut c = Closure {
            cfg: self.cfg,
            found: BTreeMap::new(),
            clashes: Vec::new(),
        };
        c.visit::<T>();
        self.clashes.append(&mut c.clashes);
        let name = T::ident(self.cfg);
        let first = c.found.remove_entry(&name);
        for (name, decl) in first.into_iter().chain(c.found) {
            match self.done.get(&name) {
                Some(known) if *known != decl => self.clashes.push(name),
                Some(_) => {}
                None => {
                    self.order.push(decl.clone());
                    self.done.insert(name, decl);
                }
            }
        }
        self
    }
}

/// Every type that crosses the JS boundary, by the functions of `src/lib.rs` that take or
/// return it.
fn declarations(cfg: &Config) -> Vec<String> {
    let mut d = Declarations {
        cfg,
        done: BTreeMap::new(),
        order: Vec::new(),
        clashes: Vec::new(),
    };
    // evaluate, evaluateText, compare, cumulative
    d.root::<Scenario>()
        .root::<Evaluation>()
        .root::<Comparison>()
        .root::<CurvePoint>()
        // breakEven
        .root::<BreakEvenQuery>()
        .root::<BreakEven>()
        // illustrativeTeam, teamCost, placeCost
        .root::<TeamModel>()
        .root::<TeamCost>()
        .root::<Placement>()
        // policy, references, catalog, defaults; formatAmount, formatPercent, formatDate
        .root::<PolicySpec>()
        .root::<PolicyView>()
        .root::<shapes::References>()
        .root::<Source>()
        .root::<RangeReference>()
        .root::<PointReference>()
        .root::<shapes::Catalog>()
        .root::<Defaults>()
        .root::<Lang>()
        // evaluateRegister, evaluateRegisterCsv, cohort
        .root::<StayRow>()
        .root::<SupportRow>()
        .root::<RegisterResult>()
        .root::<shapes::RegisterCsvResult>()
        .root::<CohortSpec>()
        .root::<shapes::Cohort>()
        // plan, budget, monteCarlo, tornado
        .root::<PlanQuery>()
        .root::<PlanResult>()
        .root::<BudgetQuery>()
        .root::<BudgetResult>()
        .root::<UncertaintyQuery>()
        .root::<MonteCarlo>()
        .root::<Tornado>()
        // budgetPolicyComparison, compareRegisterCsv
        .root::<PolicyComparison>()
        // writeCsv, columnLabels
        .root::<Dialect>()
        .root::<ColumnLabel>();
    assert!(
        d.clashes.is_empty(),
        "two different types are declared under the same TypeScript name: {:?} \
         (give one a #[ts(rename = \"…\")])",
        d.clashes
    );
    d.order
}

/// A doc comment from its lines (without ` * `): Rust code examples and intra-doc link brackets
/// dropped, on one line when it is one line.
fn jsdoc(lines: &[&str], indent: &str) -> String {
    let mut text: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in lines {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            text.push(line.trim_end().replace("[`", "`").replace("`]", "`"));
        }
    }
    while text.last().is_some_and(|l| l.trim().is_empty()) {
        text.pop();
    }
    match text.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {} */\n", one.trim()),
        many => {
            let mut out = format!("{indent}/**\n");
            for l in many {
                let l = l.strip_prefix(' ').unwrap_or(l);
                if l.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {l}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// ts-rs writes a declaration on few lines (`type X = { \n/**\n * doc\n */\nfield: T, \n… };`);
/// this indents the fields, shortens one-line doc comments and puts the closing brace on its
/// own line.
fn layout(decl: &str) -> String {
    let mut out = String::new();
    let mut in_object = false;
    let mut doc: Option<Vec<&str>> = None;
    for line in decl.split('\n') {
        let line = line.trim_end();
        // Four spaces, as wasm-bindgen writes the custom section into the package's .d.ts.
        let indent = if in_object { "    " } else { "" };
        if let Some(d) = doc.as_mut() {
            if line.trim() == "*/" {
                out.push_str(&jsdoc(d, indent));
                doc = None;
            } else {
                d.push(line.strip_prefix(" *").unwrap_or(line));
            }
            continue;
        }
        if line.trim() == "/**" {
            doc = Some(Vec::new());
            continue;
        }
        if !in_object {
            if let Some(head) = line.strip_suffix(" {") {
                out.push_str(head);
                out.push_str(" {\n");
                in_object = true;
            } else if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        }
        let (field, closing) = match line.strip_suffix(" }") {
            Some(f) => (f, Some("}")),
            None => match line.strip_suffix(" };") {
                Some(f) => (f, Some("};")),
                None => (line, None),
            },
        };
        if !field.is_empty() {
            out.push_str("    ");
            out.push_str(field);
            out.push('\n');
        }
        if let Some(c) = closing {
            out.push_str(c);
            out.push('\n');
            in_object = false;
        }
    }
    out
}

/// The whole file.
fn render() -> String {
    let head = std::fs::read_to_string(src("types.head.d.ts")).expect("src/types.head.d.ts");
    // i64/u64 are JS numbers (counts of nights and days, seeds up to 2^53 − 1), not bigint:
    // the JSON the functions return holds plain numbers.
    let cfg = Config::new().with_large_int("number");
    let mut out = String::new();
    out.push_str(
        "// Generated by crates/refusion-wasm/tests/typescript.rs from src/types.head.d.ts and the\n\
         // Rust types; do not edit. To refresh: ",
    );
    out.push_str(REFRESH);
    out.push_str("\n\n");
    out.push_str(head.trim_end());
    out.push_str(
        "\n\n/** The stable error codes (`errorCodes()`), the `code` of a `RefusionError`. */\n",
    );
    out.push_str("export type ErrorCode =\n");
    // Not indented: wasm-bindgen indents by the depth of braces only.
    for k in ErrorKind::ALL {
        out.push_str(&format!("| \"{}\"\n", k.code()));
    }
    out.truncate(out.len() - 1);
    out.push_str(";\n");
    for decl in declarations(&cfg) {
        out.push('\n');
        out.push_str(&layout(&decl));
    }
    out
}

/// The file without its comments.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn types_d_ts_is_generated_from_the_rust_types() {
    let path = src("types.d.ts");
    let fresh = render();
    if std::env::var_os("UPDATE_TYPES").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, &fresh).expect("write src/types.d.ts");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        let line = current
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| current.lines().count().min(fresh.lines().count()));
        panic!(
            "crates/refusion-wasm/src/types.d.ts is stale (it differs from the Rust types from \
             line {}); regenerate it with:\n\n    {REFRESH}\n",
            line + 1
        );
    }
}

#[test]
fn no_field_is_untyped() {
    let code = code_of(&render());
    for word in ["any", "unknown", "bigint", "JsonValue", "object"] {
        let hits: Vec<&str> = code
            .lines()
            .filter(|l| {
                l.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == word)
            })
            .collect();
        assert!(hits.is_empty(), "`{word}` in the declarations: {hits:#?}");
    }
}

#[test]
fn every_type_lib_rs_names_is_declared() {
    let text = render();
    let declared = |name: &str| {
        text.contains(&format!("export type {name} "))
            || text.contains(&format!("export type {name}<"))
            || text.contains(&format!("export interface {name} "))
    };
    let lib = std::fs::read_to_string(src("lib.rs")).expect("src/lib.rs");
    let mut named = 0;
    for part in lib.split("typescript_type = \"").skip(1) {
        let ty = part.split('"').next().unwrap_or("");
        for word in ty.split(|c: char| !c.is_alphanumeric()) {
            if word.starts_with(char::is_uppercase) && !["Record", "Uint8Array"].contains(&word) {
                assert!(
                    declared(word),
                    "lib.rs uses {word}, which types.d.ts does not declare"
                );
                named += 1;
            }
        }
    }
    assert!(named > 20, "found only {named} type names in lib.rs");
}

#[test]
fn every_type_the_declarations_use_is_declared() {
    let text = render();
    let mut code = code_of(&text);
    // String literal types are not names.
    while let Some(i) = code.find('"') {
        let end = code[i + 1..].find('"').map_or(code.len(), |j| i + j + 2);
        code.replace_range(i..end, "");
    }
    // Built-in types, and `T`, the parameter of the generic declarations.
    let builtin = [
        "Array",
        "Record",
        "Omit",
        "Exclude",
        "Error",
        "Uint8Array",
        "T",
    ];
    let mut missing: Vec<&str> = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(char::is_uppercase) && !builtin.contains(w))
        .filter(|w| {
            !text.contains(&format!("export type {w} "))
                && !text.contains(&format!("export type {w}<"))
                && !text.contains(&format!("export interface {w} "))
        })
        .collect();
    missing.dedup();
    assert!(missing.is_empty(), "used but not declared: {missing:?}");
}

#[test]
fn the_references_shape_spells_out_the_sources() {
    let c = ParameterCatalog::embedded().unwrap();
    let r = serde_json::to_value(shapes::References::of(&c)).unwrap();
    for (key, figure) in [
        ("m_act", &c.reference.m_act.sources),
        ("act", &c.reference.act.sources),
    ] {
        let sources = r[key]["sources"].as_array().unwrap();
        assert_eq!(sources.len(), figure.len(), "{key}");
        for s in sources {
            assert!(
                s["citation"].as_str().is_some_and(|t| !t.is_empty()),
                "{key}: {s}"
            );
        }
    }
    assert!(r["m_act"]["low"].is_string() && r["act"]["mean"].is_string());
}

#[test]
fn the_catalog_shape_is_the_core_catalog_json() {
    let c = ParameterCatalog::embedded().unwrap();
    let typed = serde_json::to_value(shapes::Catalog::of(&c)).unwrap();
    assert_eq!(typed, c.to_json());
    let used_by = &typed["sources"]["ramboll-mact"]["used_by"];
    assert!(
        used_by.as_array().is_some_and(|u| !u.is_empty()),
        "{used_by}"
    );
}
