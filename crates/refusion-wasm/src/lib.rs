//! `refusion` for JavaScript: a thin wasm-bindgen binding of refusion-core.
//!
//! Inputs are plain JS objects in the scenario contract, outputs are plain objects. Money is a
//! decimal string both ways — a JS number for money is rejected (`code: "float_money"`) because
//! a JS number is a binary float. Dates are ISO strings. Errors are thrown as JS `Error`s with a
//! stable `code` and the `field` they concern. The core never panics, so nothing can kill the
//! module.

use std::cell::OnceCell;

use refusion_core::model::amount;
use refusion_core::model::calendar;
use refusion_core::model::export::{self, Dialect};
use refusion_core::model::locale::{self, Lang};
use refusion_core::planning::budget::BudgetQuery;
use refusion_core::planning::pathway::BreakEvenQuery;
use refusion_core::planning::plan::PlanQuery;
use refusion_core::planning::team::{self, TeamModel};
use refusion_core::planning::uncertainty::UncertaintyQuery;
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::population::register::csv as register_csv;
use refusion_core::population::register::{ColumnsResult, StayColumns, SupportRow};
use refusion_core::{model::read, Engine, Error, ErrorKind, Money, PolicySpec, Scenario, StayRow};
use refusion_core::{HomeSupport, ShelterStay, SupportMethod};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod register_file;
mod shapes;
mod workbook;

// Generated from the Rust types by the `typescript` test (`tests/typescript.rs`); refresh it with
// `UPDATE_TYPES=1 cargo test -p refusion-wasm --test typescript`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

/// `JSON.stringify` with a replacer that keeps NaN/±Infinity and BigInt visible (as marker
/// objects) instead of turning them into `null` or throwing.
fn to_json_text(value: &JsValue) -> Option<String> {
    let marker = |key: &str, text: String| -> JsValue {
        let obj = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), &JsValue::from_str(&text));
        obj.into()
    };
    let replacer =
        Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |_key: JsValue, v: JsValue| {
            if let Some(n) = v.as_f64() {
                if !n.is_finite() {
                    let text = if n.is_nan() {
                        "NaN"
                    } else if n > 0.0 {
                        "Infinity"
                    } else {
                        "-Infinity"
                    };
                    return marker("$nonFinite", text.to_string());
                }
            }
            if v.is_bigint() {
                let text = js_sys::BigInt::unchecked_from_js(v)
                    .to_string(10)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default();
                return marker("$bigint", text);
            }
            v
        });
    let f: &js_sys::Function = replacer.as_ref().unchecked_ref();
    js_sys::JSON::stringify_with_replacer(value, f)
        .ok()
        .and_then(|s| s.as_string())
}

#[wasm_bindgen]
extern "C" {
    /// A scenario (see the TypeScript interface).
    #[wasm_bindgen(typescript_type = "Scenario")]
    pub type ScenarioJs;
    /// An evaluation.
    #[wasm_bindgen(typescript_type = "Evaluation")]
    pub type EvaluationJs;
    /// A comparison.
    #[wasm_bindgen(typescript_type = "Comparison")]
    pub type ComparisonJs;
    /// Cumulative cost points.
    #[wasm_bindgen(typescript_type = "CurvePoint[]")]
    pub type CurveJs;
    /// A break-even query.
    #[wasm_bindgen(typescript_type = "BreakEvenQuery")]
    pub type BreakEvenQueryJs;
    /// A break-even result.
    #[wasm_bindgen(typescript_type = "BreakEven")]
    pub type BreakEvenJs;
    /// A team model.
    #[wasm_bindgen(typescript_type = "TeamModel")]
    pub type TeamModelJs;
    /// A team cost.
    #[wasm_bindgen(typescript_type = "TeamCost")]
    pub type TeamCostJs;
    /// A placement.
    #[wasm_bindgen(typescript_type = "Placement")]
    pub type PlacementJs;
    /// Reference figures with sources.
    #[wasm_bindgen(typescript_type = "References")]
    pub type ReferencesJs;
    /// Preset descriptions.
    #[wasm_bindgen(typescript_type = "Record<string, string>")]
    pub type PresetsJs;
    /// A policy spec.
    #[wasm_bindgen(typescript_type = "PolicySpec")]
    pub type PolicySpecJs;
    /// The catalog.
    #[wasm_bindgen(typescript_type = "Catalog")]
    pub type CatalogJs;
    /// The defaults.
    #[wasm_bindgen(typescript_type = "Defaults")]
    pub type DefaultsJs;
    /// JSON, TOML or CSV text: a string, or the file's bytes (a `Uint8Array`).
    #[wasm_bindgen(typescript_type = "string | Uint8Array")]
    pub type TextJs;
    /// A resolved policy.
    #[wasm_bindgen(typescript_type = "PolicyView")]
    pub type PolicyJs;
    /// Register rows.
    #[wasm_bindgen(typescript_type = "StayRow[]")]
    pub type RowsJs;
    /// A register result.
    #[wasm_bindgen(typescript_type = "RegisterResult")]
    pub type RegisterResultJs;
    /// A budget query.
    #[wasm_bindgen(typescript_type = "BudgetQuery")]
    pub type BudgetQueryJs;
    /// A budget result.
    #[wasm_bindgen(typescript_type = "BudgetResult")]
    pub type BudgetResultJs;
    /// The error codes.
    #[wasm_bindgen(typescript_type = "ErrorCode[]")]
    pub type CodesJs;
    /// A decimal string.
    #[wasm_bindgen(typescript_type = "Decimal")]
    pub type DecimalJs;
    /// A date `YYYY-MM-DD`.
    #[wasm_bindgen(typescript_type = "IsoDate")]
    pub type IsoDateJs;
    /// A string (checked here, so that another value gets a `wrong_type` error).
    #[wasm_bindgen(typescript_type = "string")]
    pub type StringJs;
    /// A language: `"da"` or `"en"`.
    #[wasm_bindgen(typescript_type = "Lang")]
    pub type LangJs;
    /// The result of a CSV register.
    #[wasm_bindgen(typescript_type = "RegisterCsvResult")]
    pub type RegisterCsvResultJs;
    /// Support rows of a register.
    #[wasm_bindgen(typescript_type = "SupportRow[]")]
    pub type SupportRowsJs;
    /// A cohort spec.
    #[wasm_bindgen(typescript_type = "CohortSpec")]
    pub type CohortSpecJs;
    /// A generated cohort.
    #[wasm_bindgen(typescript_type = "Cohort")]
    pub type CohortJs;
    /// A plan query.
    #[wasm_bindgen(typescript_type = "PlanQuery")]
    pub type PlanQueryJs;
    /// A plan result.
    #[wasm_bindgen(typescript_type = "PlanResult")]
    pub type PlanResultJs;
    /// A Monte Carlo or tornado query.
    #[wasm_bindgen(typescript_type = "UncertaintyQuery")]
    pub type UncertaintyQueryJs;
    /// A Monte Carlo result.
    #[wasm_bindgen(typescript_type = "MonteCarlo")]
    pub type MonteCarloJs;
    /// A tornado.
    #[wasm_bindgen(typescript_type = "Tornado")]
    pub type TornadoJs;
    /// The same citizens under two policies.
    #[wasm_bindgen(typescript_type = "PolicyComparison")]
    pub type PolicyComparisonJs;
    /// A CSV dialect: `"da"` or `"en"`.
    #[wasm_bindgen(typescript_type = "Dialect")]
    pub type DialectJs;
    /// Column keys.
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type HeaderJs;
    /// Rows of plain strings.
    #[wasm_bindgen(typescript_type = "string[][]")]
    pub type CsvRowsJs;
    /// Every column's key and labels.
    #[wasm_bindgen(typescript_type = "ColumnLabel[]")]
    pub type ColumnLabelsJs;
}

