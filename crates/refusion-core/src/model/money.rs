//! Exact money and rates.
//!
//! [`Money`] is an exact amount of Danish kroner over [`rust_decimal::Decimal`]. It is never
//! built from a binary float: there is no `From<f64>`, and the parsers reject floats with an
//! error that shows the decimal-string fix. Arithmetic is checked: a result that would overflow
//! or lose a digit returns an `overflow` [`Error`] instead of panicking or rounding silently.
//!
//! Rounding (half away from zero, to the øre) happens only when a figure is reported
//! ([`Money::round_ore`], [`Exact::reported`]), as domain convention §3 says.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::error::{Error, ErrorKind};

/// The largest accepted input amount, exclusive: 10^15 DKK.
pub const MAX_INPUT_AMOUNT: i64 = 1_000_000_000_000_000;
/// The most decimal places an input amount may have.
pub const MAX_INPUT_DECIMALS: u32 = 6;

/// Days per year used to turn an annual cost into a daily one (domain §3: every day costs
/// `annual / 365`, 29 February included).
pub const DAYS_PER_YEAR: i64 = 365;

/// Implements `ts_rs::TS` for a type that JavaScript sees as a string, under the name of an
/// alias the WebAssembly binding declares by hand (`Decimal`, `IsoDate`): the type has no
/// declaration of its own, and a field of it is typed with the alias, never `any` or `number`.
#[cfg(feature = "typescript")]
macro_rules! ts_string_alias {
    ($($ty:ty => $alias:literal),* $(,)?) => {$(
        impl ts_rs::TS for $ty {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                $alias.to_owned()
            }
            fn inline(cfg: &ts_rs::Config) -> String {
                <Self as ts_rs::TS>::name(cfg)
            }
        }
    )*};
}
#[cfg(feature = "typescript")]
pub(crate) use ts_string_alias;

// Money, rates and quantities are decimal strings in JSON (see their `Serialize`).
#[cfg(feature = "typescript")]
ts_string_alias!(Money => "Decimal", Rate => "Decimal", Quantity => "Decimal");

/// An exact amount in Danish kroner.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero kroner.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount of øre (two decimals).
    pub(crate) fn from_ore(ore: i128) -> Result<Money, Error> {
        if ore.unsigned_abs() >= (1u128 << 95) {
            return Err(Error::overflow("", "a total"));
        }
        let mut m = Decimal::from_i128_with_scale(ore, 2);
        if m.is_zero() {
            m.set_sign_positive(true);
        }
        Ok(Money(m))
    }

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

    /// Parses a strict decimal string such as `"1400"`, `"97.25"` or `"-5.5"`.
    ///
    /// Accepted: an optional `-`, digits, and optionally `.` and 1–6 more digits; the magnitude
    /// must be below 10^15. Rejected with a message that says what to write instead: thousands
    /// separators, a decimal comma, exponents, `NaN`/`inf`, spaces and underscores.
    ///
    /// One more rule, against a silent factor of 1,000: a dot followed by exactly three digits
    /// after one to three leading digits (`"1.400"`, `"12.500"`) is refused as ambiguous —
    /// Danish readers write 1,400 kr. that way. Write `"1400"`, or `"1.4"` for 1.40 kr.
    /// (The CSV reader and the web page read such amounts the Danish way, and say so.)
    ///
    /// ```
    /// use refusion_core::Money;
    /// assert_eq!(Money::parse("1400.50").unwrap().to_string(), "1400.50");
    /// assert!(Money::parse("1.400,50").is_err());
    /// assert!(Money::parse("1e3").is_err());
    /// assert_eq!(Money::parse("1.400").unwrap_err().code(), "invalid_amount");
    /// assert_eq!(Money::parse("1.4000").unwrap().to_string(), "1.4000");
    /// ```
    pub fn parse(text: &str) -> Result<Money, Error> {
        let value = parse_decimal(text, "amount")?;
        refuse_ambiguous(text)?;
        Ok(Money(value))
    }

    /// Parses a plain decimal as a program writes it (`"1.400"` is 1.4: no Danish reading), for
    /// values that come from another program's exact decimal (a Python `Decimal`, a result).
    ///
    /// ```
    /// use refusion_core::Money;
    /// assert_eq!(Money::parse_exact("1.400").unwrap().to_string(), "1.400");
    /// assert!(Money::parse_exact("1,4").is_err());
    /// ```
    pub fn parse_exact(text: &str) -> Result<Money, Error> {
        parse_decimal(text, "amount").map(Money)
    }

    /// True when both have the same representation (digits, scale and sign), so that every
    /// check and conversion gives the same result for both.
    #[inline]
    pub(crate) fn same_repr(self, other: Money) -> bool {
        self.0.unpack() == other.0.unpack()
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
        // Reported figures have two decimals: write them from the integer øre (the general
        // decimal formatting is several times slower, which shows in tables of many citizens).
        let d = self.0;
        if d.scale() == 2 && f.width().is_none() && f.precision().is_none() && !f.sign_plus() {
            if let Ok(ore) = i64::try_from(d.mantissa()) {
                let sign = if ore < 0 { "-" } else { "" };
                let a = ore.unsigned_abs();
                return write!(f, "{sign}{}.{:02}", a / 100, a % 100);
            }
        }
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

/// True for `d.ddd`, `dd.ddd` and `ddd.ddd` (first digit not 0, optional minus): a plain
/// decimal to a program, a whole number of kroner with a thousands separator to a Danish reader.
#[must_use]
pub(crate) fn looks_like_danish_thousands(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text).as_bytes();
    match body.iter().position(|&b| b == b'.') {
        Some(dot @ 1..=3) => {
            body.len() == dot + 4
                && body.first().is_some_and(|&b| (b'1'..=b'9').contains(&b))
                && body
                    .iter()
                    .enumerate()
                    .all(|(i, b)| i == dot || b.is_ascii_digit())
        }
        _ => false,
    }
}

