//! Workbooks through `refusion-xlsx`: registers (and support tables) read from `.xlsx` or
//! `.ods` files beside CSV, told apart by their bytes, and results written as `.xlsx`.
//!
//! Thin like the rest of the binding: these functions convert types and errors only. Reading,
//! locating errors in a sheet's cells and writing the sheets are `refusion-xlsx`'s; the
//! figures are the core's. The plan, budget, Monte Carlo and comparison workbooks take the
//! result as the JSON text the core wrote for the Python object (deserialised by the core's
//! own serde types), so the workbook holds exactly the result the analyst has, without a
//! second run.

use std::io::Read;

use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use refusion_core::engine::policy_comparison::PolicyComparison;
use refusion_core::model::locale::Lang;
use refusion_core::planning::budget::BudgetResult;
use refusion_core::planning::plan::PlanResult;
use refusion_core::planning::uncertainty::MonteCarlo;
use refusion_core::population::register::csv::{compare_csv, evaluate_csv, CsvColumns};
use refusion_core::population::register::SupportRow;
use refusion_core::{model::read, Error, ErrorKind, PolicySpec, Scenario};
use refusion_xlsx::write::{self, Explained, RegisterTables};
use refusion_xlsx::RegisterFile;

use crate::{guarded, resolve, to_json, PyEngine, PyRegister};

/// A file given as a path or as its bytes.
fn read_all(path: Option<String>, bytes: Option<Vec<u8>>) -> PyResult<Vec<u8>> {
    match path {
        Some(p) => {
            std::fs::read(&p).map_err(|e| PyOSError::new_err(format!("cannot read {p}: {e}")))
        }
        None => Ok(bytes.unwrap_or_default()),
    }
}

/// The optional support file's bytes.
fn support_bytes(path: Option<String>, bytes: Option<Vec<u8>>) -> PyResult<Option<Vec<u8>>> {
    match (path.is_some(), bytes.is_some()) {
        (false, false) => Ok(None),
        _ => read_all(path, bytes).map(Some),
    }
}

/// A workbook (`.xlsx`, `.ods`: a zip) or an old binary Excel file, by its first bytes; any
/// other file is CSV and may be streamed. `refusion-xlsx` tells the kinds apart exactly.
fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A stay register to stream: a CSV file's reader, or a workbook's bytes (read whole).
enum Stays {
    Stream(Box<dyn Read + Send>),
    Whole(Vec<u8>),
}

fn stays_source(path: Option<String>, bytes: Option<Vec<u8>>) -> PyResult<Stays> {
    let Some(p) = path else {
        let bytes = bytes.unwrap_or_default();
        return Ok(if is_workbook(&bytes) {
            Stays::Whole(bytes)
        } else {
            Stays::Stream(Box::new(std::io::Cursor::new(bytes)))
        });
    };
    let io = |e: std::io::Error| PyOSError::new_err(format!("cannot read {p}: {e}"));
    let mut file = std::fs::File::open(&p).map_err(io)?;
    let mut head = Vec::with_capacity(4);
    (&mut file).take(4).read_to_end(&mut head).map_err(io)?;
    if is_workbook(&head) {
        file.read_to_end(&mut head).map_err(io)?;
        return Ok(Stays::Whole(head));
    }
    let rest = std::io::BufReader::new(file);
    Ok(Stays::Stream(Box::new(
        std::io::Cursor::new(head).chain(rest),
    )))
}

/// A register file and its support file (CSV, `.xlsx` or `.ods` each) evaluated as
/// `Engine.evaluate_register_csv` evaluates a CSV: the summary as JSON and the per-citizen CSV
/// (empty unless `citizens`). A CSV register is streamed as before (registers larger than
/// memory work); a workbook is read whole. Errors in a workbook name its sheet, row and column.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (engine, policy_json, stays_path, stays_bytes, support_path, support_bytes, citizens))]
pub(crate) fn evaluate_register_file(
    py: Python<'_>,
    engine: &Bound<'_, PyEngine>,
    policy_json: &str,
    stays_path: Option<String>,
    stays_bytes: Option<Vec<u8>>,
    support_path: Option<String>,
    support_bytes: Option<Vec<u8>>,
    citizens: bool,
) -> PyResult<(String, String)> {
    let engine = &engine.get().inner;
    let stays = stays_source(stays_path, stays_bytes)?;
    let support = self::support_bytes(support_path, support_bytes)?;
    guarded(py, move || {
        let policy = resolve(engine, policy_json)?;
        let (file, reader): (RegisterFile, Box<dyn Read + Send>) = match stays {
            Stays::Whole(bytes) => {
                let file = RegisterFile::read(bytes, support)?;
                let csv = file.stays_csv().to_vec();
                (file, Box::new(std::io::Cursor::new(csv)))
            }
            // The stays stream past; the file holds the support table (and where its cells are).
            Stays::Stream(reader) => (RegisterFile::read(Vec::new(), support)?, reader),
        };
        let support_rows = file.support_rows()?;
        let mut out: Vec<u8> = Vec::new();
        let summary = evaluate_csv(
            engine,
            &policy,
            reader,
            &support_rows,
            if citizens { Some(&mut out) } else { None },
        )
        .map_err(|e| file.locate(e))?;
        let citizens_csv = String::from_utf8(out)
            .map_err(|e| Error::new(ErrorKind::Syntax, "citizens_out", e.to_string()))?;
        Ok((to_json(&summary)?, citizens_csv))
    })
}

