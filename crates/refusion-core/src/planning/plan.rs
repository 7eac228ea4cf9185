//! Budget plans: a baseline population against a plan that discharges long stays to support.
//!
//! **The plan.** A citizen whose § 110 stay reaches `discharge_after_nights` nights is
//! discharged on that night's morning (the stay is cut at N nights) to § 85 a support for
//! `support_years`, decided before discharge (so R8 applies). Only the first such stay of each
//! citizen is cut; later stays are kept, and a support spell the citizen already had that would
//! overlap the new one is dropped. `share_discharged` of the eligible citizens are discharged;
//! which ones is decided per citizen by a seeded draw, so the selection is reproducible.
//!
//! **The table.** For each calendar year of the horizon, baseline and plan are priced with the
//! full rules, by payer, with the § 110 and § 85 a gross costs apart. Teams are the extra
//! support the plan delivers that year in citizen-years (support days ÷ 365) divided by the
//! caseload, rounded up; each team added costs `establishment_cost_per_team`, paid by the
//! municipality. The municipal effect (plan − baseline, plus establishment) is also given as a
//! present value at the discount rate (default: Finansministeriet's 3.5 %), discounting year
//! `k` of the horizon (the first year is `k = 0`) by `1 / (1 + r)^k`.

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::engine::evaluation::{Engine, Priced, Spells, Sums, Totals};
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Exact, Money, Quantity, Rate, DAYS_PER_YEAR};
use crate::model::policy_spec::PolicySpec;
use crate::model::scenario::{HomeSupport, ShelterStay, SupportMethod};
use crate::population::cohort::{generate, CohortSpec, Member, Rng};
use crate::rules::catalog::Policy;
use crate::rules::segment::{Segment, Sink, SpellKind};

/// One pathway's figures in a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PathwayYear {
    /// § 110 shelter gross cost.
    pub shelter: Money,
    /// § 85 a support gross cost.
    pub support: Money,
    /// The four totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One year of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PlanYear {
    /// Calendar year.
    pub year: i32,
    /// The baseline (status quo).
    pub baseline: PathwayYear,
    /// The plan (without establishment).
    pub plan: PathwayYear,
    /// Plan − baseline, by payer.
    pub effect: Totals,
    /// Extra support delivered, in citizen-years (two decimals).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "typescript", ts(type = "Decimal"))]
    pub support_citizen_years: Decimal,
    /// Teams needed this year.
    pub teams: u32,
    /// Teams added this year.
    pub new_teams: u32,
    /// FTE needed (teams × team size), when the team size is given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rust_decimal::serde::str_option"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "Decimal", optional))]
    pub fte: Option<Decimal>,
    /// Establishment cost this year.
    pub establishment: Money,
    /// The municipality's effect: `effect.municipal_net + establishment`.
    pub municipal_effect: Money,
    /// `municipal_effect` discounted to the first year.
    pub present_value: Money,
}

/// The settings of a plan (the population comes separately).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSettings {
    /// First year of the horizon.
    pub first_year: i32,
    /// Years in the horizon (1–10).
    pub horizon_years: u32,
    /// Nights after which a stay is cut and the citizen discharged to support.
    pub discharge_after_nights: u32,
    /// Share of eligible citizens discharged.
    pub share_discharged: Rate,
    /// Seed of the selection draw.
    pub selection_seed: u64,
    /// The support method.
    pub support_method: SupportMethod,
    /// Annual cost of the support.
    pub support_annual_cost: Money,
    /// Years of support.
    pub support_years: u32,
    /// Citizens a team supports at one time (support in citizen-years ÷ caseload = teams).
    pub caseload: u32,
    /// FTE per team.
    pub team_size_fte: Option<Quantity>,
    /// One-off cost per team.
    pub establishment_cost_per_team: Money,
    /// Discount rate for present values.
    pub discount_rate: Rate,
}

/// Per-year exact sums of one pathway.
#[derive(Clone, Copy, Default)]
struct YearSums {
    sums: Sums,
    shelter: Exact,
    support: Exact,
    support_days: i64,
}

impl YearSums {
    /// Adds another pathway's or member's sums.
    fn plus(&mut self, other: &YearSums) -> Result<(), Error> {
        self.sums = self.sums.plus(&other.sums)?;
        self.shelter = self.shelter.checked_add(other.shelter)?;
        self.support = self.support.checked_add(other.support)?;
        self.support_days = self.support_days.saturating_add(other.support_days);
        Ok(())
    }

