//! Pathways: comparing two scenarios, cumulative cost curves, and the break-even night.
//!
//! ## Break-even, precisely
//!
//! A citizen is admitted to a § 110 shelter on `admitted` at `daily_rate` with
//! `own_payment_per_night`. The horizon ends `horizon_years` after admission. Two pathways:
//!
//! * **Support**: the citizen stays until `discharge` (default: the morning after the first
//!   night, the earliest possible discharge) and then receives the given § 85 a support from
//!   `discharge` to the horizon end. The discharge from § 110 opens the § 176 a period (R8).
//! * **Stay *n* nights**: the citizen stays *n* nights and leaves without support.
//!
//! The **break-even night for the municipality** is the smallest *n* such that staying *n*
//! nights costs the municipality strictly more (municipal net, exact before rounding) than the
//! support pathway costs it over the whole horizon. Read it as: "if this stay would otherwise
//! last *n* nights or longer, discharge to support is cheaper for the municipality". The
//! break-even **for the public sector** is the same with the cost to municipality and state
//! together (gross minus the citizen's payment). Earlier stays (`earlier_stays`) shape the
//! refund windows and the § 176 a clock but their own costs are left out of both sides. When no
//! *n* up to the horizon qualifies, there is no break-even within the horizon (`None`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::evaluation::{price, Engine, Evaluation, Sums, Totals};
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Exact, Money};
use crate::model::policy_spec::PolicySpec;
use crate::model::scenario::{Citizen, HomeSupport, Scenario, ShelterStay, SupportMethod};
use crate::rules::segment::{Segment, SpellKind};

/// One pathway of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Pathway {
    /// Its label.
    pub label: String,
    /// Its evaluation.
    pub evaluation: Evaluation,
}

/// One year of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct YearComparison {
    /// The calendar year.
    pub year: i32,
    /// Pathway A's totals that year.
    pub a: Totals,
    /// Pathway B's totals that year.
    pub b: Totals,
    /// B − A.
    pub difference: Totals,
}

/// Two scenarios side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Comparison {
    /// Pathway A.
    pub a: Pathway,
    /// Pathway B.
    pub b: Pathway,
    /// B − A, by payer.
    pub difference: Totals,
    /// Per calendar year (every year either pathway has).
    pub years: Vec<YearComparison>,
    /// The label of the pathway cheaper for the municipality (`None` when equal).
    pub cheaper_for_municipality: Option<String>,
    /// The label of the pathway cheaper for the public sector (`None` when equal).
    pub cheaper_for_public_sector: Option<String>,
}

/// Cumulative cost at one date: everything accrued on the nights/days before `date`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CurvePoint {
    /// The date.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub date: Date,
    /// Days since the curve's start.
    pub day: i64,
    /// Cumulative totals, rounded.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A support offer for the break-even: which method, at what cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SupportOffer {
    /// The method.
    pub method: SupportMethod,
    /// Cost per year.
    pub annual_cost: Money,
    /// Decided before discharge (default true, which gives the § 176 a refund).
    #[serde(default = "yes")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub decided_before_discharge: bool,
}

fn yes() -> bool {
    true
}

fn two() -> u32 {
    2
}

/// The break-even question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BreakEvenQuery {
    /// The policy (default statutory).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub policy: PolicySpec,
    /// The citizen.
    pub citizen: Citizen,
    /// Stays before this admission (they shape windows and the § 176 a clock).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub earlier_stays: Vec<ShelterStay>,
    /// The admission date of the current stay.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub admitted: Date,
    /// The shelter's rate per night.
    pub daily_rate: Money,
    /// The citizen's own payment per night.
    pub own_payment_per_night: Money,
    /// When the support pathway discharges (default: the day after admission).
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharge: Option<Date>,
    /// The support offered.
    pub support: SupportOffer,
    /// The horizon in years from admission (default 2, the § 85 a refund period), 1 to 10.
    #[serde(default = "two")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub horizon_years: u32,
}

/// A break-even point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BreakEvenPoint {
    /// The night count *n* from which discharge to support is cheaper.
    pub night: i64,
    /// The date of that night (`admitted + n − 1`).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub date: Date,
    /// The cost of staying *n* nights (for this payer), rounded.
    pub stay_cost: Money,
    /// The cost of the support pathway over the horizon (for this payer), rounded.
    pub support_cost: Money,
}