thread_local! {
    static ENGINE: OnceCell<Result<Engine, Error>> = const { OnceCell::new() };
}

/// Runs `f` with the (lazily built) engine.
fn with_engine<T>(f: impl FnOnce(&Engine) -> Result<T, Error>) -> Result<T, Error> {
    ENGINE.with(|cell| match cell.get_or_init(Engine::new) {
        Ok(engine) => f(engine),
        Err(e) => Err(e.clone()),
    })
}

/// Text from JS: a string, or bytes (a `Uint8Array`, e.g. a file read in the browser) that
/// must be UTF-8 (a byte-order mark is skipped).
fn text_input(v: &JsValue, field: &str, what: &str) -> Result<String, Error> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_instance_of::<js_sys::Uint8Array>() {
        let bytes = js_sys::Uint8Array::unchecked_from_js_ref(v).to_vec();
        return read::text_of(&bytes)
            .map(str::to_string)
            .map_err(|e| e.at(field));
    }
    Err(Error::new(
        ErrorKind::WrongType,
        field,
        format!(
            "expected {what} as text (a string or a Uint8Array), found {}",
            describe(v)
        ),
    ))
}

/// A JS `Error` with `name = "RefusionError"`, `code` and `field`.
fn js_error(code: &str, field: &str, message: &str) -> JsValue {
    let text = if field.is_empty() {
        message.to_string()
    } else {
        format!("{field}: {message}")
    };
    let err = js_sys::Error::new(&text);
    err.set_name("RefusionError");
    let obj: &JsValue = err.as_ref();
    // Setting properties on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str("code"), &JsValue::from_str(code));
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str("field"), &JsValue::from_str(field));
    err.into()
}

fn to_js_error(e: &Error) -> JsValue {
    js_error(e.code(), e.field(), e.message())
}

/// The shape a JS input must have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    Array,
    ObjectOrString,
}

/// Reads a JS value as a typed input: checks its shape, NaN/±Infinity and BigInt values, and
/// that money is a decimal string, then parses with the core's field-naming errors. Errors
/// about the value as a whole have an empty field; callers place them.
fn input<T: DeserializeOwned>(value: &JsValue, what: &str, shape: Shape) -> Result<T, Error> {
    let is_array = js_sys::Array::is_array(value);
    let ok = match shape {
        Shape::Object => value.is_object() && !is_array && !value.is_function(),
        Shape::Array => is_array,
        Shape::ObjectOrString => {
            (value.is_object() && !is_array && !value.is_function()) || value.is_string()
        }
    };
    if !ok {
        let expected = match shape {
            Shape::Array => "an array",
            Shape::Object => "an object",
            Shape::ObjectOrString => "a preset name or an object",
        };
        return Err(Error::new(
            ErrorKind::WrongType,
            "",
            format!("expected {what} as {expected}, found {}", describe(value)),
        ));
    }
    let text = to_json_text(value).ok_or_else(|| {
        Error::new(
            ErrorKind::WrongType,
            "",
            format!("{what} cannot be converted to JSON (a cycle?)"),
        )
    })?;
    let tree: serde_json::Value = read::from_json_str(&text)?;
    check_markers(&tree, "")?;
    read::require_decimal_strings(&tree)?;
    read::from_json_str(&text)
}