    #[inline(always)]
    fn add(&mut self, s: &Segment<'_>) -> Result<(), Error> {
        let x = s.sums()?;
        self.sums = self.sums.plus(&x)?;
        match s.kind {
            SpellKind::Shelter => self.shelter = self.shelter.checked_add(x.gross)?,
            SpellKind::HomeSupport => {
                self.support = self.support.checked_add(x.gross)?;
                self.support_days = self.support_days.saturating_add(s.days);
            }
            SpellKind::TemporaryHousing => {}
        }
        Ok(())
    }
}

/// How a member looks under a draw of the uncertain inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Adjust {
    /// Stay lengths in percent of the registered ones.
    pub stay_percent: i64,
    /// Shelter rates in percent of the registered ones.
    pub rate_percent: i64,
}

impl Adjust {
    pub(crate) const NONE: Adjust = Adjust {
        stay_percent: 100,
        rate_percent: 100,
    };
}

/// A member's stays under an adjustment: lengths scaled (at least one night) and the following
/// stays shifted so that every gap is kept; rates scaled (own payment capped at the rate).
fn adjusted(m: &Member, adjust: Adjust, out: &mut Vec<ShelterStay>) -> Result<(), Error> {
    out.clear();
    let mut shift = 0i64;
    for s in &m.stays {
        let nights = calendar::days_between(s.admitted, s.discharged);
        let scaled = if adjust.stay_percent == 100 {
            nights
        } else {
            ((nights * adjust.stay_percent + 50) / 100).max(1)
        };
        let admitted = calendar::add_days(s.admitted, shift)?;
        let discharged = calendar::add_days(admitted, scaled)?;
        shift += scaled - nights;
        let rate = if adjust.rate_percent == 100 {
            s.daily_rate
        } else {
            s.daily_rate
                .checked_mul_decimal(Decimal::new(adjust.rate_percent, 2))?
                .round_ore()
        };
        out.push(ShelterStay {
            admitted,
            discharged,
            daily_rate: rate,
            own_payment_per_night: s.own_payment_per_night.min(rate),
        });
    }
    Ok(())
}

