//! The parameter registry: every rule parameter is declared once.
//!
//! A parameter is one entry in `data/parameters.toml` (its rule, unit, description in English
//! and Danish, and dated steps, each with the id of its source) and one line in the
//! `registry!` list below (its name and Rust type). Everything else derives from these two:
//!
//! * field access: `policy.parameters.cap_nights.at(night)`;
//! * overrides and their validation: [`Parameter::set`], driven by the entry's unit and range;
//! * the check that every step has a known source ([`crate::rules::catalog`]);
//! * the parameter tables of the CLI (`refusion params`), Python and JavaScript
//!   (`parameters()`): [`ParameterView`];
//! * the names and rule ids in the trace: a `Provenance` carries the parameter's name and the
//!   step's rule id from the data, never from a position.
//!
//! Adding a parameter: add its `[parameters.NAME]` entry to the data file and one line
//! `NAME: Kind<Type>,` to the list.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::locale::{format_date, Lang, Texts};
use crate::model::money::{Money, Rate};
use crate::model::policy_spec::OverrideValue;

/// The source id given to values that come from a policy override in a scenario.
pub const OVERRIDE_SOURCE: &str = "override";

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

/// Declares the parameters: the struct, its name list, and access by name.
macro_rules! registry {
    ($($field:ident: $kind:ty,)*) => {
        /// The full, typed parameter set of a policy. Field names are the names a policy
        /// override uses; `data/parameters.toml` holds each one's rule, unit, description and
        /// sourced steps.
        #[derive(Clone, Debug, PartialEq)]
        pub struct Parameters {
            $(
                #[doc = concat!("The `", stringify!($field), "` parameter (see `data/parameters.toml`).")]
                pub $field: $kind,
            )*
        }

        impl Parameters {
            /// Every parameter name, in documentation order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// Reads every parameter's steps, checked against its definition.
            pub(crate) fn load(
                definitions: &[Definition],
                steps: &BTreeMap<String, serde_json::Value>,
            ) -> Result<Parameters, Error> {
                let find = |name: &str| {
                    let def = definitions.iter().find(|d| d.name == name);
                    let steps = steps.get(name);
                    match (def, steps) {
                        (Some(d), Some(s)) => Ok((d, s.clone())),
                        _ => Err(Error::new(
                            ErrorKind::InvalidParameter,
                            format!("parameters.{name}"),
                            "declared in Rust but missing from the data file",
                        )),
                    }
                };
                Ok(Parameters {
                    $($field: {
                        let (def, steps) = find(stringify!($field))?;
                        Load::load(stringify!($field), def, steps)
                            .map_err(|e| e.within(&format!("parameters.{}", stringify!($field))))?
                    },)*
                })
            }

            /// The parameter named `name`.
            #[must_use]
            pub fn get(&self, name: &str) -> Option<&dyn Parameter> {
                match name {
                    $(stringify!($field) => Some(&self.$field),)*
                    _ => None,
                }
            }

            pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut dyn Parameter> {
                match name {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            /// Every parameter, in documentation order.
            #[must_use]
            pub fn all(&self) -> Vec<&dyn Parameter> {
                vec![$(&self.$field as &dyn Parameter),*]
            }
        }
    };
}

registry! {
    refund_rate: Dated<Rate>,
    reform_date: Single<IsoDate>,
    cap_basis: Single<CapBasis>,
    cap_nights: Dated<u32>,
    cap_nights_by_age: AgeSteps<u32>,
    window_mode: Single<WindowMode>,
    support_refund_rate: Dated<Rate>,
    support_refund_years: Single<u32>,
    temporary_housing_refund_rate: Dated<Rate>,
    temporary_housing_refund_months: Single<u32>,
    temporary_housing_months_reading: Single<MonthsReading>,
    temporary_housing_refund_within_years: Single<u32>,
    own_payment_reference: Dated<Money>,
}

// ---------------------------------------------------------------------------------------------
// Definitions (from the data file)
// ---------------------------------------------------------------------------------------------

/// What a parameter's values measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A share between 0 and 1 (`"0.5"` is 50 %).
    Rate,
    /// A date.
    Date,
    /// Nights.
    Nights,
    /// Calendar months.
    Months,
    /// Years.
    Years,
    /// Kroner.
    Kr,
    /// One of a fixed set of words.
    Choice,
}

impl Unit {
    /// The unit in words, e.g. `nights` / `nætter`.
    #[must_use]
    pub fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Unit::Rate, _) => "%",
            (Unit::Date, Lang::En) => "date",
            (Unit::Date, Lang::Da) => "dato",
            (Unit::Nights, Lang::En) => "nights",
            (Unit::Nights, Lang::Da) => "nætter",
            (Unit::Months, Lang::En) => "months",
            (Unit::Months, Lang::Da) => "måneder",
            (Unit::Years, Lang::En) => "years",
            (Unit::Years, Lang::Da) => "år",
            (Unit::Kr, Lang::En) => "DKK",
            (Unit::Kr, Lang::Da) => "kr.",
            (Unit::Choice, Lang::En) => "choice",
            (Unit::Choice, Lang::Da) => "valg",
        }
    }
}

