//! The catalog: everything in `data/parameters.toml` — sources, rules, parameters, presets,
//! reference figures, the cohort calibration and the discount rate — and how a policy is
//! resolved from it.
//!
//! A [`PolicySpec`] picks a preset (`statutory`, `age-26`, `pre-reform`) and may overlay named
//! parameters on it; [`ParameterCatalog::resolve`] turns it into a [`Policy`]. Every figure that
//! has a source lives in the data file; code reads it from here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::error::{Error, ErrorKind};
use crate::model::locale::{Lang, Texts};
use crate::model::money::{Money, Quantity, Rate};
use crate::model::policy_spec::{OverrideValue, PolicySpec};
use crate::rules::parameters::{
    Definition, ParameterView, Parameters, RawParameter, StepView, OVERRIDE_SOURCE,
};

const EMBEDDED: &str = include_str!("../../data/parameters.toml");

/// Where a rule or figure comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Who issues the document.
    pub issuer: String,
    /// The document's title.
    pub title: String,
    /// The law or section, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub law: Option<String>,
    /// The address of the document itself (empty for conventions and the spoken source).
    pub url: String,
    /// The document's date or version.
    pub version: String,
    /// The date the citation was last checked against the published text (`YYYY-MM-DD`).
    pub checked: String,
    /// A short quote of what the document says, as published (Danish).
    pub quote: String,
    /// A short citation for trace lines, e.g. "sbst.dk, Omstilling af hjemløshedsområdet".
    pub citation: String,
    /// A remark on the source: what was and was not verifiable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub note: Option<String>,
}

/// A rule of the README's rule table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    /// What the rule says, in English.
    pub en: String,
    /// What the rule says, in Danish.
    pub da: String,
    /// The ids of its sources.
    pub sources: Vec<String>,
}

/// A preset: a named overlay on the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// Its plain name, for people (e.g. "Gældende regler").
    pub title: Texts,
    /// What the preset means, in English.
    pub en: String,
    /// What the preset means, in Danish.
    pub da: String,
    /// The ids of the sources that motivate it.
    pub sources: Vec<String>,
    /// The parameters it sets.
    pub overrides: BTreeMap<String, OverrideValue>,
}

/// A ready comparison: a policy against a base preset (`[comparisons.N]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ComparisonPreset {
    /// The question it answers, for people.
    pub title: Texts,
    /// What is compared, in English.
    pub en: String,
    /// What is compared, in Danish.
    pub da: String,
    /// The preset compared against.
    pub base: String,
    /// The preset whose cost is measured (differences are policy − base).
    pub policy: String,
}

/// A ready comparison by name, as the front ends list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ComparisonInfo {
    /// The name, e.g. `step-2026`.
    pub name: String,
    /// The comparison.
    #[serde(flatten)]
    pub comparison: ComparisonPreset,
}

/// An uncertainty range that no source gives (`[illustrative.N]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct IllustrativeRange {
    /// Lowest, in whole percent.
    pub low: i64,
    /// Highest, in whole percent.
    pub high: i64,
    /// Always `percent`.
    pub unit: String,
    /// What it is, in English.
    pub en: String,
    /// What it is, in Danish.
    pub da: String,
    /// Why it is only illustrative.
    pub basis: Texts,
}

/// The illustrative uncertainty ranges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct IllustrativeRanges {
    /// The share discharged, in percent.
    pub share_discharged_range: IllustrativeRange,
    /// The change of the shelter rate, in percent.
    pub rate_change_range: IllustrativeRange,
    /// The change of the stay lengths, in percent.
    pub stay_change_range: IllustrativeRange,
}

/// A default that no source gives, as front ends show it: labelled illustrative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct IllustrativeDefault {
    /// The input's name in a query, e.g. `establishment_cost_per_team`.
    pub name: String,
    /// The value as a query takes it (a decimal string, a whole number, or `low..high`).
    pub value: String,
    /// The value as people read it.
    pub shown: Texts,
    /// What it is.
    pub description: Texts,
    /// Why it is illustrative.
    pub basis: Texts,
}