fn describe(value: &JsValue) -> &'static str {
    if value.is_undefined() {
        "undefined"
    } else if value.is_null() {
        "null"
    } else if value.is_function() {
        "a function"
    } else if js_sys::Array::is_array(value) {
        "an array"
    } else if value.is_string() {
        "a string"
    } else if value.as_f64().is_some() {
        "a number"
    } else if value.as_bool().is_some() {
        "a boolean"
    } else if value.is_bigint() {
        "a BigInt"
    } else {
        "another kind of value"
    }
}

/// Reports the markers that `toJson` leaves for NaN/±Infinity and BigInt values.
fn check_markers(v: &serde_json::Value, path: &str) -> Result<(), Error> {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(s)) = map.get("$nonFinite") {
                return Err(Error::new(
                    ErrorKind::FloatMoney,
                    path,
                    format!(
                        "{s} is not a number; pass amounts as decimal strings such as \"1400.50\""
                    ),
                ));
            }
            if let Some(serde_json::Value::String(s)) = map.get("$bigint") {
                return Err(Error::new(
                    ErrorKind::WrongType,
                    path,
                    format!("{s}n is a BigInt; pass amounts as decimal strings, e.g. \"{s}\""),
                ));
            }
            for (k, child) in map {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                check_markers(child, &at)?;
            }
            Ok(())
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_markers(child, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Converts a result to a plain JS object (money stays a decimal string).
fn output<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value)
        .map_err(|e| Error::new(ErrorKind::Syntax, "", e.to_string()))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| Error::new(ErrorKind::Syntax, "", "could not build the result"))
}

fn run<T: JsCast>(f: impl FnOnce(&Engine) -> Result<JsValue, Error>) -> Result<T, JsValue> {
    with_engine(f)
        .map(JsCast::unchecked_into)
        .map_err(|e| to_js_error(&e))
}

/// Evaluates a scenario: totals by payer, nights, lines, years, windows, periods and the trace.
#[wasm_bindgen]
pub fn evaluate(scenario: ScenarioJs) -> Result<EvaluationJs, JsValue> {
    run(|engine| {
        let s: Scenario =
            input(&scenario, "scenario", Shape::Object).map_err(|e| e.or_at("scenario"))?;
        output(&engine.evaluate(&s)?)
    })
}

/// Evaluates a scenario given as JSON or TOML text (integers are accepted for money there).
#[wasm_bindgen(js_name = evaluateText)]
pub fn evaluate_text(text: TextJs, format: Option<String>) -> Result<EvaluationJs, JsValue> {
    run(|engine| {
        let text = text_input(text.as_ref(), "text", "the scenario as JSON or TOML")?;
        let s: Scenario = match format.as_deref() {
            Some("json") => read::from_json_str(&text)?,
            Some("toml") => read::from_toml_str(&text)?,
            None => read::from_str_auto(&text)?,
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    "format",
                    format!("{other:?} is not a format; use \"json\" or \"toml\""),
                ))
            }
        };
        output(&engine.evaluate(&s)?)
    })
}

/// Compares two scenarios: both totals, B − A by payer and by year.
#[wasm_bindgen]
pub fn compare(a: ScenarioJs, b: ScenarioJs) -> Result<ComparisonJs, JsValue> {
    run(|engine| {
        let sa: Scenario = input(&a, "a", Shape::Object).map_err(|e| e.within("a"))?;
        let sb: Scenario = input(&b, "b", Shape::Object).map_err(|e| e.within("b"))?;
        output(&engine.compare(&sa, &sb)?)
    })
}

/// The cumulative cost of a scenario at every date where the daily cost changes.
#[wasm_bindgen]
pub fn cumulative(scenario: ScenarioJs) -> Result<CurveJs, JsValue> {
    run(|engine| {
        let s: Scenario =
            input(&scenario, "scenario", Shape::Object).map_err(|e| e.or_at("scenario"))?;
        output(&engine.cumulative(&s)?)
    })
}

/// The night from which discharge to support is cheaper than staying.
#[wasm_bindgen(js_name = breakEven)]
pub fn break_even(query: BreakEvenQueryJs) -> Result<BreakEvenJs, JsValue> {
    run(|engine| {
        let q: BreakEvenQuery =
            input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        output(&engine.break_even(&q)?)
    })
}

/// The illustrative M-ACT team (salaries illustrative, not sourced).
#[wasm_bindgen(js_name = illustrativeTeam)]
pub fn illustrative_team() -> Result<TeamModelJs, JsValue> {
    run(|_| output(&TeamModel::illustrative()))
}

/// Cost per citizen-year of a team model (the illustrative team when `undefined`).
#[wasm_bindgen(js_name = teamCost)]
pub fn team_cost(model: Option<TeamModelJs>) -> Result<TeamCostJs, JsValue> {
    run(|engine| {
        let m: TeamModel = match model {
            Some(m) if !m.is_undefined() && !m.is_null() => {
                input(&m, "model", Shape::Object).map_err(|e| e.or_at("model"))?
            }
            _ => TeamModel::illustrative(),
        };
        output(&team::team_cost(&m, engine.catalog())?)
    })
}

/// Places a cost per citizen-year (a decimal string) against the Rambøll M-ACT range.
#[wasm_bindgen(js_name = placeCost)]
pub fn place_cost(cost: DecimalJs) -> Result<PlacementJs, JsValue> {
    run(|engine| {
        let cost = JsValue::from(cost);
        let text = cost.as_string().ok_or_else(|| {
            if cost.as_f64().is_some() {
                Error::new(
                    ErrorKind::FloatMoney,
                    "cost",
                    "pass the cost as a decimal string, e.g. \"95000\"; a JS number cannot hold money exactly",
                )
            } else {
                Error::new(
                    ErrorKind::WrongType,
                    "cost",
                    format!("expected the cost as a decimal string such as \"95000\", found {}", describe(&cost)),
                )
            }
        })?;
        let money = Money::parse(&text).map_err(|e| e.at("cost"))?;
        output(&team::place(money, engine.catalog())?)
    })
}

