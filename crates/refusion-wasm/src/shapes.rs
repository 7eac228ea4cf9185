//! The results the binding assembles itself, from core values: a generated cohort as register
//! rows, the CSV register's result, the catalog, and the reference figures with their sources.
//! The functions serialize exactly these types.
//!
//! The `typescript` test compiles this file too (`#[path]`), and there `cfg(test)` derives
//! `ts_rs::TS` on each type, so that their declarations in `types.d.ts` come from these
//! definitions, like those of the core types.

use std::collections::BTreeMap;

use refusion_core::population::register::{RegisterSummary, StayRow, SupportRow};
use refusion_core::rules::catalog::{
    CohortCalibration, ComparisonPreset, Economics, IllustrativeRanges, ParameterCatalog, Policy,
    Preset, References as CatalogReferences, RuleInfo, Source, SourceUse,
};
use refusion_core::rules::parameters::ParameterView;
use serde::Serialize;

/// A generated cohort as a register (`cohort()`), ready for `evaluateRegister`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct Cohort {
    /// One row per § 110 stay.
    pub rows: Vec<StayRow>,
    /// One row per § 85 a support spell.
    pub support: Vec<SupportRow>,
}

/// The result of `evaluateRegisterCsv`: the totals per year and in all, and one CSV line per
/// citizen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct RegisterCsvResult {
    /// Policy, rows and citizens read, totals per year and in all.
    #[serde(flatten)]
    pub summary: RegisterSummary,
    /// A header line (`citizen_id,stays,nights,refunded_nights,support_days,gross,
    /// citizen_payment,state_refusion,municipal_net`), then one line per citizen.
    pub citizens_csv: String,
}

/// The M-ACT and ACT reference figures (`references()`), each with its sources spelled out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct References {
    /// Rambøll 2022: M-ACT mean and range per citizen-year.
    #[cfg_attr(test, ts(type = "WithSources<RangeReference>"))]
    pub m_act: serde_json::Value,
    /// VIVE/Rambøll 2017: classic ACT per citizen-year.
    #[cfg_attr(test, ts(type = "WithSources<PointReference>"))]
    pub act: serde_json::Value,
}

impl References {
    /// The catalog's reference figures, their source ids replaced by the sources.
    pub fn of(c: &ParameterCatalog) -> References {
        let with_sources = |ids: &[String], figure: serde_json::Value| -> serde_json::Value {
            let mut v = figure;
            if let Some(obj) = v.as_object_mut() {
                let list: Vec<Source> = ids.iter().map(|id| c.source(id).clone()).collect();
                obj.insert(
                    "sources".into(),
                    serde_json::to_value(list).unwrap_or_default(),
                );
            }
            v
        };
        let m = serde_json::to_value(&c.reference.m_act).unwrap_or_default();
        let a = serde_json::to_value(&c.reference.act).unwrap_or_default();
        References {
            m_act: with_sources(&c.reference.m_act.sources, m),
            act: with_sources(&c.reference.act.sources, a),
        }
    }
}

/// The catalog (`catalog()`): every source with who cites it, the rules, the baseline
/// parameters, the presets, the ready comparisons, the illustrative ranges, the reference
/// figures, the cohort calibration and the economic constants. The same value as
/// `ParameterCatalog::to_json` (a test checks it).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct Catalog {
    /// Sources by id.
    pub sources: BTreeMap<String, CatalogSource>,
    /// The rules of the README's rule table, by id (`R1` …).
    pub rules: BTreeMap<String, RuleInfo>,
    /// Every parameter of the statutory baseline, with its sourced steps.
    pub parameters: Vec<ParameterView>,
    /// The presets by name.
    pub presets: BTreeMap<String, Preset>,
    /// The ready comparisons by name (a policy against a base preset).
    pub comparisons: BTreeMap<String, ComparisonPreset>,
    /// The uncertainty ranges no source gives (labelled illustrative).
    pub illustrative: IllustrativeRanges,
    /// The M-ACT and ACT reference figures, with their source ids.
    pub reference: CatalogReferences,
    /// The calibration targets of the synthetic cohort.
    pub cohort: CohortCalibration,
    /// Economic constants (the discount rate).
    pub economics: Economics,
}

/// A source of the catalog and who cites it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub(crate) struct CatalogSource {
    /// The source.
    #[serde(flatten)]
    pub source: Source,
    /// The parameters, rules, presets and figures that cite it (empty: unused).
    pub used_by: Vec<SourceUse>,
}

impl Catalog {
    /// The catalog with the statutory baseline's parameters, as `ParameterCatalog::to_json`.
    pub fn of(c: &ParameterCatalog) -> Catalog {
        let baseline = Policy {
            name: "baseline".into(),
            preset: "statutory".into(),
            overrides: Vec::new(),
            parameters: c.parameters.clone(),
        };
        let mut uses = c.source_uses();
        Catalog {
            sources: c
                .sources
                .iter()
                .map(|(id, s)| {
                    let used_by = uses.remove(id).unwrap_or_default();
                    let source = CatalogSource {
                        source: s.clone(),
                        used_by,
                    };
                    (id.clone(), source)
                })
                .collect(),
            rules: c.rules.clone(),
            parameters: c.view(&baseline).parameters,
            presets: c.presets.clone(),
            comparisons: c.comparisons.clone(),
            illustrative: c.illustrative.clone(),
            reference: c.reference.clone(),
            cohort: c.cohort.clone(),
            economics: c.economics.clone(),
        }
    }
}
