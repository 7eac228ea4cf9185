//! Which policy a scenario asks for: a preset name, or a preset with named overrides. The
//! overrides are only read here; [`crate::rules::parameters`] checks and applies them.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};

/// Which policy a scenario uses: a preset name, or a preset with overrides.
///
/// JSON: `"statutory"`, or `{"preset": "statutory", "overrides": {"cap_nights": 60}}`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PolicySpec {
    /// A preset by name (`statutory` when absent).
    #[default]
    Statutory,
    /// A preset by name.
    Preset(String),
    /// A preset with named overrides.
    Custom {
        /// The preset to start from (default `statutory`).
        preset: Option<String>,
        /// An optional display name.
        name: Option<String>,
        /// The overrides, by parameter name.
        overrides: BTreeMap<String, OverrideValue>,
    },
}

impl PolicySpec {
    /// A preset by name.
    #[must_use]
    pub fn preset(name: &str) -> PolicySpec {
        PolicySpec::Preset(name.to_string())
    }
}

impl Serialize for PolicySpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            PolicySpec::Statutory => s.serialize_str("statutory"),
            PolicySpec::Preset(name) => s.serialize_str(name),
            PolicySpec::Custom {
                preset,
                name,
                overrides,
            } => {
                let mut m = s.serialize_map(None)?;
                if let Some(p) = preset {
                    m.serialize_entry("preset", p)?;
                }
                if let Some(n) = name {
                    m.serialize_entry("name", n)?;
                }
                m.serialize_entry("overrides", overrides)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for PolicySpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            #[serde(default)]
            preset: Option<String>,
            #[serde(default)]
            name: Option<String>,
            #[serde(default)]
            overrides: BTreeMap<String, OverrideValue>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PolicySpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a preset name such as \"statutory\", or {\"preset\": …, \"overrides\": {…}}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PolicySpec, E> {
                Ok(PolicySpec::Preset(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PolicySpec, A::Error> {
                let o = Object::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(PolicySpec::Custom {
                    preset: o.preset,
                    name: o.name,
                    overrides: o.overrides,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A value in a policy override: a scalar, or a list of dated (or age) steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverrideValue {
    /// A string: a decimal, a date or a choice.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A list of steps.
    Steps(Vec<OverrideStep>),
}

/// One step of an override list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct OverrideStep {
    /// The date it takes effect (dated parameters).
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub from: Option<Date>,
    /// The age it takes effect (`cap_nights_by_age`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_age: Option<u32>,
    /// The value.
    pub value: OverrideValue,
}

impl Serialize for OverrideValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OverrideValue::Text(t) => s.serialize_str(t),
            OverrideValue::Integer(i) => s.serialize_i64(*i),
            OverrideValue::Steps(steps) => steps.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for OverrideValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OverrideValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a whole number or a list of steps")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OverrideValue, E> {
                Ok(OverrideValue::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OverrideValue, E> {
                Ok(OverrideValue::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OverrideValue, E> {
                i64::try_from(v).map(OverrideValue::Integer).map_err(|_| {
                    Error::new(ErrorKind::InvalidParameter, "", format!("{v} is too large"))
                        .into_serde()
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OverrideValue, E> {
                Err(Error::new(
                    ErrorKind::FloatMoney,
                    "",
                    format!(
                        "{v} is a floating-point number; write rates and amounts as decimal \
                         strings, e.g. \"{v}\""
                    ),
                )
                .into_serde())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OverrideValue, E> {
                Err(Error::new(
                    ErrorKind::WrongType,
                    "",
                    format!(
                        "expected a string, a whole number or a list of steps, found boolean {v}"
                    ),
                )
                .into_serde())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OverrideValue, A::Error> {
                let mut steps = Vec::new();
                while let Some(step) = seq.next_element::<OverrideStep>()? {
                    steps.push(step);
                }
                Ok(OverrideValue::Steps(steps))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OverrideValue, A::Error> {
                // A TOML date (`reform_date = 2024-01-01`) arrives as a one-entry map.
                let date = calendar::iso::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(OverrideValue::Text(date.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `ts_rs::TS` by hand for the two types with a hand-written `Serialize`/`Deserialize`.
#[cfg(feature = "typescript")]
mod typescript {
    use std::path::PathBuf;

    use ts_rs::{Config, TypeVisitor, TS};

    use super::{OverrideStep, OverrideValue, PolicySpec};

    impl TS for PolicySpec {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn docs() -> Option<String> {
            Some(ts_rs::format_docs(&[
                " Which policy: a preset name (`\"statutory\"`, the default, `\"age-26\"` or",
                " `\"pre-reform\"`), or a preset with named overrides, e.g.",
                " `{\"preset\": \"statutory\", \"overrides\": {\"cap_nights\": 60}}`.",
            ]))
        }
        fn name(_: &Config) -> String {
            "PolicySpec".to_owned()
        }
        fn inline(cfg: &Config) -> String {
            format!(
                "string | {{ preset?: string | null, name?: string | null, overrides?: {{ [key in string]: {} }} }}",
                OverrideValue::name(cfg)
            )
        }
        fn decl(cfg: &Config) -> String {
            format!("type PolicySpec = {};", Self::inline(cfg))
        }
        fn decl_concrete(cfg: &Config) -> String {
            Self::decl(cfg)
        }
        fn output_path() -> Option<PathBuf> {
            Some(PathBuf::from("PolicySpec.ts"))
        }
        fn visit_dependencies(v: &mut impl TypeVisitor)
        where
            Self: 'static,
        {
            v.visit::<OverrideValue>();
        }
    }

    impl TS for OverrideValue {
        type WithoutGenerics = Self;
        type OptionInnerType = Self;
        fn docs() -> Option<String> {
            Some(ts_rs::format_docs(&[
                " A policy override's value: a string (a decimal, a date or a choice), a whole",
                " number, or a list of dated (or age) steps.",
            ]))
        }
        fn name(_: &Config) -> String {
            "OverrideValue".to_owned()
        }
        fn inline(cfg: &Config) -> String {
            format!("string | number | Array<{}>", OverrideStep::name(cfg))
        }
        fn decl(cfg: &Config) -> String {
            format!("type OverrideValue = {};", Self::inline(cfg))
        }
        fn decl_concrete(cfg: &Config) -> String {
            Self::decl(cfg)
        }
        fn output_path() -> Option<PathBuf> {
            Some(PathBuf::from("OverrideValue.ts"))
        }
        fn visit_dependencies(v: &mut impl TypeVisitor)
        where
            Self: 'static,
        {
            v.visit::<OverrideStep>();
        }
    }
}

impl fmt::Display for OverrideValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OverrideValue::Text(t) => write!(f, "{t}"),
            OverrideValue::Integer(i) => write!(f, "{i}"),
            OverrideValue::Steps(steps) => {
                let parts: Vec<String> = steps
                    .iter()
                    .map(|s| match (s.from, s.from_age) {
                        (Some(d), _) => format!("{} from {d}", s.value),
                        (None, Some(a)) => format!("{} from age {a}", s.value),
                        (None, None) => s.value.to_string(),
                    })
                    .collect();
                write!(f, "[{}]", parts.join(", "))
            }
        }
    }
}