/// Whether member `index` is among the `share` discharged (a seeded, reproducible draw).
fn selected(seed: u64, index: usize, share: Rate) -> bool {
    let mut r = Rng::new(seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    r.chance(share)
}

/// The exact per-year sums of baseline and plan for a population.
pub(crate) struct PlanSums {
    first_year: i32,
    baseline: Vec<YearSums>,
    plan: Vec<YearSums>,
}

impl Engine {
    /// Prices baseline and plan for every member (members' stays in date order).
    pub(crate) fn plan_sums(
        &self,
        policy: &Policy,
        members: &[Member],
        settings: &PlanSettings,
        adjust: Adjust,
    ) -> Result<PlanSums, Error> {
        let years = usize::try_from(settings.horizon_years).unwrap_or(1);
        let mut out = PlanSums {
            first_year: settings.first_year,
            baseline: vec![YearSums::default(); years],
            plan: vec![YearSums::default(); years],
        };
        let mut priced = Priced::default();
        let mut member = MemberYears {
            years: vec![YearSums::default(); years],
            first_year: settings.first_year,
        };
        let mut stays = Vec::new();
        let mut plan_stays = Vec::new();
        let mut plan_support: Vec<HomeSupport> = Vec::new();
        let n_cut = i64::from(settings.discharge_after_nights);
        for (i, m) in members.iter().enumerate() {
            adjusted(m, adjust, &mut stays)?;
            let base = Spells {
                birth: m.birth_date,
                stays: &stays,
                support: &m.support,
                temporary: &[],
            };
            member.clear();
            priced
                .run_into(base, policy, &mut member)
                .map_err(|e| e.within(&format!("members[{i}]")))?;
            member.add_to(&mut out.baseline)?;

            // The plan: cut the first stay longer than N nights, if the citizen is selected.
            let cut = stays
                .iter()
                .position(|s| calendar::days_between(s.admitted, s.discharged) > n_cut)
                .filter(|_| selected(settings.selection_seed, i, settings.share_discharged));
            let Some(k) = cut else {
                // Unchanged: the plan equals the baseline.
                member.add_to(&mut out.plan)?;
                continue;
            };
            plan_stays.clear();
            plan_stays.extend_from_slice(&stays);
            let discharge = match plan_stays.get_mut(k) {
                Some(s) => {
                    s.discharged = calendar::add_days(s.admitted, n_cut)?;
                    s.discharged
                }
                None => continue,
            };
            let end = calendar::add_years(discharge, settings.support_years)?;
            plan_support.clear();
            plan_support.extend(
                m.support
                    .iter()
                    .filter(|h| h.end <= discharge || h.start >= end)
                    .cloned(),
            );
            plan_support.push(HomeSupport {
                method: settings.support_method,
                start: discharge,
                end,
                annual_cost: settings.support_annual_cost,
                decided_before_discharge: Some(true),
                decided_on: None,
            });
            plan_support.sort_by_key(|h| h.start);
            let plan = Spells {
                birth: m.birth_date,
                stays: &plan_stays,
                support: &plan_support,
                temporary: &[],
            };
            member.clear();
            priced
                .run_into(plan, policy, &mut member)
                .map_err(|e| e.within(&format!("members[{i}]")))?;
            member.add_to(&mut out.plan)?;
        }
        Ok(out)
    }
}

/// One member's sums per plan year, taken straight from the priced segments (a [`Sink`]);
/// segments outside the horizon are left out.
struct MemberYears {
    years: Vec<YearSums>,
    first_year: i32,
}

impl MemberYears {
    fn clear(&mut self) {
        self.years.fill(YearSums::default());
    }

    /// Adds the member's years to a pathway's.
    fn add_to(&self, pathway: &mut [YearSums]) -> Result<(), Error> {
        for (total, y) in pathway.iter_mut().zip(&self.years) {
            total.plus(y)?;
        }
        Ok(())
    }
}

impl<'p> Sink<'p> for MemberYears {
    #[inline(always)]
    fn take(&mut self, s: Segment<'p>) -> Result<(), Error> {
        let offset = s.start.year() - self.first_year;
        match usize::try_from(offset)
            .ok()
            .and_then(|o| self.years.get_mut(o))
        {
            Some(y) => y.add(&s),
            None => Ok(()),
        }
    }
}

fn pathway(y: &YearSums, num: i64, den: i64) -> Result<PathwayYear, Error> {
    let gross = y.sums.gross.reported_scaled(num, den)?;
    let citizen_payment = y.sums.citizen.reported_scaled(num, den)?;
    let state_refusion = y.sums.refund.reported_scaled(num, den)?;
    Ok(PathwayYear {
        shelter: y.shelter.reported_scaled(num, den)?,
        support: y.support.reported_scaled(num, den)?,
        totals: Totals {
            gross,
            citizen_payment,
            state_refusion,
            municipal_net: gross
                .checked_sub(citizen_payment)?
                .checked_sub(state_refusion)?,
        },
    })
}

/// `(1 + r)^-k` applied to an amount, rounded to the øre.
fn discounted(amount: Money, rate: Rate, k: u32) -> Result<Money, Error> {
    let base = Decimal::ONE + rate.as_decimal();
    let mut factor = Decimal::ONE;
    for _ in 0..k {
        factor = factor
            .checked_mul(base)
            .ok_or_else(|| Error::overflow("discount_rate", "a discount factor"))?;
    }
    let value = amount
        .as_decimal()
        .checked_div(factor)
        .ok_or_else(|| Error::overflow("discount_rate", "a present value"))?;
    Ok(Money::from_decimal(value).round_ore())
}

impl PlanSums {
    /// The per-year table, with all sums scaled by `num / den` (the weight of each member).
    pub(crate) fn table(
        &self,
        s: &PlanSettings,
        num: i64,
        den: i64,
    ) -> Result<Vec<PlanYear>, Error> {
        self.table_with_share(s, num, den, 100)
    }

    /// The per-year table of a representative population of which `share` percent is
    /// discharged: the baseline weighs every member `num / den`; the effect weighs the
    /// discharged share, `num · share / (den · 100)`; the plan is the baseline plus the effect
    /// (so `plan − baseline = effect` holds to the øre). With `share` 100 this is the plain table.
    pub(crate) fn table_with_share(
        &self,
        s: &PlanSettings,
        num: i64,
        den: i64,
        share: i64,
    ) -> Result<Vec<PlanYear>, Error> {
        let mut out = Vec::with_capacity(self.baseline.len());
        let mut max_teams = 0u32;
        for (k, (b, p)) in self.baseline.iter().zip(&self.plan).enumerate() {
            let year = self.first_year + i32::try_from(k).unwrap_or(0);
            let baseline = pathway(b, num, den)?;
            let (num_s, den_s) = (num * share, den * 100);
            let (moved_b, moved_p) = (pathway(b, num_s, den_s)?, pathway(p, num_s, den_s)?);
            let effect = moved_p.totals.difference(&moved_b.totals)?;
            let plan = PathwayYear {
                shelter: baseline
                    .shelter
                    .checked_add(moved_p.shelter.checked_sub(moved_b.shelter)?)?,
                support: baseline
                    .support
                    .checked_add(moved_p.support.checked_sub(moved_b.support)?)?,
                totals: baseline.totals.plus(&effect)?,
            };
            // Extra support in citizen-years: days · num / (den · 365); teams rounded up.
            let (num, den) = (num_s, den_s);
            let days = i128::from(p.support_days.saturating_sub(b.support_days).max(0));
            let load = days * i128::from(num);
            let per_team =
                i128::from(den) * i128::from(DAYS_PER_YEAR) * i128::from(s.caseload.max(1));
            let teams = u32::try_from((load + per_team - 1) / per_team).unwrap_or(u32::MAX);
            let new_teams = teams.saturating_sub(max_teams);
            max_teams = max_teams.max(teams);
            let establishment = s
                .establishment_cost_per_team
                .checked_mul_int(i64::from(new_teams))?
                .round_ore();
            let municipal_effect = effect.municipal_net.checked_add(establishment)?;
            let cy = Decimal::from_i128_with_scale(load, 0)
                .checked_div(Decimal::from_i128_with_scale(
                    i128::from(den) * i128::from(DAYS_PER_YEAR),
                    0,
                ))
                .unwrap_or_default();
            out.push(PlanYear {
                year,
                baseline,
                plan,
                effect,
                support_citizen_years: Money::from_decimal(cy).round_ore().as_decimal(),
                teams,
                new_teams,
                fte: s
                    .team_size_fte
                    .map(|f| f.0.checked_mul(Decimal::from(teams)).unwrap_or_default()),
                establishment,
                municipal_effect,
                present_value: discounted(
                    municipal_effect,
                    s.discount_rate,
                    u32::try_from(k).unwrap_or(0),
                )?,
            });
        }
        Ok(out)
    }
}

/// Checks a plan's settings; `field` names the query's fields.
pub(crate) fn check_settings(s: &PlanSettings) -> Result<(), Error> {
    let range = |field: &str, v: u32, lo: u32, hi: u32| -> Result<(), Error> {
        if v < lo || v > hi {
            return Err(Error::new(
                if field == "horizon_years" {
                    ErrorKind::Limit
                } else {
                    ErrorKind::InvalidParameter
                },
                field,
                format!("{v} is outside {lo}–{hi}"),
            ));
        }
        Ok(())
    };
    range("horizon_years", s.horizon_years, 1, 10)?;
    range("support_years", s.support_years, 1, 10)?;
    range("caseload", s.caseload, 1, 100_000)?;
    range("discharge_after_nights", s.discharge_after_nights, 1, 3660)?;
    if !(1901..=9980).contains(&s.first_year) {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "first_year",
            format!("{} is outside 1901–9980", s.first_year),
        ));
    }
    for (field, m) in [
        ("support_annual_cost", s.support_annual_cost),
        ("establishment_cost_per_team", s.establishment_cost_per_team),
    ] {
        if m.is_negative() {
            return Err(Error::new(
                ErrorKind::NegativeAmount,
                field,
                format!("{m} is negative"),
            ));
        }
    }
    Ok(())
}

