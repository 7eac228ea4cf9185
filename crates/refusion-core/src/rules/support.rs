//! § 85 a home support and § 107 temporary housing, with the § 176 a refunds (R8–R10).
//!
//! * R10: the § 176 a clock runs from the **first** discharge from § 110 on or after the reform
//!   date. A readmission and a new discharge inside the period do not restart it; a discharge
//!   after the period has ended opens a new period. A same-day transfer between shelters
//!   (discharged X, admitted X) is not a discharge.
//! * R8: § 85 a support days in `[discharge, discharge + 2 years)` are refunded at 50 % if the
//!   support was decided before discharge. Support accrues `annual / 365` per day.
//! * R9: § 107 nights are refunded at 50 % for up to 6 months within 1 year after discharge, if
//!   decided before discharge. Convention: the 6 months run from the first decided § 107 night
//!   in the period (calendar months, see [`calendar::add_months`]) and end no later than the
//!   period.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::scenario::{HomeSupport, ShelterStay, TemporaryStay};
use crate::rules::parameters::Parameters;
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
    /// R9 only: the day after the last refundable § 107 night.
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub refunded_end: Option<Date>,
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
    for &i in order {
        let Some(s) = supports.get(i) else { continue };
        let annual = s
            .annual_cost
            .micro()
            .map_err(|e| e.at(format!("home_support[{i}].annual_cost")))?;
        let mut t = s.start;
        while t < s.end {
            let year_end = Some(calendar::next_new_year(t)?);
            let segment = if s.decided_before_discharge {
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
                        let step = params.support_refund_rate.at(t);
                        let rate_from = params.support_refund_rate.provenance(step);
                        let end = next_cut(
                            t,
                            s.end,
                            &[
                                year_end,
                                cut,
                                params.support_refund_rate.next_change_after(t),
                            ],
                        );
                        if step.value.is_zero() {
                            let reason = Reason::SupportRateZero { period, rate_from };
                            Segment::support_days(i, (t, end), annual, None, reason)
                        } else {
                            let reason = Reason::SupportRefunded {
                                period,
                                rate: step.value,
                                rate_from,
                            };
                            Segment::support_days(i, (t, end), annual, Some(step.value), reason)
                        }
                    }
                }
            } else {
                let end = next_cut(
                    t,
                    s.end,
                    &[year_end, params.support_refund_rate.next_change_after(t)],
                );
                let step = params.support_refund_rate.at(t);
                let reason = Reason::SupportNotDecided {
                    rate_from: params.support_refund_rate.provenance(step),
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
pub(crate) fn price_temporary<'p>(
    stays: &[TemporaryStay],
    order: &[usize],
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
    periods(
        discharges,
        PeriodRule::R9,
        |d| calendar::add_years(d, within),
        periods_out,
    )?;
    // The refunded months start at the first decided § 107 night inside the period.
    for p in periods_out.iter_mut() {
        let first = order
            .iter()
            .filter_map(|&i| stays.get(i))
            .filter(|s| s.decided_before_discharge && s.start < p.end && s.end > p.start)
            .map(|s| s.start.max(p.start))
            .next();
        if let Some(f) = first {
            p.refunded_start = Some(f);
            p.refunded_end = Some(calendar::add_months(f, months)?.min(p.end));
        }
    }
    let span = |p: &RefundPeriod| match (p.refunded_start, p.refunded_end) {
        (Some(s), Some(e)) if s < e => Some((s, e)),
        _ => None,
    };
    for &i in order {
        let (Some(s), Some(&amounts)) = (stays.get(i), amounts.get(i)) else {
            continue;
        };
        let mut t = s.start;
        while t < s.end {
            let year_end = Some(calendar::next_new_year(t)?);
            let segment = if s.decided_before_discharge {
                let (inside, cut) = containing(periods_out, t, span);
                match inside {
                    None => {
                        let end = next_cut(t, s.end, &[year_end, cut]);
                        let reason = Reason::TemporaryOutsidePeriod {
                            months,
                            months_from: params.temporary_housing_refund_months.provenance(),
                            within_years: within,
                        };
                        temporary_segment(i, (t, end), amounts, None, reason)
                    }
                    Some(period) => {
                        let step = params.temporary_housing_refund_rate.at(t);
                        let rate_from = params.temporary_housing_refund_rate.provenance(step);
                        let end = next_cut(
                            t,
                            s.end,
                            &[
                                year_end,
                                cut,
                                params.temporary_housing_refund_rate.next_change_after(t),
                            ],
                        );
                        if step.value.is_zero() {
                            let reason = Reason::TemporaryRateZero { period, rate_from };
                            temporary_segment(i, (t, end), amounts, None, reason)
                        } else {
                            let reason = Reason::TemporaryRefunded {
                                period,
                                rate: step.value,
                                rate_from,
                            };
                            temporary_segment(i, (t, end), amounts, Some(step.value), reason)
                        }
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
