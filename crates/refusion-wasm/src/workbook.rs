//! `budgetWorkbook`, `policyComparisonWorkbook`, `monteCarloWorkbook`: a budget, a comparison
//! of two policies and a Monte Carlo result, as the page already has them (the objects `budget`,
//! `budgetPolicyComparison`/`compareRegisterCsv` and `monteCarlo` return), written as `.xlsx`
//! workbooks by `refusion_xlsx::write` in Danish (the default) or English.
//!
//! Thin like the rest of the binding: the object is read back into the core's type through the
//! same strict reader as every input (money must be a decimal string; errors name the field
//! under `result` or `comparison`), and the bytes come back as a `Uint8Array`.

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::BudgetResult;
use refusion_core::planning::uncertainty::MonteCarlo;
use refusion_core::{Engine, Error};
use refusion_xlsx::write::{budget_workbook, comparison_workbook, monte_carlo_workbook};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::{
    input, lang_arg, to_js_error, with_engine, BudgetResultJs, LangJs, MonteCarloJs,
    PolicyComparisonJs, Shape,
};

/// Reads `value` (named `field` in errors) as a `T` and writes it with `write` in `lang`.
fn workbook<T: DeserializeOwned>(
    value: &JsValue,
    field: &str,
    lang: Option<LangJs>,
    write: impl FnOnce(&Engine, &T, Lang) -> Result<Vec<u8>, Error>,
) -> Result<js_sys::Uint8Array, JsValue> {
    with_engine(|engine| {
        let lang = lang_arg(lang)?;
        let result: T = input(value, field, Shape::Object).map_err(|e| e.within(field))?;
        let bytes = write(engine, &result, lang)?;
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    })
    .map_err(|e| to_js_error(&e))
}

/// A budget (the object `budget` returns: low/mean/high by year and payer) as an `.xlsx`
/// workbook in `lang` (Danish by default): overview, years by payer, parameters.
#[wasm_bindgen(js_name = budgetWorkbook)]
pub fn budget_workbook_js(
    result: BudgetResultJs,
    lang: Option<LangJs>,
) -> Result<js_sys::Uint8Array, JsValue> {
    workbook::<BudgetResult>(result.as_ref(), "result", lang, budget_workbook)
}

/// A comparison of two policies (the object `budgetPolicyComparison` or `compareRegisterCsv`
/// returns: policy − base by year and payer) as an `.xlsx` workbook in `lang` (Danish by
/// default).
#[wasm_bindgen(js_name = policyComparisonWorkbook)]
pub fn policy_comparison_workbook(
    comparison: PolicyComparisonJs,
    lang: Option<LangJs>,
) -> Result<js_sys::Uint8Array, JsValue> {
    workbook::<PolicyComparison>(comparison.as_ref(), "comparison", lang, comparison_workbook)
}

/// A Monte Carlo result (the object `monteCarlo` returns: P5/P50/P95 of the municipal effect
/// per year) as an `.xlsx` workbook in `lang` (Danish by default).
#[wasm_bindgen(js_name = monteCarloWorkbook)]
pub fn monte_carlo_workbook_js(
    result: MonteCarloJs,
    lang: Option<LangJs>,
) -> Result<js_sys::Uint8Array, JsValue> {
    workbook::<MonteCarlo>(result.as_ref(), "result", lang, monte_carlo_workbook)
}
