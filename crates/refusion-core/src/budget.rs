//! The budget effect of moving citizens from shelter to home support, year by year.
//!
//! Each plan year `N` citizens are admitted to a § 110 shelter, spread evenly over the year: a
//! cohort of `N/12` on the 1st of every month. In the **status quo** each stays
//! `average_stay_nights`. Under the **plan** each is discharged after `nights_before_discharge`
//! nights to § 85 a support (decided before discharge, so R8 applies) for `support_years`.
//! Both pathways are priced with the full rules; only costs that fall inside the horizon count.
//!
//! Teams: the support delivered in a year, in citizen-years, divided by the caseload (citizens
//! served per team per year), rounded up. Each team added costs `establishment_cost_per_team`
//! (paid by the municipality, no refund) in the year it is added. The plan is computed for
//! several annual support costs — by default the Rambøll M-ACT low, mean and high.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::error::{Error, ErrorKind};
use crate::evaluation::{price, Engine, Sums, Totals};
use crate::money::{Exact, Money, DAYS_PER_YEAR};
use crate::parameters::PolicySpec;
use crate::scenario::{Citizen, HomeSupport, Scenario, ShelterStay, SupportMethod};
use crate::segment::SpellKind;
use crate::team::Fte;

/// An annual support cost with a label (e.g. "low").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledCost {
    /// The label.
    pub label: String,
    /// Cost per citizen-year.
    pub annual_cost: Money,
}

fn d_three() -> u32 {
    3
}
fn d_one() -> u32 {
    1
}
fn d_two() -> u32 {
    2
}
fn d_forty() -> u32 {
    40
}
fn d_mact() -> SupportMethod {
    SupportMethod::MAct
}

/// The budget question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    /// The policy (default statutory).
    #[serde(default)]
    pub policy: PolicySpec,
    /// The first plan year.
    pub first_year: i32,
    /// Years in the horizon, 1–10 (default 3).
    #[serde(default = "d_three")]
    pub horizon_years: u32,
    /// Citizens moved from shelter to support each year.
    pub citizens_per_year: u32,
    /// Status quo: nights each citizen stays.
    pub average_stay_nights: u32,
    /// Plan: nights before discharge to support (default 1).
    #[serde(default = "d_one")]
    pub nights_before_discharge: u32,
    /// The shelter's rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
    /// The support method (default m-act).
    #[serde(default = "d_mact")]
    pub support_method: SupportMethod,
    /// Annual support costs to compute (default: Rambøll M-ACT low, mean, high).
    #[serde(default)]
    pub annual_costs: Option<Vec<LabelledCost>>,
    /// Years of support per citizen (default 2, the § 176 a period).
    #[serde(default = "d_two")]
    pub support_years: u32,
    /// Citizens served per team per year.
    pub caseload: u32,
    /// FTE per team (to report the staff needed).
    #[serde(default)]
    pub team_size_fte: Option<Fte>,
    /// One-off cost of establishing a team.
    #[serde(default)]
    pub establishment_cost_per_team: Money,
    /// The citizens' age at admission (matters under the age-26 reading; default 40).
    #[serde(default = "d_forty")]
    pub age: u32,
}

/// One year of a budget variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetYear {
    /// Calendar year.
    pub year: i32,
    /// Status quo totals.
    pub status_quo: Totals,
    /// Plan totals (without establishment).
    pub plan: Totals,
    /// Plan − status quo, by payer.
    pub effect: Totals,
    /// Support delivered, in citizen-years (rounded to 2 decimals).
    #[serde(with = "rust_decimal::serde::str")]
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
    pub fte: Option<Decimal>,
    /// Establishment cost this year.
    pub establishment: Money,
    /// The municipality's net effect: `effect.municipal_net + establishment`.
    pub municipal_effect: Money,
}

/// The plan under one annual support cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetVariant {
    /// The label, e.g. "mean".
    pub label: String,
    /// Cost per citizen-year of support.
    pub annual_cost: Money,
    /// Year by year.
    pub years: Vec<BudgetYear>,
    /// Sum of the yearly effects by payer.
    pub total_effect: Totals,
    /// Sum of the yearly municipal effects (incl. establishment).
    pub total_municipal_effect: Money,
}

/// The answer to a [`BudgetQuery`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetResult {
    /// The policy's name.
    pub policy: String,
    /// The first year.
    pub first_year: i32,
    /// The horizon.
    pub horizon_years: u32,
    /// One variant per annual cost.
    pub variants: Vec<BudgetVariant>,
}

fn invalid(field: &str, msg: String) -> Error {
    Error::new(ErrorKind::InvalidParameter, field, msg)
}

