//! Exact money and rates.
//!
//! [`Money`] is an exact amount of Danish kroner over [`rust_decimal::Decimal`]. It is never
//! built from a binary float: there is no `From<f64>`, and the parsers reject floats with an
//! error that shows the decimal-string fix. Arithmetic is checked: a result that would overflow
//! or lose a digit returns [`Error::Overflow`] instead of panicking or rounding silently.
//!
//! Rounding (half away from zero, to the øre) happens only when a figure is reported
//! ([`Money::round_ore`], [`Exact::reported`]), as domain convention §3 says.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind};

/// The largest accepted input amount, exclusive: 10^15 DKK.
pub const MAX_INPUT_AMOUNT: i64 = 1_000_000_000_000_000;
/// The most decimal places an input amount may have.
pub const MAX_INPUT_DECIMALS: u32 = 6;

/// Days per year used to turn an annual cost into a daily one (domain §3: every day costs
/// `annual / 365`, 29 February included).
pub const DAYS_PER_YEAR: i64 = 365;

/// An exact amount in Danish kroner.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero kroner.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps an exact decimal. Any scale is allowed; nothing is rounded.
    #[must_use]
    pub const fn from_decimal(value: Decimal) -> Money {
        Money(value)
    }

    /// Whole kroner.
    #[must_use]
    pub fn from_kr(kr: i64) -> Money {
        Money(Decimal::from(kr))
    }

    /// The exact decimal value.
    #[must_use]
    pub const fn as_decimal(self) -> Decimal {
        self.0
    }

    /// Parses a strict decimal string such as `"1400"`, `"96.71"` or `"-5.5"`.
    ///
    /// Accepted: an optional `-`, digits, and optionally `.` and 1–6 more digits; the magnitude
    /// must be below 10^15. Rejected with a message that says what to write instead: thousands
    /// separators, a decimal comma, exponents, `NaN`/`inf`, spaces and underscores.
    ///
    /// ```
    /// use refusion_core::Money;
    /// assert_eq!(Money::parse("1400.50").unwrap().to_string(), "1400.50");
    /// assert!(Money::parse("1.400,50").is_err());
    /// assert!(Money::parse("1e3").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Money, Error> {
        parse_decimal(text, "money").map(Money)
    }

    /// True when the amount is below zero.
    #[must_use]
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Rounds half away from zero to the øre (two decimals), the reporting rule of domain §3.
    #[must_use]
    pub fn round_ore(self) -> Money {
        let mut d = self
            .0
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(positive_zero(d))
    }

    /// `self + other`, exactly.
    pub fn checked_add(self, other: Money) -> Result<Money, Error> {
        exact_add(self.0, other.0).map(|d| Money(positive_zero(d)))
    }

    /// `self - other`, exactly.
    pub fn checked_sub(self, other: Money) -> Result<Money, Error> {
        exact_add(self.0, -other.0).map(|d| Money(positive_zero(d)))
    }

    /// `self × n`, exactly.
    pub fn checked_mul_int(self, n: i64) -> Result<Money, Error> {
        exact_mul(self.0, Decimal::from(n)).map(Money)
    }

    /// `self × rate`, exactly.
    pub fn checked_mul_rate(self, rate: Rate) -> Result<Money, Error> {
        exact_mul(self.0, rate.0).map(Money)
    }

    /// `self × factor`, exactly (for FTE counts and other decimal factors).
    pub fn checked_mul_decimal(self, factor: Decimal) -> Result<Money, Error> {
        exact_mul(self.0, factor).map(Money)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.0)
    }
}

impl FromStr for Money {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl From<i64> for Money {
    fn from(kr: i64) -> Self {
        Money::from_kr(kr)
    }
}

impl From<i32> for Money {
    fn from(kr: i32) -> Self {
        Money::from_kr(i64::from(kr))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ExactNumberVisitor { what: "money" })
            .map(Money)
    }
}

