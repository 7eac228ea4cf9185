//! Two policies on the same citizens, year by year: what a change of the rules costs.
//!
//! The ready comparisons (`[comparisons]` in `data/parameters.toml`) ask "what does the 2026
//! step cost?" (the rules in force against `reform-2023`) and "what did the whole reform cost?"
//! (against `pre-reform`). Every difference is **policy − base**: a positive difference is what
//! the change costs that payer, a negative one what it saves.

use serde::{Deserialize, Serialize};

use crate::engine::evaluation::YearTotals;
use crate::model::error::Error;
use crate::model::export::{write_csv, Dialect};
use crate::model::money::Money;
use crate::model::totals::Totals;

/// One year of a [`PolicyComparison`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PolicyYear {
    /// The calendar year.
    pub year: i32,
    /// Under the base policy.
    pub base: Totals,
    /// Under the policy.
    pub policy: Totals,
    /// Policy − base.
    pub difference: Totals,
}

/// The same citizens under two policies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PolicyComparison {
    /// The base policy's name (e.g. `reform-2023`).
    pub base: String,
    /// The policy's name (e.g. `statutory`).
    pub policy: String,
    /// Per calendar year (every year either has).
    pub years: Vec<PolicyYear>,
    /// All years: under the base policy.
    pub base_totals: Totals,
    /// All years: under the policy.
    pub policy_totals: Totals,
    /// All years: policy − base.
    pub difference: Totals,
}

impl PolicyComparison {
    /// Compares per-year totals of the same citizens under two policies.
    pub fn of(
        base: (&str, &[YearTotals], &Totals),
        policy: (&str, &[YearTotals], &Totals),
    ) -> Result<PolicyComparison, Error> {
        let mut years: Vec<i32> = base.1.iter().chain(policy.1).map(|y| y.year).collect();
        years.sort_unstable();
        years.dedup();
        // A year only one side has is zero on the other, written to the øre ("0.00").
        let ore = Money::from_ore(0)?;
        let zero = Totals {
            gross: ore,
            citizen_payment: ore,
            state_refusion: ore,
            municipal_net: ore,
        };
        let find = |list: &[YearTotals], year: i32| {
            list.iter()
                .find(|y| y.year == year)
                .map_or(zero, |y| y.totals)
        };
        let years = years
            .into_iter()
            .map(|year| {
                let (b, p) = (find(base.1, year), find(policy.1, year));
                Ok(PolicyYear {
                    year,
                    base: b,
                    policy: p,
                    difference: p.difference(&b)?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(PolicyComparison {
            base: base.0.to_string(),
            policy: policy.0.to_string(),
            years,
            base_totals: *base.2,
            policy_totals: *policy.2,
            difference: policy.2.difference(base.2)?,
        })
    }

    /// The comparison as CSV: one row per year and a total row (year `total`), each with the
    /// four payers under the base, under the policy, and the difference.
    #[must_use]
    pub fn to_csv(&self, dialect: Dialect) -> String {
        const PAYERS: [fn(&Totals) -> String; 4] = [
            |t| t.gross.to_string(),
            |t| t.citizen_payment.to_string(),
            |t| t.state_refusion.to_string(),
            |t| t.municipal_net.to_string(),
        ];
        let mut header = vec!["year", "policy", "base"];
        for prefix in ["base", "policy", "difference"] {
            for payer in [
                "gross",
                "citizen_payment",
                "state_refusion",
                "municipal_net",
            ] {
                header.push(match (prefix, payer) {
                    ("base", "gross") => "base_gross",
                    ("base", "citizen_payment") => "base_citizen_payment",
                    ("base", "state_refusion") => "base_state_refusion",
                    ("base", _) => "base_municipal_net",
                    ("policy", "gross") => "policy_gross",
                    ("policy", "citizen_payment") => "policy_citizen_payment",
                    ("policy", "state_refusion") => "policy_state_refusion",
                    ("policy", _) => "policy_municipal_net",
                    (_, "gross") => "difference_gross",
                    (_, "citizen_payment") => "difference_citizen_payment",
                    (_, "state_refusion") => "difference_state_refusion",
                    _ => "difference_municipal_net",
                });
            }
        }
        let total = match dialect {
            Dialect::En => "total",
            Dialect::Da => "I alt",
        };
        let row = |year: String, b: &Totals, p: &Totals, d: &Totals| {
            let mut cells = vec![year, self.policy.clone(), self.base.clone()];
            for t in [b, p, d] {
                cells.extend(PAYERS.iter().map(|f| f(t)));
            }
            cells
        };
        let mut rows: Vec<Vec<String>> = self
            .years
            .iter()
            .map(|y| row(y.year.to_string(), &y.base, &y.policy, &y.difference))
            .collect();
        rows.push(row(
            total.to_string(),
            &self.base_totals,
            &self.policy_totals,
            &self.difference,
        ));
        write_csv(&header, &rows, dialect)
    }
}