/// A register file (CSV or workbook; support likewise) under `policy` and `base`: the
/// `PolicyComparison` as JSON, as `Engine.compare_register_csv` gives it for CSV.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (engine, policy_json, base_json, stays_path, stays_bytes, support_path, support_bytes))]
pub(crate) fn compare_register_file(
    py: Python<'_>,
    engine: &Bound<'_, PyEngine>,
    policy_json: &str,
    base_json: &str,
    stays_path: Option<String>,
    stays_bytes: Option<Vec<u8>>,
    support_path: Option<String>,
    support_bytes: Option<Vec<u8>>,
) -> PyResult<String> {
    let engine = &engine.get().inner;
    let stays = read_all(stays_path, stays_bytes)?;
    let support = self::support_bytes(support_path, support_bytes)?;
    guarded(py, move || {
        let policy = resolve(engine, policy_json)?;
        let base = resolve(engine, base_json)?;
        let file = RegisterFile::read(stays, support)?;
        let support_rows = file.support_rows()?;
        let c = compare_csv(engine, &base, &policy, file.stays_csv(), &support_rows)
            .map_err(|e| file.locate(e))?;
        to_json(&c)
    })
}

/// A register read from a file (CSV, `.xlsx` or `.ods`), kept for its citizens' ids and for
/// one citizen's explanation: the register as read, its support rows and the policy.
#[pyclass(frozen, name = "RegisterFile", module = "refusion._core")]
pub(crate) struct PyRegisterFile {
    cols: CsvColumns,
    support: Vec<SupportRow>,
    policy: PolicySpec,
}

#[pymethods]
impl PyRegisterFile {
    /// The citizens' ids, in the order of the results.
    fn citizen_ids(&self) -> Vec<String> {
        (0..self.cols.citizens())
            .map(|g| self.cols.citizen_id(g).to_string())
            .collect()
    }
}

/// Reads a register (and its optional support table) from a file's path or bytes — CSV,
/// `.xlsx` or `.ods`, told apart by the bytes — and evaluates it whole under a policy (JSON):
/// the result (`Register`) and the register as read (`RegisterFile`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (engine, policy_json, stays_path, stays_bytes, support_path, support_bytes, parallel=true))]
pub(crate) fn read_register(
    py: Python<'_>,
    engine: &Bound<'_, PyEngine>,
    policy_json: &str,
    stays_path: Option<String>,
    stays_bytes: Option<Vec<u8>>,
    support_path: Option<String>,
    support_bytes: Option<Vec<u8>>,
    parallel: bool,
) -> PyResult<(PyRegister, PyRegisterFile)> {
    let engine = &engine.get().inner;
    let stays = read_all(stays_path, stays_bytes)?;
    let support = self::support_bytes(support_path, support_bytes)?;
    let (result, cols, support, spec) = guarded(py, move || {
        let spec: PolicySpec = read::from_json_str(policy_json).map_err(|e| e.within("policy"))?;
        let policy = engine.resolve(&spec)?;
        let file = RegisterFile::read(stays, support)?;
        let (result, cols, support) = file.evaluate(engine, &policy, parallel)?;
        Ok((result, cols, support, spec))
    })?;
    Ok((
        PyRegister { inner: result },
        PyRegisterFile {
            cols,
            support,
            policy: spec,
        },
    ))
}

/// The evaluation (with its trace) of the explanation sheet's citizen.
fn explained(
    engine: &refusion_core::Engine,
    scenario: &Scenario,
) -> Result<refusion_core::Evaluation, Error> {
    engine.evaluate(scenario).map_err(|e| e.within("explain"))
}

fn unknown_citizen(id: &str) -> Error {
    Error::new(
        ErrorKind::InvalidParameter,
        "explain",
        format!("no citizen of the register has the id {id:?}"),
    )
}