/// A parameter's declaration in the data file: everything but its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Definition {
    /// The name a policy override uses.
    pub name: String,
    /// The rule id of the README's rule table (a step may name a more specific one).
    pub rule: String,
    /// What the values measure.
    pub unit: Unit,
    /// What it means, in both languages.
    pub description: Texts,
    /// The largest whole number an override may set (whole-number parameters).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub max: Option<u32>,
    /// An override name that moves the last step (its date, or for age steps its age).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub switch: Option<String>,
    /// The largest value of the switch (age steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub switch_max: Option<u32>,
    /// Other names an override may use for this parameter.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub aliases: Vec<String>,
}

impl Definition {
    /// Every name an override may use for this parameter: its own, its switch, its aliases.
    #[must_use]
    pub fn override_names(&self) -> Vec<&str> {
        let mut out = vec![self.name.as_str()];
        out.extend(self.switch.as_deref());
        out.extend(self.aliases.iter().map(String::as_str));
        out
    }
}

/// A parameter entry as written in the data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParameter {
    rule: String,
    unit: Unit,
    en: String,
    da: String,
    #[serde(default)]
    max: Option<u32>,
    #[serde(default)]
    switch: Option<String>,
    #[serde(default)]
    switch_max: Option<u32>,
    #[serde(default)]
    aliases: Vec<String>,
    steps: serde_json::Value,
}

impl RawParameter {
    pub(crate) fn split(self, name: &str) -> (Definition, serde_json::Value) {
        (
            Definition {
                name: name.to_string(),
                rule: self.rule,
                unit: self.unit,
                description: Texts {
                    da: self.da,
                    en: self.en,
                },
                max: self.max,
                switch: self.switch,
                switch_max: self.switch_max,
                aliases: self.aliases,
            },
            self.steps,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// The kinds of value a parameter step holds, and how each is read and shown.
pub trait Value: Clone + PartialEq + fmt::Debug + DeserializeOwned + Send + Sync + 'static {
    /// The words a choice takes (empty for other values).
    const CHOICES: &'static [&'static str] = &[];

    /// Reads an override value (`field` names it in errors).
    fn from_override(field: &str, value: &OverrideValue, def: &Definition) -> Result<Self, Error>;

    /// Checks a value against the definition (range, unit).
    fn check(&self, _field: &str, _def: &Definition) -> Result<(), Error> {
        Ok(())
    }

    /// The value as the contract writes it (`"0.5"`, `120`, `"2023-10-01"`, `"date"`).
    fn contract(&self) -> serde_json::Value;

    /// The value as people read it (`50 %`, `120`, `1. okt. 2023`).
    fn shown(&self, lang: Lang) -> String;

    /// The date a single value takes effect from when an override sets it: the date itself
    /// for a date, the parameter's first date otherwise.
    fn effective_from(&self, current: Date) -> Date {
        current
    }
}

fn invalid(field: &str, why: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidParameter, field, why.into())
}

fn text_of<'a>(field: &str, value: &'a OverrideValue, what: &str) -> Result<&'a str, Error> {
    match value {
        OverrideValue::Text(t) => Ok(t),
        other => Err(invalid(field, format!("expected {what}, found {other}"))),
    }
}

impl Value for Rate {
    fn from_override(field: &str, value: &OverrideValue, _def: &Definition) -> Result<Rate, Error> {
        match value {
            OverrideValue::Integer(0) => Ok(Rate::ZERO),
            OverrideValue::Integer(1) => Ok(Rate::ONE),
            OverrideValue::Integer(i) => Err(invalid(
                field,
                format!(
                    "{i} is not a rate: write a fraction such as \"0.5\" or a percentage \"50 %\""
                ),
            )),
            OverrideValue::Text(t) => Rate::parse(t).map_err(|e| e.at(field)),
            OverrideValue::Steps(_) => Err(invalid(field, "expected a rate, found a list")),
        }
    }
    fn contract(&self) -> serde_json::Value {
        serde_json::Value::String(self.as_decimal().normalize().to_string())
    }
    fn shown(&self, lang: Lang) -> String {
        crate::model::amount::format_percent(*self, lang)
    }
}

