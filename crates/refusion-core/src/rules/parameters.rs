//! Dated, sourced rule parameters, the presets, and policy overrides.
//!
//! The baseline ("statutory") lives in `data/parameters.toml`, embedded at compile time. Each
//! value is a [`Step`]: the value, the date it takes effect from, and the id of its [`Source`].
//! A [`PolicySpec`] picks a preset (`statutory`, `age-26`, `pre-reform`) and may overlay named
//! parameters on it; [`ParameterCatalog::resolve`] turns it into a [`Policy`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Money, Rate};
pub use crate::model::policy_spec::{OverrideStep, OverrideValue, PolicySpec};

const EMBEDDED: &str = include_str!("../../data/parameters.toml");

/// The source id given to values that come from a policy override in a scenario.
pub const OVERRIDE_SOURCE: &str = "override";

/// Where a rule value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What the document is.
    pub title: String,
    /// Who publishes it.
    pub publisher: String,
    /// The law or section, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<String>,
    /// Where to read it (empty for conventions and the spoken source).
    pub url: String,
    /// A short citation for traces, e.g. "sbst.dk, Omstilling af hjemløshedsområdet".
    pub citation: String,
}

/// A date, written `YYYY-MM-DD` in data files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(pub Date);

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        calendar::iso::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        calendar::iso::deserialize(d).map(IsoDate)
    }
}

/// One value of a parameter, in force from `from` until the next step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step<T> {
    /// The date the value takes effect.
    #[serde(with = "calendar::iso")]
    pub from: Date,
    /// The value.
    pub value: T,
    /// The id of the source in [`ParameterCatalog::sources`].
    pub source: String,
    /// A remark, e.g. the price level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A value that changes over time: steps sorted by their `from` date. The first step's value
/// also applies to dates before it. There is always at least one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated<T> {
    head: Step<T>,
    tail: Vec<Step<T>>,
}

impl<T: Serialize> Serialize for Dated<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.steps())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Dated<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let steps = Vec::<Step<T>>::deserialize(d)?;
        Dated::new(steps).map_err(Error::into_serde)
    }
}

impl<T> Dated<T> {
    /// Steps must be non-empty and strictly increasing in `from`.
    pub fn new(steps: Vec<Step<T>>) -> Result<Dated<T>, Error> {
        if steps.windows(2).any(|w| match w {
            [a, b] => a.from >= b.from,
            _ => false,
        }) {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "",
                "steps must be in increasing order of their `from` dates",
            ));
        }
        let mut iter = steps.into_iter();
        let head = iter.next().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidParameter,
                "",
                "a dated parameter needs at least one step",
            )
        })?;
        Ok(Dated {
            head,
            tail: iter.collect(),
        })
    }

    /// The steps, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step<T>> + Clone {
        std::iter::once(&self.head).chain(self.tail.iter())
    }

    /// The number of steps.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tail.len() + 1
    }

    /// Never empty; present for API completeness.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The step in force on `date`.
    #[must_use]
    pub fn at(&self, date: Date) -> &Step<T> {
        self.tail
            .iter()
            .take_while(|s| s.from <= date)
            .last()
            .unwrap_or(&self.head)
    }

    /// The first step.
    #[must_use]
    pub fn first(&self) -> &Step<T> {
        &self.head
    }

    /// The first date after `date` on which the value changes.
    #[must_use]
    pub fn next_change_after(&self, date: Date) -> Option<Date> {
        self.steps().map(|s| s.from).find(|from| *from > date)
    }
}

impl<T: Clone> Dated<T> {
    /// The steps as a vector.
    #[must_use]
    pub fn to_vec(&self) -> Vec<Step<T>> {
        self.steps().cloned().collect()
    }
}

/// The refundable-nights cap by age: steps by the citizen's age in whole years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeStep {
    /// The age (in whole years) from which the value applies.
    pub from_age: u32,
    /// Refundable nights per window.
    pub value: u32,
    /// The id of the source.
    pub source: String,
    /// A remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the cap on refundable nights depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapBasis {
    /// The date of the night (statutory: 120, then 90 for nights from 1 April 2026).
    Date,
    /// The citizen's age on the night (the age-26 reading).
    Age,
    /// No cap at all (the pre-reform rule).
    None,
}