/// The answer to a [`BreakEvenQuery`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BreakEven {
    /// The admission date.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub admitted: Date,
    /// The discharge date of the support pathway.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharge: Date,
    /// The end of the horizon (exclusive).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub horizon_end: Date,
    /// The support pathway's totals over the horizon (from admission).
    pub support_pathway: Totals,
    /// Staying through the whole horizon, for comparison.
    pub stay_whole_horizon: Totals,
    /// Break-even for the municipality.
    pub municipality: Option<BreakEvenPoint>,
    /// Break-even for the public sector (municipality + state).
    pub public_sector: Option<BreakEvenPoint>,
    /// Cumulative cost of staying, from admission to the horizon end.
    pub stay_curve: Vec<CurvePoint>,
    /// Cumulative cost of the support pathway, from admission to the horizon end.
    pub support_curve: Vec<CurvePoint>,
}

impl Engine {
    /// Compares two scenarios: totals, B − A by payer, and per calendar year.
    ///
    /// ```
    /// use refusion_core::{Engine, Scenario};
    /// let engine = Engine::new().unwrap();
    /// let stay = Scenario::from_json(r#"{"name": "stay", "citizen": {"birth_date": "1988-04-20"},
    ///   "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-04-01",
    ///     "daily_rate": "1400", "own_payment_per_night": "100"}]}"#).unwrap();
    /// let mact = Scenario::from_json(r#"{"name": "m-act", "citizen": {"birth_date": "1988-04-20"},
    ///   "shelter_stays": [{"admitted": "2026-10-01", "discharged": "2027-01-01",
    ///     "daily_rate": "1400", "own_payment_per_night": "100"}],
    ///   "home_support": [{"method": "m-act", "start": "2027-01-01", "end": "2027-04-01",
    ///     "annual_cost": "104000", "decided_before_discharge": true}]}"#).unwrap();
    /// let c = engine.compare(&stay, &mact).unwrap();
    /// assert_eq!(c.cheaper_for_municipality.as_deref(), Some("m-act"));
    /// ```
    pub fn compare(&self, a: &Scenario, b: &Scenario) -> Result<Comparison, Error> {
        let label_a = a.name.clone().unwrap_or_else(|| "A".into());
        let mut label_b = b.name.clone().unwrap_or_else(|| "B".into());
        if label_b == label_a {
            label_b = format!("{label_b} (B)");
        }
        let ea = self.evaluate(a).map_err(|e| e.within("a"))?;
        let eb = self.evaluate(b).map_err(|e| e.within("b"))?;
        let difference = eb.totals.difference(&ea.totals)?;
        let mut years: BTreeMap<i32, (Totals, Totals)> = BTreeMap::new();
        for y in &ea.years {
            years.entry(y.year).or_default().0 = y.totals;
        }
        for y in &eb.years {
            years.entry(y.year).or_default().1 = y.totals;
        }
        let years = years
            .into_iter()
            .map(|(year, (ta, tb))| {
                Ok(YearComparison {
                    year,
                    a: ta,
                    b: tb,
                    difference: tb.difference(&ta)?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let pick = |x: Money, y: Money| match x.cmp(&y) {
            std::cmp::Ordering::Less => Some(label_a.clone()),
            std::cmp::Ordering::Greater => Some(label_b.clone()),
            std::cmp::Ordering::Equal => None,
        };
        let cheaper_for_municipality = pick(ea.totals.municipal_net, eb.totals.municipal_net);
        let cheaper_for_public_sector =
            pick(ea.totals.public_sector()?, eb.totals.public_sector()?);
        Ok(Comparison {
            a: Pathway {
                label: label_a,
                evaluation: ea,
            },
            b: Pathway {
                label: label_b,
                evaluation: eb,
            },
            difference,
            years,
            cheaper_for_municipality,
            cheaper_for_public_sector,
        })
    }

    /// The cumulative cost of a scenario over time, at every date where the daily cost changes
    /// (a piecewise-linear curve; the refund "cliff" shows as a change of slope).
    pub fn cumulative(&self, scenario: &Scenario) -> Result<Vec<CurvePoint>, Error> {
        let policy = self.resolve(&scenario.policy)?;
        let priced = price(scenario, &policy)?;
        let start = priced.segments.iter().map(|s| s.start).min();
        let end = priced.segments.iter().map(|s| s.end).max();
        match (start, end) {
            (Some(s), Some(e)) => curve(&priced.segments, s, e, |_| true),
            _ => Ok(Vec::new()),
        }
    }

    /// Finds the break-even night (see the module docs for the precise definition).
    ///
    /// ```
    /// use refusion_core::Engine;
    /// use refusion_core::planning::pathway::BreakEvenQuery;
    /// let engine = Engine::new().unwrap();
    /// let q: BreakEvenQuery = refusion_core::model::read::from_json_str(r#"{
    ///   "citizen": {"birth_date": "1988-04-20"}, "admitted": "2026-06-01",
    ///   "daily_rate": "1400", "own_payment_per_night": "100",
    ///   "support": {"method": "m-act", "annual_cost": "104000"}, "horizon_years": 2
    /// }"#).unwrap();
    /// let b = engine.break_even(&q).unwrap();
    /// assert_eq!(b.municipality.unwrap().night, 126);
    /// assert_eq!(b.public_sector.unwrap().night, 162);
    /// ```
    pub fn break_even(&self, q: &BreakEvenQuery) -> Result<BreakEven, Error> {
        if !(1..=10).contains(&q.horizon_years) {
            return Err(Error::new(
                ErrorKind::Limit,
                "horizon_years",
                format!("{} is outside 1–10 years", q.horizon_years),
            ));
        }
        calendar::check_range(q.admitted).map_err(|e| e.at("admitted"))?;
        let horizon_end = calendar::add_years(q.admitted, q.horizon_years)?;
        calendar::check_range(horizon_end).map_err(|e| e.at("horizon_years"))?;
        let discharge = match q.discharge {
            Some(d) => d,
            None => calendar::add_days(q.admitted, 1)?,
        };
        if discharge <= q.admitted || discharge >= horizon_end {
            return Err(Error::new(
                ErrorKind::DateOrder,
                "discharge",
                format!(
                    "discharge {discharge} must lie after the admission {} and before the horizon end {horizon_end}",
                    q.admitted
                ),
            ));
        }
        if let Some(last) = q.earlier_stays.iter().map(|s| s.discharged).max() {
            if last > q.admitted {
                return Err(Error::new(
                    ErrorKind::Overlap,
                    "admitted",
                    format!(
                        "the admission {} is before an earlier stay ends ({last})",
                        q.admitted
                    ),
                ));
            }
        }
        let policy = self.resolve(&q.policy)?;
        let current = |to: Date| ShelterStay {
            admitted: q.admitted,
            discharged: to,
            daily_rate: q.daily_rate,
            own_payment_per_night: q.own_payment_per_night,
        };
        let base = Scenario {
            name: None,
            policy: q.policy.clone(),
            citizen: q.citizen.clone(),
            shelter_stays: q.earlier_stays.clone(),
            home_support: Vec::new(),
            temporary_housing: Vec::new(),
        };
        let earlier = q.earlier_stays.len();
        let is_new = |s: &Segment<'_>| !(s.kind == SpellKind::Shelter && s.spell < earlier);

        // The stay pathway through the whole horizon.
        let mut stay = base.clone();
        stay.shelter_stays.push(current(horizon_end));
        let stay_priced = price(&stay, &policy).map_err(|e| rename(e, earlier))?;
        // The support pathway.
        let mut support = base;
        support.shelter_stays.push(current(discharge));
        support.home_support.push(HomeSupport {
            method: q.support.method,
            start: discharge,
            end: horizon_end,
            annual_cost: q.support.annual_cost,
            decided_before_discharge: Some(q.support.decided_before_discharge),
            decided_on: None,
        });
        let support_priced = price(&support, &policy).map_err(|e| rename(e, earlier))?;

        let mut target = Sums::default();
        for s in support_priced.segments.iter().filter(|s| is_new(s)) {
            target.add(s.sums()?)?;
        }
        let mut whole = Sums::default();
        let stay_segments: Vec<&Segment<'_>> =
            stay_priced.segments.iter().filter(|s| is_new(s)).collect();
        for s in &stay_segments {
            whole.add(s.sums()?)?;
        }
        let municipal = |x: &Sums| -> Result<Exact, Error> {
            x.gross.checked_sub(x.citizen)?.checked_sub(x.refund)
        };
        let public = |x: &Sums| -> Result<Exact, Error> { x.gross.checked_sub(x.citizen) };
        let municipality =
            first_night_above(&stay_segments, q.admitted, municipal(&target)?, &municipal)?;
        let public_sector =
            first_night_above(&stay_segments, q.admitted, public(&target)?, &public)?;
        let target_totals = target.totals()?;
        let to_point = |found: Option<(i64, Sums)>,
                        target_cost: Money,
                        pick: fn(&Totals) -> Result<Money, Error>|
         -> Result<Option<BreakEvenPoint>, Error> {
            found
                .map(|(night, sums)| {
                    Ok(BreakEvenPoint {
                        night,
                        date: calendar::add_days(q.admitted, night.saturating_sub(1))?,
                        stay_cost: pick(&sums.totals()?)?,
                        support_cost: target_cost,
                    })
                })
                .transpose()
        };
        Ok(BreakEven {
            admitted: q.admitted,
            discharge,
            horizon_end,
            support_pathway: target_totals,
            stay_whole_horizon: whole.totals()?,
            municipality: to_point(municipality, target_totals.municipal_net, |t| {
                Ok(t.municipal_net)
            })?,
            public_sector: to_point(
                public_sector,
                target_totals.public_sector()?,
                Totals::public_sector,
            )?,
            stay_curve: curve(&stay_priced.segments, q.admitted, horizon_end, is_new)?,
            support_curve: curve(&support_priced.segments, q.admitted, horizon_end, is_new)?,
        })
    }
}

/// Errors about the synthesized current stay name the query's fields.
fn rename(e: Error, earlier: usize) -> Error {
    let field = e.field().to_string();
    let current = format!("shelter_stays[{earlier}]");
    if let Some(rest) = field.strip_prefix(&current) {
        let f = match rest {
            ".daily_rate" => "daily_rate",
            ".own_payment_per_night" => "own_payment_per_night",
            _ => "admitted",
        };
        e.at(f)
    } else if let Some(rest) = field.strip_prefix("shelter_stays") {
        e.at(format!("earlier_stays{rest}"))
    } else if field.starts_with("home_support[0]") {
        e.at(field.replace("home_support[0].annual_cost", "support.annual_cost"))
    } else {
        e
    }
}

/// The smallest night count whose cumulative cost (by `cost`) exceeds `target`, walking the
/// current stay's segments in order; with the exact sums at that night.
fn first_night_above(
    segments: &[&Segment<'_>],
    admitted: Date,
    target: Exact,
    cost: &dyn Fn(&Sums) -> Result<Exact, Error>,
) -> Result<Option<(i64, Sums)>, Error> {
    let mut acc = Sums::default();
    for s in segments
        .iter()
        .filter(|s| s.kind == SpellKind::Shelter && s.start >= admitted)
    {
        let mut seg = Sums::default();
        seg.add(s.sums()?)?;
        let before = cost(&acc)?;
        let after = cost(&acc.plus(&seg)?)?;
        if after.exact_cmp(target)? == std::cmp::Ordering::Greater {
            // Per-night values are exact: each segment has one rate, own payment and refund.
            let per_night = per_day(&seg, s.days)?;
            let gap = target.checked_sub(before)?;
            let step = cost(&per_night)?;
            // k nights into the segment: before + k·step > target.
            let estimate = if step.is_zero() {
                0
            } else {
                i64::try_from(gap.div_floor(step)?).unwrap_or(0)
            };
            let mut k = estimate.clamp(0, s.days);
            // Adjust the estimate to the exact smallest k.
            while k > 0
                && cost(&acc.plus(&scale(&per_night, k)?)?)?.exact_cmp(target)?
                    == std::cmp::Ordering::Greater
            {
                k -= 1;
            }
            while k < s.days
                && cost(&acc.plus(&scale(&per_night, k)?)?)?.exact_cmp(target)?
                    != std::cmp::Ordering::Greater
            {
                k += 1;
            }
            let nights_before = calendar::days_between(admitted, s.start);
            let sums = acc.plus(&scale(&per_night, k)?)?;
            return Ok(Some((nights_before.saturating_add(k), sums)));
        }
        acc = acc.plus(&seg)?;
    }
    Ok(None)
}

fn scale(a: &Sums, k: i64) -> Result<Sums, Error> {
    let mul = |e: Exact| e.checked_mul_int(k);
    Ok(Sums {
        gross: mul(a.gross)?,
        citizen: mul(a.citizen)?,
        refund: mul(a.refund)?,
    })
}

/// The per-day sums of a segment (exact: each segment has a constant daily cost).
fn per_day(seg: &Sums, days: i64) -> Result<Sums, Error> {
    let div = |e: Exact| e.checked_div_int(days);
    Ok(Sums {
        gross: div(seg.gross)?,
        citizen: div(seg.citizen)?,
        refund: div(seg.refund)?,
    })
}

/// Cumulative totals at every segment boundary within `[from, to]`.
fn curve(
    segments: &[Segment<'_>],
    from: Date,
    to: Date,
    include: impl Fn(&Segment<'_>) -> bool,
) -> Result<Vec<CurvePoint>, Error> {
    let chosen: Vec<&Segment<'_>> = segments.iter().filter(|s| include(s)).collect();
    let mut dates: Vec<Date> = vec![from, to];
    for s in &chosen {
        dates.push(s.start.clamp(from, to));
        dates.push(s.end.clamp(from, to));
    }
    dates.sort();
    dates.dedup();
    let mut per_days = Vec::with_capacity(chosen.len());
    for s in &chosen {
        let mut seg = Sums::default();
        seg.add(s.sums()?)?;
        per_days.push(per_day(&seg, s.days)?);
    }
    let mut out = Vec::with_capacity(dates.len());
    for d in dates {
        let mut acc = Sums::default();
        for (s, pd) in chosen.iter().zip(&per_days) {
            let elapsed = calendar::days_between(s.start, d).clamp(0, s.days);
            if elapsed > 0 {
                acc = acc.plus(&scale(pd, elapsed)?)?;
            }
        }
        out.push(CurvePoint {
            date: d,
            day: calendar::days_between(from, d),
            totals: acc.totals()?,
        });
    }
    Ok(out)
}