/// The M-ACT and ACT reference figures (operating cost per citizen-year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "CatalogReferences"))]
#[serde(deny_unknown_fields)]
pub struct References {
    /// Rambøll 2022: M-ACT mean and range.
    pub m_act: RangeReference,
    /// VIVE/Rambøll 2017: classic ACT.
    pub act: PointReference,
}

/// A published mean with a range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct RangeReference {
    /// Mean DKK per citizen-year.
    pub mean: Money,
    /// Lowest DKK per citizen-year.
    pub low: Money,
    /// Highest DKK per citizen-year.
    pub high: Money,
    /// The price level (year) of the figures.
    pub price_year: i32,
    /// How the price level was established ("assumed: …" when the source is silent).
    pub price_year_basis: String,
    /// What is included, in both languages.
    pub scope: Texts,
    /// Where it was measured.
    pub municipalities: Vec<String>,
    /// Source ids.
    pub sources: Vec<String>,
}

/// A published point figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PointReference {
    /// DKK per citizen-year.
    pub mean: Money,
    /// The price level (year).
    pub price_year: i32,
    /// How the price level was established.
    pub price_year_basis: String,
    /// What is included, in both languages.
    pub scope: Texts,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Calibration targets of the synthetic cohort generator, with their sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CohortCalibration {
    /// Shelter users a year, nationally.
    pub users_per_year_national: u32,
    /// Nights per user per year.
    pub nights_per_user_year: u32,
    /// Mean nights per stay.
    pub mean_stay_nights: u32,
    /// Share of stays over 120 nights.
    pub long_stay_share: Rate,
    /// Share of stays of one night.
    pub one_night_share: Rate,
    /// Stays per user per year.
    pub stays_per_user_year: Quantity,
    /// Mean age of users.
    pub mean_age: u32,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Economic constants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// The default (real) discount rate for present values: Finansministeriet's
    /// socio-economic rate.
    pub discount_rate: Rate,
    /// Source ids.
    pub sources: Vec<String>,
}

/// The data file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    sources: BTreeMap<String, Source>,
    rules: BTreeMap<String, RuleInfo>,
    parameters: BTreeMap<String, RawParameter>,
    presets: BTreeMap<String, Preset>,
    comparisons: BTreeMap<String, ComparisonPreset>,
    illustrative: IllustrativeRanges,
    reference: References,
    cohort: CohortCalibration,
    economics: Economics,
}

/// Everything in `data/parameters.toml`: sources, rules, the baseline parameters, presets and
/// reference figures.
#[derive(Clone, Debug, PartialEq)]
pub struct ParameterCatalog {
    /// Sources by id.
    pub sources: BTreeMap<String, Source>,
    /// Rules by id.
    pub rules: BTreeMap<String, RuleInfo>,
    /// The parameters' declarations, in the registry's order.
    pub definitions: Vec<Definition>,
    /// The statutory baseline.
    pub parameters: Parameters,
    /// Presets by name.
    pub presets: BTreeMap<String, Preset>,
    /// Ready comparisons by name.
    pub comparisons: BTreeMap<String, ComparisonPreset>,
    /// The illustrative uncertainty ranges.
    pub illustrative: IllustrativeRanges,
    /// Reference figures.
    pub reference: References,
    /// Calibration of the synthetic cohort generator.
    pub cohort: CohortCalibration,
    /// Economic constants (discount rate).
    pub economics: Economics,
    /// The source shown for a value set by a policy override.
    override_source: Source,
}

/// A resolved policy: the parameters an evaluation uses, and how they came about.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Display name, e.g. `statutory` or `statutory + cap_nights`.
    pub name: String,
    /// The preset it starts from.
    pub preset: String,
    /// The override names applied on top of the preset, in order.
    pub overrides: Vec<String>,
    /// The parameter values.
    pub parameters: Parameters,
}

