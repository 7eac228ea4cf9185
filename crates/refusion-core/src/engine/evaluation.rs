//! The engine and its result: totals, lines, a per-year breakdown and the trace.
//!
//! [`Engine`] is `Send + Sync`, holds no global state, and is cheap to share: build it once and
//! call [`Engine::evaluate`] from as many threads as you like.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::engine::trace::{TraceContext, TraceEntry};
use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::money::Money;
use crate::model::policy_spec::PolicySpec;
use crate::model::scenario::{
    validate_spells, HomeSupport, Scenario, ShelterStay, SpellOrder, TemporaryStay,
};
pub(crate) use crate::model::totals::Sums;
pub use crate::model::totals::Totals;
use crate::rules::catalog::{ParameterCatalog, Policy};
use crate::rules::decision::Decisions;
use crate::rules::segment::{Segment, Sink, SpellKind};
use crate::rules::stays::{self, RefundWindow};
use crate::rules::support::{self, RefundPeriod};

/// Night and day counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct NightCounts {
    /// § 110 nights.
    pub shelter_nights: i64,
    /// § 110 nights refunded.
    pub shelter_refunded_nights: i64,
    /// § 85 a support days.
    pub support_days: i64,
    /// § 85 a support days refunded.
    pub support_refunded_days: i64,
    /// § 107 nights.
    pub temporary_housing_nights: i64,
    /// § 107 nights refunded.
    pub temporary_housing_refunded_nights: i64,
}

/// One line: a run of nights (or support days) of one spell within one calendar year that the
/// rules treat alike.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Line {
    /// The kind of spell.
    pub kind: SpellKind,
    /// Index of the spell in its scenario list.
    pub spell: usize,
    /// First night (or day).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the last night.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Calendar year.
    pub year: i32,
    /// Nights (support: days).
    pub nights: i64,
    /// Refunded nights (support: days).
    pub refunded_nights: i64,
    /// Gross cost, rounded from its exact sum.
    pub gross: Money,
    /// Own payment, rounded.
    pub citizen_payment: Money,
    /// Refund, rounded.
    pub state_refusion: Money,
    /// `gross − citizen_payment − state_refusion` of the rounded figures.
    pub municipal_net: Money,
    /// The rule that decided it, e.g. `R3`.
    pub rule: String,
}

/// Totals for one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct YearTotals {
    /// The year.
    pub year: i32,
    /// The totals, each rounded from the year's exact sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The result of evaluating a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Evaluation {
    /// The resolved policy's name.
    pub policy: String,
    /// The four totals.
    pub totals: Totals,
    /// Night and day counts.
    pub nights: NightCounts,
    /// One line per spell, refund segment and calendar year, in date order per kind.
    pub lines: Vec<Line>,
    /// Per calendar year, by payer.
    pub years: Vec<YearTotals>,
    /// The refund windows of the § 110 stays (R4).
    pub windows: Vec<RefundWindow>,
    /// The § 176 a periods (R8 for § 85 a, R9 for § 107).
    pub periods: Vec<RefundPeriod>,
    /// The explanation, in date order.
    pub trace: Vec<TraceEntry>,
}

/// What an evaluation should produce besides the totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detail {
    /// Build the explanation trace.
    pub trace: bool,
    /// Build the lines.
    pub lines: bool,
}

impl Default for Detail {
    fn default() -> Self {
        Detail {
            trace: true,
            lines: true,
        }
    }
}

/// The model. Build once ([`Engine::new`]), share freely; it is `Send + Sync`.
///
/// ```
/// use refusion_core::{Engine, Scenario};
/// let engine = Engine::new().unwrap();
/// let scenario = Scenario::from_json(r#"{
///   "citizen": {"birth_date": "1988-04-20"},
///   "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
///                      "daily_rate": "1400", "own_payment_per_night": "100"}]
/// }"#).unwrap();
/// let result = engine.evaluate(&scenario).unwrap();
/// assert_eq!(result.totals.municipal_net.to_string(), "219700.00"); // E2
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    catalog: ParameterCatalog,
}

impl Engine {
    /// An engine over the embedded parameter catalog.
    pub fn new() -> Result<Engine, Error> {
        Ok(Engine {
            catalog: ParameterCatalog::embedded()?,
        })
    }

    /// An engine over another catalog (e.g. a municipality's own baseline file).
    #[must_use]
    pub fn with_catalog(catalog: ParameterCatalog) -> Engine {
        Engine { catalog }
    }

    /// The parameter catalog.
    #[must_use]
    pub fn catalog(&self) -> &ParameterCatalog {
        &self.catalog
    }

    /// Resolves a policy spec against the catalog.
    pub fn resolve(&self, spec: &PolicySpec) -> Result<Policy, Error> {
        self.catalog.resolve(spec)
    }

