//! § 110 shelter stays: gross cost, own payment, and the state refund with its cap (R1–R7).
//!
//! * R6: the refund base of a night is the rate minus the citizen's own payment.
//! * R5: nights before the reform date are refunded at the refund rate without a cap and do not
//!   count toward any window.
//! * R2/R3/R4: from the reform date, a night is refunded if fewer than `cap(night)` nights have
//!   been refunded so far in the current window. `cap(night)` is the value in force on that
//!   night: by date (statutory: 120, then 90 for nights from 2026-04-01), or by the citizen's
//!   age on that night (the age-26 reading).
//! * Windows last one year. In `next-admission` mode the first night on or after the reform
//!   opens one, and when it has ended the next shelter night opens the next (mid-stay or at a
//!   later admission). In `fixed-anniversaries` mode the windows are the consecutive
//!   anniversaries of the first night on or after the reform.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::money::Rate;
use crate::model::scenario::ShelterStay;
use crate::rules::parameters::{CapBasis, Parameters, Step, WindowMode};
use crate::rules::segment::{CapOrigin, Provenance, Reason, Segment, Sink, SpellKind};

/// A refund window (R4) and how many of its nights were refunded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RefundWindow {
    /// The first day of the window.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the window (one year after `start`).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Shelter nights in the window.
    pub nights: i64,
    /// Refunded shelter nights in the window.
    pub refunded_nights: i64,
    /// The largest cap in force on any of the window's nights.
    pub max_cap: u32,
}

/// The rule that makes the refund base the rate minus the own payment (R6). It has no
/// parameter; the trace cites its sources on every refunded § 110 line.
pub const REFUND_BASE_RULE: &str = "R6";

/// One step of the cap schedule, as a date.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CapStep<'p> {
    from: Date,
    value: u32,
    origin: CapOrigin,
    provenance: Provenance<'p>,
}

/// The cap as a step function of the night's date (age steps become birthdays); never empty.
struct CapSchedule<'a, 'p> {
    steps: &'a [CapStep<'p>],
}

/// The cap steps of the last citizen priced, kept between citizens: steps by date do not
/// depend on the citizen, so under one policy they are built once (age steps, whose dates are
/// birthdays, are built for every citizen).
#[derive(Clone, Debug, Default)]
pub(crate) struct CapSteps<'p> {
    steps: Vec<CapStep<'p>>,
    /// The parameters `steps` were built from by date, if they were.
    by_date: Option<&'p Parameters>,
}

/// Fills `buf` with the cap steps for a citizen born on `birth`; false when there is no cap.
fn fill_cap_steps<'p>(
    params: &'p Parameters,
    birth: Date,
    cache: &mut CapSteps<'p>,
) -> Result<bool, Error> {
    if params.cap_basis.value == CapBasis::Date
        && cache.by_date.is_some_and(|p| std::ptr::eq(p, params))
    {
        return Ok(!cache.steps.is_empty());
    }
    cache.by_date = None;
    let buf = &mut cache.steps;
    buf.clear();
    match params.cap_basis.value {
        CapBasis::None => return Ok(false),
        CapBasis::Date => {
            for s in params.cap_nights.steps() {
                buf.push(CapStep {
                    from: s.from,
                    value: s.value,
                    origin: CapOrigin::Date(s.from),
                    provenance: params.cap_nights.provenance(s),
                });
            }
            cache.by_date = Some(params);
        }
        CapBasis::Age => {
            let steps: Vec<_> = params.cap_nights_by_age.iter().collect();
            for (i, s) in steps.iter().enumerate() {
                let from = calendar::birthday(birth, s.from_age)?;
                buf.push(CapStep {
                    from,
                    value: s.value,
                    origin: CapOrigin::Age {
                        from: s.from_age,
                        next: steps.get(i + 1).map(|n| n.from_age),
                    },
                    provenance: params.cap_nights_by_age.provenance(s, from),
                });
            }
        }
    }
    Ok(!buf.is_empty())
}

impl<'p> CapSchedule<'_, 'p> {
    /// [`CapSchedule::at`] and [`CapSchedule::next_change_after`] in one pass.
    #[inline]
    fn span_at(&self, night: Date) -> Option<(&CapStep<'p>, Option<Date>)> {
        let mut pick = self.steps.first()?;
        for s in self.steps {
            if s.from <= night {
                pick = s;
            } else {
                return Some((pick, Some(s.from)));
            }
        }
        Some((pick, None))
    }

    fn at(&self, night: Date) -> Option<&CapStep<'p>> {
        let mut pick = self.steps.first();
        for s in self.steps {
            if s.from <= night {
                pick = Some(s);
            } else {
                break;
            }
        }
        pick
    }

    fn max_between(&self, start: Date, end: Date) -> u32 {
        let mut max = self.at(start).map_or(0, |s| s.value);
        for s in self.steps {
            if s.from > start && s.from < end {
                max = max.max(s.value);
            }
        }
        max
    }
}

