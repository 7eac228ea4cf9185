//! The night-by-night reference: the simplest, obviously correct reading of the rules
//! (domain.md §2–§3 and docs/conventions.md). It walks every single night and support day and
//! shares no rule code with the engine; it only reads the resolved parameter values.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use refusion_core::rules::parameters::{CapBasis, MonthsReading, Parameters, WindowMode};
use refusion_core::{Rate, Scenario};
use rust_decimal::{Decimal, RoundingStrategy};

type Date = NaiveDate;

/// Exact sums by payer: whole kroner plus a numerator over 365 for support days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sum {
    pub whole: Decimal,
    pub per_365: Decimal,
}

impl Sum {
    fn add_whole(&mut self, x: Decimal) {
        self.whole += x;
    }
    fn add_per_365(&mut self, x: Decimal) {
        self.per_365 += x;
    }
    pub fn rounded(&self) -> Decimal {
        let mut v = (self.whole + self.per_365 / Decimal::from(365))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        v
    }
}

#[derive(Clone, Debug, Default)]
pub struct Payers {
    pub gross: Sum,
    pub citizen: Sum,
    pub refund: Sum,
}

impl Payers {
    /// (gross, citizen, refund, net) as reported strings.
    pub fn reported(&self) -> [String; 4] {
        let g = self.gross.rounded();
        let c = self.citizen.rounded();
        let r = self.refund.rounded();
        let mut n = g - c - r;
        n.rescale(2);
        [g.to_string(), c.to_string(), r.to_string(), n.to_string()]
    }
}

#[derive(Clone, Debug, Default)]
pub struct Reference {
    pub total: Payers,
    pub years: BTreeMap<i32, Payers>,
    pub shelter_nights: i64,
    pub shelter_refunded: i64,
    pub support_days: i64,
    pub support_refunded: i64,
    pub th_nights: i64,
    pub th_refunded: i64,
    /// (window start, refunded nights) in order.
    pub windows: Vec<(Date, i64)>,
}

fn plus_years(d: Date, n: i32) -> Date {
    NaiveDate::from_ymd_opt(d.year() + n, d.month(), d.day())
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(d.year() + n, 3, 1).unwrap())
}

fn plus_months(d: Date, n: u32) -> Date {
    let m0 = d.month0() + n;
    let y = d.year() + (m0 / 12) as i32;
    let m = m0 % 12 + 1;
    NaiveDate::from_ymd_opt(y, m, d.day()).unwrap_or_else(|| {
        if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap()
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1).unwrap()
        }
    })
}

fn age_on(birth: Date, d: Date) -> u32 {
    let mut a = d.year() - birth.year();
    if plus_years(birth, a) > d {
        a -= 1;
    }
    a.max(0) as u32
}

fn rate_on(steps: &[(Date, Rate)], d: Date) -> Decimal {
    let mut v = steps[0].1;
    for (from, r) in steps {
        if *from <= d {
            v = *r;
        }
    }
    v.as_decimal()
}

fn days(from: Date, to: Date) -> impl Iterator<Item = Date> {
    from.iter_days().take_while(move |d| *d < to)
}

/// Every § 110 discharge that is not a same-day transfer, in order.
pub fn all_discharges(s: &Scenario) -> Vec<Date> {
    let mut stays: Vec<_> = s.shelter_stays.iter().collect();
    stays.sort_by_key(|x| x.admitted);
    let mut out = Vec::new();
    for (k, st) in stays.iter().enumerate() {
        if stays.get(k + 1).is_none_or(|n| n.admitted != st.discharged) {
            out.push(st.discharged);
        }
    }
    out
}

/// The spell's discharge (domain.md §6): the latest on or before its start, else the first
/// after it.
fn spell_discharge(discharges: &[Date], start: Date) -> Option<Date> {
    discharges
        .iter()
        .rev()
        .find(|d| **d <= start)
        .or_else(|| discharges.iter().find(|d| **d > start))
        .copied()
}

/// (decided before discharge, the two fields disagree).
pub fn decision(
    discharges: &[Date],
    start: Date,
    given: Option<bool>,
    on: Option<Date>,
) -> (bool, bool) {
    let derived = on
        .zip(spell_discharge(discharges, start))
        .map(|(on, d)| on <= d);
    match (given, derived) {
        (Some(g), Some(d)) => (g, g != d),
        (Some(g), None) => (g, false),
        (None, Some(d)) => (d, false),
        (None, None) => (false, false),
    }
}

