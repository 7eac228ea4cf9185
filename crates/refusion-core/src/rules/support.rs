//! § 85 a home support and § 107 temporary housing, with the § 176 a refunds (R8–R10).
//!
//! * R10: the § 176 a clock runs from the **first** discharge from § 110 on or after the reform
//!   date. A readmission and a new discharge inside the period do not restart it; a discharge
//!   after the period has ended opens a new period. A same-day transfer between shelters
//!   (discharged X, admitted X) is not a discharge.
//! * R8: § 85 a support days in `[discharge, discharge + 2 years)` are refunded at 50 % if the
//!   support was decided before discharge (stk. 1 nr. 1) or came after a § 107 stay straight
//!   from the discharge (stk. 1 nr. 2); see [`crate::rules::decision`]. Support accrues
//!   `annual / 365` per day.
//! * R9: § 107 nights are refunded at 50 % "i op til 6 måneder inden for en periode på 1 år"
//!   after discharge, if decided before discharge. F is the first decided § 107 night in the
//!   period; the allowance is the days from F to F + 6 calendar months
//!   ([`calendar::add_months`]). Reading `cumulative` (default): decided nights inside the
//!   period are refunded in date order until they reach the allowance, so split stays add up.
//!   Reading `consecutive`: only nights in `[F, F + 6 months)`, and inside the period.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::scenario::{HomeSupport, ShelterStay, TemporaryStay};
use crate::rules::decision::Route;
use crate::rules::parameters::{MonthsReading, Parameters};
use crate::rules::segment::{next_cut, Reason, Segment, Sink, SpellKind};

/// The rule that the § 176 a periods run from the first discharge (R10). It has no parameter of
/// its own; the trace names it on every period.
pub const PERIOD_CLOCK_RULE: &str = "R10";

/// Which § 176 a refund a period is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum PeriodRule {
    /// § 85 a support (stk. 1).
    R8,
    /// § 107 temporary housing (stk. 2).
    R9,
}

impl std::fmt::Display for PeriodRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PeriodRule::R8 => "R8",
            PeriodRule::R9 => "R9",
        })
    }
}

/// A § 176 a refund period opened by a discharge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RefundPeriod {
    /// `R8` (§ 85 a support) or `R9` (§ 107 housing).
    pub rule: PeriodRule,
    /// The discharge that opened the period.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharge: Date,
    /// First day of the period (the discharge date).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the period.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// R9 only: the first refunded § 107 night.
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub refunded_start: Option<Date>,
    /// R9 only: under `consecutive`, the day after the last refundable § 107 night; under
    /// `cumulative`, the day after the last refunded one.
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub refunded_end: Option<Date>,
    /// R9 only: the nights that may be refunded in the period (the days from the first decided
    /// night to six months later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub allowance: Option<u32>,
    /// R9 only: the decided § 107 nights refunded in the period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub refunded_nights: Option<u32>,
}

/// The discharges from § 110 that can open a § 176 a period, into `out`: on or after the
/// reform date, and not a same-day transfer to another shelter.
pub(crate) fn discharges(
    stays: &[ShelterStay],
    order: &[usize],
    reform: Date,
    out: &mut Vec<Date>,
) {
    out.clear();
    let mut iter = order.iter().filter_map(|&i| stays.get(i)).peekable();
    while let Some(s) = iter.next() {
        let transfer = iter
            .peek()
            .is_some_and(|next| next.admitted == s.discharged);
        if !transfer && s.discharged >= reform {
            out.push(s.discharged);
        }
    }
}

/// Periods of `length` from the first discharge, into `out`; later discharges inside a period
/// are ignored.
fn periods(
    discharges: &[Date],
    rule: PeriodRule,
    length: impl Fn(Date) -> Result<Date, Error>,
    out: &mut Vec<RefundPeriod>,
) -> Result<(), Error> {
    out.clear();
    for &d in discharges {
        if out.last().is_some_and(|p| d < p.end) {
            continue;
        }
        let end = length(d)?;
        if end <= d {
            continue; // a zero-length period refunds nothing
        }
        out.push(RefundPeriod {
            rule,
            discharge: d,
            start: d,
            end,
            refunded_start: None,
            refunded_end: None,
            allowance: None,
            refunded_nights: None,
        });
    }
    Ok(())
}

