//! The scenario contract (domain §4): one citizen, a policy, and their spells.
//!
//! Scenarios are read from JSON or TOML with [`Scenario::from_json`] / [`Scenario::from_toml`].
//! Unknown fields are rejected (a typo must not silently change a result), money is a decimal
//! string or an integer, and every error names the field, e.g. `shelter_stays[0].daily_rate`.

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::Money;
use crate::model::policy_spec::PolicySpec;
use crate::model::read::{from_json_str, from_toml_str};

/// The most spells of one kind a scenario may hold.
pub const MAX_SPELLS: usize = 10_000;

/// The citizen whose spells are evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Citizen {
    /// Birth date (used by the `age-26` reading).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub birth_date: Date,
}

/// A § 110 shelter stay (*forsorgshjem/herberg*). It has `discharged − admitted` nights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ShelterStay {
    /// The date of the first night.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub admitted: Date,
    /// The discharge date (the morning after the last night).
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub discharged: Date,
    /// The shelter's rate per night (*døgntakst*).
    pub daily_rate: Money,
    /// The citizen's own payment per night (*egenbetaling*), R7; `"0"` when waived.
    pub own_payment_per_night: Money,
}

/// The specialised § 85 a support methods of the Housing First approach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SupportMethod {
    /// Modified Assertive Community Treatment.
    MAct,
    /// Assertive Community Treatment.
    Act,
    /// Intensive Case Management.
    Icm,
    /// Critical Time Intervention.
    Cti,
    /// Any other § 85 a support.
    Other,
}

impl SupportMethod {
    /// The contract name, e.g. `m-act`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SupportMethod::MAct => "m-act",
            SupportMethod::Act => "act",
            SupportMethod::Icm => "icm",
            SupportMethod::Cti => "cti",
            SupportMethod::Other => "other",
        }
    }

    /// Parses a contract name.
    pub fn parse(text: &str) -> Result<SupportMethod, Error> {
        match text {
            "m-act" => Ok(SupportMethod::MAct),
            "act" => Ok(SupportMethod::Act),
            "icm" => Ok(SupportMethod::Icm),
            "cti" => Ok(SupportMethod::Cti),
            "other" => Ok(SupportMethod::Other),
            _ => Err(Error::new(
                ErrorKind::InvalidParameter,
                "method",
                format!(
                    "unknown support method {text:?}; expected one of m-act, act, icm, cti, other"
                ),
            )),
        }
    }
}

impl std::fmt::Display for SupportMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// § 85 a home support from `start` (inclusive) to `end` (exclusive), costing `annual_cost` a
/// year, accrued per day at `annual_cost / 365`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct HomeSupport {
    /// The support method.
    pub method: SupportMethod,
    /// First day of support.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The day after the last day of support.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Cost per year.
    pub annual_cost: Money,
    /// Whether the support was decided before the discharge (R8). Give this, `decided_on`, or
    /// both (they must agree). Without a decision before discharge there is no § 176 a refund,
    /// unless route 2 applies (a § 107 stay straight from the discharge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub decided_before_discharge: Option<bool>,
    /// The date the support was decided. On or before the spell's discharge, it counts as
    /// decided before discharge (see [`crate::rules::decision`]).
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub decided_on: Option<Date>,
}

/// A § 107 temporary housing stay from `start` to `end` (`end − start` nights).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TemporaryStay {
    /// The date of the first night.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub start: Date,
    /// The morning after the last night.
    #[serde(with = "calendar::iso")]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate"))]
    pub end: Date,
    /// Cost per night.
    pub daily_rate: Money,
    /// The citizen's payment per night (default 0); refund base is rate minus this.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub own_payment_per_night: Money,
    /// Whether the stay was decided before the discharge from § 110 (R9). Give this,
    /// `decided_on`, or both (they must agree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub decided_before_discharge: Option<bool>,
    /// The date the stay was decided. On or before the spell's discharge, it counts as decided
    /// before discharge (see [`crate::rules::decision`]).
    #[serde(
        default,
        with = "calendar::iso::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "typescript", ts(type = "IsoDate", optional))]
    pub decided_on: Option<Date>,
}

