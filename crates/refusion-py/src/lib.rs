//! `refusion._core`: the Python binding of refusion-core.
//!
//! Thin by design: scenarios, queries and results cross as JSON text in the scenario contract
//! (money as decimal strings), and a stay register crosses as columns. Every core error becomes
//! the matching `refusion.RefusionError` subclass (built by `refusion._errors._from_core`), and
//! a panic — which the core never raises — would become a `RefusionError` with code `internal`
//! rather than cross the boundary.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use refusion_core::pathway::BreakEvenQuery;
use refusion_core::team::{self, TeamModel};
use refusion_core::{
    scenario, Engine, Error, ErrorKind, Money, PolicySpec, RegisterResult, Scenario, StayRow,
};
use serde::Serialize;

/// Turns a core error into the matching Python exception.
fn to_py(py: Python<'_>, code: &str, field: &str, message: &str) -> PyErr {
    let built = py
        .import("refusion._errors")
        .and_then(|m| m.getattr("_from_core"))
        .and_then(|f| f.call1((code, field, message)));
    match built {
        Ok(exc) => PyErr::from_value(exc),
        Err(_) => PyValueError::new_err(format!("[{code}] {field}: {message}")),
    }
}

fn err(py: Python<'_>, e: &Error) -> PyErr {
    to_py(py, e.code(), e.field(), e.message())
}

/// Runs `f` without the GIL, catching any panic.
fn guarded<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(f)));
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(err(py, &e)),
        Err(_) => Err(to_py(
            py,
            "internal",
            "",
            "internal error in refusion-core (please report it with the input)",
        )),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::new(ErrorKind::Syntax, "", e.to_string()))
}

/// The days since 1970-01-01 as a date.
fn epoch_day(days: i64, field: String) -> Result<NaiveDate, Error> {
    let invalid = || {
        Error::new(
            ErrorKind::InvalidDate,
            field.clone(),
            format!("day number {days} is outside 1900-01-01 … 9999-12-31"),
        )
    };
    let base = NaiveDate::from_ymd_opt(1970, 1, 1).ok_or_else(invalid)?;
    let date = refusion_core::calendar::add_days(base, days).map_err(|_| invalid())?;
    refusion_core::calendar::check_range(date).map_err(|e| e.at(field))
}

/// The refusion engine. Build once, reuse; it is immutable and thread-safe.
#[pyclass(frozen, name = "Engine", module = "refusion._core")]
struct PyEngine {
    inner: Engine,
}

#[pymethods]
impl PyEngine {
    #[new]
    fn new(py: Python<'_>) -> PyResult<Self> {
        guarded(py, Engine::new).map(|inner| PyEngine { inner })
    }

    /// Evaluates a scenario given as contract JSON; returns the result as JSON.
    fn evaluate(&self, py: Python<'_>, scenario_json: &str) -> PyResult<String> {
        guarded(py, || {
            let s = Scenario::from_json(scenario_json)?;
            to_json(&self.inner.evaluate(&s)?)
        })
    }

    /// Compares two scenarios (JSON); returns the comparison as JSON.
    fn compare(&self, py: Python<'_>, a_json: &str, b_json: &str) -> PyResult<String> {
        guarded(py, || {
            let a = Scenario::from_json(a_json).map_err(|e| e.within("a"))?;
            let b = Scenario::from_json(b_json).map_err(|e| e.within("b"))?;
            to_json(&self.inner.compare(&a, &b)?)
        })
    }

    /// The cumulative cost curve of a scenario (JSON list of points).
    fn cumulative(&self, py: Python<'_>, scenario_json: &str) -> PyResult<String> {
        guarded(py, || {
            let s = Scenario::from_json(scenario_json)?;
            to_json(&self.inner.cumulative(&s)?)
        })
    }

    /// The break-even for a query (JSON).
    fn break_even(&self, py: Python<'_>, query_json: &str) -> PyResult<String> {
        guarded(py, || {
            let q: BreakEvenQuery = scenario::from_json_str(query_json)?;
            to_json(&self.inner.break_even(&q)?)
        })
    }

    /// The illustrative M-ACT team model (JSON).
    fn illustrative_team(&self) -> PyResult<String> {
        to_json(&TeamModel::illustrative()).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The cost of a team model (JSON).
    fn team_cost(&self, py: Python<'_>, model_json: &str) -> PyResult<String> {
        guarded(py, || {
            let model: TeamModel = scenario::from_json_str(model_json)?;
            to_json(&team::team_cost(&model, self.inner.catalog())?)
        })
    }

    /// Places a cost per citizen-year (decimal string) against the Rambøll reference (JSON).
    fn place(&self, py: Python<'_>, cost: &str) -> PyResult<String> {
        guarded(py, || {
            let money = Money::parse(cost).map_err(|e| e.at("cost"))?;
            to_json(&team::place(money, self.inner.catalog())?)
        })
    }

    /// The parameter catalog: sources, baseline, presets and reference figures (JSON).
    fn catalog(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || to_json(self.inner.catalog()))
    }

    /// Resolves a policy spec (JSON: a preset name or an object) into its parameters (JSON).
    fn policy(&self, py: Python<'_>, spec_json: &str) -> PyResult<String> {
        guarded(py, || {
            let spec: PolicySpec =
                scenario::from_json_str(spec_json).map_err(|e| e.within("policy"))?;
            to_json(&self.inner.resolve(&spec)?)
        })
    }

