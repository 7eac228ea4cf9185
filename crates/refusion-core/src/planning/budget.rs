//! The budget effect of moving citizens from shelter to home support, year by year.
//!
//! Each plan year `N` eligible citizens are admitted to a § 110 shelter, spread evenly over the
//! year: a cohort of `N/12` on the 1st of every month. In the **status quo** each stays
//! `average_stay_nights`. Under the **plan** a share of them (`share_discharged`, by default the
//! middle of its illustrative uncertainty range) is discharged after `nights_before_discharge`
//! nights to § 85 a support (decided before discharge, so R8 applies) for `support_years`; the
//! others stay as in the status quo. Both pathways are priced with the full rules; only costs
//! that fall inside the horizon count.
//!
//! Teams: the support delivered in a year, in citizen-years (the average number of citizens
//! supported at one time), divided by the caseload (citizens a team supports at one time),
//! rounded up. Each team added costs `establishment_cost_per_team` (paid by the municipality,
//! no refund) in the year it is added. The plan is computed for several annual support costs —
//! by default the Rambøll M-ACT low, mean and high.

use serde::{Deserialize, Serialize};

use crate::engine::evaluation::{Engine, Totals, YearTotals};
use crate::engine::policy_comparison::PolicyComparison;
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Money, Quantity, Rate};
use crate::model::policy_spec::PolicySpec;
use crate::model::scenario::SupportMethod;
use crate::planning::assumptions;
use crate::planning::plan::{
    check_settings, representative, totals_of, Adjust, PlanSettings, PlanYear,
};
use crate::planning::team::Fte;
use crate::population::cohort::Member;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// An annual support cost with a label (e.g. "low").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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
fn d_forty() -> u32 {
    40
}
fn d_mact() -> SupportMethod {
    SupportMethod::MAct
}

/// The budget question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    /// The policy (default statutory).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub policy: PolicySpec,
    /// The first plan year.
    pub first_year: i32,
    /// Years in the horizon, 1–10 (default 3).
    #[serde(default = "d_three")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub horizon_years: u32,
    /// Citizens each year who could be discharged from shelter to support (the eligible).
    pub citizens_per_year: u32,
    /// The share of them discharged to support, in whole percent (default: the middle of the
    /// illustrative uncertainty range, 70 %, so the table and the Monte Carlo tell one story).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub share_discharged: Option<Rate>,
    /// Status quo: nights each citizen stays.
    pub average_stay_nights: u32,
    /// Plan: nights before discharge to support (default 1).
    #[serde(default = "d_one")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub nights_before_discharge: u32,
    /// The shelter's rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
    /// The support method (default m-act).
    #[serde(default = "d_mact")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_method: SupportMethod,
    /// Annual support costs to compute (default: Rambøll M-ACT low, mean, high).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub annual_costs: Option<Vec<LabelledCost>>,
    /// Years of support per citizen (default: the § 176 a period of the query's policy,
    /// `support_refund_years`).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub support_years: Option<u32>,
    /// Citizens a team supports at one time (default: the illustrative team's).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub caseload: Option<u32>,
    /// FTE per team (to report the staff needed and the cost per FTE the support cost implies).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub team_size_fte: Option<Fte>,
    /// One-off cost of establishing a team (none when left out; the page fills in the
    /// illustrative team's).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub establishment_cost_per_team: Money,
    /// The citizens' age at admission (matters under the age-26 reading; default 40).
    #[serde(default = "d_forty")]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub age: u32,
    /// The real discount rate for present values (default: Finansministeriet's socio-economic
    /// rate, `[economics]` in the catalog).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub discount_rate: Option<Rate>,
}

/// The plan under one annual support cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BudgetVariant {
    /// The label, e.g. "mean".
    pub label: String,
    /// Cost per citizen-year of support.
    pub annual_cost: Money,
    /// Year by year.
    pub years: Vec<PlanYear>,
    /// Sum of the yearly effects by payer.
    pub total_effect: Totals,
    /// Sum of the yearly municipal effects (incl. establishment).
    pub total_municipal_effect: Money,
    /// Sum of the yearly present values.
    pub total_present_value: Money,
    /// What the annual cost per citizen implies per FTE: `annual_cost × caseload / team size`,
    /// when the team size is given (a check of the team size against the cost range).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub cost_per_fte: Option<Money>,
}

