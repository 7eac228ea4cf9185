//! Tables for spreadsheets: the column labels in both languages, and CSV in two dialects.
//!
//! * `en`, the default: `,` between fields, a decimal point, the column keys as headers
//!   (`municipal_net`), UTF-8 without a BOM: what pandas, R and scripts read.
//! * `da`, for Danish Excel and LibreOffice: `;` between fields, a decimal comma, Danish
//!   headers ("Kommunens nettoudgift"), UTF-8 with a BOM (so Excel picks the encoding), CRLF
//!   line ends. Numbers have no thousands separator, so a Danish spreadsheet reads them as
//!   numbers.
//!
//! Every front end (CLI, Python, the page) writes its CSV through [`write_csv`], so the files
//! are the same whichever wrote them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::error::{Error, ErrorKind};
use crate::model::locale::Lang;

/// A CSV dialect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// `,`, decimal point, column keys, no BOM.
    #[default]
    En,
    /// `;`, decimal comma, Danish headers, BOM.
    Da,
}

impl Dialect {
    /// `"en"` or `"da"`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Dialect::En => "en",
            Dialect::Da => "da",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Dialect {
    type Err = Error;

    fn from_str(s: &str) -> Result<Dialect, Error> {
        match s {
            "en" => Ok(Dialect::En),
            "da" => Ok(Dialect::Da),
            other => Err(Error::new(
                ErrorKind::InvalidParameter,
                "dialect",
                format!("unknown CSV dialect {other:?}; expected \"da\" (Danish Excel: ; and decimal comma) or \"en\""),
            )),
        }
    }
}

/// A column's key and its labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ColumnLabel {
    /// The key, as in JSON results and English CSV (`municipal_net`).
    pub key: &'static str,
    /// Danish.
    pub da: &'static str,
    /// English.
    pub en: &'static str,
}

const fn c(key: &'static str, da: &'static str, en: &'static str) -> ColumnLabel {
    ColumnLabel { key, da, en }
}

/// Every column any front end writes. Money columns are kroner; signs are stated per table.
pub const COLUMNS: &[ColumnLabel] = &[
    c("citizen_id", "Borger-id", "Citizen id"),
    c("year", "År", "Year"),
    c("stays", "Ophold", "Stays"),
    c("nights", "Nætter", "Nights"),
    c("refunded_nights", "Refunderede nætter", "Refunded nights"),
    c("support_days", "Dage med støtte", "Support days"),
    c("gross", "Bruttoudgift (kr.)", "Gross cost (DKK)"),
    c(
        "citizen_payment",
        "Borgerens egenbetaling (kr.)",
        "Citizen's own payment (DKK)",
    ),
    c(
        "state_refusion",
        "Statens refusion (kr.)",
        "State refund (DKK)",
    ),
    c(
        "municipal_net",
        "Kommunens nettoudgift (kr.)",
        "Municipal net cost (DKK)",
    ),
    c("policy", "Regelsæt", "Policy"),
    c("base", "Sammenlignet med", "Compared with"),
    c(
        "base_gross",
        "Bruttoudgift, sammenligning (kr.)",
        "Gross cost, base (DKK)",
    ),
    c(
        "base_citizen_payment",
        "Egenbetaling, sammenligning (kr.)",
        "Own payment, base (DKK)",
    ),
    c(
        "base_state_refusion",
        "Statens refusion, sammenligning (kr.)",
        "State refund, base (DKK)",
    ),
    c(
        "base_municipal_net",
        "Kommunens nettoudgift, sammenligning (kr.)",
        "Municipal net cost, base (DKK)",
    ),
    c(
        "policy_gross",
        "Bruttoudgift, regelsæt (kr.)",
        "Gross cost, policy (DKK)",
    ),
    c(
        "policy_citizen_payment",
        "Egenbetaling, regelsæt (kr.)",
        "Own payment, policy (DKK)",
    ),
    c(
        "policy_state_refusion",
        "Statens refusion, regelsæt (kr.)",
        "State refund, policy (DKK)",
    ),
    c(
        "policy_municipal_net",
        "Kommunens nettoudgift, regelsæt (kr.)",
        "Municipal net cost, policy (DKK)",
    ),
    c(
        "difference_gross",
        "Forskel i bruttoudgift (kr.)",
        "Difference in gross cost (DKK)",
    ),
    c(
        "difference_citizen_payment",
        "Forskel i egenbetaling (kr.)",
        "Difference in own payment (DKK)",
    ),
    c(
        "difference_state_refusion",
        "Forskel i statens refusion (kr.)",
        "Difference in state refund (DKK)",
    ),
    c(
        "difference_municipal_net",
        "Forskel i kommunens nettoudgift (kr.)",
        "Difference in municipal net cost (DKK)",
    ),
    c("variant", "Variant", "Variant"),
    c(
        "annual_cost",
        "Årlig pris pr. borger (kr.)",
        "Annual cost per citizen (DKK)",
    ),
    c(
        "support_citizen_years",
        "Støtte (borgerår)",
        "Support (citizen-years)",
    ),
    c("teams", "Antal team", "Teams"),
    c("new_teams", "Nye team", "New teams"),
    c("fte", "Årsværk", "FTE"),
    c("establishment", "Etablering (kr.)", "Establishment (DKK)"),
    c(
        "municipal_effect",
        "Kommunens budgeteffekt (kr.)",
        "Municipal budget effect (DKK)",
    ),
    c("present_value", "Nutidsværdi (kr.)", "Present value (DKK)"),
    c("draws", "Antal træk", "Draws"),
    c("seed", "Startværdi", "Seed"),
    c("p5", "P5 (kr.)", "P5 (DKK)"),
    c("p50", "P50, median (kr.)", "P50, median (DKK)"),
    c("p95", "P95 (kr.)", "P95 (DKK)"),
    c("min", "Mindste (kr.)", "Min (DKK)"),
    c("max", "Største (kr.)", "Max (DKK)"),
    c("input", "Usikker størrelse", "Uncertain input"),
    c("low_value", "Lav værdi", "Low value"),
    c("high_value", "Høj værdi", "High value"),
    c(
        "at_low",
        "Effekt ved lav værdi (kr.)",
        "Effect at low value (DKK)",
    ),
    c(
        "at_high",
        "Effekt ved høj værdi (kr.)",
        "Effect at high value (DKK)",
    ),
    c("swing", "Udsving (kr.)", "Swing (DKK)"),
    c("section", "Del", "Section"),
    c("pathway", "Forløb", "Pathway"),
    c("item", "Post", "Item"),
    c("value", "Værdi", "Value"),
    c("label", "Navn", "Label"),
    c("date", "Dato", "Date"),
    c("night", "Nat", "Night"),
    c("rule", "Regel", "Rule"),
    c("text", "Forklaring", "Explanation"),
];