/// How refund windows are laid out (R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowMode {
    /// A window lasts one year from the night that opened it; after it has ended, the next
    /// shelter night opens a new one (mid-stay or at a later admission). The default.
    NextAdmission,
    /// Consecutive anniversaries of the first night on or after the reform date.
    FixedAnniversaries,
}

impl fmt::Display for WindowMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WindowMode::NextAdmission => "next-admission",
            WindowMode::FixedAnniversaries => "fixed-anniversaries",
        })
    }
}

impl fmt::Display for CapBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CapBasis::Date => "date",
            CapBasis::Age => "age",
            CapBasis::None => "none",
        })
    }
}

/// The full, typed parameter set. Field names are the names a policy override uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameters {
    /// R1: state refund rate on the § 110 refund base.
    pub refund_rate: Dated<Rate>,
    /// R5: the reform date; earlier nights are refunded without a cap.
    pub reform_date: Step<IsoDate>,
    /// What the cap depends on: date, age or none.
    pub cap_basis: Step<CapBasis>,
    /// R2/R3: refundable nights per window by the date of the night.
    pub cap_nights: Dated<u32>,
    /// The age-26 reading: refundable nights per window by age.
    pub cap_nights_by_age: Vec<AgeStep>,
    /// R4: window layout.
    pub window_mode: Step<WindowMode>,
    /// R8: refund rate on § 85 a support within the § 176 a period.
    pub support_refund_rate: Dated<Rate>,
    /// R8: length of the § 176 a period for § 85 a, in years after discharge.
    pub support_refund_years: Step<u32>,
    /// R9: refund rate on § 107 temporary housing.
    pub temporary_housing_refund_rate: Dated<Rate>,
    /// R9: at most this many months of § 107 are refunded …
    pub temporary_housing_refund_months: Step<u32>,
    /// R9: … within this many years after discharge.
    pub temporary_housing_refund_within_years: Step<u32>,
    /// R7: published own payment per night (reference; scenarios state their own).
    pub own_payment_reference: Dated<Money>,
}

/// A named parameter that a policy override can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterInfo {
    /// The override name.
    pub name: &'static str,
    /// The rule it encodes.
    pub rule: &'static str,
    /// What it means and which values it takes.
    pub description: &'static str,
}

/// Every overridable parameter, in documentation order.
pub const OVERRIDABLE: [ParameterInfo; 14] = [
    ParameterInfo {
        name: "refund_rate",
        rule: "R1",
        description: "refund rate on § 110 stays: a rate (\"0.5\", \"50 %\") or dated steps",
    },
    ParameterInfo {
        name: "reform_date",
        rule: "R5",
        description: "reform date (YYYY-MM-DD); earlier nights are refunded without a cap",
    },
    ParameterInfo {
        name: "cap_basis",
        rule: "R2/R3",
        description: "\"date\", \"age\" or \"none\": what the cap on refundable nights depends on",
    },
    ParameterInfo {
        name: "cap_nights",
        rule: "R2/R3",
        description: "refundable nights per window: a whole number or dated steps",
    },
    ParameterInfo {
        name: "cap_switch_date",
        rule: "R3",
        description: "date from which the last cap step applies (statutory: 2026-04-01)",
    },
    ParameterInfo {
        name: "cap_nights_by_age",
        rule: "age-26",
        description: "refundable nights by age: a whole number or steps with from_age",
    },
    ParameterInfo {
        name: "cap_switch_age",
        rule: "age-26",
        description: "age from which the last age step applies (age-26: 26)",
    },
    ParameterInfo {
        name: "window_mode",
        rule: "R4",
        description: "\"next-admission\" or \"fixed-anniversaries\"",
    },
    ParameterInfo {
        name: "support_refund_rate",
        rule: "R8",
        description: "refund rate on § 85 a support within the § 176 a period",
    },
    ParameterInfo {
        name: "support_refund_years",
        rule: "R8",
        description: "years after discharge during which § 85 a support is refunded",
    },
    ParameterInfo {
        name: "section_85a_years",
        rule: "R8",
        description: "alias of support_refund_years",
    },
    ParameterInfo {
        name: "temporary_housing_refund_rate",
        rule: "R9",
        description: "refund rate on § 107 temporary housing",
    },
    ParameterInfo {
        name: "temporary_housing_refund_months",
        rule: "R9",
        description: "months of § 107 housing that are refunded",
    },
    ParameterInfo {
        name: "temporary_housing_refund_within_years",
        rule: "R9",
        description: "years after discharge within which § 107 housing is refunded",
    },
];