fn containing(
    periods: &[RefundPeriod],
    t: Date,
    span: impl Fn(&RefundPeriod) -> Option<(Date, Date)>,
) -> (Option<usize>, Option<Date>) {
    let mut next_start = None;
    for (i, p) in periods.iter().enumerate() {
        if let Some((s, e)) = span(p) {
            if s <= t && t < e {
                return (Some(i), Some(e));
            }
            if s > t && next_start.is_none() {
                next_start = Some(s);
            }
        }
    }
    (None, next_start)
}

/// Prices § 85 a support (R8, R10) into `out`, with the § 85 a periods into `periods`.
pub(crate) fn price_support<'p>(
    supports: &[HomeSupport],
    order: &[usize],
    routes: &[Option<Route>],
    discharges: &[Date],
    params: &'p Parameters,
    out: &mut impl Sink<'p>,
    periods_out: &mut Vec<RefundPeriod>,
) -> Result<(), Error> {
    let years = params.support_refund_years.value;
    periods(
        discharges,
        PeriodRule::R8,
        |d| calendar::add_years(d, years),
        periods_out,
    )?;
    let periods: &[RefundPeriod] = periods_out;
    let rates = &params.support_refund_rate;
    for &i in order {
        let (Some(s), Some(&route)) = (supports.get(i), routes.get(i)) else {
            continue;
        };
        let annual = s
            .annual_cost
            .micro()
            .map_err(|e| e.at(format!("home_support[{i}].annual_cost")))?;
        let mut t = s.start;
        while t < s.end {
            let year_end = Some(calendar::next_new_year(t)?);
            // The rate step in force on `t` and the date it changes, in one pass.
            let (step, rate_next) = rates.span_at(t);
            let segment = if let Some(route) = route {
                let (inside, cut) = containing(periods, t, |p| Some((p.start, p.end)));
                match inside {
                    None => {
                        let end = next_cut(t, s.end, &[year_end, cut]);
                        let reason = Reason::SupportOutsidePeriod {
                            years,
                            years_from: params.support_refund_years.provenance(),
                        };
                        Segment::support_days(i, (t, end), annual, None, reason)
                    }
                    Some(period) => {
                        let rate_from = rates.provenance(step);
                        let end = next_cut(t, s.end, &[year_end, cut, rate_next]);
                        if step.value.is_zero() {
                            let reason = Reason::SupportRateZero { period, rate_from };
                            Segment::support_days(i, (t, end), annual, None, reason)
                        } else {
                            let reason = Reason::SupportRefunded {
                                period,
                                route,
                                rate: step.value,
                                rate_from,
                            };
                            Segment::support_days(i, (t, end), annual, Some(step.value), reason)
                        }
                    }
                }
            } else {
                let end = next_cut(t, s.end, &[year_end, rate_next]);
                let reason = Reason::SupportNotDecided {
                    rate_from: rates.provenance(step),
                };
                Segment::support_days(i, (t, end), annual, None, reason)
            };
            t = segment.end;
            out.take(segment)?;
        }
    }
    Ok(())
}