fn refuse_ambiguous(text: &str) -> Result<(), Error> {
    if !looks_like_danish_thousands(text) {
        return Ok(());
    }
    let whole: String = text.chars().filter(|&c| c != '.').collect();
    let plain = text.trim_end_matches('0');
    Err(Error::new(
        ErrorKind::InvalidAmount,
        "",
        format!(
            "{text:?} is ambiguous: with a Danish thousands separator it is {whole} kr., as a decimal \
             {plain} kr.; write \"{whole}\" or \"{text}0\" (a CSV file or the web page may use \
             1.400 or 1.400,00 for {whole})"
        ),
    ))
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.to_string();
        if looks_like_danish_thousands(&text) {
            // The same value with one more decimal, so that it reads back unambiguously.
            serializer.collect_str(&format_args!("{text}0"))
        } else {
            serializer.serialize_str(&text)
        }
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl<'de> Visitor<'de> for MoneyVisitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("money as a decimal string such as \"1400.50\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                let value = parse_decimal(v, "amount").map_err(Error::into_serde)?;
                refuse_ambiguous(v).map_err(Error::into_serde)?;
                Ok(value)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                ExactNumberVisitor { what: "money" }.visit_i64(v)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                ExactNumberVisitor { what: "money" }.visit_u64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
                ExactNumberVisitor { what: "money" }.visit_f64(v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Decimal, E> {
                ExactNumberVisitor { what: "money" }.visit_bool(v)
            }
        }
        deserializer.deserialize_any(MoneyVisitor).map(Money)
    }
}

/// A rate (a share between 0 and 1, at most 8 decimals), such as the 50 % refund rate.
#[derive(Clone, Copy, Default)]
pub struct Rate(Decimal, i128);

impl PartialEq for Rate {
    fn eq(&self, other: &Rate) -> bool {
        self.1 == other.1
    }
}

impl Eq for Rate {}

impl PartialOrd for Rate {
    fn partial_cmp(&self, other: &Rate) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rate {
    fn cmp(&self, other: &Rate) -> std::cmp::Ordering {
        self.1.cmp(&other.1)
    }
}

impl std::hash::Hash for Rate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.1.hash(state);
    }
}

impl Rate {
    /// 0 %.
    pub const ZERO: Rate = Rate(Decimal::ZERO, 0);
    /// 100 %.
    pub const ONE: Rate = Rate(Decimal::ONE, pow10(RATE_SCALE));