/// A column's label in a language; `None` for a key not in [`COLUMNS`].
#[must_use]
pub fn column_label(key: &str, lang: Lang) -> Option<&'static str> {
    COLUMNS
        .iter()
        .find(|l| l.key == key)
        .map(|l| lang.pick(l.da, l.en))
}

/// True for a plain decimal number as the engine writes one: `-1234.50`, `12`, `0.035`.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (frac.is_empty() != digits.contains('.'))
}

/// One field: numbers in the dialect's spelling; text quoted when needed, and guarded against
/// being run as a formula by a spreadsheet (a leading `'` before `=`, `+`, `-`, `@`, tab or CR;
/// OWASP "CSV injection").
fn field(value: &str, dialect: Dialect, out: &mut String) {
    if is_number(value) {
        match dialect {
            Dialect::En => out.push_str(value),
            Dialect::Da => out.push_str(&value.replace('.', ",")),
        }
        return;
    }
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    let sep = match dialect {
        Dialect::En => ',',
        Dialect::Da => ';',
    };
    if guarded.contains([sep, '"', '\n', '\r', ',', ';']) {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

/// Writes a table as CSV in a dialect. `header` holds column keys: in `da` each known key is
/// written as its Danish label (unknown keys as they are). Cells are the engine's plain
/// spellings (`"-1234.50"`, `"2027"`, `"2026-06-01"`, text); an empty row writes an empty line
/// (a gap between blocks).
#[must_use]
pub fn write_csv(header: &[&str], rows: &[Vec<String>], dialect: Dialect) -> String {
    let (sep, end) = match dialect {
        Dialect::En => (',', "\n"),
        Dialect::Da => (';', "\r\n"),
    };
    let mut out = String::new();
    if dialect == Dialect::Da {
        out.push('\u{feff}');
    }
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.push(sep);
            }
            field(cell, dialect, out);
        }
        out.push_str(end);
    };
    if !header.is_empty() {
        let labels: Vec<&str> = header
            .iter()
            .map(|k| match dialect {
                Dialect::En => k,
                Dialect::Da => column_label(k, Lang::Da).unwrap_or(k),
            })
            .collect();
        line(&mut labels.iter().copied(), &mut out);
    }
    for row in rows {
        line(&mut row.iter().map(String::as_str), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_csv_has_a_bom_semicolons_decimal_commas_and_danish_headers() {
        let rows = vec![
            vec![
                "2027".to_string(),
                "-1234.50".to_string(),
                "a;b".to_string(),
            ],
            vec!["2028".to_string(), "0.00".to_string(), "=1+1".to_string()],
        ];
        let da = write_csv(&["year", "municipal_net", "label"], &rows, Dialect::Da);
        assert_eq!(
            da,
            "\u{feff}År;Kommunens nettoudgift (kr.);Navn\r\n2027;-1234,50;\"a;b\"\r\n2028;0,00;'=1+1\r\n"
        );
        let en = write_csv(&["year", "municipal_net", "label"], &rows, Dialect::En);
        assert_eq!(
            en,
            "year,municipal_net,label\n2027,-1234.50,\"a;b\"\n2028,0.00,'=1+1\n"
        );
    }

    #[test]
    fn only_plain_numbers_are_numbers() {
        for n in ["0", "-1", "12.5", "1400.00"] {
            assert!(is_number(n), "{n}");
        }
        for t in [
            "",
            "-",
            "1.",
            ".5",
            "1e3",
            "1,5",
            "2026-06-01",
            "--1",
            "NaN",
        ] {
            assert!(!is_number(t), "{t}");
        }
    }

    #[test]
    fn every_key_is_labelled_once() {
        for (i, a) in COLUMNS.iter().enumerate() {
            assert!(
                COLUMNS.iter().skip(i + 1).all(|b| b.key != a.key),
                "{}",
                a.key
            );
        }
        assert_eq!(column_label("gross", Lang::Da), Some("Bruttoudgift (kr.)"));
        assert!("xx".parse::<Dialect>().is_err());
    }
}
