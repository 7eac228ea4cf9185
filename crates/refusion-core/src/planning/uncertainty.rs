//! Uncertainty: Monte Carlo over the uncertain inputs of a plan, and a one-at-a-time tornado.
//!
//! The uncertain inputs (defaults in brackets):
//! * the support's annual cost — triangular(78,000; 104,000; 121,000), the Rambøll M-ACT range
//!   with its mean as the mode;
//! * the shelter rate — uniform within ±10 % of the registered rates, in whole percent;
//! * the stay lengths — uniform within ±20 %, in whole percent (later stays keep their gaps);
//! * the share of eligible citizens discharged — uniform from 50 % to 90 %, in whole percent.
//!
//! Each draw `k` has its own random stream (`seed` mixed with `k`), drawn with integer
//! arithmetic only, so a seed gives the same draws — and the same percentiles — in Rust, Python
//! and WebAssembly, and with one thread or many. Percentiles are nearest-rank: P5 is the
//! ⌈0.05·n⌉-th smallest value.

use serde::{Deserialize, Serialize};

use crate::engine::evaluation::Engine;
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Money, Rate};
use crate::planning::assumptions;
pub use crate::planning::assumptions::PercentRange;
use crate::planning::budget::BudgetQuery;
use crate::planning::plan::{totals_of, Adjust, PlanQuery, PlanSettings, PlanYear};
use crate::population::cohort::{generate, Member, Rng};
use crate::rules::catalog::Policy;

/// The most draws one Monte Carlo run may make.
pub const MAX_DRAWS: u32 = 100_000;

/// The most work one Monte Carlo run of a plan may do: draws × citizens (about a minute on
/// one core). Checked before the cohort is generated.
pub const MAX_CITIZEN_DRAWS: u64 = 100_000_000;

/// Refuses a plan Monte Carlo run of more than [`MAX_CITIZEN_DRAWS`] (field `draws`).
fn check_work(citizens: u32, draws: u32) -> Result<(), Error> {
    let work = u64::from(citizens) * u64::from(draws);
    if work > MAX_CITIZEN_DRAWS {
        return Err(Error::new(
            ErrorKind::Limit,
            "draws",
            format!(
                "{draws} draws of {citizens} citizens is {work} citizen-draws; one run does at most \
                 {MAX_CITIZEN_DRAWS} (use fewer draws: 1,000 give P5/P95 to within a few percent)"
            ),
        ));
    }
    Ok(())
}

/// A triangular distribution over whole kroner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Triangular {
    /// Lowest value.
    pub low: Money,
    /// Most likely value.
    pub mode: Money,
    /// Highest value.
    pub high: Money,
}

fn d_support_cost() -> Option<Triangular> {
    None
}

/// The uncertain inputs and their distributions. A range left out is the illustrative one of
/// the catalog (`[illustrative]` in `data/parameters.toml`); the share discharged's is centred
/// on the share the deterministic result uses. Every range must hold that central value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Uncertain {
    /// Annual support cost (default: the Rambøll M-ACT range, mode at the mean).
    #[serde(default = "d_support_cost")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_cost: Option<Triangular>,
    /// Change of the shelter rate, in percent (default: illustrative, −10 … +10).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub rate_change_percent: Option<PercentRange>,
    /// Change of the stay lengths, in percent (default: illustrative, −20 … +20).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub stay_change_percent: Option<PercentRange>,
    /// Share of eligible citizens discharged, in percent (default: the illustrative half-width,
    /// ±20 points, around the share the deterministic result uses; 50 … 90 around 70 %).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub share_discharged_percent: Option<PercentRange>,
}

/// One draw of the uncertain inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Draw {
    /// Annual support cost.
    pub support_cost: Money,
    /// Shelter rate in percent of the registered one.
    pub rate_percent: i64,
    /// Stay lengths in percent of the registered ones.
    pub stay_percent: i64,
    /// Share discharged, in percent.
    pub share_percent: i64,
}

fn whole(m: Money) -> i64 {
    rust_decimal::prelude::ToPrimitive::to_i64(&m.as_decimal().round()).unwrap_or(0)
}

impl Uncertain {
    fn support(&self, engine: &Engine) -> Triangular {
        self.support_cost.unwrap_or_else(|| {
            let r = &engine.catalog().reference.m_act;
            Triangular {
                low: r.low,
                mode: r.mean,
                high: r.high,
            }
        })
    }