    /// A rate from an exact decimal fraction; it must lie in `[0, 1]` with at most 8 decimals.
    pub fn new(fraction: Decimal) -> Result<Rate, Error> {
        if fraction < Decimal::ZERO || fraction > Decimal::ONE {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "",
                format!("a rate must lie between 0 and 1 (0 % and 100 %), got {fraction}"),
            ));
        }
        let units = to_units(fraction, RATE_SCALE, "a rate")
            .map_err(|e| Error::new(ErrorKind::InvalidParameter, "", e.message().to_string()))?;
        Ok(Rate(fraction, units))
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
                Err(float_error(v, "a rate"))
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

/// An exact decimal quantity that is not money (a count per year, a factor), read strictly
/// like money: a decimal string or an integer, never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Quantity(pub Decimal);

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExactNumberVisitor { what: "quantity" })
            .map(Quantity)
    }
}

/// The fixed-point scale of [`Exact`]: amounts are counted in units of 10⁻¹⁴ DKK.
pub(crate) const EXACT_SCALE: u32 = 14;
/// The scale money inputs are converted at (at most 6 decimals, see [`MAX_INPUT_DECIMALS`]).
pub(crate) const MONEY_SCALE: u32 = 6;
/// The scale rates are converted at (at most 8 decimals).
pub(crate) const RATE_SCALE: u32 = 8;

const fn pow10(n: u32) -> i128 {
    let mut v: i128 = 1;
    let mut i = 0;
    while i < n {
        v *= 10;
        i += 1;
    }
    v
}

const POW10: [i128; 15] = [
    pow10(0),
    pow10(1),
    pow10(2),
    pow10(3),
    pow10(4),
    pow10(5),
    pow10(6),
    pow10(7),
    pow10(8),
    pow10(9),
    pow10(10),
    pow10(11),
    pow10(12),
    pow10(13),
    pow10(14),
];

/// A decimal as an integer count of `10^-scale` units, or an error if it has more decimals.
#[inline]
pub(crate) fn to_units(d: Decimal, scale: u32, what: &str) -> Result<i128, Error> {
    let s = d.scale();
    if s > scale {
        return to_units_normalized(d, scale, what);
    }
    let factor = POW10.get((scale - s) as usize).copied().unwrap_or(1);
    match mul(d.mantissa(), factor) {
        Some(units) => Ok(units),
        None => Err(Error::overflow("", what)),
    }
}

/// [`to_units`] for a decimal with more decimals than `scale`: fine once its trailing zeros
/// are gone (1.50000000000), else an error.
#[cold]
#[inline(never)]
fn to_units_normalized(d: Decimal, scale: u32, what: &str) -> Result<i128, Error> {
    let n = d.normalize();
    if n.scale() > scale {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            "",
            format!("{d} has more than {scale} decimals, too many for {what}"),
        ));
    }
    to_units(n, scale, what)
}

impl Money {
    /// The amount in millionths of a krone (the input precision).
    #[inline]
    pub(crate) fn micro(self) -> Result<i128, Error> {
        to_units(self.0, MONEY_SCALE, "an amount")
    }
}

impl Rate {
    /// The rate in units of 10⁻⁸.
    pub(crate) fn units(self) -> i128 {
        self.1
    }
}

/// An exact running sum whose value is `(whole + per_365 / 365)` in units of 10⁻¹⁴ DKK.
///
/// Shelter nights add whole amounts; an annual cost accrues `annual / 365` per day, so support
/// days add to the numerator `per_365`, and the single division by 365 happens only when the
/// sum is reported — by integer arithmetic, rounding half away from zero. Every figure is
/// exact: inputs have at most 6 decimals and rates at most 8, so all products are whole
/// numbers of units, and overflow is an error, never a wrap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exact {
    whole: i128,
    per_365: i128,
}

const RATE_TO_EXACT: i128 = pow10(EXACT_SCALE - MONEY_SCALE); // money units → exact units
const UNITS_PER_ORE: i128 = pow10(EXACT_SCALE - 2);

fn overflow() -> Error {
    Error::overflow("", "a sum")
}

/// `a × b`, checked; a single machine multiply when both fit in 64 bits. Then the 128-bit
/// product cannot overflow (|x·y| ≤ 2¹²⁶), so it is taken without an overflow check, which
/// WebAssembly would otherwise do in a slow library call.
#[inline(always)]
fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(x), Ok(y)) => Some(i128::from(x).wrapping_mul(i128::from(y))),
        _ => a.checked_mul(b),
    }
}

impl Exact {
    /// The empty sum.
    pub const ZERO: Exact = Exact {
        whole: 0,
        per_365: 0,
    };