impl Value for u32 {
    fn from_override(field: &str, value: &OverrideValue, def: &Definition) -> Result<u32, Error> {
        let n = match value {
            OverrideValue::Integer(i) => *i,
            OverrideValue::Text(t) => t
                .parse::<i64>()
                .map_err(|_| invalid(field, format!("expected a whole number, found {t:?}")))?,
            OverrideValue::Steps(_) => {
                return Err(invalid(field, "expected a whole number, found a list"))
            }
        };
        let max = i64::from(def.max.unwrap_or(u32::MAX));
        if n < 0 || n > max {
            return Err(invalid(
                field,
                format!("{n} is out of range: expected a whole number from 0 to {max}"),
            ));
        }
        u32::try_from(n).map_err(|_| invalid(field, format!("{n} is out of range")))
    }
    fn check(&self, field: &str, def: &Definition) -> Result<(), Error> {
        match def.max {
            Some(max) if *self > max => Err(invalid(field, format!("{self} is above {max}"))),
            _ => Ok(()),
        }
    }
    fn contract(&self) -> serde_json::Value {
        serde_json::Value::from(*self)
    }
    fn shown(&self, lang: Lang) -> String {
        crate::model::amount::format_whole(i64::from(*self), lang)
    }
}

impl Value for Money {
    fn from_override(
        field: &str,
        value: &OverrideValue,
        _def: &Definition,
    ) -> Result<Money, Error> {
        let m = match value {
            OverrideValue::Integer(i) => Money::from_kr(*i),
            OverrideValue::Text(t) => Money::parse(t).map_err(|e| e.at(field))?,
            OverrideValue::Steps(_) => {
                return Err(invalid(field, "expected an amount, found a list"))
            }
        };
        if m.is_negative() {
            return Err(Error::new(
                ErrorKind::NegativeAmount,
                field,
                format!("{m} is negative; amounts must be zero or more"),
            ));
        }
        Ok(m)
    }
    fn contract(&self) -> serde_json::Value {
        serde_json::Value::String(self.to_string())
    }
    fn shown(&self, lang: Lang) -> String {
        crate::model::amount::format_kr(*self, lang)
    }
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

impl Value for IsoDate {
    fn from_override(
        field: &str,
        value: &OverrideValue,
        _def: &Definition,
    ) -> Result<IsoDate, Error> {
        let t = text_of(field, value, "a date YYYY-MM-DD")?;
        calendar::parse_date(t)
            .map(IsoDate)
            .map_err(|e| e.at(field))
    }
    fn contract(&self) -> serde_json::Value {
        serde_json::Value::String(self.0.to_string())
    }
    fn shown(&self, lang: Lang) -> String {
        format_date(self.0, lang)
    }
    fn effective_from(&self, _current: Date) -> Date {
        self.0
    }
}

// A date is a `YYYY-MM-DD` string in JSON (see its `Serialize`).
#[cfg(feature = "typescript")]
crate::model::money::ts_string_alias!(IsoDate => "IsoDate");

/// A parameter whose value is one of a fixed set of words.
pub trait Choice: Copy + Sized {
    /// The words, in order.
    const WORDS: &'static [&'static str];
    /// The value of a word.
    fn from_word(word: &str) -> Option<Self>;
    /// The word of a value.
    fn word(self) -> &'static str;
    /// The value in people's words.
    fn shown(self, lang: Lang) -> &'static str;
}

/// A choice's `Value` (overrides take its words) and `Display` (its word), the same for every
/// choice parameter.
macro_rules! choice_value {
    ($name:ty, $what:literal) => {
        impl Value for $name {
            const CHOICES: &'static [&'static str] = <$name as Choice>::WORDS;
            fn from_override(
                field: &str,
                value: &OverrideValue,
                _def: &Definition,
            ) -> Result<$name, Error> {
                choice_from_override(field, value, $what)
            }
            fn contract(&self) -> serde_json::Value {
                serde_json::Value::String(self.word().into())
            }
            fn shown(&self, lang: Lang) -> String {
                Choice::shown(*self, lang).to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

fn choice_from_override<C: Choice>(
    field: &str,
    value: &OverrideValue,
    what: &str,
) -> Result<C, Error> {
    let quoted: Vec<String> = C::WORDS.iter().map(|w| format!("\"{w}\"")).collect();
    let expected = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    };
    let word = text_of(field, value, &expected)?;
    C::from_word(word).ok_or_else(|| {
        invalid(
            field,
            format!("unknown {what} {word:?}; expected {expected}"),
        )
    })
}

/// What the cap on refundable nights depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapBasis {
    /// The date of the night (statutory: one cap, then another from a switch date).
    Date,
    /// The citizen's age on the night (the age-26 reading).
    Age,
    /// No cap at all (the pre-reform rule).
    None,
}

impl Choice for CapBasis {
    const WORDS: &'static [&'static str] = &["date", "age", "none"];
    fn from_word(word: &str) -> Option<CapBasis> {
        match word {
            "date" => Some(CapBasis::Date),
            "age" => Some(CapBasis::Age),
            "none" => Some(CapBasis::None),
            _ => None,
        }
    }
    fn word(self) -> &'static str {
        match self {
            CapBasis::Date => "date",
            CapBasis::Age => "age",
            CapBasis::None => "none",
        }
    }
    fn shown(self, lang: Lang) -> &'static str {
        match self {
            CapBasis::Date => lang.pick("nattens dato", "the night's date"),
            CapBasis::Age => lang.pick("borgerens alder", "the citizen's age"),
            CapBasis::None => lang.pick("intet loft", "no cap"),
        }
    }
}

