//! `refusion._core`: the Python binding of refusion-core.
//!
//! Thin by design: scenarios, queries and results cross as JSON text in the scenario contract
//! (money as decimal strings), and a stay register crosses as columns. Every core error becomes
//! the matching `refusion.RefusionError` subclass (built by `refusion._errors._from_core`), and
//! a panic — which the core never raises — would become a `RefusionError` with code `internal`
//! rather than cross the boundary.

mod arrow;
mod workbook;

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use pyo3::types::{PyBytes, PyDict};
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::{PyArray, PyTable};
use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::export::{self, Dialect};
use refusion_core::model::locale::{self, Lang};
use refusion_core::model::{amount, calendar};
use refusion_core::planning::pathway::BreakEvenQuery;
use refusion_core::planning::team::{self, TeamModel};
use refusion_core::population::register::{ColumnsResult, PolicyTotals as _, RegisterColumns};
use refusion_core::{model::read, Engine, Error, ErrorKind, Money, PolicySpec, Scenario, StayRow};
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

/// A policy spec given as JSON, resolved (errors name `policy…`).
fn resolve(engine: &Engine, spec_json: &str) -> Result<refusion_core::Policy, Error> {
    let spec: PolicySpec = read::from_json_str(spec_json).map_err(|e| e.within("policy"))?;
    engine.resolve(&spec)
}

/// A CSV dialect by its code (`"da"` or `"en"`).
fn dialect(code: &str) -> Result<Dialect, Error> {
    code.parse()
}

/// The days since 1970-01-01 as a date.
/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_FROM_CE: i64 = 719_163;