/// A register result evaluated from frames or Arrow tables as a workbook: the result, the
/// policy (JSON) it was evaluated under, the citizens' ids (by citizen number) and, for an
/// explanation sheet, the citizen's id and scenario (contract JSON, built from the register's
/// rows). `lang` is `"da"` or `"en"`. Returns the `.xlsx` bytes.
#[pyfunction]
#[pyo3(signature = (engine, register, policy_json, citizen_ids, explain=None, lang="da"))]
pub(crate) fn register_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    register: &Bound<'_, PyRegister>,
    policy_json: &str,
    citizen_ids: Vec<String>,
    explain: Option<(String, String)>,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let engine = &engine.get().inner;
    let result = &register.get().inner;
    let bytes = guarded(py, || {
        let lang: Lang = lang.parse()?;
        let policy = resolve(engine, policy_json)?;
        let citizen_id = |g: usize| citizen_ids.get(g).cloned().unwrap_or_default();
        let tables = RegisterTables {
            result,
            citizen_id: &citizen_id,
        };
        match &explain {
            Some((id, scenario_json)) => {
                let scenario =
                    Scenario::from_json(scenario_json).map_err(|e| e.within("explain"))?;
                let evaluation = explained(engine, &scenario)?;
                let x = Explained {
                    citizen_id: id,
                    evaluation: &evaluation,
                };
                write::register_workbook(engine, &policy, &tables, Some(&x), lang)
            }
            None => write::register_workbook(engine, &policy, &tables, None, lang),
        }
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// A register result read from a file (`read_register`) as a workbook; the explanation sheet's
/// citizen (`explain`, an id) is evaluated from the register's own rows and support rows.
#[pyfunction]
#[pyo3(signature = (engine, register, file, explain=None, lang="da"))]
pub(crate) fn register_file_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    register: &Bound<'_, PyRegister>,
    file: &Bound<'_, PyRegisterFile>,
    explain: Option<String>,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let engine = &engine.get().inner;
    let result = &register.get().inner;
    let file = file.get();
    let bytes = guarded(py, || {
        let lang: Lang = lang.parse()?;
        let policy = engine.resolve(&file.policy)?;
        let citizen_id = |g: usize| file.cols.citizen_id(g).to_string();
        let tables = RegisterTables {
            result,
            citizen_id: &citizen_id,
        };
        match &explain {
            Some(id) => {
                let scenario = file
                    .cols
                    .scenario_of(id, &file.support, file.policy.clone())
                    .ok_or_else(|| unknown_citizen(id))?;
                let evaluation = explained(engine, &scenario)?;
                let x = Explained {
                    citizen_id: id,
                    evaluation: &evaluation,
                };
                write::register_workbook(engine, &policy, &tables, Some(&x), lang)
            }
            None => write::register_workbook(engine, &policy, &tables, None, lang),
        }
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// A result (the JSON text the core wrote for it) as a workbook by one of `refusion-xlsx`'s
/// writers.
fn result_workbook<'py, T: serde::de::DeserializeOwned>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    result_json: &str,
    lang: &str,
    write: fn(&refusion_core::Engine, &T, Lang) -> Result<Vec<u8>, Error>,
) -> PyResult<Bound<'py, PyBytes>> {
    let engine = &engine.get().inner;
    let bytes = guarded(py, || {
        let lang: Lang = lang.parse()?;
        let result: T = read::from_json_str(result_json)?;
        write(engine, &result, lang)
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// A `PolicyComparison` (JSON) as a workbook.
#[pyfunction]
#[pyo3(signature = (engine, comparison_json, lang="da"))]
pub(crate) fn comparison_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    comparison_json: &str,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    result_workbook::<PolicyComparison>(
        py,
        engine,
        comparison_json,
        lang,
        write::comparison_workbook,
    )
}

/// A `PlanResult` (JSON) as a workbook.
#[pyfunction]
#[pyo3(signature = (engine, plan_json, lang="da"))]
pub(crate) fn plan_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    plan_json: &str,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    result_workbook::<PlanResult>(py, engine, plan_json, lang, write::plan_workbook)
}

/// A `BudgetResult` (JSON) as a workbook.
#[pyfunction]
#[pyo3(signature = (engine, budget_json, lang="da"))]
pub(crate) fn budget_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    budget_json: &str,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    result_workbook::<BudgetResult>(py, engine, budget_json, lang, write::budget_workbook)
}

/// A `MonteCarlo` result (JSON) as a workbook.
#[pyfunction]
#[pyo3(signature = (engine, monte_carlo_json, lang="da"))]
pub(crate) fn monte_carlo_workbook<'py>(
    py: Python<'py>,
    engine: &Bound<'_, PyEngine>,
    monte_carlo_json: &str,
    lang: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    result_workbook::<MonteCarlo>(
        py,
        engine,
        monte_carlo_json,
        lang,
        write::monte_carlo_workbook,
    )
}

/// Registers the workbook functions and classes in the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyRegisterFile>()?;
    m.add_function(wrap_pyfunction!(evaluate_register_file, m)?)?;
    m.add_function(wrap_pyfunction!(compare_register_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_register, m)?)?;
    m.add_function(wrap_pyfunction!(register_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(register_file_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(comparison_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(plan_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(budget_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(monte_carlo_workbook, m)?)?;
    Ok(())
}