/// A rate (a share between 0 and 1), such as the 50 % refund rate.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    /// 0 %.
    pub const ZERO: Rate = Rate(Decimal::ZERO);
    /// 100 %.
    pub const ONE: Rate = Rate(Decimal::ONE);

    /// A rate from an exact decimal fraction; it must lie in `[0, 1]`.
    pub fn new(fraction: Decimal) -> Result<Rate, Error> {
        if fraction < Decimal::ZERO || fraction > Decimal::ONE {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "",
                format!("a rate must lie between 0 and 1 (0 % and 100 %), got {fraction}"),
            ));
        }
        Ok(Rate(fraction))
    }

    /// Parses `"0.5"`, `"50%"` or `"50 %"`.
    ///
    /// ```
    /// use refusion_core::Rate;
    /// assert_eq!(Rate::parse("50 %").unwrap(), Rate::parse("0.5").unwrap());
    /// assert!(Rate::parse("1.5").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Rate, Error> {
        let trimmed = text.trim();
        if let Some(percent) = trimmed.strip_suffix('%') {
            let value = parse_decimal(percent.trim_end(), "rate")?;
            let fraction = value
                .checked_div(Decimal::ONE_HUNDRED)
                .ok_or_else(|| Error::overflow("", "rate"))?;
            Rate::new(fraction)
        } else {
            Rate::new(parse_decimal(trimmed, "rate")?)
        }
    }

    /// The fraction, e.g. `0.5`.
    #[must_use]
    pub const fn as_decimal(self) -> Decimal {
        self.0
    }

    /// True for 0 %.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The rate as a percentage string, e.g. `"50 %"`.
    #[must_use]
    pub fn percent(self) -> String {
        let p = (self.0 * Decimal::ONE_HUNDRED).normalize();
        format!("{p} %")
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.percent())
    }
}

impl fmt::Debug for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rate({})", self.0)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RateVisitor;
        impl Visitor<'_> for RateVisitor {
            type Value = Rate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rate as a decimal string such as \"0.5\" or \"50 %\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rate, E> {
                Rate::parse(v).map_err(|e| e.into_serde())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Rate, E> {
                Rate::new(Decimal::from(v)).map_err(|e| e.into_serde())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Rate, E> {
                Rate::new(Decimal::from(v)).map_err(|e| e.into_serde())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Rate, E> {
                Err(float_error(v, "rate"))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Rate, E> {
                Err(Error::new(
                    ErrorKind::WrongType,
                    "",
                    format!(
                        "expected a rate as a decimal string such as \"0.5\", found boolean {v}"
                    ),
                )
                .into_serde())
            }
        }
        deserializer.deserialize_any(RateVisitor)
    }
}

/// An exact running sum whose value is `whole + per_365 / 365`.
///
/// Shelter nights add whole amounts; an annual cost accrues `annual / 365` per day, so support
/// days add to the numerator `per_365` and the single division by 365 happens only when the sum
/// is reported. That keeps every reported figure exact up to that one rounding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exact {
    whole: Decimal,
    per_365: Decimal,
}

impl Exact {
    /// The empty sum.
    pub const ZERO: Exact = Exact {
        whole: Decimal::ZERO,
        per_365: Decimal::ZERO,
    };

    /// A whole amount.
    #[must_use]
    pub fn whole(amount: Money) -> Exact {
        Exact {
            whole: amount.0,
            per_365: Decimal::ZERO,
        }
    }

    /// `annual × days / 365`, kept as a numerator.
    pub fn daily_share(annual: Money, days: i64) -> Result<Exact, Error> {
        Ok(Exact {
            whole: Decimal::ZERO,
            per_365: exact_mul(annual.0, Decimal::from(days))?,
        })
    }

    /// `self + other`, exactly.
    pub fn checked_add(self, other: Exact) -> Result<Exact, Error> {
        Ok(Exact {
            whole: exact_add(self.whole, other.whole)?,
            per_365: exact_add(self.per_365, other.per_365)?,
        })
    }

    /// `self - other`, exactly.
    pub fn checked_sub(self, other: Exact) -> Result<Exact, Error> {
        Ok(Exact {
            whole: exact_add(self.whole, -other.whole)?,
            per_365: exact_add(self.per_365, -other.per_365)?,
        })
    }

    /// `self × rate`, exactly.
    pub fn checked_mul_rate(self, rate: Rate) -> Result<Exact, Error> {
        Ok(Exact {
            whole: exact_mul(self.whole, rate.0)?,
            per_365: exact_mul(self.per_365, rate.0)?,
        })
    }

    /// `self × n`, exactly.
    pub fn checked_mul_int(self, n: i64) -> Result<Exact, Error> {
        let n = Decimal::from(n);
        Ok(Exact {
            whole: exact_mul(self.whole, n)?,
            per_365: exact_mul(self.per_365, n)?,
        })
    }

    /// `self ÷ n` for an `n` that divides the sum exactly (a segment's cost by its days).
    pub fn checked_div_int(self, n: i64) -> Result<Exact, Error> {
        let d = Decimal::from(n);
        let div = |x: Decimal| -> Result<Decimal, Error> {
            let q = x
                .checked_div(d)
                .ok_or_else(|| Error::overflow("", "a daily cost"))?;
            if exact_mul(q, d)? != x {
                return Err(Error::overflow("", "a daily cost"));
            }
            Ok(q)
        };
        Ok(Exact {
            whole: div(self.whole)?,
            per_365: div(self.per_365)?,
        })
    }