/// A day number (days since 1970-01-01) as a date in 1900–9999; `field` is only built on error.
fn epoch_day(days: i64, field: impl Fn() -> String) -> Result<NaiveDate, Error> {
    days.checked_add(EPOCH_FROM_CE)
        .and_then(|d| i32::try_from(d).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .filter(|d| {
            (refusion_core::model::calendar::MIN_DATE..=refusion_core::model::calendar::MAX_DATE)
                .contains(d)
        })
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidDate,
                field(),
                format!("day number {days} is outside 1900-01-01 … 9999-12-31"),
            )
        })
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
            let q: BreakEvenQuery = read::from_json_str(query_json)?;
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
            let model: TeamModel = read::from_json_str(model_json)?;
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

    /// The parameter catalog (JSON): sources with what uses them, rules, the baseline
    /// parameters, presets, reference figures, cohort calibration and economics.
    fn catalog(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || to_json(&self.inner.catalog().to_json()))
    }

    /// The defaults front ends fill in, each with its source (JSON).
    fn defaults(&self, py: Python<'_>) -> PyResult<String> {
        guarded(py, || to_json(&self.inner.defaults()))
    }

    /// Resolves a policy spec (JSON: a preset name or an object) into its parameters, each
    /// with its rule, unit, description and sourced steps (JSON).
    fn policy(&self, py: Python<'_>, spec_json: &str) -> PyResult<String> {
        guarded(py, || {
            let spec: PolicySpec =
                read::from_json_str(spec_json).map_err(|e| e.within("policy"))?;
            let policy = self.inner.resolve(&spec)?;
            to_json(&self.inner.catalog().view(&policy))
        })
    }

    /// Reads a scenario from JSON or TOML text (`format` "json" or "toml"; guessed when
    /// absent) and returns it as contract JSON.
    #[pyo3(signature = (text, format=None))]
    fn parse_scenario(&self, py: Python<'_>, text: &str, format: Option<&str>) -> PyResult<String> {
        guarded(py, || {
            let s: Scenario = match format {
                Some("json") => read::from_json_str(text)?,
                Some("toml") => read::from_toml_str(text)?,
                _ => read::from_str_auto(text)?,
            };
            to_json(&s)
        })
    }

    /// Reads any JSON or TOML document (e.g. a case file) and returns it as JSON.
    fn toml_to_json(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        guarded(py, || {
            let value: serde_json::Value = read::from_toml_str(text)?;
            to_json(&value)
        })
    }

    /// Evaluates a register CSV (the CLI's format, Danish amounts accepted), streaming from a
    /// file (`stays_path`) or from bytes, with an optional support CSV likewise. Returns the
    /// summary as JSON and the per-citizen CSV (empty unless `citizens` is true). A file that
    /// cannot be opened is an `OSError`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (policy_json, stays_path, stays_bytes, support_path, support_bytes, citizens))]
    fn evaluate_register_csv(
        &self,
        py: Python<'_>,
        policy_json: &str,
        stays_path: Option<String>,
        stays_bytes: Option<Vec<u8>>,
        support_path: Option<String>,
        support_bytes: Option<Vec<u8>>,
        citizens: bool,
    ) -> PyResult<(String, String)> {
        fn source(
            path: Option<String>,
            bytes: Option<Vec<u8>>,
        ) -> PyResult<Box<dyn std::io::Read + Send>> {
            match path {
                Some(p) => std::fs::File::open(&p)
                    .map(|f| Box::new(std::io::BufReader::new(f)) as Box<dyn std::io::Read + Send>)
                    .map_err(|e| {
                        pyo3::exceptions::PyOSError::new_err(format!("cannot read {p}: {e}"))
                    }),
                None => Ok(Box::new(std::io::Cursor::new(bytes.unwrap_or_default()))),
            }
        }
        let stays = source(stays_path, stays_bytes)?;
        let support = match (support_path.is_some(), support_bytes.is_some()) {
            (false, false) => None,
            _ => Some(source(support_path, support_bytes)?),
        };
        guarded(py, move || {
            let spec: PolicySpec =
                read::from_json_str(policy_json).map_err(|e| e.within("policy"))?;
            let policy = self.inner.resolve(&spec)?;
            let support_rows = match support {
                Some(r) => refusion_core::population::register::csv::read_support(r)?,
                None => Vec::new(),
            };
            let mut out: Vec<u8> = Vec::new();
            let summary = refusion_core::population::register::csv::evaluate_csv(
                &self.inner,
                &policy,
                stays,
                &support_rows,
                if citizens { Some(&mut out) } else { None },
            )?;
            Ok((
                to_json(&summary)?,
                String::from_utf8(out).unwrap_or_default(),
            ))
        })
    }

    /// A ready comparison by name (JSON: `title`, `en`, `da`, `base`, `policy`); an unknown
    /// name is an `UnknownPolicyError` at `compare` listing the known ones.
    fn comparison(&self, py: Python<'_>, name: &str) -> PyResult<String> {
        guarded(py, || to_json(self.inner.catalog().comparison(name)?))
    }

    /// A register CSV (a file or its bytes, read as `evaluate_register_csv` reads it; support
    /// likewise) under `policy` and under `base` (policy specs as JSON; the Python layer checks
    /// the base first, so that its errors name `base`): the `PolicyComparison` (policy − base,
    /// per year and in all) as JSON. A file that cannot be read is an `OSError`.
    #[pyo3(signature = (policy_json, base_json, stays_path, stays_bytes, support_path, support_bytes))]
    #[allow(clippy::too_many_arguments)]
    fn compare_register_csv(
        &self,
        py: Python<'_>,
        policy_json: &str,
        base_json: &str,
        stays_path: Option<String>,
        stays_bytes: Option<Vec<u8>>,
        support_path: Option<String>,
        support_bytes: Option<Vec<u8>>,
    ) -> PyResult<String> {
        fn read_all(path: Option<String>, bytes: Option<Vec<u8>>) -> PyResult<Vec<u8>> {
            match path {
                Some(p) => std::fs::read(&p).map_err(|e| {
                    pyo3::exceptions::PyOSError::new_err(format!("cannot read {p}: {e}"))
                }),
                None => Ok(bytes.unwrap_or_default()),
            }
        }
        let stays = read_all(stays_path, stays_bytes)?;
        let support = match (support_path.is_some(), support_bytes.is_some()) {
            (false, false) => None,
            _ => Some(read_all(support_path, support_bytes)?),
        };
        guarded(py, move || {
            let policy = resolve(&self.inner, policy_json)?;
            let base = resolve(&self.inner, base_json)?;
            let support_rows = match support {
                Some(b) => {
                    refusion_core::population::register::csv::read_support(std::io::Cursor::new(b))?
                }
                None => Vec::new(),
            };
            to_json(&refusion_core::population::register::csv::compare_csv(
                &self.inner,
                &base,
                &policy,
                &stays,
                &support_rows,
            )?)
        })
    }

    /// The budget's status quo under the query's policy against `base` (a policy spec as
    /// JSON): the `PolicyComparison` as JSON (`Engine::budget_policy_comparison`).
    fn budget_policy_comparison(
        &self,
        py: Python<'_>,
        query_json: &str,
        base_json: &str,
    ) -> PyResult<String> {
        guarded(py, || {
            let q: refusion_core::planning::budget::BudgetQuery = read::from_json_str(query_json)?;
            let base: PolicySpec = read::from_json_str(base_json).map_err(|e| e.within("base"))?;
            to_json(&self.inner.budget_policy_comparison(&q, &base)?)
        })
    }

    /// Evaluates a stay register given as columns, crossing into Rust once and releasing the
    /// GIL. The Python layer factorises the columns: a citizen number per row, and codes into
    /// the distinct amounts. Integers come as little-endian i64 bytes; a date column as ticks
    /// since 1970-01-01 with `ticks_per_day[k]` ticks a day (birth date, admitted, discharged,
    /// support start, support end, support decided_on: 1 for day numbers, 86,400·10⁹ for
    /// `datetime64[ns]`); text as newline-joined strings. `support_decided` has one byte a row
    /// (0 false, 1 true, 2 not given); in `support_decided_on`, `i64::MIN` (numpy's `NaT`) is a
    /// date not given. `names` (the citizen ids, for error messages) may be `None`: an error
    /// then names citizens by number, and the caller asks again with the names.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (policy_json, citizens, names, groups, birth_date, admitted, discharged,
                        rate_codes, rate_values, own_codes, own_values,
                        support_groups, support_method, support_start, support_end,
                        support_cost_codes, support_cost_values, support_decided,
                        support_decided_on, ticks_per_day, parallel=true))]
    fn evaluate_register(
        &self,
        py: Python<'_>,
        policy_json: &str,
        citizens: usize,
        names: Option<&str>,
        groups: &[u8],
        birth_date: &[u8],
        admitted: &[u8],
        discharged: &[u8],
        rate_codes: &[u8],
        rate_values: &str,
        own_codes: &[u8],
        own_values: &str,
        support_groups: &[u8],
        support_method: &str,
        support_start: &[u8],
        support_end: &[u8],
        support_cost_codes: &[u8],
        support_cost_values: &str,
        support_decided: &[u8],
        support_decided_on: &[u8],
        ticks_per_day: [i64; 6],
        parallel: bool,
    ) -> PyResult<PyRegister> {
        let result = guarded(py, || {
            let spec: PolicySpec =
                read::from_json_str(policy_json).map_err(|e| e.within("policy"))?;
            let policy = self.inner.resolve(&spec)?;
            let names: Option<Vec<&str>> = names.map(split);
            if names.as_ref().is_some_and(|v| v.len() != citizens) {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    "citizen_id",
                    "the citizen names do not match the number of citizens",
                ));
            }
            let [birth_unit, admitted_unit, discharged_unit, start_unit, end_unit, decided_on_unit] =
                ticks_per_day;
            let n = column_len(groups, "citizen_id")?;
            for (bytes, name) in [
                (birth_date, "birth_date"),
                (admitted, "admitted"),
                (discharged, "discharged"),
                (rate_codes, "daily_rate"),
                (own_codes, "own_payment_per_night"),
            ] {
                if column_len(bytes, name)? != n {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        "register",
                        format!("column {name} has a different length from citizen_id"),
                    ));
                }
            }
            let group_of = group_numbers(groups, "rows")?;
            let birth = day_column(birth_date, birth_unit, "rows", "birth_date")?;
            let rates = amount_values(rate_values);
            let owns = amount_values(own_values);
            let mut stays = Vec::with_capacity(n);
            let rows = values(admitted)
                .zip(values(discharged))
                .zip(values(rate_codes))
                .zip(values(own_codes));
            for (i, (((adm, dis), rate), own)) in rows.enumerate() {
                stays.push(refusion_core::ShelterStay {
                    admitted: tick_day(adm, admitted_unit, || format!("rows[{i}].admitted"))?,
                    discharged: tick_day(dis, discharged_unit, || format!("rows[{i}].discharged"))?,
                    daily_rate: amount(&rates, rate, || format!("rows[{i}].daily_rate"))?,
                    own_payment_per_night: amount(&owns, own, || {
                        format!("rows[{i}].own_payment_per_night")
                    })?,
                });
            }
            let m = column_len(support_groups, "support.citizen_id")?;
            let methods: Vec<&str> = split(support_method);
            if methods.len() != m
                || support_decided.len() != m
                || [
                    support_start,
                    support_end,
                    support_cost_codes,
                    support_decided_on,
                ]
                .iter()
                .any(|b| b.len() != m * 8)
            {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    "support",
                    "the support columns have different lengths",
                ));
            }
            let sg = group_numbers(support_groups, "support")?;
            let costs = amount_values(support_cost_values);
            let mut support = Vec::with_capacity(m);
            let spells = values(support_start)
                .zip(values(support_end))
                .zip(values(support_cost_codes))
                .zip(methods)
                .zip(support_decided)
                .zip(values(support_decided_on));
            for (j, (((((start, end), cost), method), decided), decided_on)) in spells.enumerate() {
                support.push(refusion_core::HomeSupport {
                    method: refusion_core::SupportMethod::parse(method)
                        .map_err(|e| e.at(format!("support[{j}].method")))?,
                    start: tick_day(start, start_unit, || format!("support[{j}].start"))?,
                    end: tick_day(end, end_unit, || format!("support[{j}].end"))?,
                    annual_cost: amount(&costs, cost, || format!("support[{j}].annual_cost"))?,
                    decided_before_discharge: match *decided {
                        0 => Some(false),
                        1 => Some(true),
                        2 => None,
                        other => {
                            return Err(Error::new(
                                ErrorKind::InvalidParameter,
                                format!("support[{j}].decided_before_discharge"),
                                format!("{other} is not 0 (false), 1 (true) or 2 (not given)"),
                            ))
                        }
                    },
                    decided_on: match decided_on {
                        NOT_A_TIME => None,
                        t => Some(tick_day(t, decided_on_unit, || {
                            format!("support[{j}].decided_on")
                        })?),
                    },
                });
            }
            let columns = RegisterColumns {
                group_of: &group_of,
                groups: citizens,
                birth_date: &birth,
                stays: &stays,
                support_group: &sg,
                support: &support,
            };
            let name = |g: usize| match &names {
                Some(v) => v.get(g).map(|s| (*s).to_string()).unwrap_or_default(),
                None => format!("#{g}"),
            };
            self.inner
                .evaluate_columns(&policy, &columns, &name, parallel)
        })?;
        Ok(PyRegister { inner: result })
    }

    /// Evaluates a register given as Arrow data (any object with the Arrow PyCapsule
    /// interface: a pyarrow Table or RecordBatch, a polars DataFrame, pandas with Arrow
    /// dtypes), with an optional support table likewise. Returns the result and the citizens'
    /// ids as an Arrow array (in the order of the results, with the id column's type).
    #[pyo3(signature = (policy_json, stays, support=None, parallel=true))]
    fn evaluate_register_arrow(
        &self,
        py: Python<'_>,
        policy_json: &str,
        stays: AnyRecordBatch,
        support: Option<AnyRecordBatch>,
        parallel: bool,
    ) -> PyResult<(PyRegister, PyArray)> {
        let read = |input: AnyRecordBatch| -> PyResult<arrow_array::RecordBatch> {
            let reader = input.into_reader()?;
            let schema = reader.schema();
            let batches = reader
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            arrow::one_batch(schema, batches).map_err(|e| err(py, &e))
        };
        let stays = read(stays)?;
        let support = support.map(read).transpose()?;
        let (result, labels) = guarded(py, || {
            let policy = resolve(&self.inner, policy_json)?;
            let (r, first_row) =
                arrow::evaluate(&self.inner, &policy, &stays, support.as_ref(), parallel)?;
            let labels = arrow::labels(&stays, &first_row)?;
            Ok((r, labels))
        })?;
        Ok((
            PyRegister { inner: result },
            PyArray::from_array_ref(labels),
        ))
    }

    /// Generates a synthetic cohort (JSON spec) as register columns plus support rows (JSON).
    fn cohort<'py>(&self, py: Python<'py>, spec_json: &str) -> PyResult<Bound<'py, PyDict>> {
        let (rows, support) = guarded(py, || {
            let spec: refusion_core::population::cohort::CohortSpec =
                read::from_json_str(spec_json)?;
            let c = refusion_core::population::cohort::generate(&spec, self.inner.catalog())?;
            Ok(c.rows())
        })?;
        let out = PyDict::new(py);
        let join =
            |f: &dyn Fn(&StayRow) -> String| rows.iter().map(f).collect::<Vec<_>>().join("\n");
        out.set_item("citizen_id", join(&|r| r.citizen_id.clone()))?;
        out.set_item("birth_date", join(&|r| r.birth_date.to_string()))?;
        out.set_item("admitted", join(&|r| r.admitted.to_string()))?;
        out.set_item("discharged", join(&|r| r.discharged.to_string()))?;
        out.set_item("daily_rate", join(&|r| r.daily_rate.to_string()))?;
        out.set_item(
            "own_payment_per_night",
            join(&|r| r.own_payment_per_night.to_string()),
        )?;
        out.set_item("rows", rows.len())?;
        out.set_item("support_json", to_json(&support).map_err(|e| err(py, &e))?)?;
        Ok(out)
    }

    /// A plan on a generated cohort (JSON query) → JSON.
    fn plan(&self, py: Python<'_>, query_json: &str) -> PyResult<String> {
        guarded(py, || {
            let q: refusion_core::planning::plan::PlanQuery = read::from_json_str(query_json)?;
            to_json(&self.inner.plan(&q)?)
        })
    }

    /// The representative budget (JSON query) → JSON.
    fn budget(&self, py: Python<'_>, query_json: &str) -> PyResult<String> {
        guarded(py, || {
            let q: refusion_core::planning::budget::BudgetQuery = read::from_json_str(query_json)?;
            to_json(&self.inner.budget(&q)?)
        })
    }

    /// Monte Carlo (JSON query with `plan` or `budget`, and `run`) → JSON.
    fn monte_carlo(&self, py: Python<'_>, query_json: &str) -> PyResult<String> {
        guarded(py, || {
            let q: refusion_core::planning::uncertainty::UncertaintyQuery =
                read::from_json_str(query_json)?;
            to_json(&self.inner.monte_carlo_query(&q)?)
        })
    }

    /// Tornado (JSON query) → JSON.
    fn tornado(&self, py: Python<'_>, query_json: &str) -> PyResult<String> {
        guarded(py, || {
            let q: refusion_core::planning::uncertainty::UncertaintyQuery =
                read::from_json_str(query_json)?;
            to_json(&self.inner.tornado_query(&q)?)
        })
    }
}