    /// `nights × amount` (money in micro-kroner).
    #[inline(always)]
    pub(crate) fn nights(amount_micro: i128, nights: i64) -> Result<Exact, Error> {
        let whole = mul(amount_micro, i128::from(nights))
            .and_then(|v| mul(v, RATE_TO_EXACT))
            .ok_or_else(overflow)?;
        Ok(Exact { whole, per_365: 0 })
    }

    /// `nights × amount × rate` (money in micro-kroner, rate in 10⁻⁸).
    #[inline(always)]
    pub(crate) fn nights_at_rate(
        amount_micro: i128,
        rate_units: i128,
        nights: i64,
    ) -> Result<Exact, Error> {
        let whole = mul(amount_micro, i128::from(nights))
            .and_then(|v| mul(v, rate_units))
            .ok_or_else(overflow)?;
        Ok(Exact { whole, per_365: 0 })
    }

    /// `annual × days / 365` (money in micro-kroner), kept as a numerator.
    #[inline(always)]
    pub(crate) fn days_of_annual(annual_micro: i128, days: i64) -> Result<Exact, Error> {
        let per_365 = mul(annual_micro, i128::from(days))
            .and_then(|v| mul(v, RATE_TO_EXACT))
            .ok_or_else(overflow)?;
        Ok(Exact { whole: 0, per_365 })
    }

    /// `annual × rate × days / 365` (money in micro-kroner, rate in 10⁻⁸).
    #[inline(always)]
    pub(crate) fn days_of_annual_at_rate(
        annual_micro: i128,
        rate_units: i128,
        days: i64,
    ) -> Result<Exact, Error> {
        let per_365 = mul(annual_micro, i128::from(days))
            .and_then(|v| mul(v, rate_units))
            .ok_or_else(overflow)?;
        Ok(Exact { whole: 0, per_365 })
    }

    /// A whole amount.
    pub fn whole(amount: Money) -> Result<Exact, Error> {
        Exact::nights(amount.micro()?, 1)
    }

    /// `annual × days / 365`.
    pub fn daily_share(annual: Money, days: i64) -> Result<Exact, Error> {
        Exact::days_of_annual(annual.micro()?, days)
    }

    /// `self + other`, exactly.
    #[inline(always)]
    pub fn checked_add(self, other: Exact) -> Result<Exact, Error> {
        Ok(Exact {
            whole: self.whole.checked_add(other.whole).ok_or_else(overflow)?,
            per_365: self
                .per_365
                .checked_add(other.per_365)
                .ok_or_else(overflow)?,
        })
    }

    /// `self - other`, exactly.
    pub fn checked_sub(self, other: Exact) -> Result<Exact, Error> {
        Ok(Exact {
            whole: self.whole.checked_sub(other.whole).ok_or_else(overflow)?,
            per_365: self
                .per_365
                .checked_sub(other.per_365)
                .ok_or_else(overflow)?,
        })
    }

    /// `self × rate`, exactly (the sum must be a whole number of 10⁻⁶ DKK units times the rate's
    /// denominator, which holds for every sum of money inputs).
    pub fn checked_mul_rate(self, rate: Rate) -> Result<Exact, Error> {
        let r = rate.units();
        let d = pow10(RATE_SCALE);
        let mul = |x: i128| -> Result<i128, Error> {
            let p = x.checked_mul(r).ok_or_else(overflow)?;
            if p % d != 0 {
                return Err(Error::overflow("", "a rate of a sum"));
            }
            Ok(p / d)
        };
        Ok(Exact {
            whole: mul(self.whole)?,
            per_365: mul(self.per_365)?,
        })
    }

    /// `self × n`, exactly.
    pub fn checked_mul_int(self, n: i64) -> Result<Exact, Error> {
        let n = i128::from(n);
        Ok(Exact {
            whole: self.whole.checked_mul(n).ok_or_else(overflow)?,
            per_365: self.per_365.checked_mul(n).ok_or_else(overflow)?,
        })
    }

    /// `self ÷ n` for an `n` that divides the sum exactly (a segment's cost by its days).
    pub fn checked_div_int(self, n: i64) -> Result<Exact, Error> {
        let n = i128::from(n);
        if n == 0 || self.whole % n != 0 || self.per_365 % n != 0 {
            return Err(Error::overflow("", "a daily cost"));
        }
        Ok(Exact {
            whole: self.whole / n,
            per_365: self.per_365 / n,
        })
    }