    /// `(whole, per_365)`.
    pub(crate) fn parts(self) -> (Decimal, Decimal) {
        (self.whole, self.per_365)
    }

    /// The value as one decimal (the division by 365 is exact to 28 significant digits).
    pub fn value(self) -> Result<Decimal, Error> {
        let share = self
            .per_365
            .checked_div(Decimal::from(DAYS_PER_YEAR))
            .ok_or_else(|| Error::overflow("", "an annual cost"))?;
        self.whole
            .checked_add(share)
            .ok_or_else(|| Error::overflow("", "a total"))
    }

    /// The value rounded half away from zero to the øre: the only place rounding happens.
    pub fn reported(self) -> Result<Money, Error> {
        Ok(Money(self.value()?).round_ore())
    }

    /// Compares two sums exactly (`self − other` against zero, without dividing).
    pub fn exact_cmp(self, other: Exact) -> Result<std::cmp::Ordering, Error> {
        let diff = self.checked_sub(other)?;
        // sign of whole + per_365/365  ==  sign of 365·whole + per_365
        let scaled = exact_mul(diff.whole, Decimal::from(DAYS_PER_YEAR))?;
        let total = exact_add(scaled, diff.per_365)?;
        Ok(total.cmp(&Decimal::ZERO))
    }

    /// True when the sum is exactly zero.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.whole.is_zero() && self.per_365.is_zero()
    }
}

/// Zero without a minus sign (`-0.00` → `0.00`).
fn positive_zero(mut d: Decimal) -> Decimal {
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    d
}

/// Adds two decimals and fails rather than drop a digit.
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    // rust_decimal may drop the scale when an operand is zero; keep the larger scale.
    if a.is_zero() || b.is_zero() {
        let (mut r, other) = if b.is_zero() { (a, b) } else { (b, a) };
        let scale = r.scale().max(other.scale());
        if r.scale() < scale {
            r.rescale(scale);
            if r.scale() != scale {
                return Err(Error::overflow("", "a sum"));
            }
        }
        return Ok(r);
    }
    let sum = a
        .checked_add(b)
        .ok_or_else(|| Error::overflow("", "a sum"))?;
    if sum.scale() < a.scale().max(b.scale()) {
        return Err(Error::overflow("", "a sum"));
    }
    Ok(sum)
}

/// Multiplies two decimals and fails rather than drop a digit.
pub(crate) fn exact_mul(a: Decimal, b: Decimal) -> Result<Decimal, Error> {
    let product = a
        .checked_mul(b)
        .ok_or_else(|| Error::overflow("", "a product"))?;
    if product.scale() < a.scale().saturating_add(b.scale()) && !product.is_zero() {
        return Err(Error::overflow("", "a product"));
    }
    Ok(product)
}

