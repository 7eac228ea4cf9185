//! The explanation trace: which rule applied to which nights, with which parameter value, from
//! which date, by which source.
//!
//! Each entry has a structured part (rule, kind, dates, counts, parameter) that front ends can
//! render in any language, and an English `text`, e.g.
//! `2026-06-01–2026-08-29: 90 nights refunded at 50 % (cap 90 from 2026-04-01, sbst.dk, …)`.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::scenario::Scenario;
use crate::rules::parameters::{ParameterCatalog, Policy};
use crate::rules::segment::{CapOrigin, Provenance, Reason, Segment, SpellKind};
use crate::rules::stays::RefundWindow;
use crate::rules::support::RefundPeriod;

/// What a trace entry reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    /// A refund window opened (R4).
    WindowOpened,
    /// A discharge opened a § 176 a period (R8/R9, R10).
    PeriodOpened,
    /// Nights before the reform date, refunded without a cap (R5).
    ShelterBeforeReform,
    /// Nights refunded under a policy without a cap.
    ShelterNoCap,
    /// Nights refunded within the window's cap.
    ShelterRefunded,
    /// Nights not refunded because the window reached its cap.
    ShelterCapReached,
    /// Support days refunded (R8).
    SupportRefunded,
    /// Support days not refunded: not decided before discharge.
    SupportNotDecided,
    /// Support days not refunded: outside every § 176 a period.
    SupportOutsidePeriod,
    /// Support days in a period, but the policy's rate is 0 %.
    SupportRateZero,
    /// § 107 nights refunded (R9).
    TemporaryRefunded,
    /// § 107 nights not refunded: not decided before discharge.
    TemporaryNotDecided,
    /// § 107 nights outside the refunded months.
    TemporaryOutsidePeriod,
    /// § 107 nights in a period, but the policy's rate is 0 %.
    TemporaryRateZero,
}

/// The parameter value behind a trace entry, with its effective date and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceParameter {
    /// Parameter name (as in a policy override).
    pub name: String,
    /// The value in force, e.g. `90` or `50 %`.
    pub value: String,
    /// The date the value took effect.
    #[serde(with = "calendar::iso")]
    pub effective_from: Date,
    /// Short citation, e.g. `sbst.dk, Omstilling af hjemløshedsområdet`.
    pub source: String,
    /// Where to read the source (may be empty).
    pub url: String,
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEntry {
    /// The rule id, e.g. `R3`.
    pub rule: String,
    /// What happened.
    pub kind: TraceKind,
    /// The spell, e.g. `shelter_stays[0]` (empty for window and period events).
    pub spell: String,
    /// First day covered.
    #[serde(with = "calendar::iso")]
    pub start: Date,
    /// The day after the last day covered.
    #[serde(with = "calendar::iso")]
    pub end: Date,
    /// Nights (or support days) covered.
    pub nights: i64,
    /// Of which refunded.
    pub refunded_nights: i64,
    /// The refund rate applied, e.g. `50 %` (refunded entries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<String>,
    /// The parameter that decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<TraceParameter>,
    /// The entry in plain English.
    pub text: String,
}

pub(crate) struct TraceContext<'a> {
    pub catalog: &'a ParameterCatalog,
    pub policy: &'a Policy,
    pub scenario: &'a Scenario,
    pub windows: &'a [RefundWindow],
    pub periods: &'a [RefundPeriod],
    pub th_periods: &'a [RefundPeriod],
}

