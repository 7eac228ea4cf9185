//! The floor: how fast can workload W be priced at all? A measuring device for benchmark 1,
//! not a product path.
//!
//! This prices a cohort under the `statutory` parameters the way a hand-tuned kernel would,
//! keeping only what W needs: nights on or after the reform, a cap that steps by date,
//! next-admission windows, § 85 a periods from the first discharge. Dates become day numbers
//! and every amount a 128-bit integer up front. It validates nothing, reports no error, builds
//! no trace and supports no other policy. Whatever the engine does beyond this — validation,
//! every policy and override, typed errors, overflow checks — costs the difference.
//!
//! [`check`] compares it with the engine on every citizen before it is timed.

use chrono::{Datelike, NaiveDate};
use refusion_core::population::cohort::Cohort;
use refusion_core::rules::parameters::{CapBasis, Parameters, WindowMode};
use refusion_core::{Money, Rate};

/// The floor's inputs: the parameters as integers, and a table of 1 January day numbers.
pub struct Floor {
    reform: i32,
    /// (first night, cap) steps of the cap.
    caps: Vec<(i32, i64)>,
    refund_units: i64,
    support_units: i64,
    support_years: i32,
    /// Day number of 1 January of `FIRST_YEAR + k`.
    jan1: Vec<i32>,
}

const FIRST_YEAR: i32 = 1900;
/// Exact units (10⁻¹⁴ DKK) per micro-krone times rate units (10⁻⁸).
const MICRO_TO_EXACT: i128 = 100_000_000;

fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