/// Prices § 107 temporary housing (R9, R10) into `out`, with the § 107 periods into `periods`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn price_temporary<'p>(
    stays: &[TemporaryStay],
    order: &[usize],
    decided: &[bool],
    amounts: &[(i128, i128)],
    discharges: &[Date],
    params: &'p Parameters,
    out: &mut impl Sink<'p>,
    periods_out: &mut Vec<RefundPeriod>,
) -> Result<(), Error> {
    periods_out.clear();
    if stays.is_empty() {
        return Ok(());
    }
    let within = params.temporary_housing_refund_within_years.value;
    let months = params.temporary_housing_refund_months.value;
    let reading = params.temporary_housing_months_reading.value;
    periods(
        discharges,
        PeriodRule::R9,
        |d| calendar::add_years(d, within),
        periods_out,
    )?;
    let is_decided = |i: usize| decided.get(i).copied().unwrap_or(false);
    // F: the first decided § 107 night inside the period; the allowance runs to F + 6 months.
    for p in periods_out.iter_mut() {
        let first = order
            .iter()
            .filter(|&&i| is_decided(i))
            .filter_map(|&i| stays.get(i))
            .filter(|s| s.start < p.end && s.end > p.start)
            .map(|s| s.start.max(p.start))
            .next();
        if let Some(f) = first {
            let six = calendar::add_months(f, months)?;
            p.refunded_start = Some(f);
            p.allowance = Some(u32::try_from(calendar::days_between(f, six)).unwrap_or(u32::MAX));
            p.refunded_nights = Some(0);
            if reading == MonthsReading::Consecutive {
                p.refunded_end = Some(six.min(p.end));
            }
        }
    }
    let span = |p: &RefundPeriod| match (reading, p.refunded_start, p.refunded_end) {
        (MonthsReading::Consecutive, Some(s), Some(e)) if s < e => Some((s, e)),
        (MonthsReading::Cumulative, Some(_), _) => Some((p.start, p.end)),
        _ => None,
    };
    for &i in order {
        let (Some(s), Some(&amounts)) = (stays.get(i), amounts.get(i)) else {
            continue;
        };
        let mut t = s.start;
        while t < s.end {
            let year_end = Some(calendar::next_new_year(t)?);
            let segment = if is_decided(i) {
                let (inside, cut) = containing(periods_out, t, span);
                // Under `cumulative`, the nights left of the period's allowance.
                let left = inside.and_then(|k| periods_out.get(k)).and_then(|p| {
                    match (reading, p.allowance, p.refunded_nights) {
                        (MonthsReading::Cumulative, Some(a), Some(used)) => {
                            Some(a.saturating_sub(used))
                        }
                        _ => None,
                    }
                });
                match (inside, left) {
                    (None, _) => {
                        let end = next_cut(t, s.end, &[year_end, cut]);
                        let reason = Reason::TemporaryOutsidePeriod {
                            months,
                            months_from: params.temporary_housing_refund_months.provenance(),
                            within_years: within,
                        };
                        temporary_segment(i, (t, end), amounts, None, reason)
                    }
                    (Some(period), Some(0)) => {
                        let end = next_cut(t, s.end, &[year_end, cut]);
                        let reason = Reason::TemporaryAllowanceUsed {
                            period,
                            reading_from: params.temporary_housing_months_reading.provenance(),
                        };
                        temporary_segment(i, (t, end), amounts, None, reason)
                    }
                    (Some(period), left) => {
                        let step = params.temporary_housing_refund_rate.at(t);
                        let rate_from = params.temporary_housing_refund_rate.provenance(step);
                        let used_up = match left {
                            Some(n) => Some(calendar::add_days(t, i64::from(n))?),
                            None => None,
                        };
                        let end = next_cut(
                            t,
                            s.end,
                            &[
                                year_end,
                                cut,
                                used_up,
                                params.temporary_housing_refund_rate.next_change_after(t),
                            ],
                        );
                        let segment = if step.value.is_zero() {
                            let reason = Reason::TemporaryRateZero { period, rate_from };
                            temporary_segment(i, (t, end), amounts, None, reason)
                        } else {
                            let reason = Reason::TemporaryRefunded {
                                period,
                                rate: step.value,
                                rate_from,
                            };
                            temporary_segment(i, (t, end), amounts, Some(step.value), reason)
                        };
                        if let Some(p) = periods_out.get_mut(period) {
                            let nights = u32::try_from(segment.days).unwrap_or(u32::MAX);
                            p.refunded_nights =
                                Some(p.refunded_nights.unwrap_or(0).saturating_add(nights));
                            if reading == MonthsReading::Cumulative {
                                p.refunded_end = Some(end);
                            }
                        }
                        segment
                    }
                }
            } else {
                let end = next_cut(
                    t,
                    s.end,
                    &[
                        year_end,
                        params.temporary_housing_refund_rate.next_change_after(t),
                    ],
                );
                let step = params.temporary_housing_refund_rate.at(t);
                let reason = Reason::TemporaryNotDecided {
                    rate_from: params.temporary_housing_refund_rate.provenance(step),
                };
                temporary_segment(i, (t, end), amounts, None, reason)
            };
            t = segment.end;
            out.take(segment)?;
        }
    }
    Ok(())
}

fn temporary_segment<'p>(
    spell: usize,
    span: (Date, Date),
    amounts: (i128, i128),
    rate: Option<crate::model::money::Rate>,
    reason: Reason<'p>,
) -> Segment<'p> {
    Segment::nights(
        SpellKind::TemporaryHousing,
        spell,
        span,
        amounts,
        rate,
        reason,
    )
}
