//! The explanation trace: which rule applied to which nights, with which parameter value, from
//! which date, by which source.
//!
//! Each entry is structured: the rule id and the parameter come from the data file (through the
//! `Provenance` each priced segment carries), and [`TraceFacts`] holds every other value an
//! explanation needs (the window, the period, the cap, the support, the reform date …). The
//! English `text` and the Danish `text_da` are rendered from the entry alone
//! ([`crate::engine::explain`], after the entry is built), so any front end can show the core's text, or render its own
//! from the same facts, and a policy override (another reform date, other support years) shows
//! up in the words.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::money::Money;
use crate::model::scenario::{Scenario, SupportMethod};
use crate::rules::catalog::{ParameterCatalog, Policy};
use crate::rules::decision::Route;
use crate::rules::parameters::MonthsReading;
use crate::rules::parameters::{Provenance, WindowMode};
use crate::rules::segment::{CapOrigin, Reason, Segment, SpellKind};
use crate::rules::stays::{RefundWindow, REFUND_BASE_RULE};
use crate::rules::support::{PeriodRule, RefundPeriod, PERIOD_CLOCK_RULE};

/// What a trace entry reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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
    /// § 107 nights in a period whose allowance of nights is used (reading `cumulative`).
    TemporaryAllowanceUsed,
}

/// The parameter value behind a trace entry, with its effective date and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TraceParameter {
    /// Parameter name (as in a policy override).
    pub name: String,
    /// The value in force, e.g. `90` or `50 %`.
    pub value: String,
    /// The date the value took effect.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub effective_from: Date,
    /// Short citation, e.g. `sbst.dk, Omstilling af hjemløshedsområdet`.
    pub source: String,
    /// Where to read the source (may be empty).
    pub url: String,
}

/// A source behind a trace entry, with the rule it supports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TraceSource {
    /// The rule id, e.g. `R6`.
    pub rule: String,
    /// The source id in the catalog (`override` for a policy override).
    pub id: String,
    /// Short citation.
    pub citation: String,
    /// Where to read it (may be empty).
    pub url: String,
}

/// A half-open range of days `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DaySpan {
    /// The first day.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the last day.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
}

/// The cap on refundable nights in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CapFacts {
    /// Refundable nights per window.
    pub nights: u32,
    /// The date this cap took effect (for an age step: the birthday it took effect on).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub from: Date,
    /// For an age step: the age from which it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub from_age: Option<u32>,
    /// For an age step that ends: the age of the next step …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub until_age: Option<u32>,
    /// … and the birthday it takes effect on.
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub until: Option<Date>,
}

/// A § 176 a period and the discharge that opened it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PeriodFacts {
    /// `R8` (§ 85 a support) or `R9` (§ 107 housing).
    pub rule: PeriodRule,
    /// The discharge that opened it.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharge: Date,
    /// The period.
    pub span: DaySpan,
    /// R9: the refundable § 107 nights (reading `consecutive`), or from the first to the last
    /// refunded night (reading `cumulative`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub refunded: Option<DaySpan>,
    /// R9: the nights that may be refunded in the period (six months from the first decided
    /// night).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub allowance: Option<u32>,
    /// R9: the decided nights refunded in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub refunded_nights: Option<u32>,
    /// R9: how the six months are read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub reading: Option<MonthsReading>,
}

/// The § 85 a support of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SupportFacts {
    /// The method.
    pub method: SupportMethod,
    /// Its annual cost.
    pub annual_cost: Money,
}

/// Everything besides the counts that an explanation of the entry needs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TraceFacts {
    /// The policy's name.
    pub policy: String,
    /// The refund window of a § 110 line or window event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub window: Option<DaySpan>,
    /// How windows are laid out (window events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub window_mode: Option<WindowMode>,
    /// The cap in force (§ 110 lines within or at the cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub cap: Option<CapFacts>,
    /// The reform date (nights before it; support or § 107 nights when no discharge on or
    /// after it opened a § 176 a period).
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub reform_date: Option<Date>,
    /// The § 176 a period (support and § 107 lines, period events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub period: Option<PeriodFacts>,
    /// The support (§ 85 a lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub support: Option<SupportFacts>,
    /// The route of § 176 a stk. 1 that refunds a § 85 a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub route: Option<Route>,
    /// Years after a first discharge that § 85 a support is refunded (R8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub support_years: Option<u32>,
    /// Months of § 107 housing refunded (R9) …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub temporary_months: Option<u32>,
    /// … within this many years after a first discharge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub temporary_within_years: Option<u32>,
}