fn split(joined: &str) -> Vec<&str> {
    if joined.is_empty() {
        Vec::new()
    } else {
        joined.split('\n').collect()
    }
}

/// The values of a little-endian i64 column.
fn values(bytes: &[u8]) -> impl Iterator<Item = i64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
}

/// The length of an i64 column.
fn column_len(bytes: &[u8], name: &str) -> Result<usize, Error> {
    if bytes.len().is_multiple_of(8) {
        Ok(bytes.len() / 8)
    } else {
        Err(Error::new(
            ErrorKind::InvalidParameter,
            name,
            "an integer column must have 8 bytes per value",
        ))
    }
}

/// Citizen numbers.
fn group_numbers(bytes: &[u8], list: &str) -> Result<Vec<u32>, Error> {
    values(bytes)
        .enumerate()
        .map(|(i, g)| {
            u32::try_from(g).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidParameter,
                    format!("{list}[{i}].citizen_id"),
                    "a citizen number is out of range",
                )
            })
        })
        .collect()
}

/// A column of date ticks as dates.
fn day_column(bytes: &[u8], per_day: i64, list: &str, name: &str) -> Result<Vec<NaiveDate>, Error> {
    values(bytes)
        .enumerate()
        .map(|(i, t)| tick_day(t, per_day, || format!("{list}[{i}].{name}")))
        .collect()
}

