//! Assumptions without a source: the illustrative defaults of budgets and their uncertainty.
//!
//! Two kinds, both labelled "illustrative" wherever a front end shows them:
//! * the illustrative M-ACT team ([`TeamModel::illustrative`]): its size in FTE, the citizens it
//!   supports at one time (caseload) and its establishment cost are a budget's defaults;
//! * the uncertainty ranges of `[illustrative]` in `data/parameters.toml`: the share of the
//!   eligible citizens discharged, the shelter rate and the stay lengths.
//!
//! One story for the budget and its uncertainty: the deterministic budget uses the central value
//! of every uncertain input (the share discharged is the middle of its range, 70 % by default);
//! the Monte Carlo draws around it, and the tornado's base lies inside every range.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::engine::evaluation::Engine;
use crate::model::amount::format_kr;
use crate::model::error::{Error, ErrorKind};
use crate::model::locale::{Lang, Texts};
use crate::model::money::Money;
use crate::planning::team::{Fte, TeamModel};
use crate::rules::catalog::{Defaults, IllustrativeDefault, IllustrativeRange, ParameterCatalog};

/// A range of whole percents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct PercentRange {
    /// Lowest.
    pub low: i64,
    /// Highest.
    pub high: i64,
}

impl Engine {
    /// The defaults front ends fill in and show: the sourced ones of the catalog and the
    /// illustrative ones (labelled as such).
    #[must_use]
    pub fn defaults(&self) -> Defaults {
        let mut d = self.catalog().defaults();
        d.illustrative = illustrative_defaults(self.catalog());
        d
    }
}

/// The illustrative team's size: the sum of its staff's FTE.
#[must_use]
pub fn team_size() -> Fte {
    Fte(TeamModel::illustrative()
        .staff
        .iter()
        .map(|s| s.fte.0)
        .sum())
}

/// The citizens the illustrative team supports at one time.
#[must_use]
pub fn caseload() -> u32 {
    TeamModel::illustrative().caseload
}

/// The illustrative team's one-off establishment cost.
#[must_use]
pub fn establishment_cost() -> Money {
    TeamModel::illustrative().establishment.cost
}

/// The middle of the illustrative range of the share discharged, in whole percent (rounded
/// down): the share a budget uses unless told otherwise.
#[must_use]
pub fn default_share_percent(catalog: &ParameterCatalog) -> i64 {
    let r = &catalog.illustrative.share_discharged_range;
    (r.low + r.high).div_euclid(2)
}

/// The default uncertainty range of the share discharged around a base share: the illustrative
/// range's half-width on either side of the base, within 0–100 %.
#[must_use]
pub fn share_range_around(catalog: &ParameterCatalog, base_percent: i64) -> PercentRange {
    let r = &catalog.illustrative.share_discharged_range;
    let half = (r.high - r.low).div_euclid(2);
    PercentRange {
        low: (base_percent - half).clamp(0, 100),
        high: (base_percent + half).clamp(0, 100),
    }
}

/// An illustrative range as a [`PercentRange`].
#[must_use]
pub fn range(r: &IllustrativeRange) -> PercentRange {
    PercentRange {
        low: r.low,
        high: r.high,
    }
}

/// Refuses a range that does not hold its base value (the value the deterministic result uses).
pub(crate) fn check_holds(
    field: &str,
    r: PercentRange,
    base: i64,
    what: &str,
) -> Result<(), Error> {
    if r.low > base || base > r.high {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            field,
            format!(
                "the range {} … {} % does not hold {what} ({base} %), which the table uses; \
                 give a range around it",
                r.low, r.high
            ),
        ));
    }
    Ok(())
}

fn both(f: impl Fn(Lang) -> String) -> Texts {
    Texts {
        da: f(Lang::Da),
        en: f(Lang::En),
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string().replace('-', "−")
    }
}

/// Every illustrative default, as `refusion params` and the page show them.
#[must_use]
pub fn illustrative_defaults(catalog: &ParameterCatalog) -> Vec<IllustrativeDefault> {
    let team_basis = both(|l| {
        l.pick(
            "illustrativ: ikke fra en kilde; fra refusions illustrative M-ACT-team",
            "illustrative: not from a source; from refusion's illustrative M-ACT team",
        )
        .to_string()
    });
    let size = team_size();
    let fte_text = |l: Lang| {
        let n = size.0.normalize().to_string();
        let n = if l == Lang::Da {
            n.replace('.', ",")
        } else {
            n
        };
        format!("{n} {}", l.pick("årsværk", "FTE"))
    };
    let share = default_share_percent(catalog);
    let r = &catalog.illustrative;
    let mut out = vec![
        IllustrativeDefault {
            name: "team_size_fte".into(),
            value: size.0.normalize().to_string(),
            shown: both(fte_text),
            description: both(|l| {
                l.pick("medarbejdere pr. M-ACT-team", "staff per M-ACT team")
                    .to_string()
            }),
            basis: team_basis.clone(),
        },
        IllustrativeDefault {
            name: "caseload".into(),
            value: caseload().to_string(),
            shown: both(|l| format!("{} {}", caseload(), l.pick("borgere", "citizens"))),
            description: both(|l| {
                l.pick(
                    "borgere ad gangen pr. team",
                    "citizens a team supports at one time",
                )
                .to_string()
            }),
            basis: team_basis.clone(),
        },
        IllustrativeDefault {
            name: "establishment_cost_per_team".into(),
            value: establishment_cost().to_string(),
            shown: both(|l| format_kr(establishment_cost(), l)),
            description: both(|l| {
                l.pick(
                    "engangsudgift til at etablere et team (Rambøll opgjorde ikke etableringsudgifterne)",
                    "one-off cost of establishing a team (Rambøll did not quantify establishment costs)",
                )
                .to_string()
            }),
            basis: team_basis,
        },
        IllustrativeDefault {
            name: "share_discharged".into(),
            value: Decimal::new(share, 2).normalize().to_string(),
            shown: both(|_| format!("{share} %")),
            description: both(|l| {
                l.pick(
                    "andel af de berettigede borgere, der udskrives til støtte",
                    "share of the eligible citizens discharged to support",
                )
                .to_string()
            }),
            basis: both(|l| {
                format!(
                    "{} {}–{} %",
                    l.pick(
                        "illustrativ: midten af usikkerhedsintervallet",
                        "illustrative: the middle of the uncertainty range"
                    ),
                    r.share_discharged_range.low,
                    r.share_discharged_range.high
                )
            }),
        },
    ];
    for (name, range) in [
        ("share_discharged_percent", &r.share_discharged_range),
        ("rate_change_percent", &r.rate_change_range),
        ("stay_change_percent", &r.stay_change_range),
    ] {
        let (low, high) = if name == "share_discharged_percent" {
            (range.low.to_string(), range.high.to_string())
        } else {
            (signed(range.low), signed(range.high))
        };
        out.push(IllustrativeDefault {
            name: format!("uncertain.{name}"),
            value: format!("{}..{}", range.low, range.high),
            shown: both(|_| format!("{low} … {high} %")),
            description: Texts {
                da: range.da.clone(),
                en: range.en.clone(),
            },
            basis: range.basis.clone(),
        });
    }
    out
}
