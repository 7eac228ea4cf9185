//! A stay register: many citizens, one row per § 110 stay, evaluated in one call.
//!
//! Rows are grouped by `citizen_id` (in order of first appearance); each citizen's stays form a
//! scenario under one policy. The result has totals per citizen, per citizen and year, and per
//! calendar year for the whole register. Per-citizen figures are rounded from each citizen's
//! exact sums; the per-year and grand totals are rounded from the exact sums over all citizens
//! (so they need not equal the sum of the rounded per-citizen figures to the øre).

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Date};
use crate::error::{Error, ErrorKind};
use crate::evaluation::{price, year_totals, Engine, Sums, Totals, YearTotals};
use crate::money::Money;
use crate::parameters::Policy;
use crate::scenario::{Citizen, Scenario, ShelterStay};
use crate::segment::SpellKind;

/// The most rows one register call accepts.
pub const MAX_REGISTER_ROWS: usize = 2_000_000;

/// One row of a stay register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRow {
    /// Identifies the citizen (any text).
    pub citizen_id: String,
    /// The citizen's birth date (must agree across the citizen's rows).
    #[serde(with = "calendar::iso")]
    pub birth_date: Date,
    /// First night.
    #[serde(with = "calendar::iso")]
    pub admitted: Date,
    /// Discharge date.
    #[serde(with = "calendar::iso")]
    pub discharged: Date,
    /// Rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
}

/// One citizen's totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenTotals {
    /// The citizen.
    pub citizen_id: String,
    /// Number of stays.
    pub stays: usize,
    /// § 110 nights.
    pub nights: i64,
    /// Refunded § 110 nights.
    pub refunded_nights: i64,
    /// Totals, rounded from the citizen's exact sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One citizen's totals in one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Evaluates a stay register under one policy.
    ///
    /// Errors name the row (`rows[12].discharged`) and the citizen.
    pub fn evaluate_register(
        &self,
        policy: &Policy,
        rows: &[StayRow],
    ) -> Result<RegisterResult, Error> {
        if rows.len() > MAX_REGISTER_ROWS {
            return Err(Error::new(
                ErrorKind::Limit,
                "rows",
                format!(
                    "{} rows; one call accepts at most {MAX_REGISTER_ROWS} (split the register by citizen)",
                    rows.len()
                ),
            ));
        }
        // Group row indices by citizen, in order of first appearance.
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let g = *index.entry(r.citizen_id.as_str()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            if let Some(list) = groups.get_mut(g) {
                list.push(i);
            }
        }
        let mut citizens = Vec::with_capacity(groups.len());
        let mut citizen_years = Vec::new();
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        for group in &groups {
            let Some(first) = group.first().and_then(|&i| rows.get(i)) else {
                continue;
            };
            let mut stays = Vec::with_capacity(group.len());
            for &i in group {
                let Some(r) = rows.get(i) else { continue };
                if r.birth_date != first.birth_date {
                    return Err(Error::new(
                        ErrorKind::InvalidParameter,
                        format!("rows[{i}].birth_date"),
                        format!(
                            "citizen {:?} has birth date {} here but {} in an earlier row",
                            r.citizen_id, r.birth_date, first.birth_date
                        ),
                    ));
                }
                stays.push(ShelterStay {
                    admitted: r.admitted,
                    discharged: r.discharged,
                    daily_rate: r.daily_rate,
                    own_payment_per_night: r.own_payment_per_night,
                });
            }
            let scenario = Scenario {
                name: None,
                policy: crate::parameters::PolicySpec::Statutory,
                citizen: Citizen {
                    birth_date: first.birth_date,
                },
                shelter_stays: stays,
                home_support: Vec::new(),
                temporary_housing: Vec::new(),
            };
            let priced =
                price(&scenario, policy).map_err(|e| to_row_error(e, group, &first.citizen_id))?;
            let mut sums = Sums::default();
            let mut years: BTreeMap<i32, Sums> = BTreeMap::new();
            let (mut nights, mut refunded) = (0i64, 0i64);
            for s in &priced.segments {
                sums.add(s)?;
                years.entry(s.start.year()).or_default().add(s)?;
                all_years.entry(s.start.year()).or_default().add(s)?;
                grand.add(s)?;
                if s.kind == SpellKind::Shelter {
                    nights = nights.saturating_add(s.days);
                    refunded = refunded.saturating_add(s.refunded_days);
                }
            }
            for (year, y) in years {
                citizen_years.push(CitizenYear {
                    citizen_id: first.citizen_id.clone(),
                    year,
                    totals: y.totals()?,
                });
            }
            citizens.push(CitizenTotals {
                citizen_id: first.citizen_id.clone(),
                stays: group.len(),
                nights,
                refunded_nights: refunded,
                totals: sums.totals()?,
            });
        }
        Ok(RegisterResult {
            policy: policy.name.clone(),
            rows: rows.len(),
            citizens,
            citizen_years,
            years: year_totals(all_years)?,
            totals: grand.totals()?,
        })
    }
}

/// `shelter_stays[i].field` of a citizen's scenario → `rows[k].field` of the register.
fn to_row_error(e: Error, group: &[usize], citizen: &str) -> Error {
    let field = e.field().to_string();
    let message = format!("citizen {citizen:?}: {}", e.message());
    let mapped = field
        .strip_prefix("shelter_stays[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(i, tail)| {
            let i: usize = i.parse().ok()?;
            group.get(i).map(|row| format!("rows[{row}]{tail}"))
        })
        .unwrap_or(field);
    // Overlap messages mention the other stay by its scenario index; name its row too.
    let message = group.iter().enumerate().fold(message, |m, (i, row)| {
        m.replace(&format!("shelter_stays[{i}] "), &format!("rows[{row}] "))
    });
    Error::new(e.kind(), mapped, message)
}