/// Tracks the current window.
struct Windows<'w> {
    mode: WindowMode,
    /// The first night on or after the reform (fixed mode anchor).
    anchor: Option<Date>,
    list: &'w mut Vec<RefundWindow>,
    /// Anniversary number of the last window (fixed mode).
    last_k: Option<u32>,
}

impl Windows<'_> {
    /// The index of the window that holds night `t`, opening one if needed.
    #[inline]
    fn for_night(&mut self, t: Date, cap: &CapSchedule<'_, '_>) -> Result<usize, Error> {
        // Most nights fall in the window already open: in `next-admission` mode, any night
        // before its end; in `fixed-anniversaries` mode, a night inside it (the anniversary
        // windows are consecutive, so it is the window of the night's anniversary).
        if let Some(w) = self.list.last() {
            let current = match self.mode {
                WindowMode::NextAdmission => t < w.end,
                WindowMode::FixedAnniversaries => {
                    self.last_k.is_some() && w.start <= t && t < w.end
                }
            };
            if current {
                return Ok(self.list.len().saturating_sub(1));
            }
        }
        self.open_for_night(t, cap)
    }

    /// [`Windows::for_night`] when the night may need another window.
    #[inline(never)]
    fn open_for_night(&mut self, t: Date, cap: &CapSchedule<'_, '_>) -> Result<usize, Error> {
        let open_new = match self.mode {
            WindowMode::NextAdmission => self.list.last().is_none_or(|w| t >= w.end),
            WindowMode::FixedAnniversaries => {
                let anchor = self.anchor.unwrap_or(t);
                let k = anniversary_index(anchor, t)?;
                if self.last_k == Some(k) {
                    false
                } else {
                    let start = calendar::add_years(anchor, k)?;
                    let end = calendar::add_years(anchor, k.saturating_add(1))?;
                    self.last_k = Some(k);
                    self.list.push(RefundWindow {
                        start,
                        end,
                        nights: 0,
                        refunded_nights: 0,
                        max_cap: cap.max_between(start, end),
                    });
                    return Ok(self.list.len().saturating_sub(1));
                }
            }
        };
        if open_new {
            let end = calendar::add_years(t, 1)?;
            self.list.push(RefundWindow {
                start: t,
                end,
                nights: 0,
                refunded_nights: 0,
                max_cap: cap.max_between(t, end),
            });
        }
        Ok(self.list.len().saturating_sub(1))
    }
}

/// The anniversary number `k` with `anchor + k years <= t < anchor + (k+1) years`.
fn anniversary_index(anchor: Date, t: Date) -> Result<u32, Error> {
    use chrono::Datelike;
    let diff = t.year().saturating_sub(anchor.year()).max(0);
    let mut k = u32::try_from(diff).unwrap_or(0);
    while k > 0 && calendar::add_years(anchor, k)? > t {
        k -= 1;
    }
    Ok(k)
}