/// The M-ACT and ACT reference figures, each with its price level and sources.
#[wasm_bindgen]
pub fn references() -> Result<ReferencesJs, JsValue> {
    run(|engine| output(&shapes::References::of(engine.catalog())))
}

/// The policy presets and what they mean (English; `defaults().presets` has both languages).
#[wasm_bindgen]
pub fn presets() -> Result<PresetsJs, JsValue> {
    run(|engine| {
        let map: std::collections::BTreeMap<&str, &str> = engine
            .catalog()
            .presets
            .iter()
            .map(|(k, p)| (k.as_str(), p.en.as_str()))
            .collect();
        output(&map)
    })
}

/// Resolves a policy spec (a preset name or `{preset, overrides}`) into its parameters, each
/// with its rule, unit, description and sourced steps.
#[wasm_bindgen]
pub fn policy(spec: Option<PolicySpecJs>) -> Result<PolicyJs, JsValue> {
    run(|engine| {
        let s = policy_spec(spec)?;
        let p = engine.resolve(&s)?;
        output(&engine.catalog().view(&p))
    })
}

/// The catalog: every source (with what uses it), rule, parameter, preset and reference figure.
#[wasm_bindgen]
pub fn catalog() -> Result<CatalogJs, JsValue> {
    run(|engine| output(&shapes::Catalog::of(engine.catalog())))
}

/// The defaults a front end fills in and shows (the M-ACT figures, the discount rate, the
/// support years, the own payment, the typed-amount rule, the presets), each with its source.
#[wasm_bindgen]
pub fn defaults() -> Result<DefaultsJs, JsValue> {
    run(|engine| output(&engine.defaults()))
}

/// The text of a string argument, or a `wrong_type` error naming `field`.
fn string_arg(v: &JsValue, field: &str, what: &str) -> Result<String, Error> {
    v.as_string().ok_or_else(|| {
        Error::new(
            ErrorKind::WrongType,
            field,
            format!("expected {what} as a string, found {}", describe(v)),
        )
    })
}

/// A language argument: absent means Danish.
fn lang_arg(lang: Option<LangJs>) -> Result<Lang, Error> {
    match lang {
        Some(l) if !l.is_undefined() && !l.is_null() => {
            string_arg(&l, "lang", "a language (\"da\" or \"en\")")?.parse()
        }
        _ => Ok(Lang::Da),
    }
}