/// A resolved policy with every parameter spelled out, for tables and bindings.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PolicyView {
    /// Display name.
    pub name: String,
    /// The preset it starts from.
    pub preset: String,
    /// What the preset means.
    pub preset_description: Texts,
    /// The override names applied.
    pub overrides: Vec<String>,
    /// Every parameter, in the registry's order.
    pub parameters: Vec<ParameterView>,
}

/// A published unit cost as a default, with its price level and source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FigureDefault {
    /// The mean (or the figure).
    pub mean: Money,
    /// The lowest figure of the range, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub low: Option<Money>,
    /// The highest figure of the range, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub high: Option<Money>,
    /// The price level (year).
    pub price_year: i32,
    /// How the price level was established.
    pub price_year_basis: String,
    /// What is included, in both languages.
    pub scope: Texts,
    /// The source's short citation.
    pub citation: String,
    /// The source's address.
    pub url: String,
}

/// A default value with its source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SourcedDefault<T> {
    /// The value as the contract writes it.
    pub value: T,
    /// The value as people read it.
    pub shown: Texts,
    /// The source's short citation.
    pub citation: String,
    /// The source's address.
    pub url: String,
}

/// A preset's name and what it means.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PresetInfo {
    /// The name, e.g. `statutory`.
    pub name: String,
    /// Its plain name, for people.
    pub title: Texts,
    /// What it means, in both languages.
    pub description: Texts,
}

/// The defaults the front ends (CLI, Python, the web page) fill in and show, all from the
/// catalog, each with its source. Nothing outside the data file restates these figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Defaults {
    /// M-ACT operating cost per citizen-year (Rambøll): mean and range.
    pub m_act: FigureDefault,
    /// Classic ACT per citizen-year (VIVE/Rambøll), for comparison.
    pub act: FigureDefault,
    /// The real discount rate for present values (Finansministeriet's socio-economic rate).
    pub discount_rate: SourcedDefault<Rate>,
    /// Years after discharge that § 85 a support is refunded (R8), the default support length.
    pub support_years: SourcedDefault<u32>,
    /// The latest published own payment per § 110 night (R7).
    pub own_payment: SourcedDefault<Money>,
    /// The rule for typed amounts, as shown next to amount fields.
    pub amount_rule: Texts,
    /// The presets and what they mean.
    pub presets: Vec<PresetInfo>,
    /// The ready comparisons (what the 2026 step cost, what the reform cost).
    pub comparisons: Vec<ComparisonInfo>,
    /// Defaults that no source gives, each labelled illustrative (filled by
    /// `Engine::defaults`; empty from [`ParameterCatalog::defaults`]).
    pub illustrative: Vec<IllustrativeDefault>,
}

/// Who cites a source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SourceUse {
    /// `parameter`, `rule`, `preset`, `reference`, `cohort` or `economics`.
    #[cfg_attr(
        feature = "typescript",
        ts(type = r#""parameter" | "rule" | "preset" | "reference" | "cohort" | "economics""#)
    )]
    pub kind: &'static str,
    /// The name or id, e.g. `cap_nights`, `R6`, `m_act`.
    pub name: String,
}

impl ParameterCatalog {
    /// The catalog embedded in the crate (`data/parameters.toml`).
    pub fn embedded() -> Result<ParameterCatalog, Error> {
        ParameterCatalog::parse(EMBEDDED).map_err(|e| e.within("data/parameters.toml"))
    }