/// Prices the § 110 stays (taken in chronological `order`) into `out`, and the refund windows
/// into `windows` (both cleared first by the caller; `cap_buf` is scratch).
#[allow(clippy::too_many_arguments)]
pub(crate) fn price_stays<'p>(
    stays: &[ShelterStay],
    order: &[usize],
    amounts: &[(i128, i128)],
    birth: Date,
    params: &'p Parameters,
    out: &mut impl Sink<'p>,
    windows: &mut Vec<RefundWindow>,
    cap_steps: &mut CapSteps<'p>,
) -> Result<(), Error> {
    let reform = params.reform_date.value.0;
    let reform_provenance = params.reform_date.provenance();
    let capped = fill_cap_steps(params, birth, cap_steps)?;
    let cap = if capped {
        Some(CapSchedule {
            steps: &cap_steps.steps,
        })
    } else {
        None
    };
    let mode = params.window_mode.value;
    // Only fixed anniversaries count from an anchor.
    let anchor = match mode {
        WindowMode::NextAdmission => None,
        WindowMode::FixedAnniversaries => order
            .iter()
            .filter_map(|&i| stays.get(i))
            .find(|s| s.discharged > reform)
            .map(|s| s.admitted.max(reform)),
    };
    let mut windows = Windows {
        mode,
        anchor,
        list: windows,
        last_k: None,
    };

    // What holds over a run of nights is looked up once for the run, not night by night or
    // segment by segment: the year (and its end), the refund rate step and the cap step.
    let mut year: Option<(i32, Date)> = None;
    let mut rate_held: Held<&'p Step<Rate>> = Held::default();
    let mut cap_held: Held<&CapStep<'p>> = Held::default();
    for &i in order {
        let (Some(stay), Some(&amounts)) = (stays.get(i), amounts.get(i)) else {
            continue;
        };
        let mut t = stay.admitted;
        while t < stay.discharged {
            let year_end = match year {
                Some((y, end)) if y == t.year() => end,
                _ => {
                    let end = calendar::next_new_year(t)?;
                    year = Some((t.year(), end));
                    end
                }
            };
            let (rate_step, rate_next) = rate_held.get(t, |t| Some(params.refund_rate.span_at(t)));
            let Some(rate_step) = rate_step else { break };
            let rate = rate_step.value;
            let rate_from = params.refund_rate.provenance(rate_step);
            let segment = match &cap {
                None => {
                    let end = cut(t, cut(t, stay.discharged, Some(year_end)), rate_next);
                    let reason = Reason::ShelterNoCap { rate, rate_from };
                    night_segment(i, t, end, amounts, Some(rate), reason)
                }
                Some(_) if t < reform => {
                    let end = cut(t, cut(t, stay.discharged, Some(year_end)), rate_next);
                    let end = cut(t, end, Some(reform));
                    let reason = Reason::ShelterBeforeReform {
                        rate,
                        rate_from,
                        reform: reform_provenance,
                        reform_date: reform,
                    };
                    night_segment(i, t, end, amounts, Some(rate), reason)
                }
                Some(cap) => {
                    let w = windows.for_night(t, cap)?;
                    let window_end = windows.list.get(w).map(|x| x.end);
                    let refunded_so_far = windows.list.get(w).map_or(0, |x| x.refunded_nights);
                    let (step, cap_next) = cap_held.get(t, |t| cap.span_at(t));
                    let Some(step) = step else { break };
                    let mut end = cut(t, cut(t, stay.discharged, Some(year_end)), rate_next);
                    end = cut(t, cut(t, end, window_end), cap_next);
                    let available = i64::from(step.value).saturating_sub(refunded_so_far);
                    let segment = if available > 0 {
                        if available < calendar::days_between(t, end) {
                            end = calendar::add_days(t, available)?;
                        }
                        let reason = Reason::ShelterWithinCap {
                            window: w,
                            cap: step.value,
                            cap_origin: step.origin,
                            cap_from: step.provenance,
                            rate,
                            rate_from,
                        };
                        night_segment(i, t, end, amounts, Some(rate), reason)
                    } else {
                        let reason = Reason::ShelterCapReached {
                            window: w,
                            cap: step.value,
                            cap_origin: step.origin,
                            cap_from: step.provenance,
                        };
                        night_segment(i, t, end, amounts, None, reason)
                    };
                    if let Some(win) = windows.list.get_mut(w) {
                        win.nights = win.nights.saturating_add(segment.days);
                        win.refunded_nights =
                            win.refunded_nights.saturating_add(segment.refunded_days);
                    }
                    segment
                }
            };
            t = segment.end;
            out.take(segment)?;
        }
    }
    Ok(())
}

/// A value looked up for a night that holds for every later night up to (not including)
/// `until`, kept until a night falls outside `[from, until)`.
struct Held<V> {
    value: Option<(Date, Option<Date>, V)>,
}

impl<V> Default for Held<V> {
    fn default() -> Self {
        Held { value: None }
    }
}

impl<V: Copy> Held<V> {
    /// The value for night `t` and the date it changes, from `look` when `t` is outside the
    /// range of the value held.
    #[inline(always)]
    fn get(
        &mut self,
        t: Date,
        look: impl FnOnce(Date) -> Option<(V, Option<Date>)>,
    ) -> (Option<V>, Option<Date>) {
        if let Some((from, until, v)) = self.value {
            if from <= t && until.is_none_or(|u| t < u) {
                return (Some(v), until);
            }
        }
        match look(t) {
            Some((v, until)) => {
                self.value = Some((t, until, v));
                (Some(v), until)
            }
            None => (None, None),
        }
    }
}

/// `end`, or `d` when it is earlier and after `t` (a segment from `t` ends at the first change).
#[inline(always)]
fn cut(t: Date, end: Date, d: Option<Date>) -> Date {
    match d {
        Some(d) if d > t => end.min(d),
        _ => end,
    }
}

fn night_segment<'p>(
    spell: usize,
    start: Date,
    end: Date,
    amounts: (i128, i128),
    refund_rate: Option<crate::model::money::Rate>,
    reason: Reason<'p>,
) -> Segment<'p> {
    Segment::nights(
        SpellKind::Shelter,
        spell,
        (start, end),
        amounts,
        refund_rate,
        reason,
    )
}
