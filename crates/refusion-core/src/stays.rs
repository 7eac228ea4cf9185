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

use serde::{Deserialize, Serialize};

use crate::calendar::{self, Date};
use crate::error::Error;
use crate::parameters::{CapBasis, Parameters, WindowMode, OVERRIDE_SOURCE};
use crate::scenario::ShelterStay;
use crate::segment::{next_cut, CapOrigin, Provenance, Reason, Segment, SpellKind};

/// A refund window (R4) and how many of its nights were refunded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundWindow {
    /// The first day of the window.
    #[serde(with = "calendar::iso")]
    pub start: Date,
    /// The day after the window (one year after `start`).
    #[serde(with = "calendar::iso")]
    pub end: Date,
    /// Shelter nights in the window.
    pub nights: i64,
    /// Refunded shelter nights in the window.
    pub refunded_nights: i64,
    /// The largest cap in force on any of the window's nights.
    pub max_cap: u32,
}

/// One step of the cap schedule, as a date.
#[derive(Clone, Copy, Debug)]
struct CapStep<'p> {
    from: Date,
    value: u32,
    rule: &'static str,
    origin: CapOrigin,
    provenance: Provenance<'p>,
}

/// The cap as a step function of the night's date (age steps become birthdays).
struct CapSchedule<'p> {
    head: CapStep<'p>,
    tail: Vec<CapStep<'p>>,
}

impl<'p> CapSchedule<'p> {
    fn build(params: &'p Parameters, birth: Date) -> Result<Option<CapSchedule<'p>>, Error> {
        let mut steps: Vec<CapStep<'p>> = Vec::new();
        match params.cap_basis.value {
            CapBasis::None => return Ok(None),
            CapBasis::Date => {
                for (i, s) in params.cap_nights.steps().enumerate() {
                    let rule = if s.source == OVERRIDE_SOURCE {
                        "R2/R3 (override)"
                    } else if i == 0 {
                        "R2"
                    } else {
                        "R3"
                    };
                    steps.push(CapStep {
                        from: s.from,
                        value: s.value,
                        rule,
                        origin: CapOrigin::Date(s.from),
                        provenance: Provenance {
                            from: s.from,
                            source: &s.source,
                        },
                    });
                }
            }
            CapBasis::Age => {
                for s in &params.cap_nights_by_age {
                    let from = calendar::birthday(birth, s.from_age)?;
                    steps.push(CapStep {
                        from,
                        value: s.value,
                        rule: if s.source == OVERRIDE_SOURCE {
                            "age-26 (override)"
                        } else {
                            "age-26"
                        },
                        origin: CapOrigin::Age(s.from_age),
                        provenance: Provenance {
                            from,
                            source: &s.source,
                        },
                    });
                }
            }
        }
        let mut iter = steps.into_iter();
        Ok(iter.next().map(|head| CapSchedule {
            head,
            tail: iter.collect(),
        }))
    }

    fn at(&self, night: Date) -> &CapStep<'p> {
        self.tail
            .iter()
            .take_while(|s| s.from <= night)
            .last()
            .unwrap_or(&self.head)
    }

    fn next_change_after(&self, night: Date) -> Option<Date> {
        std::iter::once(&self.head)
            .chain(self.tail.iter())
            .map(|s| s.from)
            .find(|d| *d > night)
    }

    fn max_between(&self, start: Date, end: Date) -> u32 {
        let mut max = self.at(start).value;
        for s in &self.tail {
            if s.from > start && s.from < end {
                max = max.max(s.value);
            }
        }
        max
    }
}

/// Tracks the current window.
struct Windows {
    mode: WindowMode,
    /// The first night on or after the reform (fixed mode anchor).
    anchor: Option<Date>,
    list: Vec<RefundWindow>,
    /// Anniversary number of the last window (fixed mode).
    last_k: Option<u32>,
}