/// A scenario: one citizen under one policy, with their spells.
///
/// ```
/// use refusion_core::Scenario;
/// let s = Scenario::from_json(r#"{
///   "citizen": {"birth_date": "1988-04-20"},
///   "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2026-07-31",
///                      "daily_rate": "1400", "own_payment_per_night": "100"}]
/// }"#).unwrap();
/// assert_eq!(s.shelter_stays.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// An optional label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The policy (default `statutory`).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub policy: PolicySpec,
    /// The citizen.
    pub citizen: Citizen,
    /// § 110 stays, in any order; they must not overlap.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub shelter_stays: Vec<ShelterStay>,
    /// § 85 a support spells; they must not overlap each other.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub home_support: Vec<HomeSupport>,
    /// § 107 stays; they must not overlap each other or § 110 stays.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub temporary_housing: Vec<TemporaryStay>,
}

impl Scenario {
    /// Reads a scenario from JSON.
    pub fn from_json(text: &str) -> Result<Scenario, Error> {
        from_json_str(text)
    }

    /// Reads a scenario from TOML.
    pub fn from_toml(text: &str) -> Result<Scenario, Error> {
        from_toml_str(text)
    }

    /// Writes the scenario as pretty JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self)
            .map_err(|e| Error::new(ErrorKind::Syntax, "", e.to_string()))
    }

    /// A scenario with only a citizen and the statutory policy.
    #[must_use]
    pub fn new(birth_date: Date) -> Scenario {
        Scenario {
            name: None,
            policy: PolicySpec::Statutory,
            citizen: Citizen { birth_date },
            shelter_stays: Vec::new(),
            home_support: Vec::new(),
            temporary_housing: Vec::new(),
        }
    }

    /// Checks the scenario and returns the chronological order of each kind of spell.
    ///
    /// Errors: a stay that does not end after it starts, a spell before birth, negative
    /// amounts, an own payment above the rate, overlapping spells, too many spells.
    pub fn validate(&self) -> Result<(), Error> {
        let mut order = SpellOrder::default();
        validate_spells(
            self.citizen.birth_date,
            &self.shelter_stays,
            &self.home_support,
            &self.temporary_housing,
            &mut order,
        )
    }
}

/// The chronological order of each kind of spell (indices into the scenario's lists).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SpellOrder {
    /// § 110 stays by admission.
    pub(crate) shelter: Vec<usize>,
    /// § 85 a spells by start.
    pub(crate) support: Vec<usize>,
    /// § 107 stays by start.
    pub(crate) temporary: Vec<usize>,
    /// Rate and own payment of each § 110 stay (in list order), in micro-kroner.
    pub(crate) shelter_amounts: Vec<(i128, i128)>,
    /// Rate and own payment of each § 107 stay (in list order), in micro-kroner.
    pub(crate) temporary_amounts: Vec<(i128, i128)>,
    /// The last rate and own payment that passed [`check_rates`].
    rates: RateCache,
}

/// The last nightly rate and own payment that passed [`check_rates`], and what it returned: a
/// citizen's stays mostly share them, so each distinct pair is checked and converted once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct RateCache(Option<(Money, Money, (i128, i128))>);

impl RateCache {
    /// What [`check_rates`] returns for a rate and own payment, or `None` when it fails.
    #[inline]
    fn amounts(&mut self, rate: Money, own: Money) -> Option<(i128, i128)> {
        if let Some((r, o, amounts)) = self.0 {
            // The same representation (digits, scale, sign) gives the same checks and units.
            if r.same_repr(rate) && o.same_repr(own) {
                return Some(amounts);
            }
        }
        let amounts = check_rates("", 0, rate, own).ok()?;
        self.0 = Some((rate, own, amounts));
        Some(amounts)
    }
}