choice_value!(CapBasis, "cap basis");

/// How refund windows are laid out (R4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum WindowMode {
    /// A window lasts one year from the night that opened it; after it has ended, the next
    /// shelter night opens a new one (mid-stay or at a later admission). The default.
    NextAdmission,
    /// Consecutive anniversaries of the first night on or after the reform date.
    FixedAnniversaries,
}

impl Choice for WindowMode {
    const WORDS: &'static [&'static str] = &["next-admission", "fixed-anniversaries"];
    fn from_word(word: &str) -> Option<WindowMode> {
        match word {
            "next-admission" => Some(WindowMode::NextAdmission),
            "fixed-anniversaries" => Some(WindowMode::FixedAnniversaries),
            _ => None,
        }
    }
    fn word(self) -> &'static str {
        match self {
            WindowMode::NextAdmission => "next-admission",
            WindowMode::FixedAnniversaries => "fixed-anniversaries",
        }
    }
    fn shown(self, lang: Lang) -> &'static str {
        match self {
            WindowMode::NextAdmission => lang.pick(
                "et nyt vindue ved første nat efter det forrige",
                "a new window at the first night after the last one",
            ),
            WindowMode::FixedAnniversaries => lang.pick(
                "faste årsdage for første nat",
                "fixed anniversaries of the first night",
            ),
        }
    }
}

choice_value!(WindowMode, "window mode");

impl Parameters {
    /// Why the policy does not use a parameter at all, or `None` when it does: the cap by date
    /// under an age reading (and the reverse), the cap and windows under no cap, the § 176 a
    /// periods under a zero refund rate.
    #[must_use]
    pub fn unused(&self, name: &str) -> Option<Texts> {
        let text = |da: &str, en: &str| {
            Some(Texts {
                da: da.to_string(),
                en: en.to_string(),
            })
        };
        let zero = |p: &Dated<Rate>| p.steps().all(|s| s.value.is_zero());
        match (name, self.cap_basis.value) {
            ("cap_nights", CapBasis::Age) => text(
                "bruges ikke: loftet afhænger af alderen under dette regelsæt",
                "not used: the cap depends on age under this policy",
            ),
            ("cap_nights_by_age", CapBasis::Date) => text(
                "bruges ikke: loftet afhænger af datoen under dette regelsæt",
                "not used: the cap depends on the date under this policy",
            ),
            ("cap_nights" | "cap_nights_by_age" | "window_mode", CapBasis::None) => text(
                "bruges ikke: intet loft under dette regelsæt",
                "not used: no cap under this policy",
            ),
            ("support_refund_years", _) if zero(&self.support_refund_rate) => text(
                "bruges ikke: ingen refusion af § 85 a under dette regelsæt",
                "not used: no § 85 a refund under this policy",
            ),
            (
                "temporary_housing_refund_months"
                | "temporary_housing_months_reading"
                | "temporary_housing_refund_within_years",
                _,
            ) if zero(&self.temporary_housing_refund_rate) => text(
                "bruges ikke: ingen refusion af § 107 under dette regelsæt",
                "not used: no § 107 refund under this policy",
            ),
            _ => None,
        }
    }
}

/// How "up to 6 months within 1 year" of § 176 a stk. 2 is read (R9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MonthsReading {
    /// Split § 107 stays add up: decided nights inside the period are refunded until their
    /// count reaches the allowance, the days from the first decided night F to F + 6 months.
    /// The default.
    Cumulative,
    /// Only nights in the six calendar months from the first decided night are refunded.
    Consecutive,
}

