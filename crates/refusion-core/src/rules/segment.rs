//! Segments: runs of consecutive nights (or support days) of one spell that are treated alike.
//!
//! The engine never walks night by night. It cuts each spell at the dates where something can
//! change (a new year, a window boundary, a cap or rate step, a birthday, the reform date, a
//! § 176 a period boundary, the night the cap is reached) and prices each segment at once.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::Error;
use crate::model::money::{Exact, Rate};
use crate::model::totals::Sums;
pub(crate) use crate::rules::parameters::Provenance;

/// Which kind of spell a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SpellKind {
    /// § 110 shelter stay.
    Shelter,
    /// § 85 a home support.
    HomeSupport,
    /// § 107 temporary housing.
    TemporaryHousing,
}

impl SpellKind {
    /// The scenario list the spell comes from.
    #[must_use]
    pub const fn list_name(self) -> &'static str {
        match self {
            SpellKind::Shelter => "shelter_stays",
            SpellKind::HomeSupport => "home_support",
            SpellKind::TemporaryHousing => "temporary_housing",
        }
    }
}

/// How the cap in force was determined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CapOrigin {
    /// A date step (R2/R3).
    Date(Date),
    /// An age step (the age-26 reading): the cap applies from this age; `next` is the age of
    /// the following step, if any.
    Age { from: u32, next: Option<u32> },
}

/// Why a segment is (not) refunded: the rule that applied and the values it used. Each reason
/// carries the [`Provenance`] of the parameter that decided it, so the rule id and the source
/// come from the data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reason<'p> {
    /// A night before the reform date: refunded at the rate without a cap (R5).
    ShelterBeforeReform {
        rate: Rate,
        rate_from: Provenance<'p>,
        reform: Provenance<'p>,
        reform_date: Date,
    },
    /// No cap under this policy (pre-reform): refunded at the rate (R1).
    ShelterNoCap {
        rate: Rate,
        rate_from: Provenance<'p>,
    },
    /// Refunded within the window's cap (R1–R4, R6).
    ShelterWithinCap {
        window: usize,
        cap: u32,
        cap_origin: CapOrigin,
        cap_from: Provenance<'p>,
        rate: Rate,
        rate_from: Provenance<'p>,
    },
    /// Not refunded: the window's refunded nights have reached the cap.
    ShelterCapReached {
        window: usize,
        cap: u32,
        cap_origin: CapOrigin,
        cap_from: Provenance<'p>,
    },
    /// § 85 a support refunded within a § 176 a period (R8, R10).
    SupportRefunded {
        period: usize,
        route: crate::rules::decision::Route,
        rate: Rate,
        rate_from: Provenance<'p>,
    },
    /// § 85 a support not decided before discharge: no refund (R8).
    SupportNotDecided { rate_from: Provenance<'p> },
    /// § 85 a support outside any § 176 a period: no refund (R8, R10).
    SupportOutsidePeriod {
        years: u32,
        years_from: Provenance<'p>,
    },
    /// § 85 a support in a period but the policy's rate is 0 %.
    SupportRateZero {
        period: usize,
        rate_from: Provenance<'p>,
    },
    /// § 107 refunded (R9).
    TemporaryRefunded {
        period: usize,
        rate: Rate,
        rate_from: Provenance<'p>,
    },
    /// § 107 not decided before discharge: no refund (R9).
    TemporaryNotDecided { rate_from: Provenance<'p> },
    /// § 107 outside the refunded months of a period: no refund (R9, R10).
    TemporaryOutsidePeriod {
        months: u32,
        months_from: Provenance<'p>,
        within_years: u32,
    },
    /// § 107 in a period whose allowance of nights is used (reading `cumulative`, R9).
    TemporaryAllowanceUsed {
        period: usize,
        reading_from: Provenance<'p>,
    },
    /// § 107 in a period but the policy's rate is 0 %.
    TemporaryRateZero {
        period: usize,
        rate_from: Provenance<'p>,
    },
}

impl<'p> Reason<'p> {
    /// The provenance of the parameter that decided the segment.
    pub(crate) fn decided_by(&self) -> &Provenance<'p> {
        match self {
            Reason::ShelterBeforeReform { reform, .. } => reform,
            Reason::ShelterNoCap { rate_from, .. }
            | Reason::SupportRefunded { rate_from, .. }
            | Reason::SupportNotDecided { rate_from }
            | Reason::SupportRateZero { rate_from, .. }
            | Reason::TemporaryRefunded { rate_from, .. }
            | Reason::TemporaryNotDecided { rate_from }
            | Reason::TemporaryRateZero { rate_from, .. } => rate_from,
            Reason::ShelterWithinCap { cap_from, .. }
            | Reason::ShelterCapReached { cap_from, .. } => cap_from,
            Reason::SupportOutsidePeriod { years_from, .. } => years_from,
            Reason::TemporaryOutsidePeriod { months_from, .. } => months_from,
            Reason::TemporaryAllowanceUsed { reading_from, .. } => reading_from,
        }
    }

    /// The rule id this reason reports, from the data file.
    pub(crate) fn rule(&self) -> &'p str {
        self.decided_by().rule
    }
}

