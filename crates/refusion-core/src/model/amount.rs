//! Amounts as people type and read them: the one parser for typed amounts and the one
//! formatter for shown amounts. The CLI, the CSV reader, Python and the web page (through
//! WebAssembly) all use these two, so a field accepts the same text everywhere.
//!
//! **Typed amounts** ([`parse_typed`]: a CSV register, a field on the web page, a CLI flag, a
//! Python or JavaScript `parse_amount` call) follow the Danish rule, stated in
//! [`typed_amount_rule`]:
//!
//! * a comma is the decimal mark and dots group thousands in threes: `1.234,50` is 1,234.50 kr.;
//! * a dot followed by exactly three digits and no comma groups thousands: `1.400` is 1,400 kr.;
//!   otherwise a dot is a decimal point: `1400.5`, `96.71`;
//! * a space (also a no-break or thin space) may group thousands in threes: `104 000`;
//! * a trailing `kr.` or `kr` is allowed: `104.000 kr.`;
//! * a minus sign is `-` or `−`.
//!
//! Anything else (`1,234.50`, exponents, two commas, groups that are not three digits) is refused
//! with a message that states the rule. The scenario contract (JSON, TOML) is stricter: there an
//! amount is a plain decimal, and `"1.400"` is refused as ambiguous ([`Money::parse`]).
//!
//! **Shown amounts** ([`format_amount`], [`format_kr`]) are rounded half away from zero to the
//! øre and grouped: `219.700,00 kr.` in Danish, `DKK 219,700.00` in English.

use rust_decimal::Decimal;

use crate::model::error::{Error, ErrorKind};
use crate::model::locale::{Lang, Texts};
use crate::model::money::{Money, Rate};

/// The rule for typed amounts, as shown next to amount fields and in error messages.
#[must_use]
pub fn typed_amount_rule() -> Texts {
    Texts {
        da: "Skriv beløb som 1.234,50 eller 1234.50 (mellemrum og \"kr.\" må gerne stå med). \
             Punktum efterfulgt af præcis tre cifre læses som tusindtalsseparator."
            .into(),
        en: "Type amounts as 1234.50 or the Danish 1.234,50 (spaces and \"kr.\" are fine). \
             A dot followed by exactly three digits is read as a thousands separator."
            .into(),
    }
}

/// The English rule, for error messages.
pub(crate) const TYPED_AMOUNT_RULE: &str =
    "write 1234.50 or the Danish 1.234,50 (a comma for decimals, \
     dots or spaces between thousands, an optional \"kr.\")";

/// Parses an amount as people type it (the Danish rule of the module docs).
///
/// ```
/// use refusion_core::model::amount::parse_typed;
/// for (typed, value) in [
///     ("1.234,50", "1234.50"), ("1234.5", "1234.5"), ("96,71", "96.71"), ("1.400", "1400"),
///     ("104 000", "104000"), ("104.000 kr.", "104000"), ("1 234,50 kr", "1234.50"),
///     ("−5", "-5"), ("0", "0"),
/// ] {
///     assert_eq!(parse_typed(typed).unwrap().to_string(), value, "{typed}");
/// }
/// for bad in ["1,234.50", "1e3", "1,2,3", "10 00", "1.40.000", "kr.", "", "NaN"] {
///     assert_eq!(parse_typed(bad).unwrap_err().code(), "invalid_amount", "{bad}");
/// }
/// ```
pub fn parse_typed(text: &str) -> Result<Money, Error> {
    let t = text.trim();
    // The common case, without allocating: digits with at most one dot that cannot group
    // thousands (a CSV register has hundreds of thousands of these).
    if is_simple(t) {
        return Money::parse(t);
    }
    let invalid = || {
        Error::new(
            ErrorKind::InvalidAmount,
            "",
            format!("{t:?} is not an amount: {TYPED_AMOUNT_RULE}"),
        )
    };
    let body = strip_kr(t);
    let (sign, body) = match body.strip_prefix('-').or_else(|| body.strip_prefix('−')) {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", body),
    };
    if body.is_empty() {
        return Err(invalid());
    }
    // Spaces group thousands; they may not be mixed with dots.
    let spaced = body.contains(is_space);
    if spaced && body.contains('.') {
        return Err(invalid());
    }
    let grouped = |int: &str, sep: char| -> Option<String> {
        let parts: Vec<&str> = int.split(sep).collect();
        let ok = parts.first().is_some_and(|p| (1..=3).contains(&p.len()))
            && parts.iter().skip(1).all(|p| p.len() == 3)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        ok.then(|| parts.concat())
    };
    let group_int = |int: &str| -> Option<String> {
        if spaced {
            let normal: String = int
                .chars()
                .map(|c| if is_space(c) { ' ' } else { c })
                .collect();
            grouped(&normal, ' ')
        } else if int.contains('.') {
            grouped(int, '.')
        } else {
            Some(int.to_string())
        }
    };
    let plain = if let Some((int, frac)) = body.split_once(',') {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        format!("{sign}{}.{frac}", group_int(int).ok_or_else(invalid)?)
    } else if spaced {
        format!("{sign}{}", group_int(body).ok_or_else(invalid)?)
    } else if let Some(digits) = grouped(body, '.').filter(|_| body.contains('.')) {
        format!("{sign}{digits}")
    } else {
        format!("{sign}{body}")
    };
    Money::parse(&plain).map_err(|e| match e.kind() {
        ErrorKind::InvalidAmount
            if !e.message().contains("decimals") && !e.message().contains("too large") =>
        {
            invalid()
        }
        _ => Error::new(e.kind(), "", e.message().to_string()),
    })
}