const POW10: [i128; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/// An amount in micro-kroner; W's amounts fit in 64 bits.
fn micro(m: Money) -> i64 {
    let d = m.as_decimal();
    i64::try_from(d.mantissa() * POW10[d.scale() as usize]).expect("an amount of W")
}

fn units(r: Rate) -> i64 {
    let d = r.as_decimal();
    i64::try_from(d.mantissa() * 10_i128.pow(8 - d.scale())).expect("a rate")
}

/// Per-payer sums: gross and citizen payment in micro-kroner (rate × nights), the refund in
/// micro-kroner × rate units (10⁻¹⁴ DKK); support amounts still to be divided by 365.
#[derive(Clone, Copy, Default)]
pub struct FloorSums {
    pub whole: [i128; 3],
    pub per_365: [i128; 3],
}

/// 10⁻¹⁴ DKK per micro-krone.
const EXACT_PER_MICRO: [i128; 3] = [MICRO_TO_EXACT, MICRO_TO_EXACT, 1];

impl FloorSums {
    fn add(&mut self, o: &FloorSums) {
        for k in 0..3 {
            self.whole[k] += o.whole[k];
            self.per_365[k] += o.per_365[k];
        }
    }

    /// (gross, citizen, refund, net) in øre.
    pub fn ore(&self) -> [i128; 4] {
        let round =
            |k: usize| round_to_ore((self.whole[k] * 365 + self.per_365[k]) * EXACT_PER_MICRO[k]);
        let (g, c, r) = (round(0), round(1), round(2));
        [g, c, r, g - c - r]
    }
}

/// `n / (365 × 10¹²)` rounded half away from zero, without a 128-bit division (a slow library
/// call): the divisor is 2¹² × 5¹² × 365, and the last two steps divide by constants below 2³²
/// limb by limb, which the compiler turns into multiplications (the engine rounds the same way).
fn round_to_ore(n: i128) -> i128 {
    const DIVISOR: u128 = 365 * 1_000_000_000_000;
    let a = n.unsigned_abs();
    let q = div_small(div_small(a >> 12, 244_140_625), 365);
    let r = a - q * DIVISOR;
    let q = (if 2 * r >= DIVISOR { q + 1 } else { q }) as i128;
    if n < 0 {
        -q
    } else {
        q
    }
}

#[inline(always)]
fn div_small(n: u128, d: u64) -> u128 {
    let mut q: u128 = 0;
    let mut rem: u64 = 0;
    for shift in [96u32, 64, 32, 0] {
        let current = (rem << 32) | ((n >> shift) as u64 & 0xFFFF_FFFF);
        q |= u128::from(current / d) << shift;
        rem = current % d;
    }
    q
}

/// The floor's result: per citizen, and per calendar year from 2020.
pub struct FloorResult {
    pub citizens: Vec<[i128; 4]>,
    pub years: [FloorSums; 16],
    pub total: FloorSums,
}

impl Floor {
    /// The floor for a resolved `statutory` policy; panics on any other shape.
    pub fn new(p: &Parameters) -> Floor {
        assert_eq!(
            p.cap_basis.value,
            CapBasis::Date,
            "the floor knows only a cap by date"
        );
        assert_eq!(p.window_mode.value, WindowMode::NextAdmission);
        assert_eq!(p.refund_rate.len(), 1, "one refund rate");
        assert_eq!(p.support_refund_rate.len(), 1, "one support refund rate");
        Floor {
            reform: day(p.reform_date.value.0),
            caps: p
                .cap_nights
                .steps()
                .map(|s| (day(s.from), i64::from(s.value)))
                .collect(),
            refund_units: units(p.refund_rate.first().value),
            support_units: units(p.support_refund_rate.first().value),
            support_years: p.support_refund_years.value as i32,
            jan1: (FIRST_YEAR..=10_001)
                .map(|y| day(NaiveDate::from_ymd_opt(y, 1, 1).unwrap()))
                .collect(),
        }
    }

    /// The year (index into `jan1`) of a day number.
    fn year(&self, d: i32) -> usize {
        let mut i =
            ((i64::from(d - self.jan1[0]) * 400 / 146_097) as usize).min(self.jan1.len() - 2);
        while self.jan1[i] > d {
            i -= 1;
        }
        while self.jan1[i + 1] <= d {
            i += 1;
        }
        i
    }

    /// The same date `years` later (29 February → 1 March), for a day `d` in year index `yi`.
    fn add_years(&self, d: i32, yi: usize, years: i32) -> i32 {
        let length = |i: usize| self.jan1[i + 1] - self.jan1[i];
        let ty = yi + years as usize;
        let o = d - self.jan1[yi]; // 0-based day of the year; 59 is 29 February in a leap year
        let shift = if o < 59 || (o == 59 && length(yi) == 366) {
            0
        } else {
            i32::from(length(ty) == 366) - i32::from(length(yi) == 366)
        };
        self.jan1[ty] + o + shift
    }

    fn cap(&self, night: i32) -> (i64, Option<i32>) {
        let mut cap = self.caps[0].1;
        let mut next = None;
        for &(from, value) in &self.caps {
            if from <= night {
                cap = value;
            } else {
                next = Some(from);
                break;
            }
        }
        (cap, next)
    }

    /// Prices every member of the cohort.
    pub fn run(&self, cohort: &Cohort) -> FloorResult {
        let base_year = (2020 - FIRST_YEAR) as usize;
        let mut out = FloorResult {
            citizens: Vec::with_capacity(cohort.members.len()),
            years: [FloorSums::default(); 16],
            total: FloorSums::default(),
        };
        let mut discharges: Vec<i32> = Vec::new();
        let mut periods: Vec<(i32, i32)> = Vec::new();
        for m in &cohort.members {
            let mut citizen = FloorSums::default();
            let (mut window_end, mut refunded) = (i32::MIN, 0i64);
            discharges.clear();
            for (k, s) in m.stays.iter().enumerate() {
                let (a, b) = (day(s.admitted), day(s.discharged));
                let (rate, own) = (micro(s.daily_rate), micro(s.own_payment_per_night));
                let mut t = a;
                while t < b {
                    let yi = self.year(t);
                    let mut end = b.min(self.jan1[yi + 1]);
                    let refunded_nights = if t < self.reform {
                        end = end.min(self.reform);
                        i64::from(end - t)
                    } else {
                        if t >= window_end {
                            window_end = self.add_years(t, yi, 1);
                            refunded = 0;
                        }
                        end = end.min(window_end);
                        let (cap, next) = self.cap(t);
                        if let Some(n) = next {
                            end = end.min(n);
                        }
                        let available = cap - refunded;
                        if available > 0 {
                            end = end.min(t + available as i32);
                            refunded += i64::from(end - t);
                            i64::from(end - t)
                        } else {
                            0
                        }
                    };
                    let nights = i64::from(end - t);
                    let y = &mut out.years[yi - base_year];
                    let gross = i128::from(rate * nights);
                    let paid = i128::from(own * nights);
                    let refund =
                        i128::from((rate - own) * refunded_nights) * i128::from(self.refund_units);
                    for (k, v) in [gross, paid, refund].into_iter().enumerate() {
                        y.whole[k] += v;
                        citizen.whole[k] += v;
                    }
                    t = end;
                }
                let transfer = m.stays.get(k + 1).is_some_and(|n| day(n.admitted) == b);
                if !transfer && b >= self.reform {
                    discharges.push(b);
                }
            }
            if !m.support.is_empty() {
                periods.clear();
                for &d in &discharges {
                    if periods.last().is_some_and(|p| d < p.1) {
                        continue;
                    }
                    periods.push((d, self.add_years(d, self.year(d), self.support_years)));
                }
                for s in &m.support {
                    let (a, b) = (day(s.start), day(s.end));
                    let annual = micro(s.annual_cost);
                    let mut t = a;
                    while t < b {
                        let yi = self.year(t);
                        let mut end = b.min(self.jan1[yi + 1]);
                        let mut inside = false;
                        if s.decided_before_discharge == Some(true) {
                            // W's cohorts state the boolean and have no § 107 stays (no route 2).
                            for &(ps, pe) in &periods {
                                if ps <= t && t < pe {
                                    end = end.min(pe);
                                    inside = true;
                                    break;
                                }
                                if ps > t {
                                    end = end.min(ps);
                                    break;
                                }
                            }
                        }
                        let cost = i128::from(annual * i64::from(end - t));
                        let gross = cost;
                        let refund = if inside {
                            cost * i128::from(self.support_units)
                        } else {
                            0
                        };
                        let y = &mut out.years[yi - base_year];
                        y.per_365[0] += gross;
                        y.per_365[2] += refund;
                        citizen.per_365[0] += gross;
                        citizen.per_365[2] += refund;
                        t = end;
                    }
                }
            }
            out.total.add(&citizen);
            out.citizens.push(citizen.ore());
        }
        out
    }
}

/// Panics unless the floor and the engine agree on every citizen's four totals.
pub fn check(floor: &FloorResult, engine: &refusion_core::population::cohort::CohortTotals) {
    assert_eq!(floor.citizens.len(), engine.citizens.len());
    for (i, (f, e)) in floor.citizens.iter().zip(&engine.citizens).enumerate() {
        let ore = |m: Money| {
            let d = m.as_decimal();
            assert_eq!(d.scale(), 2, "totals are in øre");
            d.mantissa()
        };
        let e = [
            e.gross,
            e.citizen_payment,
            e.state_refusion,
            e.municipal_net,
        ]
        .map(ore);
        assert_eq!(*f, e, "citizen {i}: floor and engine differ");
    }
}