    /// The distributions with every default filled in, checked: each range within its bounds
    /// and holding the value the deterministic result uses (`base_share`, in percent, for the
    /// share discharged; no change for the rate and the stay lengths).
    pub fn resolved(&self, engine: &Engine, base_share: i64) -> Result<Uncertain, Error> {
        let c = engine.catalog();
        let r = Uncertain {
            support_cost: Some(self.support(engine)),
            rate_change_percent: Some(
                self.rate_change_percent
                    .unwrap_or_else(|| assumptions::range(&c.illustrative.rate_change_range)),
            ),
            stay_change_percent: Some(
                self.stay_change_percent
                    .unwrap_or_else(|| assumptions::range(&c.illustrative.stay_change_range)),
            ),
            share_discharged_percent: Some(
                self.share_discharged_percent
                    .unwrap_or_else(|| assumptions::share_range_around(c, base_share)),
            ),
        };
        r.check(engine)?;
        let (rate, stay, share) = r.ranges(engine);
        assumptions::check_holds("uncertain.rate_change_percent", rate, 0, "no change")?;
        assumptions::check_holds("uncertain.stay_change_percent", stay, 0, "no change")?;
        assumptions::check_holds(
            "uncertain.share_discharged_percent",
            share,
            base_share,
            "the share discharged",
        )?;
        Ok(r)
    }

    /// The three percent ranges, defaults filled in from the catalog (the share's not centred).
    fn ranges(&self, engine: &Engine) -> (PercentRange, PercentRange, PercentRange) {
        let c = &engine.catalog().illustrative;
        (
            self.rate_change_percent
                .unwrap_or_else(|| assumptions::range(&c.rate_change_range)),
            self.stay_change_percent
                .unwrap_or_else(|| assumptions::range(&c.stay_change_range)),
            self.share_discharged_percent
                .unwrap_or_else(|| assumptions::range(&c.share_discharged_range)),
        )
    }

    fn check(&self, engine: &Engine) -> Result<(), Error> {
        let (rate, stay, share) = self.ranges(engine);
        let t = self.support(engine);
        if t.low.is_negative() || t.low > t.mode || t.mode > t.high {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "uncertain.support_cost",
                "need 0 <= low <= mode <= high",
            ));
        }
        for (field, r, lo, hi) in [
            ("uncertain.rate_change_percent", rate, -90, 500),
            ("uncertain.stay_change_percent", stay, -90, 500),
            ("uncertain.share_discharged_percent", share, 0, 100),
        ] {
            if r.low > r.high || r.low < lo || r.high > hi {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    field,
                    format!(
                        "need {lo} <= low <= high <= {hi}, got {} … {}",
                        r.low, r.high
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Draw number `k` of a run seeded with `seed`.
    #[must_use]
    pub fn draw(&self, engine: &Engine, seed: u64, k: u32) -> Draw {
        let mut rng = Rng::new(seed ^ u64::from(k).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let t = self.support(engine);
        let (rate, stay, share) = self.ranges(engine);
        Draw {
            support_cost: Money::from_kr(rng.triangular(
                whole(t.low),
                whole(t.mode),
                whole(t.high),
            )),
            rate_percent: 100 + rng.between(rate.low, rate.high),
            stay_percent: 100 + rng.between(stay.low, stay.high),
            share_percent: rng.between(share.low, share.high),
        }
    }
}

fn d_draws() -> u32 {
    1000
}
fn d_parallel() -> bool {
    true
}

/// How to run a Monte Carlo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct McRun {
    /// Draws (1–100,000; default 1,000).
    #[serde(default = "d_draws")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub draws: u32,
    /// The seed (default 0).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub seed: u64,
    /// The uncertain inputs.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub uncertain: Uncertain,
    /// Use every core when the build has the `parallel` feature (default true); the result is
    /// the same either way.
    #[serde(default = "d_parallel")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub parallel: bool,
}

impl McRun {
    /// Checks the number of draws and the distributions (fields `draws`, `uncertain.*`).
    pub fn check(&self, engine: &Engine) -> Result<(), Error> {
        if self.draws == 0 || self.draws > MAX_DRAWS {
            return Err(Error::new(
                ErrorKind::Limit,
                "draws",
                format!("{} draws; use 1 to {MAX_DRAWS}", self.draws),
            ));
        }
        if self.seed > crate::population::cohort::MAX_SEED {
            return Err(Error::new(
                ErrorKind::Limit,
                "seed",
                format!(
                    "{} is above {} (2^53 − 1, the largest integer JavaScript holds exactly)",
                    self.seed,
                    crate::population::cohort::MAX_SEED
                ),
            ));
        }
        self.uncertain.check(engine)
    }
}

impl Default for McRun {
    fn default() -> Self {
        McRun {
            draws: d_draws(),
            seed: 0,
            uncertain: Uncertain::default(),
            parallel: true,
        }
    }
}

/// Percentiles of one quantity over the draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Band {
    /// The 5th percentile.
    pub p5: Money,
    /// The median.
    pub p50: Money,
    /// The 95th percentile.
    pub p95: Money,
    /// The smallest value.
    pub min: Money,
    /// The largest value.
    pub max: Money,
}

impl Band {
    /// Nearest-rank percentiles of `values` (sorted in place).
    fn of(values: &mut [Money]) -> Band {
        values.sort();
        let pick = |p: usize| -> Money {
            let n = values.len();
            let rank = (p * n).div_ceil(100).max(1);
            values.get(rank - 1).copied().unwrap_or(Money::ZERO)
        };
        Band {
            p5: pick(5),
            p50: pick(50),
            p95: pick(95),
            min: values.first().copied().unwrap_or(Money::ZERO),
            max: values.last().copied().unwrap_or(Money::ZERO),
        }
    }
}

/// One year of a Monte Carlo run: the band of the municipality's net effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BandYear {
    /// Calendar year.
    pub year: i32,
    /// Municipal effect (plan − baseline, incl. establishment).
    #[serde(flatten)]
    pub band: Band,
}