/// A percentage as people type it (`3,5`, `3.5`, `3,5 %`), as a rate (`0.035`).
///
/// ```
/// use refusion_core::model::amount::parse_percent;
/// assert_eq!(parse_percent("3,5").unwrap().as_decimal().to_string(), "0.035");
/// assert_eq!(parse_percent("3.5 %").unwrap().as_decimal().to_string(), "0.035");
/// assert_eq!(parse_percent("101").unwrap_err().code(), "invalid_parameter");
/// ```
pub fn parse_percent(text: &str) -> Result<Rate, Error> {
    let t = text.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let value = parse_typed(t)?.as_decimal();
    let fraction = value
        .checked_div(Decimal::ONE_HUNDRED)
        .ok_or_else(|| Error::overflow("", "a percentage"))?;
    Rate::new(fraction)
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Without a trailing `kr.` / `kr` (any case) and the space before it.
fn strip_kr(t: &str) -> &str {
    let lower = t.to_ascii_lowercase();
    for suffix in ["kr.", "kr"] {
        if lower.ends_with(suffix) {
            if let Some(rest) = t.get(..t.len() - suffix.len()) {
                return rest.trim_end_matches(is_space);
            }
        }
    }
    t
}

/// Digits with an optional leading minus and at most one dot, where the dot cannot be a Danish
/// thousands separator (it is not followed by exactly three digits).
fn is_simple(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t).as_bytes();
    let mut dot = None;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' if dot.is_none() => dot = Some(i),
            _ => return false,
        }
    }
    !body.is_empty() && dot.is_none_or(|d| body.len() - d - 1 != 3)
}

/// An amount as a number for tables: rounded half away from zero to the øre and grouped,
/// `219.700,00` (Danish) or `219,700.00` (English).
///
/// ```
/// use refusion_core::model::{amount::format_amount, locale::Lang};
/// use refusion_core::Money;
/// let m = Money::parse("-1234567.895").unwrap();
/// assert_eq!(format_amount(m, Lang::Da), "-1.234.567,90");
/// assert_eq!(format_amount(m, Lang::En), "-1,234,567.90");
/// assert_eq!(format_amount(Money::ZERO, Lang::Da), "0,00");
/// ```
#[must_use]
pub fn format_amount(m: Money, lang: Lang) -> String {
    let rounded = m.round_ore().to_string();
    let (sign, digits) = match rounded.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", rounded.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    let (group, mark) = match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    };
    format!("{sign}{}{mark}{frac}", group_digits(int, group))
}

/// An amount with its currency: `219.700,00 kr.` (Danish) or `DKK 219,700.00` (English).
///
/// ```
/// use refusion_core::model::{amount::format_kr, locale::Lang};
/// use refusion_core::Money;
/// assert_eq!(format_kr(Money::from_kr(104000), Lang::Da), "104.000,00 kr.");
/// assert_eq!(format_kr(Money::from_kr(104000), Lang::En), "DKK 104,000.00");
/// ```
#[must_use]
pub fn format_kr(m: Money, lang: Lang) -> String {
    match lang {
        Lang::Da => format!("{} kr.", format_amount(m, lang)),
        Lang::En => format!("DKK {}", format_amount(m, lang)),
    }
}

/// How an amount is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// With `kr.` (Danish) or `DKK` (English).
    pub currency: bool,
    /// Rounded to whole kroner (chart axes, prose) instead of to the øre.
    pub whole_kroner: bool,
}

