//! The two languages refusion speaks, and how dates read in each.
//!
//! Danish is what a municipal analyst reads; English is the language of the code and of the
//! `text` field of a trace entry. Every text meant for people is produced here in the core, so
//! the CLI, Python and the web page say the same thing.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};

/// A language for texts meant for people.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Danish.
    Da,
    /// English (the default of the API).
    #[default]
    En,
}

impl Lang {
    /// Both languages, Danish first.
    pub const ALL: [Lang; 2] = [Lang::Da, Lang::En];

    /// `"da"` or `"en"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// Picks the text in this language.
    #[must_use]
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    /// `"da"` or `"en"`.
    fn from_str(s: &str) -> Result<Lang, Error> {
        match s {
            "da" => Ok(Lang::Da),
            "en" => Ok(Lang::En),
            other => Err(Error::new(
                ErrorKind::InvalidParameter,
                "lang",
                format!("unknown language {other:?}; expected \"da\" or \"en\""),
            )),
        }
    }
}

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

impl Texts {
    /// The text in `lang`.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.da, &self.en)
    }
}

const MONTHS_DA: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as people read it: `1. okt. 2023` (Danish) or `1 Oct 2023` (English).
///
/// ```
/// use refusion_core::model::{calendar::parse_date, locale::{format_date, Lang}};
/// let d = parse_date("2023-10-01").unwrap();
/// assert_eq!(format_date(d, Lang::Da), "1. okt. 2023");
/// assert_eq!(format_date(d, Lang::En), "1 Oct 2023");
/// ```
#[must_use]
pub fn format_date(date: Date, lang: Lang) -> String {
    DateShown(date, lang).to_string()
}

/// A date shown as people read it, written straight into a formatter (no string of its own).
#[derive(Clone, Copy, Debug)]
pub struct DateShown(pub Date, pub Lang);

impl fmt::Display for DateShown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        let DateShown(date, lang) = *self;
        let month = usize::try_from(date.month0()).unwrap_or(0);
        match lang {
            Lang::Da => write!(
                f,
                "{}. {} {}",
                date.day(),
                MONTHS_DA.get(month).unwrap_or(&""),
                date.year()
            ),
            Lang::En => write!(
                f,
                "{} {} {}",
                date.day(),
                MONTHS_EN.get(month).unwrap_or(&""),
                date.year()
            ),
        }
    }
}

/// The nights `[from, to)` shown as people read them, written straight into a formatter.
#[derive(Clone, Copy, Debug)]
pub struct SpanShown(pub Date, pub Date, pub Lang);

impl fmt::Display for SpanShown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SpanShown(from, to, lang) = *self;
        let last = calendar::last_night(to);
        if last <= from {
            write!(f, "{}", DateShown(from, lang))
        } else {
            write!(f, "{}–{}", DateShown(from, lang), DateShown(last, lang))
        }
    }
}

/// The nights (or days) `[from, to)` as people read them, naming the first and the last:
/// `1. jun. 2026–29. aug. 2026`; a single night is its date.
///
/// ```
/// use refusion_core::model::{calendar::parse_date, locale::{format_span, Lang}};
/// let (a, b) = (parse_date("2026-06-01").unwrap(), parse_date("2026-08-30").unwrap());
/// assert_eq!(format_span(a, b, Lang::Da), "1. jun. 2026–29. aug. 2026");
/// assert_eq!(format_span(a, b, Lang::En), "1 Jun 2026–29 Aug 2026");
/// ```
#[must_use]
pub fn format_span(from: Date, to: Date, lang: Lang) -> String {
    SpanShown(from, to, lang).to_string()
}