/// The result of a Monte Carlo run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct MonteCarlo {
    /// Draws made.
    pub draws: u32,
    /// The seed.
    pub seed: u64,
    /// Per year.
    pub years: Vec<BandYear>,
    /// The municipal effect summed over the horizon.
    pub total: Band,
    /// The first draws (up to 20), to see what was sampled.
    pub sample: Vec<Draw>,
    /// The distributions drawn from (the support cost's resolved from the catalog when it was
    /// not given), so that a result states its own assumptions.
    pub inputs: Uncertain,
}

/// One row of a tornado: the total municipal effect with one input at its low and high end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TornadoRow {
    /// Which input.
    pub input: String,
    /// The input's low end (as text).
    pub low_value: String,
    /// The input's high end (as text).
    pub high_value: String,
    /// Total municipal effect at the low end.
    pub at_low: Money,
    /// Total municipal effect at the high end.
    pub at_high: Money,
    /// `|at_high − at_low|`.
    pub swing: Money,
}

/// A one-at-a-time sensitivity table, widest swing first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Tornado {
    /// The total municipal effect with every input at its base value.
    pub base: Money,
    /// The rows.
    pub rows: Vec<TornadoRow>,
}

/// A Monte Carlo or tornado question: a plan on a generated cohort, or the representative
/// budget, with how to run it. Exactly one of `plan` and `budget` is given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct UncertaintyQuery {
    /// A plan on a generated cohort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanQuery>,
    /// The representative budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetQuery>,
    /// Draws, seed, distributions.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub run: McRun,
}

impl Engine {
    /// Runs the Monte Carlo of an [`UncertaintyQuery`].
    pub fn monte_carlo_query(&self, q: &UncertaintyQuery) -> Result<MonteCarlo, Error> {
        q.run.check(self).map_err(|e| e.within("run"))?;
        if let Some(p) = &q.plan {
            check_work(p.cohort.citizens, q.run.draws).map_err(|e| e.within("run"))?;
        }
        let pop = self.population_of(q)?;
        let run = McRun {
            uncertain: q
                .run
                .uncertain
                .resolved(self, pop.base_share)
                .map_err(|e| e.within("run"))?,
            ..q.run
        };
        self.monte_carlo(&pop, &run).map_err(|e| e.within(q.part()))
    }

    /// Runs the tornado of an [`UncertaintyQuery`].
    pub fn tornado_query(&self, q: &UncertaintyQuery) -> Result<Tornado, Error> {
        q.run.uncertain.check(self).map_err(|e| e.within("run"))?;
        let pop = self.population_of(q)?;
        let uncertain = q
            .run
            .uncertain
            .resolved(self, pop.base_share)
            .map_err(|e| e.within("run"))?;
        self.tornado(&pop, &uncertain)
            .map_err(|e| e.within(q.part()))
    }