    /// The value as `365 × whole + per_365` (a common numerator over `365 × 10¹⁴`).
    fn numerator(self) -> Result<i128, Error> {
        self.whole
            .checked_mul(i128::from(DAYS_PER_YEAR))
            .and_then(|w| w.checked_add(self.per_365))
            .ok_or_else(overflow)
    }

    /// `⌊self / other⌋` for a positive `other` (how many times `other` fits).
    pub fn div_floor(self, other: Exact) -> Result<i128, Error> {
        let (a, b) = (self.numerator()?, other.numerator()?);
        if b <= 0 {
            return Err(Error::overflow("", "a ratio"));
        }
        Ok(a.div_euclid(b))
    }

    /// The value rounded half away from zero to the øre: the only place rounding happens.
    pub fn reported(self) -> Result<Money, Error> {
        self.reported_scaled(1, 1)
    }

    /// The value in øre, rounded half away from zero.
    #[inline(always)]
    pub(crate) fn ore(self) -> Result<i128, Error> {
        Ok(round_to_ore(self.numerator()?))
    }

    /// `self × num / den` in øre, rounded half away from zero (one division).
    fn ore_scaled(self, num: i64, den: i64) -> Result<i128, Error> {
        let n = self
            .numerator()?
            .checked_mul(i128::from(num))
            .ok_or_else(overflow)?;
        let d = i128::from(DAYS_PER_YEAR)
            .checked_mul(UNITS_PER_ORE)
            .and_then(|x| x.checked_mul(i128::from(den)))
            .filter(|x| *x > 0)
            .ok_or_else(overflow)?;
        // One division: the remainder follows by a multiplication (|q·d| ≤ |n| cannot overflow).
        let q = n / d;
        let r = n - q * d;
        Ok(if r.unsigned_abs().saturating_mul(2) >= d.unsigned_abs() {
            q + n.signum()
        } else {
            q
        })
    }

    /// `self × num / den`, rounded half away from zero to the øre (one division).
    pub fn reported_scaled(self, num: i64, den: i64) -> Result<Money, Error> {
        Money::from_ore(self.ore_scaled(num, den)?)
    }

    /// Compares two sums exactly.
    pub fn exact_cmp(self, other: Exact) -> Result<std::cmp::Ordering, Error> {
        Ok(self.checked_sub(other)?.numerator()?.cmp(&0))
    }

    /// True when the sum is exactly zero.
    #[must_use]
    pub fn is_zero(self) -> bool {
        self.whole == 0 && self.per_365 == 0
    }
}

/// `numerator / (365 × 10¹²)` — an [`Exact`] numerator in øre — rounded half away from zero.
///
/// The same as `ore_scaled(1, 1)`, but without a 128-bit division by a variable, which is a slow
/// library call: the divisor is `2¹² × 5¹² × 365`, and ⌊⌊⌊a / 2¹²⌋ / 5¹²⌋ / 365⌋ = ⌊a / (2¹² ×
/// 5¹² × 365)⌋, where the last two steps divide by constants below 2³² limb by limb, which the
/// compiler turns into multiplications.
///
/// When `a / 2¹²` fits in 64 bits (totals up to about two million kroner, most citizens), the
/// two steps are 64-bit divisions by constants, one multiplication each.
#[inline]
fn round_to_ore(numerator: i128) -> i128 {
    const DIVISOR: u128 = 365 * UNITS_PER_ORE as u128;
    let a = numerator.unsigned_abs();
    let q = match u64::try_from(a >> 12) {
        Ok(small) => u128::from(small / 244_140_625 / 365),
        Err(_) => div_small(div_small(a >> 12, 244_140_625), 365),
    };
    // q × DIVISOR ≤ a, and the remainder is below DIVISOR (< 2⁴⁹): nothing overflows.
    let r = a - q * DIVISOR;
    let q = if 2 * r >= DIVISOR { q + 1 } else { q };
    // q ≤ |numerator| / DIVISOR < 2¹²⁷, so it fits and can be negated.
    let q = i128::try_from(q).unwrap_or(i128::MAX);
    if numerator < 0 {
        -q
    } else {
        q
    }
}