    /// Reads a scenario from JSON or TOML text and returns it as contract JSON.
    fn parse_scenario(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        guarded(py, || to_json(&scenario::from_str_auto::<Scenario>(text)?))
    }

    /// Reads any JSON or TOML document (e.g. a case file) and returns it as JSON.
    fn toml_to_json(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        guarded(py, || {
            let value: serde_json::Value = scenario::from_toml_str(text)?;
            to_json(&value)
        })
    }

    /// Evaluates a stay register given as columns, crossing into Rust once and releasing the
    /// GIL. Dates are days since 1970-01-01; money is decimal strings.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (policy_json, citizen_id, birth_date, admitted, discharged, daily_rate, own_payment_per_night))]
    fn evaluate_register<'py>(
        &self,
        py: Python<'py>,
        policy_json: &str,
        citizen_id: Vec<String>,
        birth_date: Vec<i64>,
        admitted: Vec<i64>,
        discharged: Vec<i64>,
        daily_rate: Vec<String>,
        own_payment_per_night: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let n = citizen_id.len();
        for (name, len) in [
            ("birth_date", birth_date.len()),
            ("admitted", admitted.len()),
            ("discharged", discharged.len()),
            ("daily_rate", daily_rate.len()),
            ("own_payment_per_night", own_payment_per_night.len()),
        ] {
            if len != n {
                return Err(to_py(
                    py,
                    "invalid_parameter",
                    name,
                    &format!("column {name} has {len} values but citizen_id has {n}"),
                ));
            }
        }
        let result: RegisterResult = guarded(py, || {
            let spec: PolicySpec =
                scenario::from_json_str(policy_json).map_err(|e| e.within("policy"))?;
            let policy = self.inner.resolve(&spec)?;
            let mut rows = Vec::with_capacity(n);
            for i in 0..n {
                let at = |f: &str| format!("rows[{i}].{f}");
                let money = |col: &[String], f: &str| -> Result<Money, Error> {
                    let text = col.get(i).map(String::as_str).unwrap_or_default();
                    Money::parse(text).map_err(|e| e.at(at(f)))
                };
                let day = |col: &[i64], f: &str| -> Result<NaiveDate, Error> {
                    epoch_day(col.get(i).copied().unwrap_or_default(), at(f))
                };
                rows.push(StayRow {
                    citizen_id: citizen_id.get(i).cloned().unwrap_or_default(),
                    birth_date: day(&birth_date, "birth_date")?,
                    admitted: day(&admitted, "admitted")?,
                    discharged: day(&discharged, "discharged")?,
                    daily_rate: money(&daily_rate, "daily_rate")?,
                    own_payment_per_night: money(&own_payment_per_night, "own_payment_per_night")?,
                });
            }
            self.inner.evaluate_register(&policy, &rows, &[])
        })?;
        register_to_py(py, &result)
    }
}

/// Converts a register result to `{"citizens": {column: list}, "years": …, …}`.
fn register_to_py<'py>(py: Python<'py>, r: &RegisterResult) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("policy", &r.policy)?;
    out.set_item("rows", r.rows)?;

    let citizens = PyDict::new(py);
    citizens.set_item(
        "citizen_id",
        PyList::new(py, r.citizens.iter().map(|c| c.citizen_id.as_str()))?,
    )?;
    citizens.set_item(
        "stays",
        PyList::new(py, r.citizens.iter().map(|c| c.stays))?,
    )?;
    citizens.set_item(
        "nights",
        PyList::new(py, r.citizens.iter().map(|c| c.nights))?,
    )?;
    citizens.set_item(
        "refunded_nights",
        PyList::new(py, r.citizens.iter().map(|c| c.refunded_nights))?,
    )?;
    payer_columns(py, &citizens, r.citizens.iter().map(|c| &c.totals))?;
    out.set_item("citizens", citizens)?;

    let cy = PyDict::new(py);
    cy.set_item(
        "citizen_id",
        PyList::new(py, r.citizen_years.iter().map(|c| c.citizen_id.as_str()))?,
    )?;
    cy.set_item(
        "year",
        PyList::new(py, r.citizen_years.iter().map(|c| c.year))?,
    )?;
    payer_columns(py, &cy, r.citizen_years.iter().map(|c| &c.totals))?;
    out.set_item("citizen_years", cy)?;

    let years = PyDict::new(py);
    years.set_item("year", PyList::new(py, r.years.iter().map(|y| y.year))?)?;
    payer_columns(py, &years, r.years.iter().map(|y| &y.totals))?;
    out.set_item("years", years)?;

    let totals = PyDict::new(py);
    payer_columns(py, &totals, std::iter::once(&r.totals))?;
    out.set_item("totals", totals)?;
    Ok(out)
}

fn payer_columns<'a, 'py>(
    py: Python<'py>,
    dict: &Bound<'py, PyDict>,
    totals: impl Iterator<Item = &'a refusion_core::Totals> + Clone,
) -> PyResult<()> {
    let col = |f: fn(&refusion_core::Totals) -> Money| {
        PyList::new(py, totals.clone().map(|t| f(t).to_string()))
    };
    dict.set_item("gross", col(|t| t.gross)?)?;
    dict.set_item("citizen_payment", col(|t| t.citizen_payment)?)?;
    dict.set_item("state_refusion", col(|t| t.state_refusion)?)?;
    dict.set_item("municipal_net", col(|t| t.municipal_net)?)?;
    Ok(())
}

/// The stable error codes, in documentation order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    ErrorKind::ALL.iter().map(|k| k.code()).collect()
}

/// The compiled core of the `refusion` package.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyEngine>()?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