    fn population_of(&self, q: &UncertaintyQuery) -> Result<Population, Error> {
        match (&q.plan, &q.budget) {
            (Some(p), None) => self.plan_population(p).map_err(|e| e.within("plan")),
            (None, Some(b)) => self.budget_population(b).map_err(|e| e.within("budget")),
            _ => Err(one_of()),
        }
    }
}

impl UncertaintyQuery {
    fn part(&self) -> &'static str {
        if self.plan.is_some() {
            "plan"
        } else {
            "budget"
        }
    }
}

fn one_of() -> Error {
    Error::new(
        ErrorKind::MissingField,
        "plan",
        "give exactly one of `plan` (a generated cohort) and `budget` (the representative budget)",
    )
}

/// What a plan is run on: members with a common weight `num / den`.
struct Population {
    policy: Policy,
    members: Vec<Member>,
    settings: PlanSettings,
    num: i64,
    den: i64,
    /// True for a representative population, where the share discharged scales the weight.
    weighted_share: bool,
    /// The share discharged the deterministic result uses, in whole percent.
    base_share: i64,
}

impl Population {
    fn effect_years(&self, engine: &Engine, draw: &Draw) -> Result<Vec<PlanYear>, Error> {
        let share = Rate::new(rust_decimal::Decimal::new(draw.share_percent, 2))?;
        let (settings, share) = if self.weighted_share {
            (
                PlanSettings {
                    support_annual_cost: draw.support_cost,
                    ..self.settings.clone()
                },
                draw.share_percent,
            )
        } else {
            (
                PlanSettings {
                    support_annual_cost: draw.support_cost,
                    share_discharged: share,
                    ..self.settings.clone()
                },
                100,
            )
        };
        let adjust = Adjust {
            stay_percent: draw.stay_percent,
            rate_percent: draw.rate_percent,
        };
        engine
            .plan_sums(&self.policy, &self.members, &settings, adjust)?
            .table_with_share(&settings, self.num, self.den, share)
    }
}

impl Engine {
    fn plan_population(&self, q: &PlanQuery) -> Result<Population, Error> {
        Ok(Population {
            policy: self.resolve(&q.policy)?,
            members: generate(&q.cohort, self.catalog())
                .map_err(|e| e.within("cohort"))?
                .members,
            settings: q.settings(self)?,
            num: 1,
            den: 1,
            weighted_share: false,
            base_share: percent_of(q.share_discharged),
        })
    }

    fn budget_population(&self, q: &BudgetQuery) -> Result<Population, Error> {
        let (members, settings, _) = q.prepare(self)?;
        Ok(Population {
            policy: self.resolve(&q.policy)?,
            members,
            settings,
            num: i64::from(q.citizens_per_year),
            den: 12,
            weighted_share: true,
            base_share: q.share_percent(self)?,
        })
    }

    /// Monte Carlo over a plan on a generated cohort.
    pub fn plan_monte_carlo(&self, q: &PlanQuery, run: &McRun) -> Result<MonteCarlo, Error> {
        run.check(self)?;
        check_work(q.cohort.citizens, run.draws)?;
        let pop = self.plan_population(q)?;
        self.monte_carlo(&pop, run)
    }

    /// Monte Carlo over the representative budget (the calculator page's budget section).
    pub fn budget_monte_carlo(&self, q: &BudgetQuery, run: &McRun) -> Result<MonteCarlo, Error> {
        let pop = self.budget_population(q)?;
        self.monte_carlo(&pop, run)
    }

    /// One-at-a-time sensitivity of a plan on a generated cohort.
    pub fn plan_tornado(&self, q: &PlanQuery, uncertain: &Uncertain) -> Result<Tornado, Error> {
        let pop = self.plan_population(q)?;
        self.tornado(&pop, uncertain)
    }

    /// One-at-a-time sensitivity of the representative budget.
    pub fn budget_tornado(&self, q: &BudgetQuery, uncertain: &Uncertain) -> Result<Tornado, Error> {
        let pop = self.budget_population(q)?;
        self.tornado(&pop, uncertain)
    }