/// What one day of a segment costs, in micro-kroner (10⁻⁶ DKK).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayCost {
    /// A night at `rate` of which the citizen pays `own` (§ 110, § 107); the refund base is
    /// `rate − own` (R6).
    Night { rate: i128, own: i128 },
    /// A day of an annual cost, `annual / 365` (§ 85 a).
    Annual(i128),
}

/// A priced run of days of one spell: its days, what a day costs and the refund rate. The
/// exact sums follow from these ([`Segment::sums`]); building a segment cannot fail.
#[derive(Clone, Debug)]
pub(crate) struct Segment<'p> {
    pub kind: SpellKind,
    /// Index into the scenario's list of that kind.
    pub spell: usize,
    pub start: Date,
    /// Exclusive.
    pub end: Date,
    pub days: i64,
    /// Either all the days or none.
    pub refunded_days: i64,
    pub cost: DayCost,
    /// The refund rate of the refunded days, in units of 10⁻⁸ (0 when none are refunded).
    pub refund_units: i128,
    pub reason: Reason<'p>,
}

impl<'p> Segment<'p> {
    /// A run of § 110 or § 107 nights at `rate` with `own` payment (both in micro-kroner),
    /// refunded at `refund_rate` when given.
    #[inline]
    pub(crate) fn nights(
        kind: SpellKind,
        spell: usize,
        (start, end): (Date, Date),
        (rate, own): (i128, i128),
        refund_rate: Option<Rate>,
        reason: Reason<'p>,
    ) -> Segment<'p> {
        Segment::new(
            kind,
            spell,
            (start, end),
            DayCost::Night { rate, own },
            refund_rate,
            reason,
        )
    }

    /// A run of § 85 a support days at `annual / 365` a day (`annual` in micro-kroner).
    #[inline]
    pub(crate) fn support_days(
        spell: usize,
        (start, end): (Date, Date),
        annual: i128,
        refund_rate: Option<Rate>,
        reason: Reason<'p>,
    ) -> Segment<'p> {
        Segment::new(
            SpellKind::HomeSupport,
            spell,
            (start, end),
            DayCost::Annual(annual),
            refund_rate,
            reason,
        )
    }

    #[inline]
    fn new(
        kind: SpellKind,
        spell: usize,
        (start, end): (Date, Date),
        cost: DayCost,
        refund_rate: Option<Rate>,
        reason: Reason<'p>,
    ) -> Segment<'p> {
        let days = calendar::days_between(start, end);
        let (refunded_days, refund_units) = match refund_rate {
            Some(r) => (days, r.units()),
            None => (0, 0),
        };
        Segment {
            kind,
            spell,
            start,
            end,
            days,
            refunded_days,
            cost,
            refund_units,
            reason,
        }
    }

    /// The exact gross cost, own payment and refund of the segment.
    #[inline(always)]
    pub(crate) fn sums(&self) -> Result<Sums, Error> {
        let refunded = self.refunded_days;
        Ok(match self.cost {
            DayCost::Night { rate, own } => Sums {
                gross: Exact::nights(rate, self.days)?,
                citizen: Exact::nights(own, self.days)?,
                refund: if refunded == 0 {
                    Exact::ZERO
                } else {
                    Exact::nights_at_rate(rate - own, self.refund_units, refunded)?
                },
            },
            DayCost::Annual(annual) => Sums {
                gross: Exact::days_of_annual(annual, self.days)?,
                citizen: Exact::ZERO,
                refund: if refunded == 0 {
                    Exact::ZERO
                } else {
                    Exact::days_of_annual_at_rate(annual, self.refund_units, refunded)?
                },
            },
        })
    }
}

/// Where the pricing functions put the segments they produce: a list (for lines, the trace and
/// cost curves) or running sums (for totals only, see `register::CitizenSums`). The pricing
/// functions are generic over it, so a sink that reads only the amounts never builds the rest.
pub(crate) trait Sink<'p> {
    /// Takes one priced segment.
    fn take(&mut self, segment: Segment<'p>) -> Result<(), Error>;
}

impl<'p> Sink<'p> for Vec<Segment<'p>> {
    #[inline]
    fn take(&mut self, segment: Segment<'p>) -> Result<(), Error> {
        self.push(segment);
        Ok(())
    }
}

/// The earliest of the candidate cut dates that lies after `t` (or `end` when none does).
pub(crate) fn next_cut(t: Date, end: Date, candidates: &[Option<Date>]) -> Date {
    candidates
        .iter()
        .flatten()
        .copied()
        .filter(|d| *d > t)
        .fold(end, Date::min)
}