impl Choice for MonthsReading {
    const WORDS: &'static [&'static str] = &["cumulative", "consecutive"];
    fn from_word(word: &str) -> Option<MonthsReading> {
        match word {
            "cumulative" => Some(MonthsReading::Cumulative),
            "consecutive" => Some(MonthsReading::Consecutive),
            _ => None,
        }
    }
    fn word(self) -> &'static str {
        match self {
            MonthsReading::Cumulative => "cumulative",
            MonthsReading::Consecutive => "consecutive",
        }
    }
    fn shown(self, lang: Lang) -> &'static str {
        match self {
            MonthsReading::Cumulative => lang.pick(
                "nætter lægges sammen, også over flere ophold",
                "nights add up, across split stays",
            ),
            MonthsReading::Consecutive => lang.pick(
                "seks sammenhængende måneder fra første nat",
                "six consecutive months from the first night",
            ),
        }
    }
}

choice_value!(MonthsReading, "reading of the six months");

// ---------------------------------------------------------------------------------------------
// Kinds: how values are laid out over time (or age)
// ---------------------------------------------------------------------------------------------

/// One value of a parameter, in force from `from` until the next step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<T> {
    /// The date the value takes effect.
    pub from: Date,
    /// The value.
    pub value: T,
    /// The id of the source in the catalog's sources (or [`OVERRIDE_SOURCE`]).
    pub source: String,
    /// The rule id the step encodes (from the data file).
    pub rule: String,
    /// A remark, e.g. how a date was established.
    pub note: Option<String>,
}

/// A step as written in the data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep<T> {
    #[serde(default, with = "calendar::iso::option")]
    from: Option<Date>,
    #[serde(default)]
    from_age: Option<u32>,
    value: T,
    source: String,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn raw_steps<T: Value>(steps: serde_json::Value) -> Result<Vec<RawStep<T>>, Error> {
    let list: Vec<RawStep<T>> = serde_path_to_error::deserialize(steps).map_err(|e| {
        let path = format!("steps{}", e.path());
        let inner = e.into_inner();
        Error::from_serde_message(&path, &inner.to_string())
    })?;
    Ok(list)
}

/// Where the value used for some nights came from: the parameter, the step's rule, the date it
/// took effect and its source. The trace reads names and rule ids from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Provenance<'p> {
    /// The parameter's name.
    pub(crate) name: &'static str,
    /// The rule id of the step.
    pub(crate) rule: &'p str,
    /// The date the value took effect (for an age step: the birthday it took effect on).
    pub(crate) from: Date,
    /// The source id.
    pub(crate) source: &'p str,
}

/// How a parameter kind is read from the data file.
pub(crate) trait Load: Sized {
    fn load(name: &'static str, def: &Definition, steps: serde_json::Value) -> Result<Self, Error>;
}

/// A parameter in the registry, whatever its kind: what overrides, views and source checks use.
pub trait Parameter: Send + Sync {
    /// The parameter's name.
    fn name(&self) -> &'static str;
    /// Sets the parameter from an override: a scalar replaces it with one step from its first
    /// date; a list of steps replaces all steps.
    fn set(&mut self, def: &Definition, value: &OverrideValue, source: &str) -> Result<(), Error>;
    /// Moves the last step (the `switch` override of the definition).
    fn set_switch(
        &mut self,
        def: &Definition,
        value: &OverrideValue,
        source: &str,
    ) -> Result<(), Error> {
        let _ = (value, source);
        Err(invalid(
            def.switch.as_deref().unwrap_or(self.name()),
            format!("{} has no switch to move", self.name()),
        ))
    }
    /// The steps, for tables and documentation.
    fn steps(&self) -> Vec<StepData>;
    /// The words the parameter takes, if it is a choice.
    fn choices(&self) -> &'static [&'static str];
}

/// One step of any parameter, as data.
#[derive(Clone, Debug, PartialEq)]
pub struct StepData {
    /// The date it takes effect (dated and single parameters).
    pub from: Option<Date>,
    /// The age it takes effect (age steps).
    pub from_age: Option<u32>,
    /// The value as the contract writes it.
    pub value: serde_json::Value,
    /// The value as people read it.
    pub shown: Texts,
    /// The rule id.
    pub rule: String,
    /// The source id.
    pub source: String,
    /// A remark.
    pub note: Option<String>,
}

fn step_data<T: Value>(
    from: Option<Date>,
    from_age: Option<u32>,
    value: &T,
    source: &str,
    rule: &str,
    note: Option<&String>,
) -> StepData {
    StepData {
        from,
        from_age,
        value: value.contract(),
        shown: Texts {
            da: value.shown(Lang::Da),
            en: value.shown(Lang::En),
        },
        rule: rule.to_string(),
        source: source.to_string(),
        note: note.cloned(),
    }
}

/// A value that changes over time: steps sorted by their `from` date. The first step's value
/// also applies to dates before it. There is always at least one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated<T> {
    name: &'static str,
    head: Step<T>,
    tail: Vec<Step<T>>,
}

