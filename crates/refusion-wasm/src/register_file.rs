//! `evaluateRegisterFile`: a register file (CSV today, `.xlsx`/`.ods` through the same call
//! as soon as refusion-xlsx reads them) and its optional support file, read and evaluated once;
//! the result is kept in a `RegisterRun` that gives the year-by-payer table, the citizens as
//! columns, one citizen's explanation, the workbook and the CSV files.
//!
//! Thin like the rest of the binding: reading is `refusion_xlsx::RegisterFile`, evaluation,
//! explanation and CSV are the core's, the workbook is `refusion_xlsx::write`. This file only
//! converts types and errors (money leaves as decimal strings, or as øre in a `BigInt64Array`
//! for sorting: never as a JS number).

use refusion_core::model::export::{self, Dialect};
use refusion_core::model::locale::Lang;
use refusion_core::population::register::csv::CsvColumns;
use refusion_core::population::register::{
    ColumnsResult, GroupTotals, SupportRow, CITIZEN_COLUMNS, YEAR_COLUMNS,
};
use refusion_core::{Engine, Error, ErrorKind, Money, Policy, PolicySpec, Totals, YearTotals};
use refusion_xlsx::write::{register_workbook, Explained, RegisterTables};
use refusion_xlsx::RegisterFile;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::{
    csv_bytes, lang_arg, output, required_policy, string_arg, to_js_error, with_engine, DialectJs,
    EvaluationJs, LangJs, PolicySpecJs, StringJs,
};

#[wasm_bindgen(typescript_custom_section)]
const REGISTER_FILE_TYPES: &'static str = r#"
/** The year-by-payer table of a register file (`RegisterRun.years()`): per calendar year and in all; `state_refusion` is the refund claim. */
export interface RegisterYears {
    /** The resolved policy's name. */
    policy: string;
    /** Stay rows read. */
    rows: number;
    /** Citizens. */
    citizens: number;
    /** Per calendar year, by payer. */
    years: Array<YearTotals>;
    /** Over all citizens. */
    totals: Totals;
}

/** The citizens of a register file as columns (`RegisterRun.citizens()`), one entry per citizen in the order of the file. Money is in øre as BigInt (exact; sort on it), never a JS number. */
export interface RegisterCitizenColumns {
    /** Number of citizens. */
    count: number;
    /** Each citizen's id. */
    ids: Array<string>;
    /** Number of § 110 stays. */
    stays: Float64Array;
    /** § 110 nights. */
    nights: Float64Array;
    /** Refunded § 110 nights. */
    refunded_nights: Float64Array;
    /** § 85 a support days. */
    support_days: Float64Array;
    /** Gross cost, øre. */
    gross_ore: BigInt64Array;
    /** Citizen's own payment, øre. */
    citizen_payment_ore: BigInt64Array;
    /** State refund, øre. */
    state_refusion_ore: BigInt64Array;
    /** Municipal net cost, øre. */
    municipal_net_ore: BigInt64Array;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A file's bytes.
    #[wasm_bindgen(typescript_type = "Uint8Array")]
    pub type FileBytesJs;
    /// An optional file's bytes.
    #[wasm_bindgen(typescript_type = "Uint8Array | null | undefined")]
    pub type OptionalFileBytesJs;
    /// The year table.
    #[wasm_bindgen(typescript_type = "RegisterYears")]
    pub type RegisterYearsJs;
    /// The citizens as columns.
    #[wasm_bindgen(typescript_type = "RegisterCitizenColumns")]
    pub type RegisterCitizenColumnsJs;
    /// A citizen id, or nothing.
    #[wasm_bindgen(typescript_type = "string | null | undefined")]
    pub type OptionalIdJs;
}

/// The year table as `RegisterYears`.
#[derive(Serialize)]
struct Years<'a> {
    policy: &'a str,
    rows: usize,
    citizens: usize,
    years: &'a [YearTotals],
    totals: &'a Totals,
}

/// A register file read and evaluated under one policy, kept for the tables, explanations
/// and downloads of the page's register section.
#[wasm_bindgen]
pub struct RegisterRun {
    policy: Policy,
    spec: PolicySpec,
    result: ColumnsResult,
    cols: CsvColumns,
    support: Vec<SupportRow>,
}

/// Reads a register file (`stays`: CSV, or a `.xlsx`/`.ods` workbook once the reader lands —
/// the same call) and its optional support file, and evaluates it under `policy` (a preset
/// name or `{preset, overrides}`). Errors name the line and column (CSV) or the sheet, row and
/// column (workbook) of the cell at fault, in `field`.
#[wasm_bindgen(js_name = evaluateRegisterFile)]
pub fn evaluate_register_file(
    stays: FileBytesJs,
    support: OptionalFileBytesJs,
    policy: PolicySpecJs,
) -> Result<RegisterRun, JsValue> {
    with_engine(|engine| {
        let spec = required_policy(&policy, "policy")?;
        let resolved = engine.resolve(&spec)?;
        let stays = csv_bytes(stays.as_ref(), "register")?;
        let support_value: &JsValue = support.as_ref();
        let support_bytes = if support_value.is_undefined() || support_value.is_null() {
            None
        } else {
            Some(csv_bytes(support_value, "support")?)
        };
        let file = RegisterFile::read(stays, support_bytes)?;
        let (result, cols, support) = file.evaluate(engine, &resolved, false)?;
        Ok(RegisterRun {
            policy: resolved,
            spec,
            result,
            cols,
            support,
        })
    })
    .map_err(|e| to_js_error(&e))
}