/// A representative population: `citizens_per_year` admitted evenly over each year of the
/// horizon — one member on the 1st of every month, each standing for `citizens_per_year / 12`
/// citizens — staying `nights` at `rate` with `own` payment, aged `age` at admission.
pub(crate) fn representative(
    first_year: i32,
    years: u32,
    nights: u32,
    rate: Money,
    own: Money,
    age: u32,
) -> Result<Vec<Member>, Error> {
    let mut out = Vec::new();
    for y in 0..years {
        let year = first_year + i32::try_from(y).unwrap_or(0);
        for month in 1..=12u32 {
            let admitted: Date =
                chrono::NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidParameter,
                        "first_year",
                        "not a valid year",
                    )
                })?;
            out.push(Member {
                citizen_id: format!("{year}-{month:02}"),
                birth_date: calendar::sub_years(admitted, age)?,
                stays: vec![ShelterStay {
                    admitted,
                    discharged: calendar::add_days(admitted, i64::from(nights))?,
                    daily_rate: rate,
                    own_payment_per_night: own,
                }],
                support: Vec::new(),
            });
        }
    }
    Ok(out)
}

/// A plan over a generated cohort.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    /// The policy (default statutory).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub policy: PolicySpec,
    /// The population: a generated cohort.
    pub cohort: CohortSpec,
    /// Years in the horizon from the cohort's first year (default 3).
    #[serde(default = "d_three")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub horizon_years: u32,
    /// Nights after which a stay is cut and the citizen discharged to support.
    pub discharge_after_nights: u32,
    /// Share of eligible citizens discharged (default 1).
    #[serde(default = "d_one_rate")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub share_discharged: Rate,
    /// The support method (default m-act).
    #[serde(default = "d_mact")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_method: SupportMethod,
    /// Annual support cost (default: the Rambøll M-ACT mean of the catalog).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_annual_cost: Option<Money>,
    /// Years of support (default: the § 176 a period of the query's policy,
    /// `support_refund_years`).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_years: Option<u32>,
    /// Citizens a team supports at one time (support in citizen-years ÷ caseload = teams).
    pub caseload: u32,
    /// FTE per team.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub team_size_fte: Option<Quantity>,
    /// One-off cost per team.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub establishment_cost_per_team: Money,
    /// The real discount rate for present values (default: Finansministeriet's socio-economic
    /// rate, `[economics]` in the catalog).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub discount_rate: Option<Rate>,
}