/// Validates one citizen's spells and fills `order` (reusing its buffers). Nothing is
/// allocated on success once the buffers have grown; field names are built only for errors.
///
/// Most citizens' spells are valid and already in date order: [`valid_in_order`] accepts them
/// in one pass; anything else (an error, spells out of order, § 107 stays) takes the full
/// checks of [`check_spells`], which name the first error.
pub(crate) fn validate_spells(
    birth: Date,
    stays: &[ShelterStay],
    supports: &[HomeSupport],
    temps: &[TemporaryStay],
    order: &mut SpellOrder,
) -> Result<(), Error> {
    if valid_in_order(birth, stays, supports, temps, order) {
        return Ok(());
    }
    check_spells(birth, stays, supports, temps, order)
}

/// True (and `order` filled, exactly as [`check_spells`] fills it) when the spells pass every
/// check of [`check_spells`] and each kind is already in date order without overlaps: then
/// each spell starts on or after the end of the one before (so the order is the list order),
/// and every date lies between the birth date and [`calendar::MAX_DATE`]. Without § 107 stays
/// only. False leaves `order` for [`check_spells`] to refill.
#[inline]
fn valid_in_order(
    birth: Date,
    stays: &[ShelterStay],
    supports: &[HomeSupport],
    temps: &[TemporaryStay],
    order: &mut SpellOrder,
) -> bool {
    if !temps.is_empty()
        || birth < calendar::MIN_DATE
        || birth > calendar::MAX_DATE
        || stays.len() > MAX_SPELLS
        || supports.len() > MAX_SPELLS
    {
        return false;
    }
    // birth ≤ start < end ≤ MAX_DATE, with birth ≥ MIN_DATE, is every date check of a spell.
    let in_range =
        |start: Date, end: Date| birth <= start && start < end && end <= calendar::MAX_DATE;
    order.shelter_amounts.clear();
    let mut previous_end = birth;
    for s in stays {
        if !in_range(s.admitted, s.discharged) || s.admitted < previous_end {
            return false;
        }
        previous_end = s.discharged;
        let Some(amounts) = order.rates.amounts(s.daily_rate, s.own_payment_per_night) else {
            return false;
        };
        order.shelter_amounts.push(amounts);
    }
    let mut previous_end = birth;
    for s in supports {
        let decided = match s.decided_on {
            Some(d) => d >= calendar::MIN_DATE && d <= calendar::MAX_DATE,
            None => s.decided_before_discharge.is_some(),
        };
        if !in_range(s.start, s.end)
            || s.start < previous_end
            || !decided
            || s.annual_cost.is_negative()
        {
            return false;
        }
        previous_end = s.end;
    }
    order.shelter.clear();
    order.shelter.extend(0..stays.len());
    order.support.clear();
    order.support.extend(0..supports.len());
    order.temporary.clear();
    order.temporary_amounts.clear();
    true
}