/// An amount in øre (the totals are rounded to the øre, so this is exact).
fn ore(m: Money) -> Result<i64, Error> {
    let d = m.as_decimal();
    let mantissa = d.mantissa();
    let scale = d.scale();
    let value = if scale <= 2 {
        10i128
            .checked_pow(2 - scale)
            .and_then(|f| mantissa.checked_mul(f))
    } else {
        let f = 10i128.checked_pow(scale - 2);
        // Only a whole number of øre converts.
        f.filter(|f| mantissa.checked_rem(*f) == Some(0))
            .and_then(|f| mantissa.checked_div(f))
    };
    value
        .and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| Error::overflow("", "an amount in øre"))
}

/// A count as a JS number (counts of stays, nights and days are far below 2^53).
#[allow(clippy::cast_precision_loss)]
fn count(v: i64) -> f64 {
    v as f64
}

/// The dialect argument: absent means `da` (the page's default language).
fn dialect_arg(dialect: Option<DialectJs>) -> Result<Dialect, Error> {
    match dialect {
        Some(d) if !d.is_undefined() && !d.is_null() => {
            string_arg(&d, "dialect", "a CSV dialect (\"da\" or \"en\")")?.parse()
        }
        _ => Ok(Dialect::Da),
    }
}

/// The four amounts of a row, as the engine spells them.
fn amounts(t: &Totals) -> [String; 4] {
    [
        t.gross.to_string(),
        t.citizen_payment.to_string(),
        t.state_refusion.to_string(),
        t.municipal_net.to_string(),
    ]
}

fn run_js<T: JsCast>(f: impl FnOnce(&Engine) -> Result<JsValue, Error>) -> Result<T, JsValue> {
    with_engine(f)
        .map(JsCast::unchecked_into)
        .map_err(|e| to_js_error(&e))
}