    /// Evaluates a scenario under its own policy.
    pub fn evaluate(&self, scenario: &Scenario) -> Result<Evaluation, Error> {
        let policy = self.resolve(&scenario.policy)?;
        self.evaluate_with(scenario, &policy, Detail::default())
    }

    /// Evaluates a scenario under a resolved policy (ignoring `scenario.policy`), producing the
    /// requested detail. Use this to evaluate many scenarios under one policy.
    pub fn evaluate_with(
        &self,
        scenario: &Scenario,
        policy: &Policy,
        detail: Detail,
    ) -> Result<Evaluation, Error> {
        let Priced {
            segments,
            windows,
            periods,
            th_periods,
            ..
        } = price(scenario, policy)?;
        let mut total = Sums::default();
        let mut years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut nights = NightCounts::default();
        for s in &segments {
            total = total.plus(&s.sums()?)?;
            let year = years.entry(s.start.year()).or_default();
            *year = year.plus(&s.sums()?)?;
            let (n, r) = match s.kind {
                SpellKind::Shelter => (
                    &mut nights.shelter_nights,
                    &mut nights.shelter_refunded_nights,
                ),
                SpellKind::HomeSupport => {
                    (&mut nights.support_days, &mut nights.support_refunded_days)
                }
                SpellKind::TemporaryHousing => (
                    &mut nights.temporary_housing_nights,
                    &mut nights.temporary_housing_refunded_nights,
                ),
            };
            *n = n.saturating_add(s.days);
            *r = r.saturating_add(s.refunded_days);
        }

        let merged = if detail.lines || detail.trace {
            merge(&segments)?
        } else {
            Vec::new()
        };
        let mut trace = Vec::new();
        if detail.trace {
            let ctx = TraceContext::new(
                &self.catalog,
                policy,
                scenario,
                &windows,
                (&periods, &th_periods),
            );
            trace = ctx.events();
            for m in &merged {
                trace.push(ctx.line(&m.segment));
            }
            for entry in &mut trace {
                crate::engine::explain::write(entry);
            }
            trace = in_date_order(trace);
        }
        let lines = if detail.lines {
            merged
                .iter()
                .map(|m| m.line())
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };

        let mut all_periods = periods;
        all_periods.extend(th_periods);
        Ok(Evaluation {
            policy: policy.name.clone(),
            totals: total.totals()?,
            nights,
            lines,
            years: year_totals(years)?,
            windows,
            periods: all_periods,
            trace,
        })
    }
}

/// Everything the rules produce for one scenario, before aggregation. Its buffers are reused
/// from citizen to citizen when many are priced in a row.
#[derive(Default)]
pub(crate) struct Priced<'p> {
    pub segments: Vec<Segment<'p>>,
    pub windows: Vec<RefundWindow>,
    pub periods: Vec<RefundPeriod>,
    pub th_periods: Vec<RefundPeriod>,
    order: SpellOrder,
    /// Which spells count as decided before discharge, and route 2 (after validation).
    pub decisions: Decisions,
    discharges: Vec<Date>,
    cap: stays::CapSteps<'p>,
    /// Fill `periods` and `th_periods` also for a citizen without § 85 a or § 107 spells (they
    /// are reported and explained, but price nothing): set by [`Priced::run`].
    all_periods: bool,
}

/// One citizen's spells, borrowed.
#[derive(Clone, Copy)]
pub(crate) struct Spells<'a> {
    pub birth: Date,
    pub stays: &'a [ShelterStay],
    pub support: &'a [HomeSupport],
    pub temporary: &'a [TemporaryStay],
}

impl<'a> Spells<'a> {
    pub(crate) fn of(s: &'a Scenario) -> Spells<'a> {
        Spells {
            birth: s.citizen.birth_date,
            stays: &s.shelter_stays,
            support: &s.home_support,
            temporary: &s.temporary_housing,
        }
    }
}

impl<'p> Priced<'p> {
    /// Validates and prices one citizen's spells into the (cleared) buffers.
    pub(crate) fn run(&mut self, spells: Spells<'_>, policy: &'p Policy) -> Result<(), Error> {
        let mut segments = std::mem::take(&mut self.segments);
        segments.clear();
        self.all_periods = true;
        let result = self.run_into(spells, policy, &mut segments);
        self.all_periods = false;
        self.segments = segments;
        result
    }