/// numpy's `NaT` (not a time) as an i64 tick count.
const NOT_A_TIME: i64 = i64::MIN;

/// `ticks` since 1970-01-01 at `per_day` ticks a day as a date: a missing value (`NaT`) or a
/// time of day is an error. The usual units are matched so that each divides by a constant.
fn tick_day(ticks: i64, per_day: i64, field: impl Fn() -> String) -> Result<NaiveDate, Error> {
    const NS: i64 = 86_400_000_000_000;
    if ticks == NOT_A_TIME {
        return Err(Error::new(
            ErrorKind::InvalidDate,
            field(),
            "the date is missing",
        ));
    }
    let (days, rest) = match per_day {
        1 => (ticks, 0),
        NS => (ticks.div_euclid(NS), ticks.rem_euclid(NS)),
        86_400_000_000 => (
            ticks.div_euclid(86_400_000_000),
            ticks.rem_euclid(86_400_000_000),
        ),
        86_400_000 => (ticks.div_euclid(86_400_000), ticks.rem_euclid(86_400_000)),
        86_400 => (ticks.div_euclid(86_400), ticks.rem_euclid(86_400)),
        p if p > 0 => (ticks.div_euclid(p), ticks.rem_euclid(p)),
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                field(),
                format!("{per_day} ticks a day is not a time unit"),
            ))
        }
    };
    let date = epoch_day(days, &field)?;
    if rest != 0 {
        let seconds = i128::from(rest) * 86_400 / i128::from(per_day);
        return Err(Error::new(
            ErrorKind::WrongType,
            field(),
            format!(
                "{date} {:02}:{:02}:{:02} has a time of day; pass dates",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            ),
        ));
    }
    Ok(date)
}