/// One step of the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TraceEntry {
    /// The rule id, e.g. `R3` (from the data file).
    pub rule: String,
    /// What happened.
    pub kind: TraceKind,
    /// The spell, e.g. `shelter_stays[0]` (empty for window and period events).
    pub spell: String,
    /// First day covered.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the last day covered.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Nights (or support days) covered.
    pub nights: i64,
    /// Of which refunded.
    pub refunded_nights: i64,
    /// The refund rate applied, e.g. `50 %` (refunded entries only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub rate: Option<String>,
    /// The parameter that decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub parameter: Option<TraceParameter>,
    /// Every other value the explanation uses.
    pub facts: TraceFacts,
    /// Every source behind the entry: the deciding parameter's, and those of the other rules
    /// that shaped it (e.g. R6, the refund base, on refunded § 110 nights).
    pub sources: Vec<TraceSource>,
    /// The entry in plain English.
    pub text: String,
    /// The entry in plain Danish.
    pub text_da: String,
}

pub(crate) struct TraceContext<'a> {
    catalog: &'a ParameterCatalog,
    policy: &'a Policy,
    scenario: &'a Scenario,
    windows: &'a [RefundWindow],
    periods: &'a [RefundPeriod],
    th_periods: &'a [RefundPeriod],
    /// The sources of R6 and R10, looked up once per scenario.
    refund_base: Vec<TraceSource>,
    clock: Vec<TraceSource>,
}