/// A preset: a named overlay on the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// What the preset means.
    pub description: String,
    /// The id of the source that motivates it.
    pub source: String,
    /// The parameters it sets.
    pub overrides: BTreeMap<String, OverrideValue>,
}

/// The M-ACT and ACT reference figures (operating cost per citizen-year).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct References {
    /// Rambøll 2022: M-ACT mean and range.
    pub m_act: RangeReference,
    /// VIVE/Rambøll 2017: classic ACT.
    pub act: PointReference,
}

/// A published mean with a range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeReference {
    /// Mean DKK per citizen-year.
    pub mean: Money,
    /// Lowest DKK per citizen-year.
    pub low: Money,
    /// Highest DKK per citizen-year.
    pub high: Money,
    /// Price level.
    pub price_year: i32,
    /// What is included.
    pub scope: String,
    /// Where it was measured.
    pub municipalities: Vec<String>,
    /// Source id.
    pub source: String,
}

/// A published point figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointReference {
    /// DKK per citizen-year.
    pub mean: Money,
    /// Price level.
    pub price_year: i32,
    /// What is included.
    pub scope: String,
    /// Source id.
    pub source: String,
}

/// Calibration targets of the synthetic cohort generator, with their sources.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    pub stays_per_user_year: crate::model::money::Quantity,
    /// Mean age of users.
    pub mean_age: u32,
    /// Source ids.
    pub sources: Vec<String>,
}

/// Economic constants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// The default discount rate for present values.
    pub discount_rate: Rate,
    /// Source id.
    pub source: String,
}

/// Everything in `data/parameters.toml`: sources, the baseline, presets and references.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterCatalog {
    /// Sources by id.
    pub sources: BTreeMap<String, Source>,
    /// The statutory baseline.
    pub parameters: Parameters,
    /// Presets by name.
    pub presets: BTreeMap<String, Preset>,
    /// Reference figures.
    pub reference: References,
    /// Calibration of the synthetic cohort generator.
    pub cohort: CohortCalibration,
    /// Economic constants (discount rate).
    pub economics: Economics,
}

/// A resolved policy: the parameters an evaluation uses, and how they came about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

impl ParameterCatalog {
    /// The catalog embedded in the crate (`data/parameters.toml`).
    pub fn embedded() -> Result<ParameterCatalog, Error> {
        let catalog: ParameterCatalog = crate::model::read::from_toml_str(EMBEDDED)
            .map_err(|e| e.within("data/parameters.toml"))?;
        catalog.check_sources()?;
        Ok(catalog)
    }

