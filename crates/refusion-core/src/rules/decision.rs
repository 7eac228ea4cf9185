//! Decisions: which § 85 a and § 107 spells count as decided before discharge (R8, R9), and
//! which § 85 a spells are refunded by route 2 of § 176 a stk. 1 (domain.md §6).
//!
//! * **The spell's discharge** is the latest § 110 discharge on or before the spell's start or,
//!   for a spell that starts before it (during a stay, or before any stay), the first discharge
//!   after its start. A same-day transfer between shelters is not a discharge.
//! * **Decided before discharge**: `decided_before_discharge`, or `decided_on` on or before the
//!   spell's discharge. Both given and disagreeing is an error naming both fields. Without a
//!   discharge at all, `decided_on` cannot be compared and only the boolean counts.
//! * **Route 2 (§ 176 a stk. 1 nr. 2)**: support not decided before discharge is refunded all
//!   the same when the citizen went "i umiddelbar forlængelse af udskrivningen" into a § 107 stay
//!   and the support was decided after that stay. Convention: the § 107 stay starts on the
//!   date of the spell's discharge (the same day), and the support starts on or after that
//!   § 107 stay's end. The period still runs from the first discharge (R10).

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::scenario::{HomeSupport, ShelterStay, TemporaryStay};

/// Why a § 85 a spell may get the § 176 a refund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "route")]
pub enum Route {
    /// § 176 a stk. 1 nr. 1: decided before the discharge.
    BeforeDischarge,
    /// § 176 a stk. 1 nr. 2: straight from the discharge into a § 107 stay, and the support
    /// decided after that stay.
    AfterTemporary {
        /// The § 107 stay (index into `temporary_housing`).
        temporary: usize,
        /// The discharge it followed.
        #[serde(with = "calendar::iso")]
        #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
        discharge: Date,
        /// The day the § 107 stay ended.
        #[serde(with = "calendar::iso")]
        #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
        temporary_end: Date,
    },
}

impl Route {
    /// The statute's number for the route: 1 or 2.
    #[must_use]
    pub const fn number(self) -> u8 {
        match self {
            Route::BeforeDischarge => 1,
            Route::AfterTemporary { .. } => 2,
        }
    }
}

/// The resolved decisions of one citizen's spells (buffers reused between citizens).
#[derive(Clone, Debug, Default)]
pub(crate) struct Decisions {
    /// Every § 110 discharge that is not a same-day transfer, in date order.
    discharges: Vec<Date>,
    /// Per § 85 a spell (list order): the route to the refund, if any.
    pub(crate) support: Vec<Option<Route>>,
    /// Per § 107 stay (list order): decided before discharge.
    pub(crate) temporary: Vec<bool>,
}

impl Decisions {
    /// Resolves the decisions of a validated citizen's spells.
    pub(crate) fn resolve(
        &mut self,
        stays: &[ShelterStay],
        shelter_order: &[usize],
        supports: &[HomeSupport],
        temps: &[TemporaryStay],
        temporary_order: &[usize],
    ) -> Result<(), Error> {
        self.discharges.clear();
        self.temporary.clear();
        self.support.clear();
        if supports.is_empty() && temps.is_empty() {
            return Ok(()); // nothing to decide: the discharges serve only the decisions
        }
        let mut iter = shelter_order
            .iter()
            .filter_map(|&i| stays.get(i))
            .peekable();
        while let Some(s) = iter.next() {
            let transfer = iter.peek().is_some_and(|n| n.admitted == s.discharged);
            if !transfer {
                self.discharges.push(s.discharged);
            }
        }
        for (i, t) in temps.iter().enumerate() {
            let decided = self.decided(
                "temporary_housing",
                i,
                t.start,
                t.decided_before_discharge,
                t.decided_on,
            )?;
            self.temporary.push(decided);
        }
        for (i, s) in supports.iter().enumerate() {
            let route = if self.decided(
                "home_support",
                i,
                s.start,
                s.decided_before_discharge,
                s.decided_on,
            )? {
                Some(Route::BeforeDischarge)
            } else {
                self.route_two(s.start, temps, temporary_order)
            };
            self.support.push(route);
        }
        Ok(())
    }

    /// The spell's discharge: the latest on or before `start`, else the first after it.
    fn discharge_of(&self, start: Date) -> Option<Date> {
        let after = self.discharges.partition_point(|&d| d <= start);
        match after.checked_sub(1) {
            Some(k) => self.discharges.get(k).copied(),
            None => self.discharges.first().copied(),
        }
    }

    fn decided(
        &self,
        list: &str,
        i: usize,
        start: Date,
        given: Option<bool>,
        decided_on: Option<Date>,
    ) -> Result<bool, Error> {
        let discharge = self.discharge_of(start);
        let derived = decided_on.zip(discharge).map(|(on, d)| on <= d);
        match (given, derived) {
            (Some(g), Some(d)) if g != d => Err(Error::new(
                ErrorKind::ConflictingFields,
                format!("{list}[{i}].decided_on"),
                format!(
                    "decided_on {} is {} the discharge on {}, so the spell was {}decided before discharge, but decided_before_discharge says {g}; give one of the two fields, or make them agree",
                    decided_on.map(|d| d.to_string()).unwrap_or_default(),
                    if d { "on or before" } else { "after" },
                    discharge.map(|d| d.to_string()).unwrap_or_default(),
                    if d { "" } else { "not " },
                ),
            )),
            (Some(g), _) => Ok(g),
            (None, Some(d)) => Ok(d),
            (None, None) => Ok(false),
        }
    }

    /// Route 2 for support starting on `start`: the § 107 stay that began on the day of the
    /// spell's discharge, if the support starts on or after its end.
    fn route_two(
        &self,
        start: Date,
        temps: &[TemporaryStay],
        temporary_order: &[usize],
    ) -> Option<Route> {
        let discharge = self.discharges.get(
            self.discharges
                .partition_point(|&d| d <= start)
                .checked_sub(1)?,
        )?;
        temporary_order.iter().find_map(|&k| {
            let t = temps.get(k)?;
            (t.start == *discharge && t.end <= start).then_some(Route::AfterTemporary {
                temporary: k,
                discharge: *discharge,
                temporary_end: t.end,
            })
        })
    }
}