/// `⌊n / d⌋` for a divisor `d` below 2³², by 32-bit limbs (each step a 64-bit division by a
/// constant once inlined).
#[inline(always)]
fn div_small(n: u128, d: u64) -> u128 {
    let mut q: u128 = 0;
    let mut rem: u64 = 0;
    for shift in [96u32, 64, 32, 0] {
        let limb = u64::try_from((n >> shift) & 0xFFFF_FFFF).unwrap_or(0);
        let current = (rem << 32) | limb;
        q |= u128::from(current / d) << shift;
        rem = current % d;
    }
    q
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

/// The common case, parsed without allocation: `-?\d{1,15}(\.\d{1,6})?`.
fn parse_plain(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let (neg, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    // At most 18 digits in all, so the mantissa fits a u64 (a 128-bit multiply is a library
    // call in WebAssembly); longer amounts take the strict parser.
    let mut mantissa: u64 = 0;
    let (mut int_digits, mut frac_digits, mut in_frac) = (0u32, 0u32, false);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                if in_frac {
                    frac_digits += 1;
                } else {
                    int_digits += 1;
                }
                if int_digits > 15
                    || frac_digits > MAX_INPUT_DECIMALS
                    || int_digits + frac_digits > 18
                {
                    return None; // the strict parser explains why (and nothing overflows)
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
            }
            b'.' if !in_frac => in_frac = true,
            _ => return None,
        }
    }
    let ok = (1..=15).contains(&int_digits)
        && (!in_frac || (1..=MAX_INPUT_DECIMALS).contains(&frac_digits));
    let mantissa = i128::from(mantissa);
    ok.then(|| Decimal::from_i128_with_scale(if neg { -mantissa } else { mantissa }, frac_digits))
}