impl<T> Dated<T> {
    fn new(name: &'static str, steps: Vec<Step<T>>) -> Result<Dated<T>, Error> {
        if steps.windows(2).any(|w| match w {
            [a, b] => a.from >= b.from,
            _ => false,
        }) {
            return Err(invalid(
                "",
                "steps must be in increasing order of their `from` dates",
            ));
        }
        let mut iter = steps.into_iter();
        let head = iter
            .next()
            .ok_or_else(|| invalid("", "a dated parameter needs at least one step"))?;
        Ok(Dated {
            name,
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

    /// The last step.
    #[must_use]
    pub fn last(&self) -> &Step<T> {
        self.tail.last().unwrap_or(&self.head)
    }

    /// The first date after `date` on which the value changes.
    #[must_use]
    pub fn next_change_after(&self, date: Date) -> Option<Date> {
        self.steps().map(|s| s.from).find(|from| *from > date)
    }

    /// [`Dated::at`] and [`Dated::next_change_after`] in one pass: the step in force on `date`,
    /// and the first date after `date` on which the value changes. The pair holds for every
    /// date from `date` up to (not including) that change.
    #[inline]
    pub(crate) fn span_at(&self, date: Date) -> (&Step<T>, Option<Date>) {
        if self.head.from > date {
            return (&self.head, Some(self.head.from));
        }
        let mut pick = &self.head;
        for s in &self.tail {
            if s.from > date {
                return (pick, Some(s.from));
            }
            pick = s;
        }
        (pick, None)
    }

    /// Where a step of this parameter came from.
    #[must_use]
    pub(crate) fn provenance<'p>(&self, step: &'p Step<T>) -> Provenance<'p> {
        Provenance {
            name: self.name,
            rule: &step.rule,
            from: step.from,
            source: &step.source,
        }
    }
}

impl<T: Clone> Dated<T> {
    /// The steps as a vector.
    #[must_use]
    pub fn to_vec(&self) -> Vec<Step<T>> {
        self.steps().cloned().collect()
    }
}

impl<T: Value> Load for Dated<T> {
    fn load(name: &'static str, def: &Definition, steps: serde_json::Value) -> Result<Self, Error> {
        let mut out = Vec::new();
        for (i, s) in raw_steps::<T>(steps)?.into_iter().enumerate() {
            let at = format!("steps[{i}]");
            if s.from_age.is_some() {
                return Err(invalid(&at, "`from_age` only applies to age steps"));
            }
            let from = s
                .from
                .ok_or_else(|| invalid(&at, "each step needs a `from` date"))?;
            s.value.check(&at, def)?;
            out.push(Step {
                from,
                value: s.value,
                source: s.source,
                rule: s.rule.unwrap_or_else(|| def.rule.clone()),
                note: s.note,
            });
        }
        Dated::new(name, out)
    }
}

impl<T: Value> Parameter for Dated<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn set(&mut self, def: &Definition, value: &OverrideValue, source: &str) -> Result<(), Error> {
        let steps = match value {
            OverrideValue::Steps(steps) => {
                let mut out = Vec::with_capacity(steps.len());
                for (i, s) in steps.iter().enumerate() {
                    let at = format!("{}[{i}]", self.name);
                    let from = s
                        .from
                        .ok_or_else(|| invalid(&at, "each step needs a `from` date"))?;
                    if s.from_age.is_some() {
                        return Err(invalid(&at, "`from_age` only applies to age steps"));
                    }
                    out.push(Step {
                        from,
                        value: T::from_override(&at, &s.value, def)?,
                        source: source.to_string(),
                        rule: def.rule.clone(),
                        note: None,
                    });
                }
                out
            }
            scalar => vec![Step {
                from: self.head.from,
                value: T::from_override(self.name, scalar, def)?,
                source: source.to_string(),
                rule: def.rule.clone(),
                note: None,
            }],
        };
        *self = Dated::new(self.name, steps).map_err(|e| e.at(self.name))?;
        Ok(())
    }

    fn set_switch(
        &mut self,
        def: &Definition,
        value: &OverrideValue,
        source: &str,
    ) -> Result<(), Error> {
        let field = def.switch.as_deref().unwrap_or(self.name);
        let date = calendar::parse_date(text_of(field, value, "a date YYYY-MM-DD")?)
            .map_err(|e| e.at(field))?;
        let mut steps = self.to_vec();
        let len = steps.len();
        if len < 2 {
            return Err(invalid(
                field,
                format!(
                    "{} has a single step, so there is no switch to move",
                    self.name
                ),
            ));
        }
        if let Some(prev) = steps.get(len - 2) {
            if date <= prev.from {
                return Err(invalid(
                    field,
                    format!("{date} must be after the previous step ({})", prev.from),
                ));
            }
        }
        if let Some(last) = steps.last_mut() {
            last.from = date;
            last.source = source.to_string();
            last.note = None;
        }
        *self = Dated::new(self.name, steps).map_err(|e| e.at(field))?;
        Ok(())
    }