/// An amount as people type it (`1.234,50`, `104 000 kr.`), as a plain decimal string; the
/// same rule as a CSV register and the CLI.
#[wasm_bindgen(js_name = parseAmount)]
pub fn parse_amount(text: StringJs) -> Result<String, JsValue> {
    run(|_| {
        let t = string_arg(&text, "amount", "an amount")?;
        let m = amount::parse_typed(&t).map_err(|e| e.at("amount"))?;
        Ok(JsValue::from_str(&m.to_string()))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// A percentage as people type it (`3,5`, `3.5 %`), as a rate string (`0.035`).
#[wasm_bindgen(js_name = parsePercent)]
pub fn parse_percent(text: StringJs) -> Result<String, JsValue> {
    run(|_| {
        let t = string_arg(&text, "percent", "a percentage")?;
        let r = amount::parse_percent(&t).map_err(|e| e.at("percent"))?;
        Ok(JsValue::from_str(&r.as_decimal().normalize().to_string()))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// An exact decimal string shown for people, to the øre and grouped: `219.700,00` (`da`) or
/// `219,700.00` (`en`); with `currency`, `219.700,00 kr.` / `DKK 219,700.00`; with
/// `wholeKroner`, rounded to whole kroner (`219.700`), e.g. for chart axes.
#[wasm_bindgen(js_name = formatAmount)]
pub fn format_amount(
    value: DecimalJs,
    lang: Option<LangJs>,
    currency: Option<bool>,
    whole_kroner: Option<bool>,
) -> Result<String, JsValue> {
    run(|_| {
        let lang = lang_arg(lang)?;
        let t = string_arg(&value, "value", "a decimal")?;
        let shown = amount::Shown {
            currency: currency.unwrap_or(false),
            whole_kroner: whole_kroner.unwrap_or(false),
        };
        let text = amount::format_decimal(&t, lang, shown).map_err(|e| e.at("value"))?;
        Ok(JsValue::from_str(&text))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// A rate string (`"0.035"`) as a percentage: `3,5 %` (`da`) or `3.5 %` (`en`).
#[wasm_bindgen(js_name = formatPercent)]
pub fn format_percent(value: DecimalJs, lang: Option<LangJs>) -> Result<String, JsValue> {
    run(|_| {
        let lang = lang_arg(lang)?;
        let t = string_arg(&value, "value", "a rate")?;
        let r = refusion_core::Rate::parse(&t).map_err(|e| e.at("value"))?;
        Ok(JsValue::from_str(&amount::format_percent(r, lang)))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// A date (`YYYY-MM-DD`) as people read it: `1. okt. 2023` (`da`) or `1 Oct 2023` (`en`).
#[wasm_bindgen(js_name = formatDate)]
pub fn format_date(iso: IsoDateJs, lang: Option<LangJs>) -> Result<String, JsValue> {
    run(|_| {
        let lang = lang_arg(lang)?;
        let t = string_arg(&iso, "date", "a date YYYY-MM-DD")?;
        let d = calendar::parse_date(&t).map_err(|e| e.at("date"))?;
        Ok(JsValue::from_str(&locale::format_date(d, lang)))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// A policy spec argument: absent means statutory; errors are placed under `policy`.
fn policy_spec(spec: Option<PolicySpecJs>) -> Result<PolicySpec, Error> {
    match spec {
        Some(s) if !s.is_undefined() && !s.is_null() => {
            input(&s, "policy", Shape::ObjectOrString).map_err(|e| e.within("policy"))
        }
        _ => Ok(PolicySpec::Statutory),
    }
}

/// Evaluates a stay register (an array of rows, plus optional § 85 a support rows) under one
/// policy. Plain rows take a fast path (read column by column in JS, parsed in Rust); anything
/// unusual goes through the strict reader, which names the row and field at fault.
#[wasm_bindgen(js_name = evaluateRegister)]
pub fn evaluate_register(
    rows: RowsJs,
    policy: Option<PolicySpecJs>,
    support: Option<SupportRowsJs>,
) -> Result<RegisterResultJs, JsValue> {
    run(|engine| {
        // Plain rows take the fast path: one text per column, parsed here, the citizen ids
        // borrowed from it. Anything else goes through the strict reader, which names the row
        // and field at fault.
        let rows = rows.as_ref();
        let stay_text = columns(rows, &STAY_KEYS, "ssssss");
        let strict_stays: Vec<StayRow>;
        let stays = match stay_text.as_ref().and_then(parse_stay_columns) {
            Some(parts) => parts,
            None => {
                strict_stays = input(rows, "rows", Shape::Array).map_err(|e| e.within("rows"))?;
                stay_parts(&strict_stays)
            }
        };
        let support_value = support
            .as_ref()
            .map(AsRef::<JsValue>::as_ref)
            .filter(|v| !v.is_undefined() && !v.is_null());
        // The fast path takes rows with the boolean; rows with `decided_on` take the strict one.
        let support_text = support_value
            .and_then(|v| columns(v, SUPPORT_KEYS.get(..6).unwrap_or_default(), "sssssb"));
        let strict_support: Vec<SupportRow>;
        let support = match (
            support_value,
            support_text.as_ref().and_then(parse_support_columns),
        ) {
            (_, Some(parts)) => parts,
            (None, None) => (Vec::new(), Vec::new()),
            (Some(v), None) => {
                strict_support =
                    input(v, "support", Shape::Array).map_err(|e| e.within("support"))?;
                support_parts(&strict_support)
            }
        };
        let spec = policy_spec(policy)?;
        let p = engine.resolve(&spec)?;
        let columns = StayColumns {
            citizen_id: &stays.0,
            birth_date: &stays.1,
            stays: &stays.2,
        };
        let (r, ids) =
            engine.evaluate_register_by_id(&p, &columns, (&support.0, &support.1), false)?;
        register_object(&r, &ids)
    })
}

/// Builds the `RegisterResult` object: the per-citizen tables go to JS as one text column
/// each and become objects there (much faster than one large JSON text for big registers).
fn register_object(r: &ColumnsResult, ids: &[&str]) -> Result<JsValue, Error> {
    use std::fmt::Write as _;
    fn column<T>(items: &[T], f: impl Fn(&T, &mut String)) -> String {
        let mut out = String::with_capacity(items.len() * 8);
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            f(x, &mut out);
        }
        out
    }
    fn money(out: &mut String, m: Money) {
        let _ = write!(out, "{m}");
    }
    let int = |out: &mut String, v: i64| {
        let _ = write!(out, "{v}");
    };
    let ids_value: JsValue = if ids.iter().any(|id| id.contains('\n')) {
        ids.iter()
            .map(|id| JsValue::from_str(id))
            .collect::<js_sys::Array>()
            .into()
    } else {
        JsValue::from_str(&ids.join("\n"))
    };
    let c = &r.citizens;
    let citizens: js_sys::Array = [
        column(c, |x, o| int(o, i64::from(x.group))),
        column(c, |x, o| int(o, i64::try_from(x.stays).unwrap_or(i64::MAX))),
        column(c, |x, o| int(o, x.nights)),
        column(c, |x, o| int(o, x.refunded_nights)),
        column(c, |x, o| int(o, x.support_days)),
        column(c, |x, o| money(o, x.totals.gross)),
        column(c, |x, o| money(o, x.totals.citizen_payment)),
        column(c, |x, o| money(o, x.totals.state_refusion)),
        column(c, |x, o| money(o, x.totals.municipal_net)),
    ]
    .iter()
    .map(|t| JsValue::from_str(t))
    .collect();
    let y = &r.citizen_years;
    let citizen_years: js_sys::Array = [
        column(y, |x, o| int(o, i64::from(x.group))),
        column(y, |x, o| int(o, i64::from(x.year))),
        column(y, |x, o| money(o, x.totals.gross)),
        column(y, |x, o| money(o, x.totals.citizen_payment)),
        column(y, |x, o| money(o, x.totals.state_refusion)),
        column(y, |x, o| money(o, x.totals.municipal_net)),
    ]
    .iter()
    .map(|t| JsValue::from_str(t))
    .collect();
    Ok(build_register(
        &r.policy,
        u32::try_from(r.rows).unwrap_or(u32::MAX),
        &ids_value,
        u32::try_from(c.len()).unwrap_or(u32::MAX),
        &citizens,
        u32::try_from(y.len()).unwrap_or(u32::MAX),
        &citizen_years,
        &output(&r.years)?,
        &output(&r.totals)?,
    ))
}

#[wasm_bindgen(inline_js = "
export function plain_columns(rows, keys, kinds) {
  if (!Array.isArray(rows)) return null;
  const n = rows.length, k = keys.length;
  const cols = keys.map(() => new Array(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return null;
    if (Object.keys(r).length !== k) return null;
    for (let j = 0; j < k; j++) {
      const v = r[keys[j]];
      if (kinds[j] === 'b') {
        if (typeof v !== 'boolean') return null;
        cols[j][i] = v ? '1' : '0';
      } else {
        if (typeof v !== 'string' || v.indexOf('\\n') >= 0) return null;
        cols[j][i] = v;
      }
    }
  }
  return cols.map((c) => c.join('\\n'));
}

export function build_register(policy, rows, ids, nc, c, ny, y, years, totals) {
  const col = (t, n) => (n === 0 ? [] : t.split('\\n'));
  const idList = typeof ids === 'string' ? col(ids, nc) : ids;
  const [grp, stays, nights, refunded, support, gross, citizen, refusion, net] = c.map((t) => col(t, nc));
  const citizens = new Array(nc);
  for (let i = 0; i < nc; i++) {
    citizens[i] = {
      citizen_id: idList[+grp[i]], stays: +stays[i], nights: +nights[i], refunded_nights: +refunded[i],
      support_days: +support[i], gross: gross[i], citizen_payment: citizen[i], state_refusion: refusion[i],
      municipal_net: net[i],
    };
  }
  const [ygrp, year, ygross, ycitizen, yrefusion, ynet] = y.map((t) => col(t, ny));
  const citizenYears = new Array(ny);
  for (let i = 0; i < ny; i++) {
    citizenYears[i] = {
      citizen_id: idList[+ygrp[i]], year: +year[i], gross: ygross[i], citizen_payment: ycitizen[i],
      state_refusion: yrefusion[i], municipal_net: ynet[i],
    };
  }
  return { policy, rows, citizens, citizen_years: citizenYears, years, totals };
}
")]
extern "C" {
    /// Plain rows (objects with exactly `keys`, string values, booleans where `kinds` says
    /// `b`) as one newline-joined string per column; `null` for anything else.
    fn plain_columns(rows: &JsValue, keys: &js_sys::Array, kinds: &str) -> JsValue;

    /// Builds the register result object from text columns (see `register_object`).
    #[allow(clippy::too_many_arguments)]
    fn build_register(
        policy: &str,
        rows: u32,
        ids: &JsValue,
        nc: u32,
        citizens: &js_sys::Array,
        ny: u32,
        citizen_years: &js_sys::Array,
        years: &JsValue,
        totals: &JsValue,
    ) -> JsValue;
}

/// The columns of plain rows, split; `None` when the strict reader must look at them.
fn columns(rows: &JsValue, keys: &[&str], kinds: &str) -> Option<(usize, Vec<String>)> {
    if !js_sys::Array::is_array(rows) {
        return None;
    }
    let n = rows.unchecked_ref::<js_sys::Array>().length();
    let names = js_sys::Array::new();
    for k in keys {
        names.push(&JsValue::from_str(k));
    }
    let cols = plain_columns(rows, &names, kinds);
    if cols.is_null() {
        return None;
    }
    let cols: js_sys::Array = cols.unchecked_into();
    let texts: Option<Vec<String>> = cols.iter().map(|c| c.as_string()).collect();
    Some((usize::try_from(n).ok()?, texts?))
}

fn split_n(text: &str, n: usize) -> Vec<&str> {
    if n == 0 {
        Vec::new()
    } else {
        text.split('\n').collect()
    }
}

use register_csv::{STAY_COLUMNS as STAY_KEYS, SUPPORT_COLUMNS as SUPPORT_KEYS};

/// A register's stay rows as columns: citizen ids, birth dates, stays.
type StayParts<'a> = (Vec<&'a str>, Vec<calendar::Date>, Vec<ShelterStay>);
/// Support rows as columns: citizen ids, spells.
type SupportParts<'a> = (Vec<&'a str>, Vec<HomeSupport>);

/// Stay rows read by the strict reader, as columns.
fn stay_parts(rows: &[StayRow]) -> StayParts<'_> {
    (
        rows.iter().map(|r| r.citizen_id.as_str()).collect(),
        rows.iter().map(|r| r.birth_date).collect(),
        rows.iter().map(StayRow::stay).collect(),
    )
}

/// Support rows read by the strict reader, as columns.
fn support_parts(rows: &[SupportRow]) -> SupportParts<'_> {
    (
        rows.iter().map(|r| r.citizen_id.as_str()).collect(),
        rows.iter().map(SupportRow::spell).collect(),
    )
}

/// Plain stay columns, parsed; `None` when a value does not parse.
fn parse_stay_columns((n, cols): &(usize, Vec<String>)) -> Option<StayParts<'_>> {
    let n = *n;
    let c: Vec<Vec<&str>> = cols.iter().map(|t| split_n(t, n)).collect();
    let [id, birth, adm, dis, rate, own] = c.as_slice() else {
        return None;
    };
    let mut parts: StayParts<'_> = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for i in 0..n {
        parts.0.push(*id.get(i)?);
        parts.1.push(calendar::parse_date(birth.get(i)?).ok()?);
        parts.2.push(ShelterStay {
            admitted: calendar::parse_date(adm.get(i)?).ok()?,
            discharged: calendar::parse_date(dis.get(i)?).ok()?,
            daily_rate: Money::parse(rate.get(i)?).ok()?,
            own_payment_per_night: Money::parse(own.get(i)?).ok()?,
        });
    }
    Some(parts)
}

/// Plain support columns, parsed; `None` when a value does not parse.
fn parse_support_columns((n, cols): &(usize, Vec<String>)) -> Option<SupportParts<'_>> {
    let n = *n;
    let c: Vec<Vec<&str>> = cols.iter().map(|t| split_n(t, n)).collect();
    let [id, method, start, end, cost, decided] = c.as_slice() else {
        return None;
    };
    let mut parts: SupportParts<'_> = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        parts.0.push(*id.get(i)?);
        parts.1.push(HomeSupport {
            method: SupportMethod::parse(method.get(i)?).ok()?,
            start: calendar::parse_date(start.get(i)?).ok()?,
            end: calendar::parse_date(end.get(i)?).ok()?,
            annual_cost: Money::parse(cost.get(i)?).ok()?,
            decided_before_discharge: Some(*decided.get(i)? == "1"),
            decided_on: None,
        });
    }
    Some(parts)
}

/// Evaluates a register given as CSV text (the CLI's format: `citizen_id, birth_date,
/// admitted, discharged, daily_rate, own_payment_per_night`; `,` or `;`; Danish amounts such as
/// "1.234,50" accepted) with optional support CSV text. Returns the per-year and grand totals
/// and the per-citizen table as CSV text (`citizens_csv`). The whole text is read into columns
/// and evaluated by the columnar engine; the rows must be grouped by citizen, and errors name
/// the line and column as the CLI's stream does.
#[wasm_bindgen(js_name = evaluateRegisterCsv)]
pub fn evaluate_register_csv(
    text: TextJs,
    policy: Option<PolicySpecJs>,
    support: Option<TextJs>,
) -> Result<RegisterCsvResultJs, JsValue> {
    run(|engine| {
        // Bytes go to the CSV reader as they are, so that an encoding error names its line.
        let stays = csv_bytes(text.as_ref(), "register")?;
        let support_rows = match support.as_ref().map(AsRef::<JsValue>::as_ref) {
            // Its errors name `support line N`.
            Some(v) if !v.is_undefined() && !v.is_null() => {
                register_csv::read_support(std::io::Cursor::new(csv_bytes(v, "support")?))?
            }
            _ => Vec::new(),
        };
        let spec = policy_spec(policy)?;
        let p = engine.resolve(&spec)?;
        let mut citizens = String::new();
        let summary = register_csv::evaluate_csv_columns(
            engine,
            &p,
            &stays,
            &support_rows,
            Some(&mut citizens),
        )?;
        drop(stays);
        // The summary through JSON; the per-citizen text (large) goes to JS as a string, not
        // through JSON (the empty text is replaced, so the keys keep their order).
        let result = output(&shapes::RegisterCsvResult {
            summary,
            citizens_csv: String::new(),
        })?;
        js_sys::Reflect::set(
            &result,
            &JsValue::from_str("citizens_csv"),
            &JsValue::from_str(&citizens),
        )
        .map_err(|_| Error::new(ErrorKind::Syntax, "", "could not build the result"))?;
        Ok(result)
    })
}

/// Generates a seeded synthetic cohort: `{rows, support}` ready for `evaluateRegister`. The
/// same spec gives the same register in Rust, Python and JS.
#[wasm_bindgen]
pub fn cohort(spec: CohortSpecJs) -> Result<CohortJs, JsValue> {
    run(|engine| {
        let spec: CohortSpec = input(&spec, "spec", Shape::Object).map_err(|e| e.or_at("spec"))?;
        let c = generate(&spec, engine.catalog())?;
        let (rows, support) = c.rows();
        output(&shapes::Cohort { rows, support })
    })
}

/// A plan on a generated cohort: baseline against plan by year and payer, with teams,
/// establishment and present values.
#[wasm_bindgen]
pub fn plan(query: PlanQueryJs) -> Result<PlanResultJs, JsValue> {
    run(|engine| {
        let q: PlanQuery = input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        output(&engine.plan(&q)?)
    })
}

/// Monte Carlo over the uncertain inputs of a `plan` or `budget`: P5/P50/P95 of the
/// municipality's net effect per year. Seeded; identical to Rust and Python for the same query.
#[wasm_bindgen(js_name = monteCarlo)]
pub fn monte_carlo(query: UncertaintyQueryJs) -> Result<MonteCarloJs, JsValue> {
    run(|engine| {
        let q: UncertaintyQuery =
            input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        output(&engine.monte_carlo_query(&q)?)
    })
}

/// One-at-a-time sensitivity (tornado) of the total municipal effect.
#[wasm_bindgen]
pub fn tornado(query: UncertaintyQueryJs) -> Result<TornadoJs, JsValue> {
    run(|engine| {
        let q: UncertaintyQuery =
            input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        output(&engine.tornado_query(&q)?)
    })
}

/// The budget effect of moving citizens from shelter to support, by year and payer, for the
/// low, mean and high M-ACT cost (or the given annual costs).
#[wasm_bindgen]
pub fn budget(query: BudgetQueryJs) -> Result<BudgetResultJs, JsValue> {
    run(|engine| {
        let q: BudgetQuery = input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        output(&engine.budget(&q)?)
    })
}

/// The budget's status quo (every eligible citizen staying the average stay) under the query's
/// policy against a base policy (a preset name or `{preset, overrides}`), year by year: what the
/// change of the rules costs each payer, policy − base (positive: it costs that payer more).
#[wasm_bindgen(js_name = budgetPolicyComparison)]
pub fn budget_policy_comparison(
    query: BudgetQueryJs,
    base: PolicySpecJs,
) -> Result<PolicyComparisonJs, JsValue> {
    run(|engine| {
        let q: BudgetQuery = input(&query, "query", Shape::Object).map_err(|e| e.or_at("query"))?;
        let base = required_policy(&base, "base")?;
        output(&engine.budget_policy_comparison(&q, &base)?)
    })
}

/// A register given as CSV text (as `evaluateRegisterCsv` reads it), with optional support CSV
/// text, evaluated under `policy` and under `base`: policy − base, per year and in all.
#[wasm_bindgen(js_name = compareRegisterCsv)]
pub fn compare_register_csv(
    stays: TextJs,
    support: Option<TextJs>,
    policy: Option<PolicySpecJs>,
    base: PolicySpecJs,
) -> Result<PolicyComparisonJs, JsValue> {
    run(|engine| {
        let stays = csv_bytes(stays.as_ref(), "register")?;
        let support_rows = match support.as_ref().map(AsRef::<JsValue>::as_ref) {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                register_csv::read_support(std::io::Cursor::new(csv_bytes(v, "support")?))?
            }
            _ => Vec::new(),
        };
        let policy = engine.resolve(&policy_spec(policy)?)?;
        let base = engine
            .resolve(&required_policy(&base, "base")?)
            .map_err(|e| e.within("base"))?;
        output(&register_csv::compare_csv(
            engine,
            &base,
            &policy,
            &stays,
            &support_rows,
        )?)
    })
}

/// A table as CSV, through the engine's writer: `header` holds column keys (written as their
/// Danish labels in `da`), `rows` plain strings as the engine spells them (`"-1234.50"`,
/// `"2027"`, text). `da`: `;`, decimal comma, BOM, CRLF; `en` (the default): `,` and keys.
/// Text cells are guarded against being run as a formula (a leading `'`).
#[wasm_bindgen(js_name = writeCsv)]
pub fn write_csv(
    header: HeaderJs,
    rows: CsvRowsJs,
    dialect: Option<DialectJs>,
) -> Result<String, JsValue> {
    run(|_| {
        let dialect = match dialect {
            Some(d) if !d.is_undefined() && !d.is_null() => {
                string_arg(&d, "dialect", "a CSV dialect (\"da\" or \"en\")")?.parse()?
            }
            _ => Dialect::En,
        };
        let header = strings(header.as_ref(), "header")?;
        let rows_value: &JsValue = rows.as_ref();
        if !js_sys::Array::is_array(rows_value) {
            return Err(Error::new(
                ErrorKind::WrongType,
                "rows",
                format!(
                    "expected the rows as an array of arrays of strings, found {}",
                    describe(rows_value)
                ),
            ));
        }
        let rows = js_sys::Array::unchecked_from_js_ref(rows_value)
            .iter()
            .enumerate()
            .map(|(i, r): (usize, JsValue)| strings(&r, &format!("rows[{i}]")))
            .collect::<Result<Vec<_>, Error>>()?;
        let keys: Vec<&str> = header.iter().map(String::as_str).collect();
        Ok(JsValue::from_str(&export::write_csv(&keys, &rows, dialect)))
    })
    .map(|v: JsValue| v.as_string().unwrap_or_default())
}

/// Every column key a CSV or table may carry, with its Danish and English label.
#[wasm_bindgen(js_name = columnLabels)]
pub fn column_labels() -> Result<ColumnLabelsJs, JsValue> {
    run(|_| output(&export::COLUMNS))
}

/// An array of strings, or a `wrong_type` error naming `field` (and the item at fault).
fn strings(v: &JsValue, field: &str) -> Result<Vec<String>, Error> {
    if !js_sys::Array::is_array(v) {
        return Err(Error::new(
            ErrorKind::WrongType,
            field,
            format!("expected an array of strings, found {}", describe(v)),
        ));
    }
    js_sys::Array::unchecked_from_js_ref(v)
        .iter()
        .enumerate()
        .map(|(i, item): (usize, JsValue)| {
            item.as_string().ok_or_else(|| {
                Error::new(
                    ErrorKind::WrongType,
                    format!("{field}[{i}]"),
                    format!(
                        "expected a string, found {}; write numbers as the engine does, e.g. \"1234.50\"",
                        describe(&item)
                    ),
                )
            })
        })
        .collect()
}

/// CSV input as bytes: a `Uint8Array` as it is (so that an encoding error names its line), or
/// a string.
fn csv_bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    if v.is_instance_of::<js_sys::Uint8Array>() {
        Ok(js_sys::Uint8Array::unchecked_from_js_ref(v).to_vec())
    } else {
        text_input(v, what, &format!("the {what} CSV")).map(String::into_bytes)
    }
}

/// A policy spec that must be given (a preset name or `{preset, overrides}`); errors are
/// placed under `field`.
fn required_policy(v: &JsValue, field: &str) -> Result<PolicySpec, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::new(
            ErrorKind::MissingField,
            field,
            format!("give the {field} policy: a preset name such as \"reform-2023\", or {{preset, overrides}}"),
        ));
    }
    input(v, field, Shape::ObjectOrString).map_err(|e| e.within(field))
}

/// The stable error codes.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> CodesJs {
    let list = js_sys::Array::new();
    for k in ErrorKind::ALL {
        list.push(&JsValue::from_str(k.code()));
    }
    JsValue::from(list).unchecked_into()
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