impl Windows {
    /// The index of the window that holds night `t`, opening one if needed.
    fn for_night(&mut self, t: Date, cap: &CapSchedule<'_>) -> Result<usize, Error> {
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

/// Prices the § 110 stays (taken in chronological `order`) into `out` and returns the refund
/// windows.
pub(crate) fn price_stays<'p>(
    stays: &[ShelterStay],
    order: &[usize],
    birth: Date,
    params: &'p Parameters,
    out: &mut Vec<Segment<'p>>,
) -> Result<Vec<RefundWindow>, Error> {
    let reform = params.reform_date.value.0;
    let reform_provenance = Provenance {
        from: params.reform_date.from,
        source: &params.reform_date.source,
    };
    let cap = CapSchedule::build(params, birth)?;
    let anchor = order
        .iter()
        .filter_map(|&i| stays.get(i))
        .find(|s| s.discharged > reform)
        .map(|s| s.admitted.max(reform));
    let mut windows = Windows {
        mode: params.window_mode.value,
        anchor,
        list: Vec::new(),
        last_k: None,
    };

    for &i in order {
        let Some(stay) = stays.get(i) else { continue };
        let mut t = stay.admitted;
        while t < stay.discharged {
            let year_end = calendar::next_new_year(t)?;
            let rate_step = params.refund_rate.at(t);
            let rate = rate_step.value;
            let rate_from = Provenance {
                from: rate_step.from,
                source: &rate_step.source,
            };
            let rate_next = params.refund_rate.next_change_after(t);
            let segment = match &cap {
                None => {
                    let end = next_cut(t, stay.discharged, &[Some(year_end), rate_next]);
                    let reason = Reason::ShelterNoCap { rate, rate_from };
                    night_segment(i, t, end, stay, Some(rate), reason)?
                }
                Some(_) if t < reform => {
                    let end = next_cut(
                        t,
                        stay.discharged,
                        &[Some(year_end), rate_next, Some(reform)],
                    );
                    let reason = Reason::ShelterBeforeReform {
                        rate,
                        rate_from,
                        reform: reform_provenance,
                    };
                    night_segment(i, t, end, stay, Some(rate), reason)?
                }
                Some(cap) => {
                    let w = windows.for_night(t, cap)?;
                    let window_end = windows.list.get(w).map(|x| x.end);
                    let refunded_so_far = windows.list.get(w).map_or(0, |x| x.refunded_nights);
                    let step = cap.at(t);
                    let mut end = next_cut(
                        t,
                        stay.discharged,
                        &[
                            Some(year_end),
                            rate_next,
                            window_end,
                            cap.next_change_after(t),
                        ],
                    );
                    let available = i64::from(step.value).saturating_sub(refunded_so_far);
                    let segment = if available > 0 {
                        if available < calendar::days_between(t, end) {
                            end = calendar::add_days(t, available)?;
                        }
                        let reason = Reason::ShelterWithinCap {
                            window: w,
                            cap: step.value,
                            cap_rule: step.rule,
                            cap_origin: step.origin,
                            cap_from: step.provenance,
                            rate,
                            rate_from,
                        };
                        night_segment(i, t, end, stay, Some(rate), reason)?
                    } else {
                        let reason = Reason::ShelterCapReached {
                            window: w,
                            cap: step.value,
                            cap_rule: step.rule,
                            cap_origin: step.origin,
                            cap_from: step.provenance,
                        };
                        night_segment(i, t, end, stay, None, reason)?
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
            out.push(segment);
        }
    }
    Ok(windows.list)
}

fn night_segment<'p>(
    spell: usize,
    start: Date,
    end: Date,
    stay: &ShelterStay,
    refund_rate: Option<crate::money::Rate>,
    reason: Reason<'p>,
) -> Result<Segment<'p>, Error> {
    Segment::nights(
        SpellKind::Shelter,
        spell,
        start,
        end,
        stay.daily_rate,
        stay.own_payment_per_night,
        refund_rate,
        reason,
    )
}
