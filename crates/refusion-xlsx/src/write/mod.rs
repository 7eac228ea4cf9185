//! Results as `.xlsx` workbooks (rust_xlsxwriter). CONTRACT STUB: the signatures below are
//! fixed (the CLI, Python and WASM call them); the bodies are being written.

use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::BudgetResult;
use refusion_core::planning::plan::PlanResult;
use refusion_core::planning::uncertainty::MonteCarlo;
use refusion_core::population::register::ColumnsResult;
use refusion_core::{Engine, Error, ErrorKind, Evaluation, Policy};

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

fn pending() -> Error {
    Error::new(ErrorKind::InvalidParameter, "xlsx", "workbook writing is not built yet")
}

/// A register result as a workbook: overview, per year by payer, per citizen, per citizen and
/// year, parameters (with sources and price years) and, when given, one citizen's explanation.
pub fn register_workbook(
    _engine: &Engine,
    _policy: &Policy,
    _tables: &RegisterTables<'_>,
    _explained: Option<&Explained<'_>>,
    _lang: Lang,
) -> Result<Vec<u8>, Error> {
    Err(pending())
}

/// A comparison of two policies (a register or a budget under each) as a workbook.
pub fn comparison_workbook(
    _engine: &Engine,
    _comparison: &PolicyComparison,
    _lang: Lang,
) -> Result<Vec<u8>, Error> {
    Err(pending())
}

/// A plan (baseline against plan, by year and payer) as a workbook.
pub fn plan_workbook(_engine: &Engine, _plan: &PlanResult, _lang: Lang) -> Result<Vec<u8>, Error> {
    Err(pending())
}

/// A budget (low/mean/high) as a workbook.
pub fn budget_workbook(
    _engine: &Engine,
    _budget: &BudgetResult,
    _lang: Lang,
) -> Result<Vec<u8>, Error> {
    Err(pending())
}

/// A Monte Carlo result as a workbook.
pub fn monte_carlo_workbook(
    _engine: &Engine,
    _monte_carlo: &MonteCarlo,
    _lang: Lang,
) -> Result<Vec<u8>, Error> {
    Err(pending())
}