    fn choices(&self) -> &'static [&'static str] {
        T::CHOICES
    }

    fn steps(&self) -> Vec<StepData> {
        Dated::steps(self)
            .map(|s| {
                step_data(
                    Some(s.from),
                    None,
                    &s.value,
                    &s.source,
                    &s.rule,
                    s.note.as_ref(),
                )
            })
            .collect()
    }
}

/// A parameter with one value (it may still carry the date it took effect).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Single<T> {
    name: &'static str,
    step: Step<T>,
}

impl<T> Deref for Single<T> {
    type Target = Step<T>;
    fn deref(&self) -> &Step<T> {
        &self.step
    }
}

impl<T> Single<T> {
    /// Where the value came from.
    #[must_use]
    pub(crate) fn provenance(&self) -> Provenance<'_> {
        Provenance {
            name: self.name,
            rule: &self.step.rule,
            from: self.step.from,
            source: &self.step.source,
        }
    }
}

impl<T: Value> Load for Single<T> {
    fn load(name: &'static str, def: &Definition, steps: serde_json::Value) -> Result<Self, Error> {
        let dated = Dated::<T>::load(name, def, steps)?;
        if dated.len() != 1 {
            return Err(invalid("steps", "this parameter takes exactly one step"));
        }
        Ok(Single {
            name,
            step: dated.head,
        })
    }
}

impl<T: Value> Parameter for Single<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn set(&mut self, def: &Definition, value: &OverrideValue, source: &str) -> Result<(), Error> {
        if let OverrideValue::Steps(_) = value {
            return Err(invalid(self.name, "expected one value, found a list"));
        }
        let v = T::from_override(self.name, value, def)?;
        self.step = Step {
            from: v.effective_from(self.step.from),
            value: v,
            source: source.to_string(),
            rule: def.rule.clone(),
            note: None,
        };
        Ok(())
    }

    fn choices(&self) -> &'static [&'static str] {
        T::CHOICES
    }

    fn steps(&self) -> Vec<StepData> {
        let s = &self.step;
        vec![step_data(
            Some(s.from),
            None,
            &s.value,
            &s.source,
            &s.rule,
            s.note.as_ref(),
        )]
    }
}

/// One step of a parameter that depends on the citizen's age.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeStep<T> {
    /// The age (in whole years) from which the value applies.
    pub from_age: u32,
    /// The value.
    pub value: T,
    /// The id of the source.
    pub source: String,
    /// The rule id.
    pub rule: String,
    /// A remark.
    pub note: Option<String>,
}

/// A value that depends on the citizen's age: steps by age in whole years, the first from 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeSteps<T> {
    name: &'static str,
    steps: Vec<AgeStep<T>>,
}

impl<T> AgeSteps<T> {
    fn new(name: &'static str, steps: Vec<AgeStep<T>>) -> Result<AgeSteps<T>, Error> {
        if steps.first().map(|s| s.from_age) != Some(0) {
            return Err(invalid("", "the first age step must start at from_age 0"));
        }
        if steps.windows(2).any(|w| match w {
            [a, b] => a.from_age >= b.from_age,
            _ => false,
        }) {
            return Err(invalid(
                "",
                "age steps must be in increasing order of from_age",
            ));
        }
        Ok(AgeSteps { name, steps })
    }

    /// The steps, in order of age.
    pub fn iter(&self) -> impl Iterator<Item = &AgeStep<T>> {
        self.steps.iter()
    }

    /// The number of steps.
    #[must_use]
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Never empty; present for API completeness.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Where a step came from, given the birthday on which it takes effect.
    #[must_use]
    pub(crate) fn provenance<'p>(&self, step: &'p AgeStep<T>, birthday: Date) -> Provenance<'p> {
        Provenance {
            name: self.name,
            rule: &step.rule,
            from: birthday,
            source: &step.source,
        }
    }
}

impl<'a, T> IntoIterator for &'a AgeSteps<T> {
    type Item = &'a AgeStep<T>;
    type IntoIter = std::slice::Iter<'a, AgeStep<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.steps.iter()
    }
}

impl<T: Value> Load for AgeSteps<T> {
    fn load(name: &'static str, def: &Definition, steps: serde_json::Value) -> Result<Self, Error> {
        let mut out = Vec::new();
        for (i, s) in raw_steps::<T>(steps)?.into_iter().enumerate() {
            let at = format!("steps[{i}]");
            if s.from.is_some() {
                return Err(invalid(&at, "age steps take `from_age`, not `from`"));
            }
            let from_age = s
                .from_age
                .ok_or_else(|| invalid(&at, "each step needs `from_age`"))?;
            s.value.check(&at, def)?;
            out.push(AgeStep {
                from_age,
                value: s.value,
                source: s.source,
                rule: s.rule.unwrap_or_else(|| def.rule.clone()),
                note: s.note,
            });
        }
        AgeSteps::new(name, out)
    }
}