    /// Every source id used by a value must exist.
    fn check_sources(&self) -> Result<(), Error> {
        let p = &self.parameters;
        let mut ids: Vec<&str> = Vec::new();
        ids.extend(p.refund_rate.steps().map(|s| s.source.as_str()));
        ids.push(&p.reform_date.source);
        ids.push(&p.cap_basis.source);
        ids.extend(p.cap_nights.steps().map(|s| s.source.as_str()));
        ids.extend(p.cap_nights_by_age.iter().map(|s| s.source.as_str()));
        ids.push(&p.window_mode.source);
        ids.extend(p.support_refund_rate.steps().map(|s| s.source.as_str()));
        ids.push(&p.support_refund_years.source);
        ids.extend(
            p.temporary_housing_refund_rate
                .steps()
                .map(|s| s.source.as_str()),
        );
        ids.push(&p.temporary_housing_refund_months.source);
        ids.push(&p.temporary_housing_refund_within_years.source);
        ids.extend(p.own_payment_reference.steps().map(|s| s.source.as_str()));
        ids.extend(self.presets.values().map(|p| p.source.as_str()));
        ids.push(&self.reference.m_act.source);
        ids.push(&self.reference.act.source);
        ids.extend(self.cohort.sources.iter().map(String::as_str));
        ids.push(&self.economics.source);
        for id in ids {
            if !self.sources.contains_key(id) {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    "sources",
                    format!("unknown source id {id:?}"),
                ));
            }
        }
        Ok(())
    }

    /// The preset names, sorted.
    #[must_use]
    pub fn preset_names(&self) -> Vec<&str> {
        self.presets.keys().map(String::as_str).collect()
    }

    /// Looks up a source; overrides get a synthetic one.
    #[must_use]
    pub fn source(&self, id: &str) -> Source {
        if let Some(s) = self.sources.get(id) {
            return s.clone();
        }
        Source {
            title: "policy override given in the scenario".into(),
            publisher: "the user".into(),
            law: None,
            url: String::new(),
            citation: "policy override".into(),
        }
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
        for (name, value) in &preset.overrides {
            apply_override(&mut params, name, value, &preset.source)
                .map_err(|e| e.within(&format!("presets.{preset_name}.overrides")))?;
        }
        let mut applied = Vec::new();
        if let Some(overrides) = overrides {
            for (name, value) in overrides {
                apply_override(&mut params, name, value, OVERRIDE_SOURCE)
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
}

fn invalid(name: &str, why: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidParameter, name, why.into())
}

fn text_of<'a>(name: &str, value: &'a OverrideValue, what: &str) -> Result<&'a str, Error> {
    match value {
        OverrideValue::Text(t) => Ok(t),
        other => Err(invalid(name, format!("expected {what}, found {other}"))),
    }
}

fn whole_of(name: &str, value: &OverrideValue, max: i64) -> Result<u32, Error> {
    let n = match value {
        OverrideValue::Integer(i) => *i,
        OverrideValue::Text(t) => t
            .parse::<i64>()
            .map_err(|_| invalid(name, format!("expected a whole number, found {t:?}")))?,
        OverrideValue::Steps(_) => {
            return Err(invalid(name, "expected a whole number, found a list"))
        }
    };
    if n < 0 || n > max {
        return Err(invalid(
            name,
            format!("{n} is out of range: expected a whole number from 0 to {max}"),
        ));
    }
    u32::try_from(n).map_err(|_| invalid(name, format!("{n} is out of range")))
}

fn rate_of(name: &str, value: &OverrideValue) -> Result<Rate, Error> {
    match value {
        OverrideValue::Integer(i) if *i == 0 || *i == 1 => {
            Ok(if *i == 0 { Rate::ZERO } else { Rate::ONE })
        }
        OverrideValue::Integer(i) => Err(invalid(
            name,
            format!("{i} is not a rate: write a fraction such as \"0.5\" or a percentage \"50 %\""),
        )),
        OverrideValue::Text(t) => Rate::parse(t).map_err(|e| e.at(name)),
        OverrideValue::Steps(_) => Err(invalid(name, "expected a rate, found a list")),
    }
}

fn date_of(name: &str, value: &OverrideValue) -> Result<Date, Error> {
    let t = text_of(name, value, "a date YYYY-MM-DD")?;
    calendar::parse_date(t).map_err(|e| e.at(name))
}