impl TraceContext<'_> {
    fn parameter(&self, name: &str, value: String, p: Provenance<'_>) -> TraceParameter {
        let source = self.catalog.source(p.source);
        TraceParameter {
            name: name.to_string(),
            value,
            effective_from: p.from,
            source: source.citation,
            url: source.url,
        }
    }

    fn citation(&self, p: Provenance<'_>) -> String {
        self.catalog.source(p.source).citation
    }

    fn window_span(&self, w: usize) -> String {
        self.windows
            .get(w)
            .map(|w| calendar::span(w.start, w.end))
            .unwrap_or_default()
    }

    /// The window and period events.
    pub(crate) fn events(&self) -> Vec<TraceEntry> {
        let mut out = Vec::new();
        let mode = self.policy.parameters.window_mode.value;
        let mode_p = Provenance {
            from: self.policy.parameters.window_mode.from,
            source: &self.policy.parameters.window_mode.source,
        };
        for w in self.windows {
            out.push(TraceEntry {
                rule: "R4".into(),
                kind: TraceKind::WindowOpened,
                spell: String::new(),
                start: w.start,
                end: w.end,
                nights: w.nights,
                refunded_nights: w.refunded_nights,
                rate: None,
                parameter: Some(self.parameter("window_mode", mode.to_string(), mode_p)),
                text: format!(
                    "{}: refund window {} ({mode} mode; {} of its {} shelter nights refunded; {})",
                    w.start,
                    calendar::span(w.start, w.end),
                    w.refunded_nights,
                    w.nights,
                    self.citation(mode_p)
                ),
            });
        }
        let params = &self.policy.parameters;
        let has_support = !self.scenario.home_support.is_empty();
        for (list, name, what, years_p) in [
            (
                self.periods,
                "support_refund_years",
                "§ 85 a support",
                Provenance {
                    from: params.support_refund_years.from,
                    source: &params.support_refund_years.source,
                },
            ),
            (
                self.th_periods,
                "temporary_housing_refund_within_years",
                "§ 107 housing",
                Provenance {
                    from: params.temporary_housing_refund_within_years.from,
                    source: &params.temporary_housing_refund_within_years.source,
                },
            ),
        ] {
            for p in list {
                if p.rule == crate::rules::support::PeriodRule::R8 && !has_support {
                    continue;
                }
                let extra = match (p.refunded_start, p.refunded_end) {
                    (Some(s), Some(e)) if s < e => {
                        format!("; refundable § 107 nights {}", calendar::span(s, e))
                    }
                    _ => String::new(),
                };
                let value = if p.rule == crate::rules::support::PeriodRule::R8 {
                    params.support_refund_years.value
                } else {
                    params.temporary_housing_refund_within_years.value
                };
                out.push(TraceEntry {
                    rule: format!("{}/R10", p.rule),
                    kind: TraceKind::PeriodOpened,
                    spell: String::new(),
                    start: p.start,
                    end: p.end,
                    nights: calendar::days_between(p.start, p.end),
                    refunded_nights: 0,
                    rate: None,
                    parameter: Some(self.parameter(name, value.to_string(), years_p)),
                    text: format!(
                        "{}: discharge opens the § 176 a period for {what}, {}{extra} (a later discharge inside it does not restart it; {})",
                        p.discharge,
                        calendar::span(p.start, p.end),
                        self.citation(years_p)
                    ),
                });
            }
        }
        out
    }

    /// The entry for one line.
    pub(crate) fn line(&self, segment: &Segment<'_>) -> TraceEntry {
        let Segment {
            kind,
            spell,
            start,
            end,
            days: nights,
            refunded_days: refunded,
            reason,
            ..
        } = segment;
        let (kind, spell, start, end, nights, refunded) =
            (*kind, *spell, *start, *end, *nights, *refunded);
        let span = calendar::span(start, end);
        let spell_name = format!("{}[{spell}]", kind.list_name());
        let unit = if kind == SpellKind::HomeSupport {
            if nights == 1 {
                "day"
            } else {
                "days"
            }
        } else if nights == 1 {
            "night"
        } else {
            "nights"
        };
        let what = match kind {
            SpellKind::HomeSupport => self
                .scenario
                .home_support
                .get(spell)
                .map(|s| format!(" of {} support at {}/year", s.method, s.annual_cost))
                .unwrap_or_default(),
            SpellKind::TemporaryHousing => " of § 107 housing".to_string(),
            SpellKind::Shelter => String::new(),
        };
        let cap_label = |cap: u32, origin: &CapOrigin| match origin {
            CapOrigin::Date(d) => format!("cap {cap} from {d}"),
            CapOrigin::Age(a) => {
                let birth = self.scenario.citizen.birth_date;
                let next = self
                    .policy
                    .parameters
                    .cap_nights_by_age
                    .iter()
                    .map(|s| s.from_age)
                    .find(|n| n > a);
                let on = |age: u32| {
                    calendar::birthday(birth, age)
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                };
                match next {
                    Some(n) if *a == 0 => {
                        format!("cap {cap} before age {n}, i.e. before {}", on(n))
                    }
                    _ => format!("cap {cap} from age {a}, i.e. from {}", on(*a)),
                }
            }
        };
        let cap_param = |origin: &CapOrigin| match origin {
            CapOrigin::Date(_) => "cap_nights",
            CapOrigin::Age(_) => "cap_nights_by_age",
        };
        let (tkind, parameter, text) = match reason {
            Reason::ShelterBeforeReform { rate, rate_from: _, reform } => (
                TraceKind::ShelterBeforeReform,
                Some(self.parameter("reform_date", reform.from.to_string(), *reform)),
                format!(
                    "{span}: {nights} {unit} refunded at {rate} without a cap: before the reform date {} ({})",
                    reform.from,
                    self.citation(*reform)
                ),
            ),
            Reason::ShelterNoCap { rate, rate_from } => (
                TraceKind::ShelterNoCap,
                Some(self.parameter("refund_rate", rate.to_string(), *rate_from)),
                format!(
                    "{span}: {nights} {unit} refunded at {rate} with no cap under policy {} ({})",
                    self.policy.name,
                    self.citation(*rate_from)
                ),
            ),
            Reason::ShelterWithinCap { window, cap, cap_origin, cap_from, rate, .. } => (
                TraceKind::ShelterRefunded,
                Some(self.parameter(cap_param(cap_origin), cap.to_string(), *cap_from)),
                format!(
                    "{span}: {nights} {unit} refunded at {rate} of rate minus own payment ({}, {}); window {}",
                    cap_label(*cap, cap_origin),
                    self.citation(*cap_from),
                    self.window_span(*window)
                ),
            ),
            Reason::ShelterCapReached { window, cap, cap_origin, cap_from, .. } => (
                TraceKind::ShelterCapReached,
                Some(self.parameter(cap_param(cap_origin), cap.to_string(), *cap_from)),
                format!(
                    "{span}: {nights} {unit} not refunded: window {} has reached its cap of refunded nights ({}, {})",
                    self.window_span(*window),
                    cap_label(*cap, cap_origin),
                    self.citation(*cap_from)
                ),
            ),
            Reason::SupportRefunded { period, rate, rate_from }
            | Reason::TemporaryRefunded { period, rate, rate_from } => {
                let (list, tk, pname) = if kind == SpellKind::HomeSupport {
                    (self.periods, TraceKind::SupportRefunded, "support_refund_rate")
                } else {
                    (self.th_periods, TraceKind::TemporaryRefunded, "temporary_housing_refund_rate")
                };
                let p = list.get(*period);
                (
                    tk,
                    Some(self.parameter(pname, rate.to_string(), *rate_from)),
                    format!(
                        "{span}: {nights} {unit}{what} refunded at {rate} within the § 176 a period {} from the discharge on {} ({})",
                        p.map(|p| calendar::span(p.start, p.end)).unwrap_or_default(),
                        p.map(|p| p.discharge.to_string()).unwrap_or_default(),
                        self.citation(*rate_from)
                    ),
                )
            }
            Reason::SupportNotDecided | Reason::TemporaryNotDecided => (
                if kind == SpellKind::HomeSupport {
                    TraceKind::SupportNotDecided
                } else {
                    TraceKind::TemporaryNotDecided
                },
                None,
                format!(
                    "{span}: {nights} {unit}{what} not refunded: not decided before discharge (Serviceloven § 176 a)"
                ),
            ),
            Reason::SupportOutsidePeriod | Reason::TemporaryOutsidePeriod => (
                if kind == SpellKind::HomeSupport {
                    TraceKind::SupportOutsidePeriod
                } else {
                    TraceKind::TemporaryOutsidePeriod
                },
                None,
                if kind == SpellKind::HomeSupport {
                    format!(
                        "{span}: {nights} {unit}{what} not refunded: outside every § 176 a period (the {} years after a first discharge, R10)",
                        self.policy.parameters.support_refund_years.value
                    )
                } else {
                    format!(
                        "{span}: {nights} {unit}{what} not refunded: outside the {} refundable months within {} year(s) after a first discharge (R9, R10)",
                        self.policy.parameters.temporary_housing_refund_months.value,
                        self.policy.parameters.temporary_housing_refund_within_years.value
                    )
                },
            ),
            Reason::SupportRateZero { rate_from, .. } | Reason::TemporaryRateZero { rate_from, .. } => {
                let (tk, pname) = if kind == SpellKind::HomeSupport {
                    (TraceKind::SupportRateZero, "support_refund_rate")
                } else {
                    (TraceKind::TemporaryRateZero, "temporary_housing_refund_rate")
                };
                (
                    tk,
                    Some(self.parameter(pname, "0 %".into(), *rate_from)),
                    format!(
                        "{span}: {nights} {unit}{what} not refunded: policy {} has no § 176 a refund ({})",
                        self.policy.name,
                        self.citation(*rate_from)
                    ),
                )
            }
        };
        let rate = match reason {
            Reason::ShelterBeforeReform { rate, .. }
            | Reason::ShelterNoCap { rate, .. }
            | Reason::ShelterWithinCap { rate, .. }
            | Reason::SupportRefunded { rate, .. }
            | Reason::TemporaryRefunded { rate, .. } => Some(rate.percent()),
            _ => None,
        };
        TraceEntry {
            rule: reason.rule().to_string(),
            kind: tkind,
            spell: spell_name,
            start,
            end,
            nights,
            refunded_nights: refunded,
            rate,
            parameter,
            text,
        }
    }
}