/// The distinct amounts of a money column, parsed once each.
fn amount_values(joined: &str) -> Vec<Result<Money, Error>> {
    split(joined).into_iter().map(Money::parse).collect()
}

/// The amount with code `k`.
fn amount(
    parsed: &[Result<Money, Error>],
    k: i64,
    at: impl Fn() -> String,
) -> Result<Money, Error> {
    match usize::try_from(k).ok().and_then(|k| parsed.get(k)) {
        Some(Ok(m)) => Ok(*m),
        Some(Err(e)) => Err(e.clone().at(at())),
        None => Err(Error::new(
            ErrorKind::MissingField,
            at(),
            "the amount is missing",
        )),
    }
}

/// An amount in øre (it is rounded to the øre already), if it fits an i64.
fn ore(m: Money) -> Option<i64> {
    let mut d = m.as_decimal();
    d.rescale(2);
    i64::try_from(d.mantissa()).ok().filter(|_| d.scale() == 2)
}

fn int_bytes(values: impl Iterator<Item = i64>) -> Vec<u8> {
    values.flat_map(i64::to_le_bytes).collect()
}

/// Reads one payer's figure from totals.
type Payer = fn(&refusion_core::Totals) -> Money;

/// Sets the four payer columns: newline-joined decimal text, or little-endian i64 øre.
fn payer_columns<'a>(
    py: Python<'_>,
    dict: &Bound<'_, PyDict>,
    totals: impl Iterator<Item = &'a refusion_core::Totals> + Clone,
    in_ore: bool,
) -> PyResult<()> {
    let fields: [(&str, Payer); 4] = [
        ("gross", |t| t.gross),
        ("citizen_payment", |t| t.citizen_payment),
        ("state_refusion", |t| t.state_refusion),
        ("municipal_net", |t| t.municipal_net),
    ];
    for (name, f) in fields {
        if in_ore {
            let mut out = Vec::new();
            for t in totals.clone() {
                let v = ore(f(t)).ok_or_else(|| {
                    err(
                        py,
                        &Error::new(
                            ErrorKind::Overflow,
                            name,
                            "an amount does not fit in 64-bit øre; use money=\"decimal\"",
                        ),
                    )
                })?;
                out.extend_from_slice(&v.to_le_bytes());
            }
            dict.set_item(name, PyBytes::new(py, &out))?;
        } else {
            use std::fmt::Write as _;
            let mut out = String::new();
            for (i, t) in totals.clone().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = write!(out, "{}", f(t));
            }
            dict.set_item(name, out)?;
        }
    }
    Ok(())
}