/// The checks of [`validate_spells`], in the order that decides which error is reported.
fn check_spells(
    birth: Date,
    stays: &[ShelterStay],
    supports: &[HomeSupport],
    temps: &[TemporaryStay],
    order: &mut SpellOrder,
) -> Result<(), Error> {
    calendar::check_range(birth).map_err(|e| e.at("citizen.birth_date"))?;
    for (name, len) in [
        ("shelter_stays", stays.len()),
        ("home_support", supports.len()),
        ("temporary_housing", temps.len()),
    ] {
        if len > MAX_SPELLS {
            return Err(Error::new(
                ErrorKind::Limit,
                name,
                format!("{len} spells; a scenario holds at most {MAX_SPELLS} of each kind (use the register API for many citizens)"),
            ));
        }
    }
    order.shelter_amounts.clear();
    for (i, s) in stays.iter().enumerate() {
        check_interval(
            "shelter_stays",
            i,
            ("admitted", s.admitted),
            ("discharged", s.discharged),
            birth,
        )?;
        let amounts = check_rates("shelter_stays", i, s.daily_rate, s.own_payment_per_night)?;
        order.shelter_amounts.push(amounts);
    }
    chronological(stays, |s| (s.admitted, s.discharged), &mut order.shelter);
    check_overlaps(&order.shelter, |i| stays.get(i).map(|s| (s.admitted, s.discharged)), "shelter_stays", "admitted",
        "stays of one citizen cannot overlap; a transfer between shelters is a discharge and an admission on the same date")?;

    order.temporary_amounts.clear();
    for (i, s) in temps.iter().enumerate() {
        check_interval(
            "temporary_housing",
            i,
            ("start", s.start),
            ("end", s.end),
            birth,
        )?;
        check_decision(
            "temporary_housing",
            i,
            s.decided_before_discharge,
            s.decided_on,
        )?;
        let amounts = check_rates(
            "temporary_housing",
            i,
            s.daily_rate,
            s.own_payment_per_night,
        )?;
        order.temporary_amounts.push(amounts);
    }
    chronological(temps, |s| (s.start, s.end), &mut order.temporary);
    check_overlaps(
        &order.temporary,
        |i| temps.get(i).map(|s| (s.start, s.end)),
        "temporary_housing",
        "start",
        "§ 107 stays cannot overlap each other",
    )?;
    // A § 107 stay may not overlap a § 110 stay.
    for (j, t) in temps.iter().enumerate() {
        for (i, s) in stays.iter().enumerate() {
            if t.start < s.discharged && s.admitted < t.end {
                return Err(Error::new(
                    ErrorKind::Overlap,
                    format!("temporary_housing[{j}].start"),
                    format!(
                        "this § 107 stay ({}) overlaps shelter_stays[{i}] ({}): a citizen is in one place at a time",
                        calendar::span(t.start, t.end),
                        calendar::span(s.admitted, s.discharged)
                    ),
                ));
            }
        }
    }

    for (i, s) in supports.iter().enumerate() {
        check_interval("home_support", i, ("start", s.start), ("end", s.end), birth)?;
        check_decision("home_support", i, s.decided_before_discharge, s.decided_on)?;
        if s.annual_cost.is_negative() {
            return Err(negative(
                &format!("home_support[{i}].annual_cost"),
                s.annual_cost,
            ));
        }
    }
    chronological(supports, |s| (s.start, s.end), &mut order.support);
    check_overlaps(
        &order.support,
        |i| supports.get(i).map(|s| (s.start, s.end)),
        "home_support",
        "start",
        "support spells cannot overlap; end one where the next starts",
    )?;
    Ok(())
}

/// Fills `order` with the indices of `items` sorted by `key` (no sort when already sorted).
fn chronological<T>(items: &[T], key: impl Fn(&T) -> (Date, Date), order: &mut Vec<usize>) {
    order.clear();
    order.extend(0..items.len());
    let sorted = items.windows(2).all(|w| match w {
        [a, b] => key(a) <= key(b),
        _ => true,
    });
    if !sorted {
        order.sort_by_key(|&i| items.get(i).map(&key));
    }
}

fn check_interval(
    list: &str,
    i: usize,
    (start_name, start): (&str, Date),
    (end_name, end): (&str, Date),
    birth: Date,
) -> Result<(), Error> {
    let at = |f: &str| format!("{list}[{i}].{f}");
    calendar::check_range(start).map_err(|e| e.at(at(start_name)))?;
    calendar::check_range(end).map_err(|e| e.at(at(end_name)))?;
    if end <= start {
        return Err(Error::new(
            ErrorKind::DateOrder,
            at(end_name),
            format!(
                "{end_name} {end} is not after {start_name} {start}; it must be at least one day later"
            ),
        ));
    }
    if start < birth {
        return Err(Error::new(
            ErrorKind::DateOrder,
            at(start_name),
            format!("{start_name} {start} is before the citizen's birth date {birth}"),
        ));
    }
    Ok(())
}

/// A spell states its decision: `decided_before_discharge`, `decided_on`, or both.
fn check_decision(
    list: &str,
    i: usize,
    decided: Option<bool>,
    decided_on: Option<Date>,
) -> Result<(), Error> {
    if let Some(d) = decided_on {
        calendar::check_range(d).map_err(|e| e.at(format!("{list}[{i}].decided_on")))?;
    }
    if decided.is_none() && decided_on.is_none() {
        return Err(Error::new(
            ErrorKind::MissingField,
            format!("{list}[{i}].decided_before_discharge"),
            "give decided_before_discharge (true/false) or decided_on (the date of the decision); the § 176 a refund depends on it",
        ));
    }
    Ok(())
}