/// A dated series from a scalar (one step from the existing first date) or from steps.
fn dated_of<T: Clone>(
    name: &str,
    current: &Dated<T>,
    value: &OverrideValue,
    source: &str,
    parse: impl Fn(&str, &OverrideValue) -> Result<T, Error>,
) -> Result<Dated<T>, Error> {
    match value {
        OverrideValue::Steps(steps) => {
            let mut out = Vec::with_capacity(steps.len());
            for (i, s) in steps.iter().enumerate() {
                let at = format!("{name}[{i}]");
                let from = s
                    .from
                    .ok_or_else(|| invalid(&at, "each step needs a `from` date"))?;
                if s.from_age.is_some() {
                    return Err(invalid(&at, "`from_age` only applies to cap_nights_by_age"));
                }
                out.push(Step {
                    from,
                    value: parse(&at, &s.value)?,
                    source: source.to_string(),
                    note: None,
                });
            }
            Dated::new(out).map_err(|e| e.at(name))
        }
        scalar => Dated::new(vec![Step {
            from: current.first().from,
            value: parse(name, scalar)?,
            source: source.to_string(),
            note: None,
        }]),
    }
}

fn single<T>(from: Date, value: T, source: &str) -> Step<T> {
    Step {
        from,
        value,
        source: source.to_string(),
        note: None,
    }
}