/// The result of a register evaluation, kept in Rust; the Python layer asks for the columns
/// it needs. Integer columns come as little-endian i64 bytes; money as newline-joined decimal
/// text, or as i64 øre bytes when `ore` is true.
#[pyclass(frozen, name = "Register", module = "refusion._core")]
struct PyRegister {
    inner: ColumnsResult,
}

#[pymethods]
impl PyRegister {
    #[getter]
    fn policy(&self) -> String {
        self.inner.policy.clone()
    }

    #[getter]
    fn rows(&self) -> usize {
        self.inner.rows
    }

    #[getter]
    fn n_citizens(&self) -> usize {
        self.inner.citizens.len()
    }

    /// This register (under its policy) against `base`, the same register under a base
    /// policy: the `PolicyComparison` (policy − base, per year and in all) as JSON.
    fn compared_with(&self, py: Python<'_>, base: PyRef<'_, PyRegister>) -> PyResult<String> {
        let (policy, base) = (&self.inner, &base.inner);
        guarded(py, || to_json(&policy.compared_with(base)?))
    }

    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        payer_columns(py, &d, std::iter::once(&self.inner.totals), false)?;
        Ok(d)
    }

    /// One level (`citizens`, `citizen_years`, `years`) as an Arrow table: `group` (the
    /// citizen number) or `year` first, counts as int64, money as `decimal128(38, 2)` (or as
    /// int64 øre, `gross_ore`, …, when `ore` is true).
    #[pyo3(signature = (level, ore=false))]
    fn arrow(&self, py: Python<'_>, level: &str, ore: bool) -> PyResult<PyTable> {
        let batch = guarded(py, || arrow::result_batch(&self.inner, level, ore))?;
        let schema = batch.schema();
        PyTable::try_new(vec![batch], schema)
    }

    #[pyo3(signature = (ore=false))]
    fn years<'py>(&self, py: Python<'py>, ore: bool) -> PyResult<Bound<'py, PyDict>> {
        let y = &self.inner.years;
        let d = PyDict::new(py);
        d.set_item(
            "year",
            PyBytes::new(py, &int_bytes(y.iter().map(|x| i64::from(x.year)))),
        )?;
        payer_columns(py, &d, y.iter().map(|x| &x.totals), ore)?;
        Ok(d)
    }

    #[pyo3(signature = (ore=false))]
    fn citizens<'py>(&self, py: Python<'py>, ore: bool) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.inner.citizens;
        let d = PyDict::new(py);
        let ints = |f: fn(&refusion_core::population::register::GroupTotals) -> i64| {
            PyBytes::new(py, &int_bytes(c.iter().map(f)))
        };
        d.set_item("group", ints(|x| i64::from(x.group)))?;
        d.set_item(
            "stays",
            ints(|x| i64::try_from(x.stays).unwrap_or(i64::MAX)),
        )?;
        d.set_item("nights", ints(|x| x.nights))?;
        d.set_item("refunded_nights", ints(|x| x.refunded_nights))?;
        d.set_item("support_days", ints(|x| x.support_days))?;
        payer_columns(py, &d, c.iter().map(|x| &x.totals), ore)?;
        Ok(d)
    }

    #[pyo3(signature = (ore=false))]
    fn citizen_years<'py>(&self, py: Python<'py>, ore: bool) -> PyResult<Bound<'py, PyDict>> {
        let c = &self.inner.citizen_years;
        let d = PyDict::new(py);
        d.set_item(
            "group",
            PyBytes::new(py, &int_bytes(c.iter().map(|x| i64::from(x.group)))),
        )?;
        d.set_item(
            "year",
            PyBytes::new(py, &int_bytes(c.iter().map(|x| i64::from(x.year)))),
        )?;
        payer_columns(py, &d, c.iter().map(|x| &x.totals), ore)?;
        Ok(d)
    }
}