fn negative(field: &str, value: Money) -> Error {
    Error::new(
        ErrorKind::NegativeAmount,
        field,
        format!("{value} is negative; amounts must be zero or more"),
    )
}

/// Checks a nightly rate and own payment; returns both in micro-kroner.
fn check_rates(list: &str, i: usize, rate: Money, own: Money) -> Result<(i128, i128), Error> {
    let at = |f: &str| format!("{list}[{i}].{f}");
    if rate.is_negative() {
        return Err(negative(&at("daily_rate"), rate));
    }
    if own.is_negative() {
        return Err(negative(&at("own_payment_per_night"), own));
    }
    let r = rate.micro().map_err(|e| e.at(at("daily_rate")))?;
    let o = own.micro().map_err(|e| e.at(at("own_payment_per_night")))?;
    if o > r {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            at("own_payment_per_night"),
            format!(
                "own payment {own} exceeds the daily rate {rate}; the refund base (rate minus own payment, R6) cannot be negative"
            ),
        ));
    }
    Ok((r, o))
}

fn check_overlaps(
    order: &[usize],
    span_of: impl Fn(usize) -> Option<(Date, Date)>,
    list: &str,
    start_field: &str,
    hint: &str,
) -> Result<(), Error> {
    for pair in order.windows(2) {
        let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let (Some(first), Some(second)) = (span_of(a), span_of(b)) else {
            continue;
        };
        if second.0 < first.1 {
            return Err(Error::new(
                ErrorKind::Overlap,
                format!("{list}[{b}].{start_field}"),
                format!(
                    "{} overlaps {list}[{a}] ({}); {hint}",
                    calendar::span(second.0, second.1),
                    calendar::span(first.0, first.1)
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const E1: &str = r#"{"citizen": {"birth_date": "1988-04-20"},
      "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2026-07-31",
        "daily_rate": "1400", "own_payment_per_night": "100"}]}"#;

    #[test]
    fn float_money_names_the_field() {
        let text = E1.replace("\"1400\"", "1400.5");
        let e = Scenario::from_json(&text).unwrap_err();
        assert_eq!(e.code(), "float_money");
        assert_eq!(e.field(), "shelter_stays[0].daily_rate");
        assert!(e.message().contains("\"1400.5\""), "{e}");
    }

    #[test]
    fn integers_are_money() {
        let s = Scenario::from_json(&E1.replace("\"1400\"", "1400")).unwrap();
        assert_eq!(s.shelter_stays[0].daily_rate, Money::from_kr(1400));
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let e = Scenario::from_json(&E1.replace("daily_rate", "dayly_rate")).unwrap_err();
        assert_eq!(e.code(), "unknown_field");
        assert_eq!(e.field(), "shelter_stays[0].dayly_rate");
    }

    #[test]
    fn reversed_dates() {
        let s = Scenario::from_json(&E1.replace("2026-07-31", "2026-05-31")).unwrap();
        let e = s.validate().unwrap_err();
        assert_eq!(e.code(), "date_order");
        assert_eq!(e.field(), "shelter_stays[0].discharged");
    }

    #[test]
    fn toml_with_native_dates() {
        let s = Scenario::from_toml(
            r#"
            [citizen]
            birth_date = 1988-04-20
            [[shelter_stays]]
            admitted = 2026-06-01
            discharged = "2026-07-31"
            daily_rate = "1400"
            own_payment_per_night = 100
            "#,
        )
        .unwrap();
        assert_eq!(s.shelter_stays[0].admitted.to_string(), "2026-06-01");
        let e = Scenario::from_toml("[citizen]\nbirth_date = 1988-04-20\n[[shelter_stays]]\nadmitted = 2026-06-01\ndischarged = 2026-07-01\ndaily_rate = 1400.0\nown_payment_per_night = 0\n").unwrap_err();
        assert_eq!(e.code(), "float_money");
        assert_eq!(e.field(), "shelter_stays[0].daily_rate");
    }

    #[test]
    fn syntax_errors() {
        let e = Scenario::from_json("{\"citizen\": ").unwrap_err();
        assert_eq!(e.code(), "syntax");
    }
}