    /// A catalog from TOML text in the format of `data/parameters.toml` (for example a
    /// municipality's own baseline). Every parameter of the registry must be there, and every
    /// source id it names must exist.
    pub fn parse(text: &str) -> Result<ParameterCatalog, Error> {
        let raw: RawCatalog = crate::model::read::from_toml_str(text)?;
        let mut definitions = Vec::with_capacity(raw.parameters.len());
        let mut steps = BTreeMap::new();
        for (name, p) in raw.parameters {
            if !Parameters::NAMES.contains(&name.as_str()) {
                return Err(Error::new(
                    ErrorKind::UnknownParameter,
                    format!("parameters.{name}"),
                    format!(
                        "{name:?} is not a parameter of the registry; known: {}",
                        Parameters::NAMES.join(", ")
                    ),
                ));
            }
            let (def, s) = p.split(&name);
            definitions.push(def);
            steps.insert(name, s);
        }
        definitions.sort_by_key(|d| Parameters::NAMES.iter().position(|n| *n == d.name));
        let parameters = Parameters::load(&definitions, &steps)?;
        let catalog = ParameterCatalog {
            sources: raw.sources,
            rules: raw.rules,
            definitions,
            parameters,
            presets: raw.presets,
            comparisons: raw.comparisons,
            illustrative: raw.illustrative,
            reference: raw.reference,
            cohort: raw.cohort,
            economics: raw.economics,
            override_source: Source {
                issuer: "the user".into(),
                title: "policy override given in the scenario".into(),
                law: None,
                url: String::new(),
                version: String::new(),
                checked: String::new(),
                quote: String::new(),
                citation: "policy override".into(),
                note: None,
            },
        };
        catalog.check()?;
        Ok(catalog)
    }