/// An amount as people type it (`1.234,50`, `95 000 kr.`), as a plain decimal string.
#[pyfunction]
fn parse_amount(py: Python<'_>, text: &str) -> PyResult<String> {
    guarded(py, || amount::parse_typed(text).map(|m| m.to_string()))
}

/// A percentage as people type it (`2,5`, `2.5 %`), as a rate string (`0.025`).
#[pyfunction]
fn parse_percent(py: Python<'_>, text: &str) -> PyResult<String> {
    guarded(py, || {
        amount::parse_percent(text).map(|r| r.as_decimal().normalize().to_string())
    })
}

/// An exact decimal (as a plain decimal string) shown for people: grouped, to the øre, with
/// `kr.`/`DKK` when `currency`.
#[pyfunction]
#[pyo3(signature = (value, lang="da", currency=false))]
fn format_amount(py: Python<'_>, value: &str, lang: &str, currency: bool) -> PyResult<String> {
    guarded(py, || {
        let shown = amount::Shown {
            currency,
            whole_kroner: false,
        };
        amount::format_decimal(value, lang.parse()?, shown)
    })
}

/// A date (`YYYY-MM-DD`) as people read it: `1. jun. 2026` / `1 Jun 2026`.
#[pyfunction]
#[pyo3(signature = (iso, lang="da"))]
fn format_date(py: Python<'_>, iso: &str, lang: &str) -> PyResult<String> {
    guarded(py, || {
        let lang: Lang = lang.parse()?;
        Ok(locale::format_date(calendar::parse_date(iso)?, lang))
    })
}