/// Whether the scenario's decision fields contradict each other (the engine refuses it).
pub fn conflict(s: &Scenario) -> bool {
    let ds = all_discharges(s);
    s.home_support
        .iter()
        .any(|h| decision(&ds, h.start, h.decided_before_discharge, h.decided_on).1)
        || s.temporary_housing
            .iter()
            .any(|t| decision(&ds, t.start, t.decided_before_discharge, t.decided_on).1)
}

/// Evaluates a (valid) scenario night by night.
pub fn evaluate(s: &Scenario, p: &Parameters) -> Reference {
    let mut out = Reference::default();
    let reform = p.reform_date.value.0;
    let refund_steps: Vec<(Date, Rate)> =
        p.refund_rate.steps().map(|s| (s.from, s.value)).collect();
    let cap_steps: Vec<(Date, u32)> = p.cap_nights.steps().map(|s| (s.from, s.value)).collect();
    let birth = s.citizen.birth_date;

    // --- § 110, every night in date order ---
    let mut stays: Vec<_> = s.shelter_stays.iter().collect();
    stays.sort_by_key(|x| x.admitted);
    let anchor = stays
        .iter()
        .flat_map(|st| days(st.admitted, st.discharged))
        .find(|d| *d >= reform);
    let mut window: Option<(Date, Date, i64)> = None; // start, end, refunded
    for st in &stays {
        for d in days(st.admitted, st.discharged) {
            let base = st.daily_rate.as_decimal() - st.own_payment_per_night.as_decimal();
            let rr = rate_on(&refund_steps, d);
            let year = out.years.entry(d.year()).or_default();
            year.gross.add_whole(st.daily_rate.as_decimal());
            year.citizen
                .add_whole(st.own_payment_per_night.as_decimal());
            out.total.gross.add_whole(st.daily_rate.as_decimal());
            out.total
                .citizen
                .add_whole(st.own_payment_per_night.as_decimal());
            out.shelter_nights += 1;
            let refunded = if p.cap_basis.value == CapBasis::None || d < reform {
                true
            } else {
                // Which window holds this night?
                let (ws, we) = match p.window_mode.value {
                    WindowMode::NextAdmission => match window {
                        Some((ws, we, _)) if d < we => (ws, we),
                        _ => (d, plus_years(d, 1)),
                    },
                    WindowMode::FixedAnniversaries => {
                        let a = anchor.unwrap();
                        let mut k = 0;
                        while plus_years(a, k + 1) <= d {
                            k += 1;
                        }
                        (plus_years(a, k), plus_years(a, k + 1))
                    }
                };
                if window.map(|w| w.0) != Some(ws) {
                    if let Some(w) = window {
                        out.windows.push((w.0, w.2));
                    }
                    window = Some((ws, we, 0));
                }
                let cap = match p.cap_basis.value {
                    CapBasis::Age => {
                        let age = age_on(birth, d);
                        let mut c = p.cap_nights_by_age.iter().next().map_or(0, |s| s.value);
                        for step in &p.cap_nights_by_age {
                            if step.from_age <= age {
                                c = step.value;
                            }
                        }
                        c
                    }
                    _ => {
                        let mut c = cap_steps[0].1;
                        for (from, v) in &cap_steps {
                            if *from <= d {
                                c = *v;
                            }
                        }
                        c
                    }
                };
                let w = window.as_mut().unwrap();
                if w.2 < i64::from(cap) {
                    w.2 += 1;
                    true
                } else {
                    false
                }
            };
            if refunded {
                out.shelter_refunded += 1;
                out.total.refund.add_whole(rr * base);
                out.years
                    .get_mut(&d.year())
                    .unwrap()
                    .refund
                    .add_whole(rr * base);
            }
        }
    }
    if let Some(w) = window {
        out.windows.push((w.0, w.2));
    }

    // --- discharges and § 176 a periods ---
    let mut discharges = Vec::new();
    for (k, st) in stays.iter().enumerate() {
        let transfer = stays
            .get(k + 1)
            .is_some_and(|n| n.admitted == st.discharged);
        if !transfer && st.discharged >= reform {
            discharges.push(st.discharged);
        }
    }
    let periods = |years: i32| {
        let mut ps: Vec<(Date, Date)> = Vec::new();
        for d in &discharges {
            if ps.last().is_none_or(|(_, e)| d >= e) {
                ps.push((*d, plus_years(*d, years)));
            }
        }
        ps
    };
    let support_periods = periods(p.support_refund_years.value as i32);
    let support_steps: Vec<(Date, Rate)> = p
        .support_refund_rate
        .steps()
        .map(|s| (s.from, s.value))
        .collect();
    let all = all_discharges(s);
    for sp in &s.home_support {
        let decided = decision(&all, sp.start, sp.decided_before_discharge, sp.decided_on).0;
        // Route 2: straight from the (latest) discharge into § 107, support after that stay.
        let route_two = all.iter().rev().find(|d| **d <= sp.start).is_some_and(|d| {
            s.temporary_housing
                .iter()
                .any(|t| t.start == *d && t.end <= sp.start)
        });
        for d in days(sp.start, sp.end) {
            let annual = sp.annual_cost.as_decimal();
            out.support_days += 1;
            out.total.gross.add_per_365(annual);
            out.years
                .entry(d.year())
                .or_default()
                .gross
                .add_per_365(annual);
            let in_period = support_periods.iter().any(|(a, b)| *a <= d && d < *b);
            let rr = rate_on(&support_steps, d);
            if (decided || route_two) && in_period && !rr.is_zero() {
                out.support_refunded += 1;
                out.total.refund.add_per_365(rr * annual);
                out.years
                    .get_mut(&d.year())
                    .unwrap()
                    .refund
                    .add_per_365(rr * annual);
            }
        }
    }

    // --- § 107 ---
    let th_periods = periods(p.temporary_housing_refund_within_years.value as i32);
    let th_steps: Vec<(Date, Rate)> = p
        .temporary_housing_refund_rate
        .steps()
        .map(|s| (s.from, s.value))
        .collect();
    let th_decided: Vec<bool> = s
        .temporary_housing
        .iter()
        .map(|t| decision(&all, t.start, t.decided_before_discharge, t.decided_on).0)
        .collect();
    let mut decided_nights: Vec<Date> = s
        .temporary_housing
        .iter()
        .zip(&th_decided)
        .filter(|(_, d)| **d)
        .flat_map(|(t, _)| days(t.start, t.end))
        .collect();
    decided_nights.sort();
    // The refundable decided nights of each period.
    let mut refundable: std::collections::BTreeSet<Date> = std::collections::BTreeSet::new();
    for (a, b) in &th_periods {
        let inside: Vec<Date> = decided_nights
            .iter()
            .copied()
            .filter(|d| a <= d && d < b)
            .collect();
        let Some(f) = inside.first().copied() else {
            continue;
        };
        let six = plus_months(f, p.temporary_housing_refund_months.value);
        match p.temporary_housing_months_reading.value {
            MonthsReading::Cumulative => {
                let allowance = usize::try_from((six - f).num_days()).unwrap();
                refundable.extend(inside.into_iter().take(allowance));
            }
            MonthsReading::Consecutive => {
                refundable.extend(inside.into_iter().filter(|d| *d < six));
            }
        }
    }
    for (t, decided) in s.temporary_housing.iter().zip(&th_decided) {
        for d in days(t.start, t.end) {
            let rate = t.daily_rate.as_decimal();
            let own = t.own_payment_per_night.as_decimal();
            out.th_nights += 1;
            out.total.gross.add_whole(rate);
            out.total.citizen.add_whole(own);
            let y = out.years.entry(d.year()).or_default();
            y.gross.add_whole(rate);
            y.citizen.add_whole(own);
            let rr = rate_on(&th_steps, d);
            if *decided && refundable.contains(&d) && !rr.is_zero() {
                out.th_refunded += 1;
                out.total.refund.add_whole(rr * (rate - own));
                out.years
                    .get_mut(&d.year())
                    .unwrap()
                    .refund
                    .add_whole(rr * (rate - own));
            }
        }
    }
    out
}