/// The answer to a [`BudgetQuery`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct BudgetResult {
    /// The policy's name.
    pub policy: String,
    /// The first year.
    pub first_year: i32,
    /// The horizon.
    pub horizon_years: u32,
    /// The discount rate used for present values.
    pub discount_rate: Rate,
    /// The share of the eligible citizens discharged, in whole percent.
    pub share_discharged_percent: i64,
    /// Citizens a team supports at one time.
    pub caseload: u32,
    /// One variant per annual cost.
    pub variants: Vec<BudgetVariant>,
}

fn check_range(field: &str, v: u32, lo: u32, hi: u32) -> Result<(), Error> {
    if v < lo || v > hi {
        return Err(Error::new(
            if field == "horizon_years" || field == "citizens_per_year" {
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

impl BudgetQuery {
    /// The share discharged in whole percent: the query's, or the middle of the illustrative
    /// range.
    pub(crate) fn share_percent(&self, engine: &Engine) -> Result<i64, Error> {
        let Some(share) = self.share_discharged else {
            return Ok(assumptions::default_share_percent(engine.catalog()));
        };
        let percent = share.as_decimal() * Decimal::ONE_HUNDRED;
        if !percent.fract().is_zero() || percent > Decimal::ONE_HUNDRED {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "share_discharged",
                format!(
                    "{share} is not a whole percent from 0 to 100 % (e.g. \"0.7\" or \"70 %\")"
                ),
            ));
        }
        Ok(percent.to_i64().unwrap_or(100))
    }

    /// The caseload: the query's, or the illustrative team's.
    pub(crate) fn caseload(&self) -> u32 {
        self.caseload.unwrap_or_else(assumptions::caseload)
    }

    /// Checks the query and builds its representative population and plan settings.
    pub(crate) fn prepare(
        &self,
        engine: &Engine,
    ) -> Result<(Vec<Member>, PlanSettings, Vec<LabelledCost>), Error> {
        check_range("horizon_years", self.horizon_years, 1, 10)?;
        let support_years = match self.support_years {
            Some(years) => years,
            None => {
                engine
                    .resolve(&self.policy)?
                    .parameters
                    .support_refund_years
                    .value
            }
        };
        check_range("support_years", support_years, 1, 10)?;
        check_range("citizens_per_year", self.citizens_per_year, 0, 1_000_000)?;
        check_range("average_stay_nights", self.average_stay_nights, 1, 3660)?;
        check_range(
            "nights_before_discharge",
            self.nights_before_discharge,
            1,
            self.average_stay_nights.max(1),
        )?;
        check_range("caseload", self.caseload(), 1, 100_000)?;
        self.share_percent(engine)?;
        check_range("age", self.age, 0, 120)?;
        for (field, m) in [
            ("daily_rate", self.daily_rate),
            ("own_payment_per_night", self.own_payment_per_night),
            (
                "establishment_cost_per_team",
                self.establishment_cost_per_team,
            ),
        ] {
            if m.is_negative() {
                return Err(Error::new(
                    ErrorKind::NegativeAmount,
                    field,
                    format!("{m} is negative"),
                ));
            }
        }
        if self.own_payment_per_night > self.daily_rate {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "own_payment_per_night",
                "own payment exceeds the daily rate; the refund base (rate minus own payment, R6) cannot be negative",
            ));
        }
        let costs: Vec<LabelledCost> = match &self.annual_costs {
            Some(c) if !c.is_empty() => c.clone(),
            _ => {
                let r = &engine.catalog().reference.m_act;
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
        let settings = PlanSettings {
            first_year: self.first_year,
            horizon_years: self.horizon_years,
            discharge_after_nights: self.nights_before_discharge,
            share_discharged: Rate::ONE,
            selection_seed: 0,
            support_method: self.support_method,
            support_annual_cost: costs.first().map_or(Money::ZERO, |c| c.annual_cost),
            support_years,
            caseload: self.caseload(),
            team_size_fte: self.team_size_fte.map(|f| Quantity(f.0)),
            establishment_cost_per_team: self.establishment_cost_per_team,
            discount_rate: self
                .discount_rate
                .unwrap_or(engine.catalog().economics.discount_rate),
        };
        check_settings(&settings)?;
        let members = representative(
            self.first_year,
            self.horizon_years,
            self.average_stay_nights,
            self.daily_rate,
            self.own_payment_per_night,
            self.age,
        )?;
        Ok((members, settings, costs))
    }
}

impl Engine {
    /// The budget effect of a plan, by year and payer, for each annual support cost.
    ///
    /// ```
    /// use refusion_core::{planning::budget::BudgetQuery, model::read::from_json_str, Engine};
    /// let q: BudgetQuery = from_json_str(r#"{"first_year": 2027, "horizon_years": 2,
    ///   "citizens_per_year": 12, "average_stay_nights": 180, "daily_rate": "1400",
    ///   "own_payment_per_night": "100", "caseload": 20}"#).unwrap();
    /// let b = Engine::new().unwrap().budget(&q).unwrap();
    /// assert_eq!(b.variants.len(), 3); // Rambøll low, mean, high
    /// ```
    pub fn budget(&self, q: &BudgetQuery) -> Result<BudgetResult, Error> {
        let (members, settings, costs) = q.prepare(self)?;
        let policy = self.resolve(&q.policy)?;
        let share = q.share_percent(self)?;
        // Every eligible citizen is in the status quo (weight n / 12 per monthly cohort); the
        // share discharged weighs the plan's effect, as in a Monte Carlo draw of that share.
        let n = i64::from(q.citizens_per_year);
        let mut variants = Vec::with_capacity(costs.len());
        for cost in &costs {
            let s = PlanSettings {
                support_annual_cost: cost.annual_cost,
                ..settings.clone()
            };
            let years = self
                .plan_sums(&policy, &members, &s, Adjust::NONE)?
                .table_with_share(&s, n, 12, share)?;
            let (total_effect, total_municipal_effect, total_present_value) = totals_of(&years)?;
            variants.push(BudgetVariant {
                label: cost.label.clone(),
                annual_cost: cost.annual_cost,
                years,
                total_effect,
                total_municipal_effect,
                total_present_value,
                cost_per_fte: cost_per_fte(cost.annual_cost, q.caseload(), q.team_size_fte)?,
            });
        }
        Ok(BudgetResult {
            policy: policy.name,
            first_year: q.first_year,
            horizon_years: q.horizon_years,
            discount_rate: settings.discount_rate,
            share_discharged_percent: share,
            caseload: q.caseload(),
            variants,
        })
    }
}

/// `annual_cost × caseload / team size`, rounded to the øre (none without a team size; a team
/// size of zero is refused).
fn cost_per_fte(annual: Money, caseload: u32, fte: Option<Fte>) -> Result<Option<Money>, Error> {
    let Some(fte) = fte else { return Ok(None) };
    if fte.0 <= Decimal::ZERO {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "team_size_fte",
            "the team size must be more than 0 FTE",
        ));
    }
    let value = annual
        .as_decimal()
        .checked_mul(Decimal::from(caseload))
        .and_then(|v| v.checked_div(fte.0))
        .ok_or_else(|| Error::overflow("team_size_fte", "the cost per FTE"))?;
    Ok(Some(Money::from_decimal(value).round_ore()))
}

impl Engine {
    /// The budget's status quo (every eligible citizen staying `average_stay_nights`) under the
    /// query's policy against a base policy, year by year: what the change of the rules costs
    /// the municipality on these citizens (policy − base). The page's ready comparisons.
    pub fn budget_policy_comparison(
        &self,
        q: &BudgetQuery,
        base: &PolicySpec,
    ) -> Result<PolicyComparison, Error> {
        let (members, settings, _) = q.prepare(self)?;
        let n = i64::from(q.citizens_per_year);
        let status_quo = |spec: &PolicySpec| -> Result<(String, Vec<YearTotals>, Totals), Error> {
            let policy = self.resolve(spec)?;
            let years = self
                .plan_sums(&policy, &members, &settings, Adjust::NONE)?
                .table(&settings, n, 12)?;
            let mut total = Totals::default();
            let years = years
                .into_iter()
                .map(|y| {
                    total = total.plus(&y.baseline.totals)?;
                    Ok(YearTotals {
                        year: y.year,
                        totals: y.baseline.totals,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok((policy.name, years, total))
        };
        let b = status_quo(base).map_err(|e| e.within("base"))?;
        let p = status_quo(&q.policy)?;
        PolicyComparison::of((&b.0, &b.1, &b.2), (&p.0, &p.1, &p.2))
    }
}