#[wasm_bindgen]
impl RegisterRun {
    /// The resolved policy's name.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> String {
        self.result.policy.clone()
    }

    /// Number of citizens.
    #[wasm_bindgen(getter, js_name = citizenCount)]
    pub fn citizen_count(&self) -> usize {
        self.result.citizens.len()
    }

    /// The year-by-payer table and the totals (money as decimal strings).
    pub fn years(&self) -> Result<RegisterYearsJs, JsValue> {
        run_js(|_| {
            output(&Years {
                policy: &self.result.policy,
                rows: self.result.rows,
                citizens: self.result.citizens.len(),
                years: &self.result.years,
                totals: &self.result.totals,
            })
        })
    }

    /// The citizens as columns, in the order of the file: ids, counts, and money in øre
    /// (`BigInt64Array`), for paging, sorting and searching without a copy per row.
    pub fn citizens(&self) -> Result<RegisterCitizenColumnsJs, JsValue> {
        run_js(|_| {
            let c = &self.result.citizens;
            let id_of = |g: u32| {
                self.cols
                    .citizen_id(usize::try_from(g).unwrap_or(usize::MAX))
            };
            let ids: js_sys::Array = if c.iter().any(|x| id_of(x.group).contains('\n')) {
                c.iter()
                    .map(|x| JsValue::from_str(id_of(x.group)))
                    .collect()
            } else if c.is_empty() {
                js_sys::Array::new()
            } else {
                let mut joined = String::with_capacity(c.len() * 8);
                for (i, x) in c.iter().enumerate() {
                    if i > 0 {
                        joined.push('\n');
                    }
                    joined.push_str(id_of(x.group));
                }
                js_sys::JsString::from(joined.as_str()).split("\n")
            };
            let counts = |f: &dyn Fn(&GroupTotals) -> i64| {
                let v: Vec<f64> = c.iter().map(|x| count(f(x))).collect();
                js_sys::Float64Array::from(v.as_slice())
            };
            let money = |f: &dyn Fn(&Totals) -> Money| -> Result<JsValue, Error> {
                let v = c
                    .iter()
                    .map(|x| ore(f(&x.totals)))
                    .collect::<Result<Vec<i64>, Error>>()?;
                Ok(js_sys::BigInt64Array::from(v.as_slice()).into())
            };
            let obj = js_sys::Object::new();
            let set = |k: &str, v: &JsValue| {
                let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
            };
            set("count", &JsValue::from(c.len()));
            set("ids", &ids);
            set(
                "stays",
                &counts(&|x| i64::try_from(x.stays).unwrap_or(i64::MAX)),
            );
            set("nights", &counts(&|x| x.nights));
            set("refunded_nights", &counts(&|x| x.refunded_nights));
            set("support_days", &counts(&|x| x.support_days));
            set("gross_ore", &money(&|t| t.gross)?);
            set("citizen_payment_ore", &money(&|t| t.citizen_payment)?);
            set("state_refusion_ore", &money(&|t| t.state_refusion)?);
            set("municipal_net_ore", &money(&|t| t.municipal_net)?);
            Ok(obj.into())
        })
    }

    /// One citizen's evaluation under the register's policy, with the engine's explanation
    /// (`trace`, each entry in English `text` and Danish `text_da`).
    pub fn explain(&self, id: StringJs) -> Result<EvaluationJs, JsValue> {
        run_js(|engine| {
            let id = string_arg(&id, "id", "a citizen id")?;
            output(&self.evaluation_of(engine, &id)?)
        })
    }

    /// The result as an `.xlsx` workbook in `lang` (Danish by default), with the explanation
    /// of citizen `explain` when given.
    pub fn workbook(
        &self,
        lang: Option<LangJs>,
        explain: Option<OptionalIdJs>,
    ) -> Result<js_sys::Uint8Array, JsValue> {
        run_js(|engine| {
            let lang: Lang = lang_arg(lang)?;
            let id = match explain.as_ref().map(AsRef::<JsValue>::as_ref) {
                Some(v) if !v.is_undefined() && !v.is_null() => {
                    Some(string_arg(v, "explain", "a citizen id")?)
                }
                _ => None,
            };
            let evaluation = match &id {
                Some(id) => Some(self.evaluation_of(engine, id)?),
                None => None,
            };
            let explained = match (&id, &evaluation) {
                (Some(citizen_id), Some(evaluation)) => Some(Explained {
                    citizen_id,
                    evaluation,
                }),
                _ => None,
            };
            let citizen_id = |g: usize| self.cols.citizen_id(g).to_string();
            let tables = RegisterTables {
                result: &self.result,
                citizen_id: &citizen_id,
            };
            let bytes = register_workbook(engine, &self.policy, &tables, explained.as_ref(), lang)?;
            Ok(js_sys::Uint8Array::from(bytes.as_slice()).into())
        })
    }

    /// The year table as CSV (`da`, the default: `;`, decimal comma, Danish headers, BOM;
    /// `en`: `,` and the keys), with a total row.
    #[wasm_bindgen(js_name = yearsCsv)]
    pub fn years_csv(&self, dialect: Option<DialectJs>) -> Result<String, JsValue> {
        run_js::<JsValue>(|_| {
            let dialect = dialect_arg(dialect)?;
            let mut rows: Vec<Vec<String>> = Vec::with_capacity(self.result.years.len() + 1);
            for y in &self.result.years {
                let mut row = vec![y.year.to_string()];
                row.extend(amounts(&y.totals));
                rows.push(row);
            }
            let total = match dialect {
                Dialect::Da => "I alt",
                Dialect::En => "total",
            };
            let mut row = vec![total.to_string()];
            row.extend(amounts(&self.result.totals));
            rows.push(row);
            Ok(JsValue::from_str(&export::write_csv(
                &YEAR_COLUMNS,
                &rows,
                dialect,
            )))
        })
        .map(|v| v.as_string().unwrap_or_default())
    }

    /// The citizens as CSV, one line per citizen (dialect as for `yearsCsv`).
    #[wasm_bindgen(js_name = citizensCsv)]
    pub fn citizens_csv(&self, dialect: Option<DialectJs>) -> Result<String, JsValue> {
        run_js::<JsValue>(|_| {
            let dialect = dialect_arg(dialect)?;
            let rows: Vec<Vec<String>> = self
                .result
                .citizens
                .iter()
                .map(|x| {
                    let mut row = vec![
                        self.cols
                            .citizen_id(usize::try_from(x.group).unwrap_or(usize::MAX))
                            .to_string(),
                        x.stays.to_string(),
                        x.nights.to_string(),
                        x.refunded_nights.to_string(),
                        x.support_days.to_string(),
                    ];
                    row.extend(amounts(&x.totals));
                    row
                })
                .collect();
            Ok(JsValue::from_str(&export::write_csv(
                &CITIZEN_COLUMNS,
                &rows,
                dialect,
            )))
        })
        .map(|v| v.as_string().unwrap_or_default())
    }
}

impl RegisterRun {
    /// Citizen `id`'s scenario (their stays and support rows) evaluated by the engine.
    fn evaluation_of(&self, engine: &Engine, id: &str) -> Result<refusion_core::Evaluation, Error> {
        let scenario = self
            .cols
            .scenario_of(id, &self.support, self.spec.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidParameter,
                    "id",
                    format!("no citizen {id:?} in the register"),
                )
            })?;
        engine.evaluate(&scenario)
    }
}
