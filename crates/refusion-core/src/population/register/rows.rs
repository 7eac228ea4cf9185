//! A register as rows: one struct per § 110 stay and per § 85 a support spell.

use serde::{Deserialize, Serialize};

use super::columns::StayColumns;
use super::{check_register_rows, ColumnsResult};
use crate::engine::evaluation::{Engine, Totals, YearTotals};
use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::money::Money;
use crate::model::scenario::{HomeSupport, ShelterStay, SupportMethod};
use crate::rules::catalog::Policy;

/// One row of a stay register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct StayRow {
    /// Identifies the citizen (any text).
    pub citizen_id: String,
    /// The citizen's birth date (must agree across the citizen's rows).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub birth_date: Date,
    /// First night.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub admitted: Date,
    /// Discharge date.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharged: Date,
    /// Rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
}

/// One § 85 a support spell of a register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct SupportRow {
    /// The citizen (must also have a stay row).
    pub citizen_id: String,
    /// Support method.
    pub method: SupportMethod,
    /// First day.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the last day.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Cost per year.
    pub annual_cost: Money,
    /// Decided before discharge (R8); this, `decided_on`, or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub decided_before_discharge: Option<bool>,
    /// The date of the decision.
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub decided_on: Option<Date>,
}

impl StayRow {
    /// The row's stay, without the citizen.
    #[must_use]
    pub fn stay(&self) -> ShelterStay {
        ShelterStay {
            admitted: self.admitted,
            discharged: self.discharged,
            daily_rate: self.daily_rate,
            own_payment_per_night: self.own_payment_per_night,
        }
    }
}

impl SupportRow {
    /// The row's support spell, without the citizen.
    #[must_use]
    pub fn spell(&self) -> HomeSupport {
        HomeSupport {
            method: self.method,
            start: self.start,
            end: self.end,
            annual_cost: self.annual_cost,
            decided_before_discharge: self.decided_before_discharge,
            decided_on: self.decided_on,
        }
    }
}

/// One citizen's totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CitizenTotals {
    /// The citizen.
    pub citizen_id: String,
    /// Number of stays.
    pub stays: usize,
    /// § 110 nights.
    pub nights: i64,
    /// Refunded § 110 nights.
    pub refunded_nights: i64,
    /// § 85 a support days.
    pub support_days: i64,
    /// Totals, rounded from the citizen's exact sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One citizen's totals in one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct CitizenYear {
    /// The citizen.
    pub citizen_id: String,
    /// The year.
    pub year: i32,
    /// Totals, rounded from the citizen's exact sums that year.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The result of a register evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RegisterResult {
    /// The policy's name.
    pub policy: String,
    /// Rows read.
    pub rows: usize,
    /// Per citizen, in order of first appearance.
    pub citizens: Vec<CitizenTotals>,
    /// Per citizen and year.
    pub citizen_years: Vec<CitizenYear>,
    /// Per calendar year over all citizens: the municipality's refund claim by year.
    pub years: Vec<YearTotals>,
    /// Grand totals over all citizens.
    pub totals: Totals,
}

impl Engine {
    /// Evaluates a stay register (and optional support rows) under one policy.
    ///
    /// Errors name the row (`rows[12].discharged`, `support[3].start`) and the citizen.
    pub fn evaluate_register(
        &self,
        policy: &Policy,
        rows: &[StayRow],
        support: &[SupportRow],
    ) -> Result<RegisterResult, Error> {
        let (r, ids) = self.evaluate_register_grouped(policy, rows, support, false)?;
        let name = |g: u32| {
            ids.get(g as usize)
                .map(|s| (*s).to_string())
                .unwrap_or_default()
        };
        Ok(RegisterResult {
            policy: r.policy,
            rows: r.rows,
            citizens: r
                .citizens
                .into_iter()
                .map(|c| CitizenTotals {
                    citizen_id: name(c.group),
                    stays: c.stays,
                    nights: c.nights,
                    refunded_nights: c.refunded_nights,
                    support_days: c.support_days,
                    totals: c.totals,
                })
                .collect(),
            citizen_years: r
                .citizen_years
                .into_iter()
                .map(|y| CitizenYear {
                    citizen_id: name(y.group),
                    year: y.year,
                    totals: y.totals,
                })
                .collect(),
            years: r.years,
            totals: r.totals,
        })
    }

    /// [`Engine::evaluate_register`] with the citizens as numbers: the result refers to
    /// citizen `g` by number, and `ids[g]` is its id (citizens in order of first appearance).
    /// `parallel` as in [`Engine::evaluate_columns`].
    pub(crate) fn evaluate_register_grouped<'r>(
        &self,
        policy: &Policy,
        rows: &'r [StayRow],
        support: &[SupportRow],
        parallel: bool,
    ) -> Result<(ColumnsResult, Vec<&'r str>), Error> {
        check_register_rows(rows.len())?;
        let ids: Vec<&'r str> = rows.iter().map(|r| r.citizen_id.as_str()).collect();
        let stays = StayColumns {
            citizen_id: &ids,
            birth_date: &rows.iter().map(|r| r.birth_date).collect::<Vec<_>>(),
            stays: &rows.iter().map(StayRow::stay).collect::<Vec<_>>(),
        };
        let support_ids: Vec<&str> = support.iter().map(|s| s.citizen_id.as_str()).collect();
        let support: Vec<HomeSupport> = support.iter().map(SupportRow::spell).collect();
        self.evaluate_register_by_id(policy, &stays, (&support_ids, &support), parallel)
    }
}