fn d_three() -> u32 {
    3
}
fn d_one_rate() -> Rate {
    Rate::ONE
}
fn d_mact() -> SupportMethod {
    SupportMethod::MAct
}

/// The result of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PlanResult {
    /// The policy's name.
    pub policy: String,
    /// The discount rate used.
    pub discount_rate: Rate,
    /// Year by year.
    pub years: Vec<PlanYear>,
    /// Sum of the yearly effects by payer.
    pub total_effect: Totals,
    /// Sum of the yearly municipal effects (incl. establishment).
    pub total_municipal_effect: Money,
    /// Sum of the yearly present values.
    pub total_present_value: Money,
}

impl PlanQuery {
    pub(crate) fn settings(&self, engine: &Engine) -> Result<PlanSettings, Error> {
        let s = PlanSettings {
            first_year: self.cohort.first_year,
            horizon_years: self.horizon_years,
            discharge_after_nights: self.discharge_after_nights,
            share_discharged: self.share_discharged,
            selection_seed: self.cohort.seed,
            support_method: self.support_method,
            support_annual_cost: self
                .support_annual_cost
                .unwrap_or(engine.catalog().reference.m_act.mean),
            support_years: match self.support_years {
                Some(years) => years,
                None => {
                    engine
                        .resolve(&self.policy)?
                        .parameters
                        .support_refund_years
                        .value
                }
            },
            caseload: self.caseload,
            team_size_fte: self.team_size_fte,
            establishment_cost_per_team: self.establishment_cost_per_team,
            discount_rate: self
                .discount_rate
                .unwrap_or(engine.catalog().economics.discount_rate),
        };
        check_settings(&s)?;
        Ok(s)
    }
}

impl Engine {
    /// A plan over a generated cohort: baseline against plan, by year and payer.
    pub fn plan(&self, q: &PlanQuery) -> Result<PlanResult, Error> {
        let settings = q.settings(self)?;
        let policy = self.resolve(&q.policy)?;
        let cohort = generate(&q.cohort, self.catalog()).map_err(|e| e.within("cohort"))?;
        self.plan_for(&policy, &cohort.members, &settings)
    }

    /// A plan over any population (e.g. a register turned into members).
    pub fn plan_for(
        &self,
        policy: &Policy,
        members: &[Member],
        settings: &PlanSettings,
    ) -> Result<PlanResult, Error> {
        check_settings(settings)?;
        let years = self
            .plan_sums(policy, members, settings, Adjust::NONE)?
            .table(settings, 1, 1)?;
        let (total_effect, total_municipal_effect, total_present_value) = totals_of(&years)?;
        Ok(PlanResult {
            policy: policy.name.clone(),
            discount_rate: settings.discount_rate,
            years,
            total_effect,
            total_municipal_effect,
            total_present_value,
        })
    }
}

/// Sums yearly figures into variant totals.
pub(crate) fn totals_of(years: &[PlanYear]) -> Result<(Totals, Money, Money), Error> {
    let mut effect = Totals {
        gross: Money::from_ore(0)?,
        citizen_payment: Money::from_ore(0)?,
        state_refusion: Money::from_ore(0)?,
        municipal_net: Money::from_ore(0)?,
    };
    let (mut municipal, mut present) = (Money::from_ore(0)?, Money::from_ore(0)?);
    for y in years {
        effect = Totals {
            gross: effect.gross.checked_add(y.effect.gross)?,
            citizen_payment: effect
                .citizen_payment
                .checked_add(y.effect.citizen_payment)?,
            state_refusion: effect.state_refusion.checked_add(y.effect.state_refusion)?,
            municipal_net: effect.municipal_net.checked_add(y.effect.municipal_net)?,
        };
        municipal = municipal.checked_add(y.municipal_effect)?;
        present = present.checked_add(y.present_value)?;
    }
    Ok((effect, municipal, present))
}
