//! Results as `.xlsx` workbooks (rust_xlsxwriter), written in memory (no filesystem, so the
//! WASM build can use them). The signatures below are a contract: the CLI, Python and WASM call
//! them.
//!
//! Every workbook opens with an overview sheet, is Danish by default ([`Lang::Da`]) or English,
//! writes money as numbers (from the exact decimals) in the format [`MONEY_FORMAT`], counts as
//! whole numbers, years without a thousands separator and dates as Excel dates; its tables have
//! frozen header rows and autofilters, totals rows as numbers (not formulas) and, where rows
//! rounded to the øre do not add up to a total rounded from the exact sums (convention C11), a
//! labelled rounding row with the reason. Column headers are the CSV's
//! (`refusion_core::model::export::COLUMNS`).
//!
//! Modules: `book` (formats, labels, the sheet writer, totals and rounding rows), `overview`,
//! `register`, `comparison`, `plan`, `budget`, `monte_carlo`, `parameters`, `explanation`.

mod book;
mod budget;
mod comparison;
mod explanation;
mod monte_carlo;
mod overview;
mod parameters;
mod plan;
mod register;

pub use book::{label as column_label, DATE_FORMAT, MONEY_FORMAT};

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::BudgetResult;
use refusion_core::planning::plan::PlanResult;
use refusion_core::planning::uncertainty::MonteCarlo;
use refusion_core::population::register::ColumnsResult;
use refusion_core::{Engine, Error, Evaluation, Policy};

/// A register result to write: the result by citizen number, and each citizen's id.
pub struct RegisterTables<'a> {
    /// The result (per citizen number, per citizen-year, per year, in all).
    pub result: &'a ColumnsResult,
    /// The id of citizen number `g`.
    pub citizen_id: &'a dyn Fn(usize) -> String,
}

/// One citizen's explanation for a sheet of its own: the citizen's id and the evaluation
/// (with its trace) of the citizen's scenario under the register's policy.
pub struct Explained<'a> {
    /// The citizen's id.
    pub citizen_id: &'a str,
    /// The evaluation, trace included.
    pub evaluation: &'a Evaluation,
}

/// A register result as a workbook: overview, per year by payer, per citizen, per citizen and
/// year, parameters (with sources and price years) and, when given, one citizen's explanation.
pub fn register_workbook(
    engine: &Engine,
    policy: &Policy,
    tables: &RegisterTables<'_>,
    explained: Option<&Explained<'_>>,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    register::write(engine, policy, tables, explained, lang)
}

/// A comparison of two policies (a register or a budget under each) as a workbook.
pub fn comparison_workbook(
    engine: &Engine,
    comparison: &PolicyComparison,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    comparison::write(engine, comparison, lang)
}

/// A plan (baseline against plan, by year and payer) as a workbook.
pub fn plan_workbook(engine: &Engine, plan: &PlanResult, lang: Lang) -> Result<Vec<u8>, Error> {
    plan::write(engine, plan, lang)
}

/// A budget (low/mean/high) as a workbook.
pub fn budget_workbook(
    engine: &Engine,
    budget: &BudgetResult,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    budget::write(engine, budget, lang)
}

/// A Monte Carlo result as a workbook.
pub fn monte_carlo_workbook(
    engine: &Engine,
    monte_carlo: &MonteCarlo,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    monte_carlo::write(engine, monte_carlo, lang)
}
