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

use serde::{Deserialize, Serialize};

use crate::engine::evaluation::{Engine, Totals};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::{Money, Quantity, Rate};
use crate::model::policy_spec::PolicySpec;
use crate::model::scenario::SupportMethod;
use crate::planning::plan::{
    check_settings, representative, totals_of, Adjust, PlanSettings, PlanYear,
};
use crate::planning::team::Fte;
use crate::population::cohort::Member;

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
    /// Citizens moved from shelter to support each year.
    pub citizens_per_year: u32,
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
    /// Citizens served per team per year.
    pub caseload: u32,
    /// FTE per team (to report the staff needed).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub team_size_fte: Option<Fte>,
    /// One-off cost of establishing a team.
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
        check_range("caseload", self.caseload, 1, 100_000)?;
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
            caseload: self.caseload,
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
        let n = i64::from(q.citizens_per_year);
        let mut variants = Vec::with_capacity(costs.len());
        for cost in &costs {
            let s = PlanSettings {
                support_annual_cost: cost.annual_cost,
                ..settings.clone()
            };
            let years = self
                .plan_sums(&policy, &members, &s, Adjust::NONE)?
                .table(&s, n, 12)?;
            let (total_effect, total_municipal_effect, total_present_value) = totals_of(&years)?;
            variants.push(BudgetVariant {
                label: cost.label.clone(),
                annual_cost: cost.annual_cost,
                years,
                total_effect,
                total_municipal_effect,
                total_present_value,
            });
        }
        Ok(BudgetResult {
            policy: policy.name,
            first_year: q.first_year,
            horizon_years: q.horizon_years,
            discount_rate: settings.discount_rate,
            variants,
        })
    }
}