/// Strict decimal parsing shared by money and rates.
pub(crate) fn parse_decimal(text: &str, what: &str) -> Result<Decimal, Error> {
    let invalid = |why: String| Error::new(ErrorKind::InvalidAmount, "", why);
    if text.is_empty() {
        return Err(invalid(format!(
            "empty {what}: write a decimal such as \"1400.50\""
        )));
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = all_digits(int_part) && frac_part.is_none_or(all_digits);
    if !well_formed {
        let hint = if text.contains(',') {
            "use a dot for decimals and no thousands separator, e.g. \"1234.50\""
        } else if text.contains(['e', 'E']) && !text.eq_ignore_ascii_case("inf") {
            "exponents are not accepted; write the digits out, e.g. \"1000\""
        } else {
            "write a plain decimal such as \"1400\" or \"96.71\""
        };
        return Err(invalid(format!("{text:?} is not a valid {what}: {hint}")));
    }
    let decimals = frac_part.map_or(0, str::len);
    if decimals > MAX_INPUT_DECIMALS as usize {
        return Err(invalid(format!(
            "{text:?} has {decimals} decimals; at most {MAX_INPUT_DECIMALS} are accepted"
        )));
    }
    let significant = int_part.trim_start_matches('0').len() + decimals;
    if significant > 21 || int_part.trim_start_matches('0').len() > 15 {
        return Err(invalid(format!(
            "{text:?} is too large: amounts must be below 10^15 DKK"
        )));
    }
    let value = Decimal::from_str_exact(text)
        .map_err(|_| invalid(format!("{text:?} is not a valid {what}")))?;
    if value.abs() >= Decimal::from(MAX_INPUT_AMOUNT) {
        return Err(invalid(format!(
            "{text:?} is too large: amounts must be below 10^15 DKK"
        )));
    }
    Ok(value)
}

fn float_error<E: de::Error>(v: f64, what: &str) -> E {
    let shown = if v.is_finite() {
        format!("{v}")
    } else {
        "a non-finite number".to_string()
    };
    Error::new(
        ErrorKind::FloatMoney,
        "",
        format!(
            "{shown} is a floating-point number, which cannot hold {what} exactly; \
             write it as a decimal string, e.g. \"{shown}\""
        ),
    )
    .into_serde()
}

/// Accepts a decimal string or an integer, and rejects floats and booleans.
pub(crate) struct ExactNumberVisitor {
    pub(crate) what: &'static str,
}

impl Visitor<'_> for ExactNumberVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as a decimal string such as \"1400.50\"", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_decimal(v, self.what).map_err(|e| e.into_serde())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        if v.unsigned_abs() >= MAX_INPUT_AMOUNT.unsigned_abs() {
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "",
                format!("{v} is too large: amounts must be below 10^15 DKK"),
            )
            .into_serde());
        }
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        match i64::try_from(v) {
            Ok(i) => self.visit_i64(i),
            Err(_) => Err(Error::new(
                ErrorKind::InvalidAmount,
                "",
                format!("{v} is too large: amounts must be below 10^15 DKK"),
            )
            .into_serde()),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        Err(float_error(v, self.what))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Decimal, E> {
        Err(Error::new(
            ErrorKind::WrongType,
            "",
            format!(
                "expected {} as a decimal string such as \"1400.50\", found boolean {v}",
                self.what
            ),
        )
        .into_serde())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn strict_parsing() {
        for ok in [
            "0",
            "1400",
            "96.71",
            "-5.5",
            "0.000001",
            "999999999999999.999999",
        ] {
            assert!(Money::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "1,5",
            "1.400,50",
            "1e3",
            "NaN",
            "inf",
            " 1",
            "1 ",
            "1_000",
            "+5",
            ".5",
            "5.",
            "0.0000001",
            "1000000000000000",
            "--1",
            "0x10",
        ] {
            assert!(Money::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        let r = |s: &str| Money::parse(s).unwrap().round_ore().to_string();
        assert_eq!(r("0.005"), "0.01");
        assert_eq!(r("0.004999"), "0.00");
        assert_eq!(r("-0.005"), "-0.01");
        assert_eq!(r("2.675"), "2.68");
        assert_eq!(r("7"), "7.00");
    }

    #[test]
    fn adding_zero_of_another_scale_is_exact() {
        let z = Decimal::from_str_exact("0.00").unwrap();
        assert_eq!(exact_add(z, -Decimal::ZERO).unwrap(), Decimal::ZERO);
        assert_eq!(exact_add(Decimal::ZERO, z).unwrap(), Decimal::ZERO);
        let m = Money::parse("0.00").unwrap();
        assert_eq!(m.checked_sub(Money::ZERO).unwrap().to_string(), "0.00");
        assert_eq!(Money::ZERO.checked_add(m).unwrap().to_string(), "0.00");
        let five = Money::from_kr(5);
        assert_eq!(five.checked_add(m).unwrap().to_string(), "5.00");
    }

    #[test]
    fn exact_ops_refuse_to_round() {
        let big = Decimal::from_str_exact("1000000000000000000000.123456").unwrap();
        assert!(exact_mul(big, Decimal::from(3_000_000)).is_err());
        assert!(exact_add(big, Decimal::from_str_exact("0.0000000001").unwrap()).is_err());
        assert_eq!(
            exact_mul(Decimal::from_str_exact("2.5").unwrap(), Decimal::from(2)).unwrap(),
            Decimal::from(5)
        );
    }

    #[test]
    fn exact_support_share() {
        // E5: 104,000 × 731 / 365 = 208,284.9315…
        let e = Exact::daily_share(Money::from_kr(104_000), 731).unwrap();
        assert_eq!(e.reported().unwrap().to_string(), "208284.93");
        let half = e.checked_mul_rate(Rate::parse("0.5").unwrap()).unwrap();
        assert_eq!(half.reported().unwrap().to_string(), "104142.47");
    }

    #[test]
    fn rates() {
        assert_eq!(Rate::parse("50%").unwrap().percent(), "50 %");
        assert_eq!(Rate::parse("0.125").unwrap().percent(), "12.5 %");
        assert!(Rate::parse("-0.1").is_err());
        assert!(Rate::parse("101 %").is_err());
    }
}