fn check_range(field: &str, v: u32, lo: u32, hi: u32) -> Result<(), Error> {
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
}

/// `sum × num / den`, rounded to the øre (one division).
fn scaled(sum: Exact, num: i64, den: i64) -> Result<Money, Error> {
    sum.reported_scaled(num, den)
}

fn scaled_totals(s: &Sums, num: i64, den: i64) -> Result<Totals, Error> {
    let gross = scaled(s.gross, num, den)?;
    let citizen_payment = scaled(s.citizen, num, den)?;
    let state_refusion = scaled(s.refund, num, den)?;
    Ok(Totals {
        gross,
        citizen_payment,
        state_refusion,
        municipal_net: gross
            .checked_sub(citizen_payment)?
            .checked_sub(state_refusion)?,
    })
}

impl Engine {
    /// The budget effect of a plan, by year and payer, for each annual support cost.
    ///
    /// ```
    /// use refusion_core::{budget::BudgetQuery, scenario::from_json_str, Engine};
    /// let q: BudgetQuery = from_json_str(r#"{"first_year": 2027, "horizon_years": 2,
    ///   "citizens_per_year": 12, "average_stay_nights": 180, "daily_rate": "1400",
    ///   "own_payment_per_night": "100", "caseload": 20}"#).unwrap();
    /// let b = Engine::new().unwrap().budget(&q).unwrap();
    /// assert_eq!(b.variants.len(), 3); // Rambøll low, mean, high
    /// ```
    pub fn budget(&self, q: &BudgetQuery) -> Result<BudgetResult, Error> {
        check_range("horizon_years", q.horizon_years, 1, 10)?;
        check_range("support_years", q.support_years, 1, 10)?;
        check_range("citizens_per_year", q.citizens_per_year, 0, 1_000_000)?;
        check_range("average_stay_nights", q.average_stay_nights, 1, 3660)?;
        check_range(
            "nights_before_discharge",
            q.nights_before_discharge,
            1,
            q.average_stay_nights.max(1),
        )?;
        check_range("caseload", q.caseload, 1, 100_000)?;
        check_range("age", q.age, 0, 120)?;
        if !(1901..=9980).contains(&q.first_year) {
            return Err(invalid(
                "first_year",
                format!("{} is outside 1901–9980", q.first_year),
            ));
        }
        for (field, m) in [
            ("daily_rate", q.daily_rate),
            ("own_payment_per_night", q.own_payment_per_night),
            ("establishment_cost_per_team", q.establishment_cost_per_team),
        ] {
            if m.is_negative() {
                return Err(Error::new(
                    ErrorKind::NegativeAmount,
                    field,
                    format!("{m} is negative"),
                ));
            }
        }
        let policy = self.resolve(&q.policy)?;
        let costs: Vec<LabelledCost> = match &q.annual_costs {
            Some(c) if !c.is_empty() => c.clone(),
            _ => {
                let r = &self.catalog().reference.m_act;
                vec![
                    LabelledCost {
                        label: "low".into(),
                        annual_cost: r.low,
                    },
                    LabelledCost {
                        label: "mean".into(),
                        annual_cost: r.mean,
                    },
                    LabelledCost {
                        label: "high".into(),
                        annual_cost: r.high,
                    },
                ]
            }
        };
        for (i, c) in costs.iter().enumerate() {
            if c.annual_cost.is_negative() {
                return Err(Error::new(
                    ErrorKind::NegativeAmount,
                    format!("annual_costs[{i}].annual_cost"),
                    "an annual cost must be zero or more",
                ));
            }
        }
        let last_year = q.first_year + i32::try_from(q.horizon_years).unwrap_or(1) - 1;
        let in_horizon = |y: i32| y >= q.first_year && y <= last_year;

        let mut status_quo: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut plans: Vec<BTreeMap<i32, Sums>> = vec![BTreeMap::new(); costs.len()];
        let mut support_days: BTreeMap<i32, i64> = BTreeMap::new();
        for year in q.first_year..=last_year {
            for month in 1..=12u32 {
                let admitted = NaiveDate::from_ymd_opt(year, month, 1)
                    .ok_or_else(|| invalid("first_year", format!("{year} is not a valid year")))?;
                let birth =
                    NaiveDate::from_ymd_opt(year - i32::try_from(q.age).unwrap_or(0), month, 1)
                        .ok_or_else(|| invalid("age", "not a valid age".into()))?;
                let stay = |nights: u32| -> Result<ShelterStay, Error> {
                    Ok(ShelterStay {
                        admitted,
                        discharged: calendar::add_days(admitted, i64::from(nights))?,
                        daily_rate: q.daily_rate,
                        own_payment_per_night: q.own_payment_per_night,
                    })
                };
                let base = Scenario {
                    name: None,
                    policy: PolicySpec::Statutory,
                    citizen: Citizen { birth_date: birth },
                    shelter_stays: vec![stay(q.average_stay_nights)?],
                    home_support: Vec::new(),
                    temporary_housing: Vec::new(),
                };
                for s in price(&base, &policy)?.segments {
                    let y = s.start.year();
                    if in_horizon(y) {
                        status_quo.entry(y).or_default().add(&s)?;
                    }
                }
                let discharge = calendar::add_days(admitted, i64::from(q.nights_before_discharge))?;
                for (v, cost) in costs.iter().enumerate() {
                    let plan = Scenario {
                        shelter_stays: vec![stay(q.nights_before_discharge)?],
                        home_support: vec![HomeSupport {
                            method: q.support_method,
                            start: discharge,
                            end: calendar::add_years(discharge, q.support_years)?,
                            annual_cost: cost.annual_cost,
                            decided_before_discharge: true,
                        }],
                        ..base.clone()
                    };
                    for s in price(&plan, &policy)?.segments {
                        let y = s.start.year();
                        if !in_horizon(y) {
                            continue;
                        }
                        if let Some(p) = plans.get_mut(v) {
                            p.entry(y).or_default().add(&s)?;
                        }
                        if v == 0 && s.kind == SpellKind::HomeSupport {
                            *support_days.entry(y).or_default() += s.days;
                        }
                    }
                }
            }
        }

        let n = i64::from(q.citizens_per_year);
        let mut variants = Vec::with_capacity(costs.len());
        for (v, cost) in costs.iter().enumerate() {
            let mut years = Vec::new();
            let mut max_teams = 0u32;
            let mut total_effect = Totals::default();
            let mut total_municipal = Money::ZERO;
            for year in q.first_year..=last_year {
                let sq = scaled_totals(&status_quo.get(&year).copied().unwrap_or_default(), n, 12)?;
                let plan = scaled_totals(
                    &plans
                        .get(v)
                        .and_then(|p| p.get(&year))
                        .copied()
                        .unwrap_or_default(),
                    n,
                    12,
                )?;
                let effect = plan.difference(&sq)?;
                let days = i128::from(support_days.get(&year).copied().unwrap_or(0));
                // citizen-years = days · N / (12 · 365); teams = ⌈citizen-years / caseload⌉
                let denom = 12 * i128::from(DAYS_PER_YEAR);
                let load = days * i128::from(n);
                let cap = denom * i128::from(q.caseload);
                let teams = u32::try_from((load + cap - 1) / cap).unwrap_or(u32::MAX);
                let new_teams = teams.saturating_sub(max_teams);
                max_teams = max_teams.max(teams);
                let establishment = q
                    .establishment_cost_per_team
                    .checked_mul_int(i64::from(new_teams))?;
                let municipal_effect = effect.municipal_net.checked_add(establishment)?;
                let citizen_years = Money::from_decimal(
                    Decimal::from_i128_with_scale(load, 0)
                        .checked_div(Decimal::from_i128_with_scale(denom, 0))
                        .unwrap_or_default(),
                )
                .round_ore()
                .as_decimal();
                let fte = q
                    .team_size_fte
                    .map(|f| f.0.checked_mul(Decimal::from(teams)).unwrap_or_default());
                total_effect = Totals {
                    gross: total_effect.gross.checked_add(effect.gross)?,
                    citizen_payment: total_effect
                        .citizen_payment
                        .checked_add(effect.citizen_payment)?,
                    state_refusion: total_effect
                        .state_refusion
                        .checked_add(effect.state_refusion)?,
                    municipal_net: total_effect
                        .municipal_net
                        .checked_add(effect.municipal_net)?,
                };
                total_municipal = total_municipal.checked_add(municipal_effect)?;
                years.push(BudgetYear {
                    year,
                    status_quo: sq,
                    plan,
                    effect,
                    support_citizen_years: citizen_years,
                    teams,
                    new_teams,
                    fte,
                    establishment: establishment.round_ore(),
                    municipal_effect: municipal_effect.round_ore(),
                });
            }
            variants.push(BudgetVariant {
                label: cost.label.clone(),
                annual_cost: cost.annual_cost,
                years,
                total_effect,
                total_municipal_effect: total_municipal.round_ore(),
            });
        }
        Ok(BudgetResult {
            policy: policy.name,
            first_year: q.first_year,
            horizon_years: q.horizon_years,
            variants,
        })
    }
}