/// An exact decimal written by a program (`"219700"`, `"-0.125"`, a Python `Decimal` of up
/// to 28 digits such as `total / 12`) shown for people, grouped, rounded half away from zero to
/// the øre (or to whole kroner), with `kr.` / `DKK` when asked: the formatter the bindings hand
/// their decimals to.
///
/// ```
/// use refusion_core::model::{amount::{format_decimal, Shown}, locale::Lang};
/// let plain = Shown::default();
/// assert_eq!(format_decimal("83333.3333333333333333333333", Lang::Da, plain).unwrap(), "83.333,33");
/// let kr = Shown { currency: true, ..plain };
/// assert_eq!(format_decimal("-0.005", Lang::En, kr).unwrap(), "DKK -0.01");
/// let whole = Shown { whole_kroner: true, ..plain };
/// assert_eq!(format_decimal("199999.5", Lang::Da, whole).unwrap(), "200.000");
/// assert_eq!(format_decimal("1,5", Lang::Da, plain).unwrap_err().code(), "invalid_amount");
/// ```
pub fn format_decimal(text: &str, lang: Lang, shown: Shown) -> Result<String, Error> {
    let plain = text.trim();
    let digits = plain.strip_prefix('-').unwrap_or(plain);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    let value = well_formed
        .then(|| Decimal::from_str_exact(plain).ok())
        .flatten()
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidAmount,
                "",
                format!("{plain:?} is not a decimal: write it as a program does, e.g. \"1234.5\""),
            )
        })?;
    let number = if shown.whole_kroner {
        let whole = value
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            .normalize();
        let text = if whole.is_zero() {
            "0".to_string()
        } else {
            whole.to_string()
        };
        let (sign, int) = text
            .strip_prefix('-')
            .map_or(("", text.as_str()), |d| ("-", d));
        let group = match lang {
            Lang::Da => '.',
            Lang::En => ',',
        };
        format!("{sign}{}", group_digits(int, group))
    } else {
        format_amount(Money::from_decimal(value), lang)
    };
    Ok(match (shown.currency, lang) {
        (false, _) => number,
        (true, Lang::Da) => format!("{number} kr."),
        (true, Lang::En) => format!("DKK {number}"),
    })
}

/// A whole number grouped in thousands: `7.000` / `7,000`.
#[must_use]
pub fn format_whole(n: i64, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let digits = n.unsigned_abs().to_string();
    let group = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    format!("{sign}{}", group_digits(&digits, group))
}

/// A rate as a percentage: `3,5 %` (Danish) or `3.5 %` (English).
///
/// ```
/// use refusion_core::model::{amount::format_percent, locale::Lang};
/// use refusion_core::Rate;
/// let r = Rate::parse("0.035").unwrap();
/// assert_eq!(format_percent(r, Lang::Da), "3,5 %");
/// assert_eq!(format_percent(r, Lang::En), "3.5 %");
/// ```
#[must_use]
pub fn format_percent(rate: Rate, lang: Lang) -> String {
    let p = (rate.as_decimal() * Decimal::ONE_HUNDRED)
        .normalize()
        .to_string();
    match lang {
        Lang::Da => format!("{} %", p.replace('.', ",")),
        Lang::En => format!("{p} %"),
    }
}

fn group_digits(int: &str, sep: char) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn typed_and_shown_round_trip() {
        for text in ["0", "1", "999", "1000", "95000", "1234567.89", "-42.5"] {
            let m = Money::parse(text).unwrap();
            for lang in Lang::ALL {
                let shown = format_amount(m, lang);
                if lang == Lang::Da {
                    assert_eq!(
                        parse_typed(&shown).unwrap().round_ore(),
                        m.round_ore(),
                        "{shown}"
                    );
                    let kr = format_kr(m, lang);
                    assert_eq!(parse_typed(&kr).unwrap().round_ore(), m.round_ore(), "{kr}");
                }
            }
        }
    }

    /// An amount written the Danish way: dots between thousands, a decimal comma.
    fn danish(plain: &str) -> String {
        let (sign, body) = plain.strip_prefix('-').map_or(("", plain), |b| ("-", b));
        let (int, frac) = body.split_once('.').map_or((body, "0"), |(i, f)| (i, f));
        format!("{sign}{},{frac}", group_digits(int, '.'))
    }

    proptest::proptest! {
        /// The allocation-free path, the Danish path and the spaced path agree with the
        /// strict parser of the contract.
        #[test]
        fn plain_danish_and_spaced_amounts_parse_alike(units in 0i64..1_000_000_000_000, scale in 0u32..=6) {
            let d = rust_decimal::Decimal::new(units, scale);
            let plain = d.to_string();
            let want = Money::parse_exact(&plain).unwrap();
            let danish = danish(&plain);
            proptest::prop_assert_eq!(parse_typed(&danish).unwrap().as_decimal(), want.as_decimal());
            let spaced = danish.replace('.', " ");
            proptest::prop_assert_eq!(parse_typed(&spaced).unwrap().as_decimal(), want.as_decimal());
            let kr = format!("{danish} kr.");
            proptest::prop_assert_eq!(parse_typed(&kr).unwrap().as_decimal(), want.as_decimal());
            if is_simple(&plain) {
                proptest::prop_assert_eq!(parse_typed(&plain).unwrap(), want);
            }
        }
    }

    #[test]
    fn limits_keep_their_own_messages() {
        let e = parse_typed("1,1234567").unwrap_err();
        assert!(e.message().contains("decimals"), "{e}");
        let e = parse_typed("1.000.000.000.000.000").unwrap_err();
        assert!(e.message().contains("too large"), "{e}");
    }
}