/// Strict decimal parsing shared by money and rates.
pub(crate) fn parse_decimal(text: &str, what: &str) -> Result<Decimal, Error> {
    if let Some(d) = parse_plain(text) {
        return Ok(d);
    }
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
            "write a plain decimal such as \"1400\" or \"97.25\""
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
    let message = if v.is_finite() {
        format!(
            "{v} is a floating-point number, which cannot hold {what} exactly; \
             write it as a decimal string, e.g. \"{v}\""
        )
    } else {
        format!(
            "{v} is a floating-point value and not a number; {what} must be a decimal string \
             such as \"1400.50\""
        )
    };
    Error::new(ErrorKind::FloatMoney, "", message).into_serde()
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
        if v.is_finite() && v.fract() == 0.0 && v.abs() >= 9.0e18 {
            // A whole number too large for 64 bits reaches here as a float.
            return Err(Error::new(
                ErrorKind::InvalidAmount,
                "",
                format!("{v:e} is too large: amounts must be below 10^15 DKK"),
            )
            .into_serde());
        }
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
            "97.25",
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
        // Found by the register_csv fuzz target: a long run of digits overflowed the fast
        // parser's accumulator (a panic with overflow checks, a silent wrap without).
        let long = "4".repeat(60);
        for bad in [long.clone(), format!("1.{long}"), format!("-{long}.5")] {
            assert_eq!(
                Money::parse(&bad).unwrap_err().code(),
                "invalid_amount",
                "{bad}"
            );
        }
    }

    #[test]
    fn danish_thousands_are_ambiguous_in_the_contract() {
        for ambiguous in ["1.400", "12.500", "999.999", "-1.234"] {
            let e = Money::parse(ambiguous).unwrap_err();
            assert_eq!(e.code(), "invalid_amount", "{ambiguous}");
            assert!(e.message().contains("ambiguous"), "{e}");
        }
        for plain in [
            "0.125",
            "1.4",
            "1.40",
            "1.4000",
            "1234.567",
            "1400",
            "97.250000",
        ] {
            assert!(Money::parse(plain).is_ok(), "{plain}");
        }
        let e = crate::model::read::from_json_str::<Money>("\"1.400\"").unwrap_err();
        assert_eq!(e.code(), "invalid_amount");
        // A value that prints as d.ddd is written with one more decimal, and reads back.
        let m = Money::from_decimal(Decimal::from_str_exact("1.400").unwrap());
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(text, "\"1.4000\"");
        assert_eq!(
            crate::model::read::from_json_str::<Money>(&text).unwrap(),
            m
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // From the exact decimal: Money::parse refuses "2.675" as ambiguous (Danish 2675).
        let r = |s: &str| {
            Money::from_decimal(Decimal::from_str_exact(s).unwrap())
                .round_ore()
                .to_string()
        };
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
        // 95,000 × 731 / 365 = 190,260.2739…; half is 95,130.1369… (E5 itself is a case file).
        let e = Exact::daily_share(Money::from_kr(95_000), 731).unwrap();
        assert_eq!(e.reported().unwrap().to_string(), "190260.27");
        let half = e.checked_mul_rate(Rate::parse("0.5").unwrap()).unwrap();
        assert_eq!(half.reported().unwrap().to_string(), "95130.14");
    }

    #[test]
    fn exact_rounding_is_half_away_from_zero() {
        // 1000.025 × 73 / 365 = 200.005 exactly → 200.01; negated → -200.01
        let e = Exact::daily_share(Money::parse("1000.025").unwrap(), 73).unwrap();
        assert_eq!(e.reported().unwrap().to_string(), "200.01");
        let neg = Exact::ZERO.checked_sub(e).unwrap();
        assert_eq!(neg.reported().unwrap().to_string(), "-200.01");
        assert_eq!(Exact::ZERO.reported().unwrap().to_string(), "0.00");
        // 12 × 7 / 12 → scaled reporting
        let w = Exact::whole(Money::from_kr(7)).unwrap();
        assert_eq!(w.reported_scaled(5, 12).unwrap().to_string(), "2.92");
    }

    #[test]
    fn rates() {
        assert_eq!(Rate::parse("50%").unwrap().percent(), "50 %");
        assert_eq!(Rate::parse("0.125").unwrap().percent(), "12.5 %");
        assert!(Rate::parse("-0.1").is_err());
        assert!(Rate::parse("101 %").is_err());
    }

    /// The division-free rounding agrees with the plain 128-bit division, also at the halves
    /// and at the extremes.
    #[test]
    fn round_to_ore_equals_division() {
        let d: i128 = 365 * UNITS_PER_ORE;
        let plain = |n: i128| {
            let (q, r) = (n / d, n % d);
            if r.unsigned_abs() * 2 >= d.unsigned_abs() {
                q + n.signum()
            } else {
                q
            }
        };
        let mut values = vec![0, 1, -1, d, -d, d / 2, -(d / 2), d / 2 + 1, d / 2 - 1];
        values.extend([i128::MAX, i128::MIN + 1, i128::MIN, i128::MAX / 365]);
        // Either side of the 64-bit fast path (|n| / 2¹² < 2⁶⁴).
        for edge in [
            1i128 << 76,
            (1i128 << 76) - (1 << 12),
            (1i128 << 76) + (1 << 12),
        ] {
            for off in [-1, 0, 1] {
                values.push(edge + off);
                values.push(-(edge + off));
            }
        }
        for k in [1i128, 7, 1_000_003, 10_i128.pow(20), 10_i128.pow(23)] {
            for off in [-1, 0, 1] {
                values.push(k * d + d / 2 + off);
                values.push(-(k * d + d / 2 + off));
            }
        }
        // A pseudo-random sweep over every magnitude.
        let mut x: u128 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000u32 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = (x >> (i % 120)) as i128;
            values.push(if i % 2 == 0 { v } else { -v });
        }
        for n in values {
            if n == i128::MIN {
                let (a, du) = (n.unsigned_abs(), d.unsigned_abs());
                let q = a / du + u128::from(a % du * 2 >= du);
                assert_eq!(round_to_ore(n), -i128::try_from(q).unwrap(), "MIN");
                continue;
            }
            assert_eq!(round_to_ore(n), plain(n), "{n}");
        }
    }

    #[test]
    fn two_decimal_amounts_display_like_decimals() {
        for text in [
            "0.00",
            "0.01",
            "-0.01",
            "219700.00",
            "-165242.46",
            "1.05",
            "-1.50",
        ] {
            let m = Money::parse(text).unwrap();
            assert_eq!(m.to_string(), text);
            assert_eq!(m.to_string(), m.as_decimal().to_string());
        }
        let m = Money::from_ore(-5).unwrap();
        assert_eq!(format!("{m}|{m:>8}|{m:+}"), "-0.05|   -0.05|-0.05");
        assert_eq!(
            Money::from_ore(i128::from(i64::MAX) + 1)
                .unwrap()
                .to_string(),
            "92233720368547758.08"
        );
    }
}