/// Applies one named override. Unknown names list the known ones.
fn apply_override(
    p: &mut Parameters,
    name: &str,
    value: &OverrideValue,
    source: &str,
) -> Result<(), Error> {
    const MAX_NIGHTS: i64 = 36_600;
    match name {
        "refund_rate" => p.refund_rate = dated_of(name, &p.refund_rate, value, source, rate_of)?,
        "support_refund_rate" => {
            p.support_refund_rate = dated_of(name, &p.support_refund_rate, value, source, rate_of)?;
        }
        "temporary_housing_refund_rate" => {
            p.temporary_housing_refund_rate = dated_of(
                name,
                &p.temporary_housing_refund_rate,
                value,
                source,
                rate_of,
            )?;
        }
        "reform_date" => {
            let date = date_of(name, value)?;
            p.reform_date = single(date, IsoDate(date), source);
        }
        "cap_basis" => {
            let basis = match text_of(name, value, "\"date\", \"age\" or \"none\"")? {
                "date" => CapBasis::Date,
                "age" => CapBasis::Age,
                "none" => CapBasis::None,
                other => {
                    return Err(invalid(
                        name,
                        format!(
                            "unknown cap basis {other:?}; expected \"date\", \"age\" or \"none\""
                        ),
                    ))
                }
            };
            p.cap_basis = single(p.cap_basis.from, basis, source);
        }
        "cap_nights" => {
            p.cap_nights = dated_of(name, &p.cap_nights, value, source, |n, v| {
                whole_of(n, v, MAX_NIGHTS)
            })?;
        }
        "cap_switch_date" => {
            let date = date_of(name, value)?;
            let mut steps = p.cap_nights.to_vec();
            let len = steps.len();
            if len < 2 {
                return Err(invalid(
                    name,
                    "cap_nights has a single step, so there is no switch to move",
                ));
            }
            if let Some(prev) = steps.get(len - 2) {
                if date <= prev.from {
                    return Err(invalid(
                        name,
                        format!("{date} must be after the previous cap step ({})", prev.from),
                    ));
                }
            }
            if let Some(last) = steps.last_mut() {
                last.from = date;
                last.source = source.to_string();
            }
            p.cap_nights = Dated::new(steps).map_err(|e| e.at(name))?;
        }
        "cap_nights_by_age" => {
            p.cap_nights_by_age = match value {
                OverrideValue::Steps(steps) => {
                    let mut out = Vec::with_capacity(steps.len());
                    for (i, s) in steps.iter().enumerate() {
                        let at = format!("{name}[{i}]");
                        let from_age = s
                            .from_age
                            .ok_or_else(|| invalid(&at, "each step needs `from_age`"))?;
                        out.push(AgeStep {
                            from_age,
                            value: whole_of(&at, &s.value, MAX_NIGHTS)?,
                            source: source.to_string(),
                            note: None,
                        });
                    }
                    check_age_steps(name, &out)?;
                    out
                }
                scalar => vec![AgeStep {
                    from_age: 0,
                    value: whole_of(name, scalar, MAX_NIGHTS)?,
                    source: source.to_string(),
                    note: None,
                }],
            };
        }
        "cap_switch_age" => {
            let age = whole_of(name, value, 150)?;
            let len = p.cap_nights_by_age.len();
            if len < 2 {
                return Err(invalid(
                    name,
                    "cap_nights_by_age has a single step, so there is no switch to move",
                ));
            }
            if let Some(last) = p.cap_nights_by_age.last_mut() {
                last.from_age = age;
                last.source = source.to_string();
            }
            check_age_steps(name, &p.cap_nights_by_age)?;
        }
        "window_mode" => {
            let mode = match text_of(name, value, "\"next-admission\" or \"fixed-anniversaries\"")? {
                "next-admission" => WindowMode::NextAdmission,
                "fixed-anniversaries" => WindowMode::FixedAnniversaries,
                other => {
                    return Err(invalid(
                        name,
                        format!(
                            "unknown window mode {other:?}; expected \"next-admission\" or \"fixed-anniversaries\""
                        ),
                    ))
                }
            };
            p.window_mode = single(p.window_mode.from, mode, source);
        }
        "support_refund_years" | "section_85a_years" => {
            p.support_refund_years = single(
                p.support_refund_years.from,
                whole_of(name, value, 100)?,
                source,
            );
        }
        "temporary_housing_refund_months" => {
            p.temporary_housing_refund_months = single(
                p.temporary_housing_refund_months.from,
                whole_of(name, value, 1200)?,
                source,
            );
        }
        "temporary_housing_refund_within_years" => {
            p.temporary_housing_refund_within_years = single(
                p.temporary_housing_refund_within_years.from,
                whole_of(name, value, 100)?,
                source,
            );
        }
        other => {
            let known: Vec<&str> = OVERRIDABLE.iter().map(|i| i.name).collect();
            return Err(Error::new(
                ErrorKind::UnknownParameter,
                other,
                format!(
                    "unknown parameter {other:?}; known parameters: {}",
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn check_age_steps(name: &str, steps: &[AgeStep]) -> Result<(), Error> {
    if steps.first().map(|s| s.from_age) != Some(0) {
        return Err(invalid(name, "the first age step must start at from_age 0"));
    }
    if steps.windows(2).any(|w| match w {
        [a, b] => a.from_age >= b.from_age,
        _ => false,
    }) {
        return Err(invalid(
            name,
            "age steps must be in increasing order of from_age",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn embedded_catalog_parses() {
        let c = ParameterCatalog::embedded().unwrap();
        assert_eq!(c.preset_names(), vec!["age-26", "pre-reform", "statutory"]);
        let p = &c.parameters;
        assert_eq!(p.cap_nights.len(), 2);
        assert_eq!(p.reform_date.value.0.to_string(), "2023-10-01");
        assert_eq!(c.reference.m_act.mean, Money::from_kr(104_000));
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let c = ParameterCatalog::embedded().unwrap();
        let mut o = BTreeMap::new();
        o.insert("cap_night".to_string(), OverrideValue::Integer(60));
        let e = c
            .resolve(&PolicySpec::Custom {
                preset: None,
                name: None,
                overrides: o,
            })
            .unwrap_err();
        assert_eq!(e.code(), "unknown_parameter");
        assert!(e.message().contains("cap_nights"));
        assert_eq!(e.field(), "policy.overrides.cap_night");
    }

    #[test]
    fn switch_date_moves_the_last_step() {
        let c = ParameterCatalog::embedded().unwrap();
        let mut o = BTreeMap::new();
        o.insert(
            "cap_switch_date".to_string(),
            OverrideValue::Text("2027-01-01".into()),
        );
        let p = c
            .resolve(&PolicySpec::Custom {
                preset: None,
                name: None,
                overrides: o,
            })
            .unwrap();
        let d = calendar::parse_date("2026-12-31").unwrap();
        assert_eq!(p.parameters.cap_nights.at(d).value, 120);
        assert_eq!(p.name, "statutory + cap_switch_date");
    }
}