impl<T: Value> Parameter for AgeSteps<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn set(&mut self, def: &Definition, value: &OverrideValue, source: &str) -> Result<(), Error> {
        let steps = match value {
            OverrideValue::Steps(steps) => {
                let mut out = Vec::with_capacity(steps.len());
                for (i, s) in steps.iter().enumerate() {
                    let at = format!("{}[{i}]", self.name);
                    let from_age = s
                        .from_age
                        .ok_or_else(|| invalid(&at, "each step needs `from_age`"))?;
                    out.push(AgeStep {
                        from_age,
                        value: T::from_override(&at, &s.value, def)?,
                        source: source.to_string(),
                        rule: def.rule.clone(),
                        note: None,
                    });
                }
                out
            }
            scalar => vec![AgeStep {
                from_age: 0,
                value: T::from_override(self.name, scalar, def)?,
                source: source.to_string(),
                rule: def.rule.clone(),
                note: None,
            }],
        };
        *self = AgeSteps::new(self.name, steps).map_err(|e| e.at(self.name))?;
        Ok(())
    }

    fn set_switch(
        &mut self,
        def: &Definition,
        value: &OverrideValue,
        source: &str,
    ) -> Result<(), Error> {
        let field = def.switch.as_deref().unwrap_or(self.name);
        let max = Definition {
            max: def.switch_max,
            ..def.clone()
        };
        let age = u32::from_override(field, value, &max)?;
        if self.steps.len() < 2 {
            return Err(invalid(
                field,
                format!(
                    "{} has a single step, so there is no switch to move",
                    self.name
                ),
            ));
        }
        let mut steps = self.steps.clone();
        if let Some(last) = steps.last_mut() {
            last.from_age = age;
            last.source = source.to_string();
            last.note = None;
        }
        *self = AgeSteps::new(self.name, steps).map_err(|e| e.at(field))?;
        Ok(())
    }

    fn choices(&self) -> &'static [&'static str] {
        T::CHOICES
    }

    fn steps(&self) -> Vec<StepData> {
        self.steps
            .iter()
            .map(|s| {
                step_data(
                    None,
                    Some(s.from_age),
                    &s.value,
                    &s.source,
                    &s.rule,
                    s.note.as_ref(),
                )
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Views: what the CLI, Python and JavaScript show
// ---------------------------------------------------------------------------------------------

/// One step of a parameter, with its source spelled out.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct StepView {
    /// The date it takes effect (dated parameters).
    #[serde(
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub from: Option<Date>,
    /// The age it takes effect (age steps).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub from_age: Option<u32>,
    /// The value as the contract writes it (`"0.5"`, `120`, `"2023-10-01"`).
    #[cfg_attr(feature = "typescript", ts(type = "string | number"))]
    pub value: serde_json::Value,
    /// The value as people read it, in Danish and English (`50 %`, `1. okt. 2023`).
    pub shown: Texts,
    /// The rule id.
    pub rule: String,
    /// The source id (`override` for a value from a policy override).
    pub source: String,
    /// The source's short citation.
    pub citation: String,
    /// The source's address (empty for conventions and overrides).
    pub url: String,
    /// A remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub note: Option<String>,
}

/// A parameter with its declaration and its (possibly overridden) steps.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ParameterView {
    /// The declaration (name, rule, unit, description, switch and aliases).
    #[serde(flatten)]
    pub definition: Definition,
    /// The names a policy override may use for it.
    pub override_names: Vec<String>,
    /// Why the policy does not use this parameter (its steps are shown but not applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub unused: Option<Texts>,
    /// The words it takes, if it is a choice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub choices: Vec<&'static str>,
    /// The steps.
    pub steps: Vec<StepView>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_registered_name_is_unique() {
        let mut names = Parameters::NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Parameters::NAMES.len());
    }

    #[test]
    fn choices_list_their_words() {
        let def = Definition {
            name: "window_mode".into(),
            rule: "R4".into(),
            unit: Unit::Choice,
            description: Texts::default(),
            max: None,
            switch: None,
            switch_max: None,
            aliases: vec![],
        };
        let e =
            WindowMode::from_override("window_mode", &OverrideValue::Text("yearly".into()), &def)
                .unwrap_err();
        assert_eq!(
            e.message(),
            "unknown window mode \"yearly\"; expected \"next-admission\" or \"fixed-anniversaries\""
        );
    }
}