impl<'a> TraceContext<'a> {
    pub(crate) fn new(
        catalog: &'a ParameterCatalog,
        policy: &'a Policy,
        scenario: &'a Scenario,
        windows: &'a [RefundWindow],
        (periods, th_periods): (&'a [RefundPeriod], &'a [RefundPeriod]),
    ) -> TraceContext<'a> {
        let mut ctx = TraceContext {
            catalog,
            policy,
            scenario,
            windows,
            periods,
            th_periods,
            refund_base: Vec::new(),
            clock: Vec::new(),
        };
        ctx.refund_base = ctx.rule_sources(REFUND_BASE_RULE);
        ctx.clock = ctx.rule_sources(PERIOD_CLOCK_RULE);
        ctx
    }

    fn parameter(&self, value: String, p: &Provenance<'_>) -> TraceParameter {
        let source = self.catalog.source(p.source);
        TraceParameter {
            name: p.name.to_string(),
            value,
            effective_from: p.from,
            source: source.citation.clone(),
            url: source.url.clone(),
        }
    }

    fn source_of(&self, p: &Provenance<'_>) -> TraceSource {
        let source = self.catalog.source(p.source);
        TraceSource {
            rule: p.rule.to_string(),
            id: p.source.to_string(),
            citation: source.citation.clone(),
            url: source.url.clone(),
        }
    }

    /// The sources of a rule without a parameter (R6, R10), from the data file.
    fn rule_sources(&self, rule: &str) -> Vec<TraceSource> {
        self.catalog
            .rules
            .get(rule)
            .map(|r| {
                r.sources
                    .iter()
                    .map(|id| {
                        let s = self.catalog.source(id);
                        TraceSource {
                            rule: rule.to_string(),
                            id: id.clone(),
                            citation: s.citation.clone(),
                            url: s.url.clone(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn facts(&self) -> TraceFacts {
        TraceFacts {
            policy: self.policy.name.clone(),
            ..TraceFacts::default()
        }
    }

    fn window(&self, w: usize) -> Option<DaySpan> {
        self.windows.get(w).map(|w| DaySpan {
            start: w.start,
            end: w.end,
        })
    }

    fn period(&self, p: &RefundPeriod) -> PeriodFacts {
        PeriodFacts {
            rule: p.rule,
            discharge: p.discharge,
            span: DaySpan {
                start: p.start,
                end: p.end,
            },
            refunded: match (p.refunded_start, p.refunded_end) {
                (Some(start), Some(end)) if start < end => Some(DaySpan { start, end }),
                _ => None,
            },
            allowance: p.allowance,
            refunded_nights: p.refunded_nights,
            reading: (p.rule == PeriodRule::R9 && p.allowance.is_some()).then_some(
                self.policy
                    .parameters
                    .temporary_housing_months_reading
                    .value,
            ),
        }
    }

    /// The entry as built; its texts are written by [`crate::engine::explain::write`].
    fn finish(&self, entry: TraceEntry) -> TraceEntry {
        entry
    }

    /// The window and period events.
    pub(crate) fn events(&self) -> Vec<TraceEntry> {
        let mut out = Vec::new();
        let params = &self.policy.parameters;
        let mode = params.window_mode.provenance();
        // The rule's sources (R4: the window is a running year) and the layout's (a convention).
        let mut window_sources = self.rule_sources(mode.rule);
        let layout = self.source_of(&mode);
        if !window_sources.contains(&layout) {
            window_sources.push(layout);
        }
        for w in self.windows {
            let mut facts = self.facts();
            facts.window = Some(DaySpan {
                start: w.start,
                end: w.end,
            });
            facts.window_mode = Some(params.window_mode.value);
            out.push(self.finish(TraceEntry {
                rule: mode.rule.to_string(),
                kind: TraceKind::WindowOpened,
                spell: String::new(),
                start: w.start,
                end: w.end,
                nights: w.nights,
                refunded_nights: w.refunded_nights,
                rate: None,
                parameter: Some(self.parameter(params.window_mode.value.to_string(), &mode)),
                facts,
                sources: window_sources.clone(),
                text: String::new(),
                text_da: String::new(),
            }));
        }
        let has_support = !self.scenario.home_support.is_empty();
        for (list, years) in [
            (self.periods, &params.support_refund_years),
            (
                self.th_periods,
                &params.temporary_housing_refund_within_years,
            ),
        ] {
            let years_p = years.provenance();
            for p in list {
                if p.rule == PeriodRule::R8 && !has_support {
                    continue;
                }
                let mut facts = self.facts();
                facts.period = Some(self.period(p));
                if p.rule == PeriodRule::R8 {
                    facts.support_years = Some(years.value);
                } else {
                    facts.temporary_within_years = Some(years.value);
                    facts.temporary_months = Some(params.temporary_housing_refund_months.value);
                }
                let mut sources = vec![self.source_of(&years_p)];
                sources.extend(self.clock.iter().cloned());
                out.push(self.finish(TraceEntry {
                    rule: format!("{}/{PERIOD_CLOCK_RULE}", years_p.rule),
                    kind: TraceKind::PeriodOpened,
                    spell: String::new(),
                    start: p.start,
                    end: p.end,
                    nights: calendar::days_between(p.start, p.end),
                    refunded_nights: 0,
                    rate: None,
                    parameter: Some(self.parameter(years.value.to_string(), &years_p)),
                    facts,
                    sources,
                    text: String::new(),
                    text_da: String::new(),
                }));
            }
        }
        out
    }

    fn cap_facts(&self, cap: u32, origin: &CapOrigin, from: Date) -> CapFacts {
        match origin {
            CapOrigin::Date(d) => CapFacts {
                nights: cap,
                from: *d,
                from_age: None,
                until_age: None,
                until: None,
            },
            CapOrigin::Age { from: age, next } => CapFacts {
                nights: cap,
                from,
                from_age: Some(*age),
                until_age: *next,
                until: next
                    .and_then(|n| calendar::birthday(self.scenario.citizen.birth_date, n).ok()),
            },
        }
    }

    /// The entry for one line.
    pub(crate) fn line(&self, segment: &Segment<'_>) -> TraceEntry {
        let reason = &segment.reason;
        let decided = reason.decided_by();
        let mut facts = self.facts();
        let mut sources = vec![self.source_of(decided)];
        let mut rate = None;
        let kind = segment.kind;
        let (tkind, value) = match reason {
            Reason::ShelterBeforeReform {
                rate: r,
                reform_date,
                ..
            } => {
                facts.reform_date = Some(*reform_date);
                rate = Some(*r);
                sources.extend(self.refund_base.iter().cloned());
                (TraceKind::ShelterBeforeReform, reform_date.to_string())
            }
            Reason::ShelterNoCap { rate: r, .. } => {
                rate = Some(*r);
                sources.extend(self.refund_base.iter().cloned());
                (TraceKind::ShelterNoCap, r.to_string())
            }
            Reason::ShelterWithinCap {
                window,
                cap,
                cap_origin,
                cap_from,
                rate: r,
                rate_from,
            } => {
                facts.window = self.window(*window);
                facts.cap = Some(self.cap_facts(*cap, cap_origin, cap_from.from));
                rate = Some(*r);
                sources.push(self.source_of(rate_from));
                sources.extend(self.refund_base.iter().cloned());
                (TraceKind::ShelterRefunded, cap.to_string())
            }
            Reason::ShelterCapReached {
                window,
                cap,
                cap_origin,
                cap_from,
            } => {
                facts.window = self.window(*window);
                facts.cap = Some(self.cap_facts(*cap, cap_origin, cap_from.from));
                (TraceKind::ShelterCapReached, cap.to_string())
            }
            Reason::SupportRefunded {
                period,
                route,
                rate: r,
                ..
            } => {
                facts.period = self.periods.get(*period).map(|p| self.period(p));
                facts.route = Some(*route);
                rate = Some(*r);
                (TraceKind::SupportRefunded, r.to_string())
            }
            Reason::SupportNotDecided { .. } => (
                TraceKind::SupportNotDecided,
                self.policy
                    .parameters
                    .support_refund_rate
                    .at(segment.start)
                    .value
                    .to_string(),
            ),
            Reason::SupportOutsidePeriod { years, .. } => {
                facts.support_years = Some(*years);
                if self.periods.is_empty() {
                    // No discharge on or after the reform date opened a period at all.
                    facts.reform_date = Some(self.policy.parameters.reform_date.value.0);
                }
                sources.extend(self.clock.iter().cloned());
                (TraceKind::SupportOutsidePeriod, years.to_string())
            }
            Reason::SupportRateZero { period, .. } => {
                facts.period = self.periods.get(*period).map(|p| self.period(p));
                (TraceKind::SupportRateZero, "0 %".to_string())
            }
            Reason::TemporaryRefunded {
                period, rate: r, ..
            } => {
                facts.period = self.th_periods.get(*period).map(|p| self.period(p));
                rate = Some(*r);
                (TraceKind::TemporaryRefunded, r.to_string())
            }
            Reason::TemporaryNotDecided { .. } => (
                TraceKind::TemporaryNotDecided,
                self.policy
                    .parameters
                    .temporary_housing_refund_rate
                    .at(segment.start)
                    .value
                    .to_string(),
            ),
            Reason::TemporaryOutsidePeriod {
                months,
                within_years,
                ..
            } => {
                facts.temporary_months = Some(*months);
                facts.temporary_within_years = Some(*within_years);
                if self.th_periods.is_empty() {
                    facts.reform_date = Some(self.policy.parameters.reform_date.value.0);
                }
                sources.extend(self.clock.iter().cloned());
                (TraceKind::TemporaryOutsidePeriod, months.to_string())
            }
            Reason::TemporaryAllowanceUsed { period, .. } => {
                facts.period = self.th_periods.get(*period).map(|p| self.period(p));
                (
                    TraceKind::TemporaryAllowanceUsed,
                    self.policy
                        .parameters
                        .temporary_housing_months_reading
                        .value
                        .to_string(),
                )
            }
            Reason::TemporaryRateZero { period, .. } => {
                facts.period = self.th_periods.get(*period).map(|p| self.period(p));
                (TraceKind::TemporaryRateZero, "0 %".to_string())
            }
        };
        if kind == SpellKind::HomeSupport {
            facts.support = self
                .scenario
                .home_support
                .get(segment.spell)
                .map(|s| SupportFacts {
                    method: s.method,
                    annual_cost: s.annual_cost,
                });
        }
        sources.dedup();
        self.finish(TraceEntry {
            rule: reason.rule().to_string(),
            kind: tkind,
            spell: format!("{}[{}]", kind.list_name(), segment.spell),
            start: segment.start,
            end: segment.end,
            nights: segment.days,
            refunded_nights: segment.refunded_days,
            rate: rate.map(|r| r.percent()),
            parameter: Some(self.parameter(value, decided)),
            facts,
            sources,
            text: String::new(),
            text_da: String::new(),
        })
    }
}