    /// Validates and prices one citizen's spells, handing each segment to `sink` (the windows
    /// and periods still go to the buffers; for a citizen with only § 110 stays, the § 176 a
    /// periods, which then price nothing, only under [`Priced::run`]).
    pub(crate) fn run_into(
        &mut self,
        spells: Spells<'_>,
        policy: &'p Policy,
        sink: &mut impl Sink<'p>,
    ) -> Result<(), Error> {
        validate_spells(
            spells.birth,
            spells.stays,
            spells.support,
            spells.temporary,
            &mut self.order,
        )?;
        self.decisions.resolve(
            spells.stays,
            &self.order.shelter,
            spells.support,
            spells.temporary,
            &self.order.temporary,
        )?;
        let params = &policy.parameters;
        let reform = params.reform_date.value.0;
        self.windows.clear();
        stays::price_stays(
            spells.stays,
            &self.order.shelter,
            &self.order.shelter_amounts,
            spells.birth,
            params,
            sink,
            &mut self.windows,
            &mut self.cap,
        )?;
        // Without § 85 a and § 107 spells the periods price nothing; the batch paths skip them
        // when building them cannot fail either (a date of the accepted range plus
        // `support_refund_years` exists for any year count up to 100,000).
        if spells.support.is_empty()
            && spells.temporary.is_empty()
            && !self.all_periods
            && params.support_refund_years.value <= 100_000
        {
            self.discharges.clear();
            self.periods.clear();
            self.th_periods.clear();
            return Ok(());
        }
        support::discharges(
            spells.stays,
            &self.order.shelter,
            reform,
            &mut self.discharges,
        );
        support::price_support(
            spells.support,
            &self.order.support,
            &self.decisions.support,
            &self.discharges,
            params,
            sink,
            &mut self.periods,
        )?;
        support::price_temporary(
            spells.temporary,
            &self.order.temporary,
            &self.decisions.temporary,
            &self.order.temporary_amounts,
            &self.discharges,
            params,
            sink,
            &mut self.th_periods,
        )
    }
}

/// Validates and prices a scenario under a policy.
pub(crate) fn price<'p>(scenario: &Scenario, policy: &'p Policy) -> Result<Priced<'p>, Error> {
    let mut priced = Priced::default();
    priced.run(Spells::of(scenario), policy)?;
    Ok(priced)
}

/// The entries by date (events before the lines of their day), stably. Entries are large, so
/// their order is found on indices and each is moved once.
fn in_date_order(trace: Vec<TraceEntry>) -> Vec<TraceEntry> {
    let mut order: Vec<usize> = (0..trace.len()).collect();
    order.sort_by(|&a, &b| match (trace.get(a), trace.get(b)) {
        (Some(a), Some(b)) => {
            (a.start, event_rank(a), &a.spell).cmp(&(b.start, event_rank(b), &b.spell))
        }
        _ => std::cmp::Ordering::Equal,
    });
    let mut slots: Vec<Option<TraceEntry>> = trace.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

fn event_rank(e: &TraceEntry) -> u8 {
    use crate::engine::trace::TraceKind;
    match e.kind {
        TraceKind::PeriodOpened => 0,
        TraceKind::WindowOpened => 1,
        _ => 2,
    }
}

/// Evaluates a scenario with a fresh engine over the embedded parameters.
///
/// For many scenarios, build one [`Engine`] and reuse it.
pub fn evaluate(scenario: &Scenario) -> Result<Evaluation, Error> {
    Engine::new()?.evaluate(scenario)
}

/// Rounds per-year exact sums into year totals, in year order.
pub(crate) fn year_totals(years: BTreeMap<i32, Sums>) -> Result<Vec<YearTotals>, Error> {
    years
        .into_iter()
        .map(|(year, s)| {
            Ok(YearTotals {
                year,
                totals: s.totals()?,
            })
        })
        .collect()
}

struct Merged<'p> {
    segment: Segment<'p>,
    sums: Sums,
}

impl Merged<'_> {
    fn line(&self) -> Result<Line, Error> {
        let s = &self.segment;
        let t = self.sums.totals()?;
        Ok(Line {
            kind: s.kind,
            spell: s.spell,
            start: s.start,
            end: s.end,
            year: s.start.year(),
            nights: s.days,
            refunded_nights: s.refunded_days,
            gross: t.gross,
            citizen_payment: t.citizen_payment,
            state_refusion: t.state_refusion,
            municipal_net: t.municipal_net,
            rule: s.reason.rule().to_string(),
        })
    }
}

/// Joins adjacent segments of one spell, in one year, with the same reason.
fn merge<'p>(segments: &[Segment<'p>]) -> Result<Vec<Merged<'p>>, Error> {
    let mut out: Vec<Merged<'p>> = Vec::new();
    for s in segments {
        let sums = s.sums()?;
        if let Some(last) = out.last_mut() {
            let l = &mut last.segment;
            if l.kind == s.kind
                && l.spell == s.spell
                && l.end == s.start
                && l.start.year() == s.start.year()
                && l.reason == s.reason
            {
                l.end = s.end;
                l.days = l.days.saturating_add(s.days);
                l.refunded_days = l.refunded_days.saturating_add(s.refunded_days);
                last.sums = last.sums.plus(&sums)?;
                continue;
            }
        }
        out.push(Merged {
            segment: s.clone(),
            sums,
        });
    }
    Ok(out)
}