    fn monte_carlo(&self, pop: &Population, run: &McRun) -> Result<MonteCarlo, Error> {
        run.check(self)?;
        let uncertain = &run
            .uncertain
            .resolved(self, pop.base_share)
            .map_err(|e| e.within("run"))?;
        let (draws, seed) = (run.draws, run.seed);
        let all: Vec<Draw> = (0..draws).map(|k| uncertain.draw(self, seed, k)).collect();
        let results: Vec<Result<Vec<PlanYear>, Error>> = if run.parallel {
            run_draws(&all, |d| pop.effect_years(self, d))
        } else {
            all.iter().map(|d| pop.effect_years(self, d)).collect()
        };
        let mut per_year: Vec<Vec<Money>> = Vec::new();
        let mut totals = Vec::with_capacity(all.len());
        let mut years_of: Vec<i32> = Vec::new();
        for r in results {
            let years = r?;
            if per_year.is_empty() {
                per_year = vec![Vec::with_capacity(all.len()); years.len()];
                years_of = years.iter().map(|y| y.year).collect();
            }
            let mut total = Money::from_ore(0)?;
            for (slot, y) in per_year.iter_mut().zip(&years) {
                slot.push(y.municipal_effect);
                total = total.checked_add(y.municipal_effect)?;
            }
            totals.push(total);
        }
        Ok(MonteCarlo {
            draws,
            seed,
            years: years_of
                .into_iter()
                .zip(per_year.iter_mut())
                .map(|(year, values)| BandYear {
                    year,
                    band: Band::of(values),
                })
                .collect(),
            total: Band::of(&mut totals),
            sample: all.into_iter().take(20).collect(),
            inputs: *uncertain,
        })
    }

    fn tornado(&self, pop: &Population, uncertain: &Uncertain) -> Result<Tornado, Error> {
        let base_share = pop.base_share;
        let uncertain = &uncertain
            .resolved(self, base_share)
            .map_err(|e| e.within("run"))?;
        let t = uncertain.support(self);
        let (rate, stay, share) = uncertain.ranges(self);
        let base = Draw {
            support_cost: t.mode,
            rate_percent: 100,
            stay_percent: 100,
            share_percent: base_share,
        };
        let total = |d: &Draw| -> Result<Money, Error> {
            let years = pop.effect_years(self, d)?;
            let (_, municipal, _) = totals_of(&years)?;
            Ok(municipal)
        };
        let cases: [(&str, Draw, Draw, String, String); 4] = [
            (
                "support_cost",
                Draw {
                    support_cost: t.low,
                    ..base
                },
                Draw {
                    support_cost: t.high,
                    ..base
                },
                t.low.to_string(),
                t.high.to_string(),
            ),
            (
                "rate_change_percent",
                Draw {
                    rate_percent: 100 + rate.low,
                    ..base
                },
                Draw {
                    rate_percent: 100 + rate.high,
                    ..base
                },
                format!("{} %", rate.low),
                format!("{} %", rate.high),
            ),
            (
                "stay_change_percent",
                Draw {
                    stay_percent: 100 + stay.low,
                    ..base
                },
                Draw {
                    stay_percent: 100 + stay.high,
                    ..base
                },
                format!("{} %", stay.low),
                format!("{} %", stay.high),
            ),
            (
                "share_discharged_percent",
                Draw {
                    share_percent: share.low,
                    ..base
                },
                Draw {
                    share_percent: share.high,
                    ..base
                },
                format!("{} %", share.low),
                format!("{} %", share.high),
            ),
        ];
        let mut rows = Vec::with_capacity(cases.len());
        for (input, low, high, low_value, high_value) in cases {
            let (at_low, at_high) = (total(&low)?, total(&high)?);
            let swing = at_high.checked_sub(at_low)?;
            let swing = if swing.is_negative() {
                Money::ZERO.checked_sub(swing)?
            } else {
                swing
            };
            rows.push(TornadoRow {
                input: input.to_string(),
                low_value,
                high_value,
                at_low,
                at_high,
                swing,
            });
        }
        rows.sort_by(|a, b| b.swing.cmp(&a.swing).then_with(|| a.input.cmp(&b.input)));
        Ok(Tornado {
            base: total(&base)?,
            rows,
        })
    }
}

fn percent_of(r: Rate) -> i64 {
    let p = r.as_decimal() * rust_decimal::Decimal::ONE_HUNDRED;
    rust_decimal::prelude::ToPrimitive::to_i64(&p.round()).unwrap_or(100)
}

/// Runs `f` for every draw, in parallel when the `parallel` feature is on; the results are in
/// draw order either way, so they are identical.
#[cfg(feature = "parallel")]
fn run_draws<T: Send>(draws: &[Draw], f: impl Fn(&Draw) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    draws.par_iter().map(f).collect()
}

#[cfg(not(feature = "parallel"))]
fn run_draws<T>(draws: &[Draw], f: impl Fn(&Draw) -> T) -> Vec<T> {
    draws.iter().map(f).collect()
}