/// A table as CSV through the core's writer (`refusion_core::model::export::write_csv`), so
/// the file is the one the CLI and the page write: `header` holds column keys (written as their
/// Danish labels in `da`), `rows` the plain spellings (`"-1234.50"`, `"2027"`, `"2026-06-01"`,
/// text). `da`: `;`, decimal comma, BOM, CRLF; `en`: `,`, decimal point, the keys.
#[pyfunction]
#[pyo3(signature = (header, rows, dialect="en"))]
fn write_csv(
    py: Python<'_>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    dialect: &str,
) -> PyResult<String> {
    guarded(py, move || {
        let d = self::dialect(dialect)?;
        let keys: Vec<&str> = header.iter().map(String::as_str).collect();
        Ok(export::write_csv(&keys, &rows, d))
    })
}

/// A `PolicyComparison` (JSON, as the comparison methods return it) as CSV in a dialect
/// (`PolicyComparison::to_csv`: a row per year and a total row).
#[pyfunction]
#[pyo3(signature = (comparison_json, dialect="en"))]
fn policy_comparison_csv(py: Python<'_>, comparison_json: &str, dialect: &str) -> PyResult<String> {
    guarded(py, || {
        let d = self::dialect(dialect)?;
        let c: PolicyComparison = read::from_json_str(comparison_json)?;
        Ok(c.to_csv(d))
    })
}

/// The column keys of CSV files with their Danish and English labels: `[(key, da, en), …]`.
#[pyfunction]
fn column_labels() -> Vec<(&'static str, &'static str, &'static str)> {
    export::COLUMNS
        .iter()
        .map(|c| (c.key, c.da, c.en))
        .collect()
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
    m.add_class::<PyRegister>()?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(parse_amount, m)?)?;
    m.add_function(wrap_pyfunction!(parse_percent, m)?)?;
    m.add_function(wrap_pyfunction!(format_amount, m)?)?;
    m.add_function(wrap_pyfunction!(format_date, m)?)?;
    m.add_function(wrap_pyfunction!(write_csv, m)?)?;
    m.add_function(wrap_pyfunction!(policy_comparison_csv, m)?)?;
    m.add_function(wrap_pyfunction!(column_labels, m)?)?;
    workbook::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