    /// Every id used must exist: sources of steps, rules, presets and figures; rules of steps.
    fn check(&self) -> Result<(), Error> {
        for (id, users) in self.cited_sources() {
            if !self.sources.contains_key(&id) {
                let by: Vec<String> = users
                    .iter()
                    .map(|u| format!("{} {}", u.kind, u.name))
                    .collect();
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    "sources",
                    format!("unknown source id {id:?}, cited by {}", by.join(", ")),
                ));
            }
        }
        for p in self.parameters.all() {
            for s in p.steps() {
                let known = s.rule.split('/').all(|r| self.rules.contains_key(r));
                if !known {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("parameters.{}", p.name()),
                        format!(
                            "unknown rule {:?}; known rules: {}",
                            s.rule,
                            self.rule_ids().join(", ")
                        ),
                    ));
                }
            }
        }
        for (name, preset) in &self.presets {
            let mut probe = self.parameters.clone();
            for (o, value) in &preset.overrides {
                self.apply_override(&mut probe, o, value, OVERRIDE_SOURCE)
                    .map_err(|e| e.within(&format!("presets.{name}.overrides")))?;
            }
        }
        for (name, c) in &self.comparisons {
            for preset in [&c.base, &c.policy] {
                if !self.presets.contains_key(preset) {
                    return Err(Error::new(
                        ErrorKind::UnknownPolicy,
                        format!("comparisons.{name}"),
                        format!("unknown preset {preset:?}"),
                    ));
                }
            }
        }
        let r = &self.illustrative;
        for (name, range) in [
            ("share_discharged_range", &r.share_discharged_range),
            ("rate_change_range", &r.rate_change_range),
            ("stay_change_range", &r.stay_change_range),
        ] {
            if range.low > range.high {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    format!("illustrative.{name}"),
                    "low must not exceed high",
                ));
            }
        }
        Ok(())
    }

    fn rule_ids(&self) -> Vec<&str> {
        self.rules.keys().map(String::as_str).collect()
    }

    /// Every source id cited anywhere in the catalog, with who cites it.
    fn cited_sources(&self) -> BTreeMap<String, Vec<SourceUse>> {
        let mut ids: Vec<(String, &'static str, String)> = Vec::new();
        for p in self.parameters.all() {
            for s in p.steps() {
                ids.push((s.source, "parameter", p.name().to_string()));
            }
        }
        for (id, rule) in &self.rules {
            for s in &rule.sources {
                ids.push((s.clone(), "rule", id.clone()));
            }
        }
        for (name, preset) in &self.presets {
            for s in &preset.sources {
                ids.push((s.clone(), "preset", name.clone()));
            }
        }
        for s in &self.reference.m_act.sources {
            ids.push((s.clone(), "reference", "m_act".into()));
        }
        for s in &self.reference.act.sources {
            ids.push((s.clone(), "reference", "act".into()));
        }
        for s in &self.cohort.sources {
            ids.push((s.clone(), "cohort", "calibration".into()));
        }
        for s in &self.economics.sources {
            ids.push((s.clone(), "economics", "discount_rate".into()));
        }
        let mut out: BTreeMap<String, Vec<SourceUse>> = BTreeMap::new();
        for (id, kind, name) in ids {
            let entry = out.entry(id).or_default();
            let u = SourceUse { kind, name };
            if !entry.contains(&u) {
                entry.push(u);
            }
        }
        out
    }

    /// Who cites each source, for every source of the catalog (an empty list: unused).
    #[must_use]
    pub fn source_uses(&self) -> BTreeMap<String, Vec<SourceUse>> {
        let cited = self.cited_sources();
        self.sources
            .keys()
            .map(|id| {
                let mut users = cited.get(id).cloned().unwrap_or_default();
                users.sort();
                (id.clone(), users)
            })
            .collect()
    }

    /// The preset names, sorted.
    #[must_use]
    pub fn preset_names(&self) -> Vec<&str> {
        self.presets.keys().map(String::as_str).collect()
    }

    /// Looks up a source; values from an override (or an unknown id) get a synthetic one.
    #[must_use]
    pub fn source(&self, id: &str) -> &Source {
        self.sources.get(id).unwrap_or(&self.override_source)
    }

    /// The declaration of a parameter.
    #[must_use]
    pub fn definition(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name == name)
    }

    /// Every name a policy override may use, in documentation order.
    #[must_use]
    pub fn override_names(&self) -> Vec<&str> {
        self.definitions
            .iter()
            .flat_map(Definition::override_names)
            .collect()
    }

    /// Resolves a policy: the preset's overlay on the baseline, then the scenario's overrides.
    ///
    /// ```
    /// use refusion_core::{ParameterCatalog, PolicySpec};
    /// let catalog = ParameterCatalog::embedded().unwrap();
    /// let p = catalog.resolve(&PolicySpec::preset("age-26")).unwrap();
    /// assert_eq!(p.name, "age-26");
    /// let err = catalog.resolve(&PolicySpec::preset("age26")).unwrap_err();
    /// assert_eq!(err.code(), "unknown_policy");
    /// ```
    pub fn resolve(&self, spec: &PolicySpec) -> Result<Policy, Error> {
        let (preset_name, display, overrides) = match spec {
            PolicySpec::Statutory => ("statutory".to_string(), None, None),
            PolicySpec::Preset(name) => (name.clone(), None, None),
            PolicySpec::Custom {
                preset,
                name,
                overrides,
            } => (
                preset.clone().unwrap_or_else(|| "statutory".into()),
                name.clone(),
                Some(overrides),
            ),
        };
        let field = if matches!(spec, PolicySpec::Custom { .. }) {
            "policy.preset"
        } else {
            "policy"
        };
        let preset = self.presets.get(&preset_name).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownPolicy,
                field,
                format!(
                    "unknown policy {preset_name:?}; known policies: {}",
                    self.preset_names().join(", ")
                ),
            )
        })?;
        let mut params = self.parameters.clone();
        let preset_source = preset
            .sources
            .first()
            .map_or(OVERRIDE_SOURCE, String::as_str);
        for (name, value) in &preset.overrides {
            self.apply_override(&mut params, name, value, preset_source)
                .map_err(|e| e.within(&format!("presets.{preset_name}.overrides")))?;
        }
        let mut applied = Vec::new();
        if let Some(overrides) = overrides {
            for (name, value) in overrides {
                self.apply_override(&mut params, name, value, OVERRIDE_SOURCE)
                    .map_err(|e| e.within("policy.overrides"))?;
                applied.push(name.clone());
            }
        }
        let name = display.unwrap_or_else(|| {
            if applied.is_empty() {
                preset_name.clone()
            } else {
                format!("{preset_name} + {}", applied.join(", "))
            }
        });
        Ok(Policy {
            name,
            preset: preset_name,
            overrides: applied,
            parameters: params,
        })
    }

    /// Applies one named override (a parameter's name, its switch or an alias).
    fn apply_override(
        &self,
        params: &mut Parameters,
        name: &str,
        value: &OverrideValue,
        source: &str,
    ) -> Result<(), Error> {
        for def in &self.definitions {
            let Some(p) = params.get_mut(&def.name) else {
                continue;
            };
            if def.name == name || def.aliases.iter().any(|a| a == name) {
                return p.set(def, value, source).map_err(|e| e.or_at(name));
            }
            if def.switch.as_deref() == Some(name) {
                return p.set_switch(def, value, source).map_err(|e| e.or_at(name));
            }
        }
        Err(Error::new(
            ErrorKind::UnknownParameter,
            name,
            format!(
                "unknown parameter {name:?}; known parameters: {}",
                self.override_names().join(", ")
            ),
        ))
    }

    /// The view of one step's source.
    fn step_view(&self, s: crate::rules::parameters::StepData) -> StepView {
        let source = self.source(&s.source).clone();
        StepView {
            from: s.from,
            from_age: s.from_age,
            value: s.value,
            shown: s.shown,
            rule: s.rule,
            source: s.source,
            citation: source.citation,
            url: source.url,
            note: s.note,
        }
    }

    /// A resolved policy with every parameter spelled out: declaration, steps, sources.
    ///
    /// ```
    /// use refusion_core::{ParameterCatalog, PolicySpec};
    /// let catalog = ParameterCatalog::embedded().unwrap();
    /// let policy = catalog.resolve(&PolicySpec::preset("statutory")).unwrap();
    /// let view = catalog.view(&policy);
    /// let cap = view.parameters.iter().find(|p| p.definition.name == "cap_nights").unwrap();
    /// let rules: Vec<&str> = cap.steps.iter().map(|s| s.rule.as_str()).collect();
    /// assert_eq!(rules, ["R2", "R3"]);
    /// ```
    #[must_use]
    pub fn view(&self, policy: &Policy) -> PolicyView {
        let parameters = self
            .definitions
            .iter()
            .filter_map(|def| {
                let p = policy.parameters.get(&def.name)?;
                Some(ParameterView {
                    definition: def.clone(),
                    override_names: def.override_names().into_iter().map(String::from).collect(),
                    unused: policy.parameters.unused(&def.name),
                    choices: p.choices().to_vec(),
                    steps: p.steps().into_iter().map(|s| self.step_view(s)).collect(),
                })
            })
            .collect();
        let preset_description = self
            .presets
            .get(&policy.preset)
            .map(|p| Texts {
                da: p.da.clone(),
                en: p.en.clone(),
            })
            .unwrap_or_default();
        PolicyView {
            name: policy.name.clone(),
            preset: policy.preset.clone(),
            preset_description,
            overrides: policy.overrides.clone(),
            parameters,
        }
    }

    /// A preset's description in a language.
    #[must_use]
    pub fn preset_description(&self, name: &str, lang: Lang) -> Option<&str> {
        self.presets.get(name).map(|p| lang.pick(&p.da, &p.en))
    }

    /// The defaults front ends fill in and show, each with its source.
    ///
    /// ```
    /// use refusion_core::ParameterCatalog;
    /// let d = ParameterCatalog::embedded().unwrap().defaults();
    /// assert!(d.m_act.low < Some(d.m_act.mean) && Some(d.m_act.mean) < d.m_act.high);
    /// assert_eq!(d.discount_rate.shown.da, "3,5 %");
    /// ```
    #[must_use]
    pub fn defaults(&self) -> Defaults {
        let cite = |ids: &[String]| {
            let s = self.source(ids.first().map_or("", String::as_str));
            (s.citation.clone(), s.url.clone())
        };
        let m = &self.reference.m_act;
        let (m_citation, m_url) = cite(&m.sources);
        let a = &self.reference.act;
        let (a_citation, a_url) = cite(&a.sources);
        let (d_citation, d_url) = cite(&self.economics.sources);
        let rate = self.economics.discount_rate;
        let years = &self.parameters.support_refund_years;
        let years_source = self.source(&years.source).clone();
        let own = self.parameters.own_payment_reference.last();
        let own_source = self.source(&own.source).clone();
        let shown = |f: &dyn Fn(Lang) -> String| Texts {
            da: f(Lang::Da),
            en: f(Lang::En),
        };
        Defaults {
            m_act: FigureDefault {
                mean: m.mean,
                low: Some(m.low),
                high: Some(m.high),
                price_year: m.price_year,
                price_year_basis: m.price_year_basis.clone(),
                scope: m.scope.clone(),
                citation: m_citation,
                url: m_url,
            },
            act: FigureDefault {
                mean: a.mean,
                low: None,
                high: None,
                price_year: a.price_year,
                price_year_basis: a.price_year_basis.clone(),
                scope: a.scope.clone(),
                citation: a_citation,
                url: a_url,
            },
            discount_rate: SourcedDefault {
                value: rate,
                shown: shown(&|l| crate::model::amount::format_percent(rate, l)),
                citation: d_citation,
                url: d_url,
            },
            support_years: SourcedDefault {
                value: years.value,
                shown: shown(&|l| format!("{} {}", years.value, l.pick("år", "years"))),
                citation: years_source.citation,
                url: years_source.url,
            },
            own_payment: SourcedDefault {
                value: own.value,
                shown: shown(&|l| crate::model::amount::format_kr(own.value, l)),
                citation: own_source.citation,
                url: own_source.url,
            },
            amount_rule: crate::model::amount::typed_amount_rule(),
            presets: self
                .presets
                .iter()
                .map(|(name, p)| PresetInfo {
                    name: name.clone(),
                    title: p.title.clone(),
                    description: Texts {
                        da: p.da.clone(),
                        en: p.en.clone(),
                    },
                })
                .collect(),
            comparisons: self
                .comparisons
                .iter()
                .map(|(name, c)| ComparisonInfo {
                    name: name.clone(),
                    comparison: c.clone(),
                })
                .collect(),
            // The illustrative team lives in the planning layer: `Engine::defaults` fills this.
            illustrative: Vec::new(),
        }
    }

    /// A ready comparison by name; the error lists the known ones.
    pub fn comparison(&self, name: &str) -> Result<&ComparisonPreset, Error> {
        self.comparisons.get(name).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownPolicy,
                "compare",
                format!(
                    "unknown comparison {name:?}; known: {}",
                    self.comparisons
                        .keys()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    }

    /// The catalog as data for the bindings: sources with their users, rules, the baseline
    /// parameters, presets, reference figures, cohort calibration and economics.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let baseline = Policy {
            name: "baseline".into(),
            preset: "statutory".into(),
            overrides: Vec::new(),
            parameters: self.parameters.clone(),
        };
        let uses = self.source_uses();
        let sources: BTreeMap<&String, serde_json::Value> = self
            .sources
            .iter()
            .map(|(id, s)| {
                let mut v = serde_json::to_value(s).unwrap_or_default();
                if let serde_json::Value::Object(m) = &mut v {
                    m.insert(
                        "used_by".into(),
                        serde_json::to_value(uses.get(id)).unwrap_or_default(),
                    );
                }
                (id, v)
            })
            .collect();
        serde_json::json!({
            "sources": sources,
            "rules": self.rules,
            "parameters": self.view(&baseline).parameters,
            "presets": self.presets,
            "comparisons": self.comparisons,
            "illustrative": self.illustrative,
            "reference": self.reference,
            "cohort": self.cohort,
            "economics": self.economics,
        })
    }
}
