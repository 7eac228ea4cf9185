//! The M-ACT team cost model and the Rambøll reference.
//!
//! An M-ACT team has three core functions — social/practical support, specialised health and
//! administrative support — led by a team coordinator. Its cost is mainly staff time, plus other
//! operating costs (transport, premises, materials) and establishment costs (hiring, training,
//! premises), which this model spreads evenly over `spread_years`. Dividing by the caseload
//! (citizens supported at one time, i.e. citizen-years a year) gives the cost per citizen-year.
//!
//! The Rambøll reference (2022, for Social- og Boligstyrelsen: København, Varde, Fredericia) is
//! an average of 104,000 DKK per citizen-year in a range of 78,000–121,000 DKK, **operating costs
//! only**; [`place`] compares a cost with it. The default salaries of
//! [`TeamModel::illustrative`] are illustrative, not sourced.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::error::{Error, ErrorKind};
use crate::model::money::{ExactNumberVisitor, Money};
use crate::rules::catalog::{ParameterCatalog, RangeReference};

/// The functions of an M-ACT team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TeamFunction {
    /// Social and practical support (typically a *mestrings-/bostøttemedarbejder*).
    SocialSupport,
    /// Specialised health (addiction counsellor, nurse, psychologist …).
    Health,
    /// Administrative support (a caseworker from the social or employment area).
    Administrative,
    /// The team coordinator.
    Coordinator,
}

impl TeamFunction {
    /// The three core functions and the coordinator.
    pub const ALL: [TeamFunction; 4] = [
        TeamFunction::SocialSupport,
        TeamFunction::Health,
        TeamFunction::Administrative,
        TeamFunction::Coordinator,
    ];

    /// The contract name, e.g. `social-support`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TeamFunction::SocialSupport => "social-support",
            TeamFunction::Health => "health",
            TeamFunction::Administrative => "administrative",
            TeamFunction::Coordinator => "coordinator",
        }
    }
}

/// A number of full-time equivalents, as an exact decimal (`"0.5"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fte(pub Decimal);

impl Serialize for Fte {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Fte {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ExactNumberVisitor { what: "FTE" })
            .map(Fte)
    }
}

// An FTE is a decimal string in JSON (see its `Serialize`).
#[cfg(feature = "typescript")]
crate::model::money::ts_string_alias!(Fte => "Decimal");

/// One staff line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct StaffLine {
    /// The job title, e.g. "bostøttemedarbejder".
    pub role: String,
    /// The team function it fills.
    pub function: TeamFunction,
    /// Full-time equivalents.
    pub fte: Fte,
    /// Annual salary cost per FTE (incl. pension and other payroll costs).
    pub annual_salary: Money,
}

/// Another annual operating cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    /// What it is (transport, premises, materials …).
    pub item: String,
    /// Cost per year.
    pub annual: Money,
}

/// One-off establishment costs, spread evenly over some years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Establishment {
    /// The total establishment cost.
    pub cost: Money,
    /// Spread over this many years (at least 1).
    pub spread_years: u32,
}

impl Default for Establishment {
    fn default() -> Self {
        Establishment {
            cost: Money::ZERO,
            spread_years: 1,
        }
    }
}

/// A bottom-up model of one team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct TeamModel {
    /// Staff.
    pub staff: Vec<StaffLine>,
    /// Other operating costs per year.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub operating: Vec<CostLine>,
    /// Establishment costs.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub establishment: Establishment,
    /// Citizens the team supports at one time (its citizen-years of support a year), at least 1.
    pub caseload: u32,
    /// True when the figures are illustrative defaults, not sourced.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional = nullable))]
    pub illustrative: bool,
}

impl TeamModel {
    /// An illustrative M-ACT team. **The salaries and other costs are illustrative, not
    /// sourced**: replace them with your municipality's figures.
    #[must_use]
    pub fn illustrative() -> TeamModel {
        let staff = |role: &str, function, fte: i64, tenths: u32, salary: i64| StaffLine {
            role: role.to_string(),
            function,
            fte: Fte(Decimal::new(fte, tenths)),
            annual_salary: Money::from_kr(salary),
        };
        let cost = |item: &str, annual: i64| CostLine {
            item: item.to_string(),
            annual: Money::from_kr(annual),
        };
        TeamModel {
            staff: vec![
                staff(
                    "bostøttemedarbejder",
                    TeamFunction::SocialSupport,
                    2,
                    0,
                    460_000,
                ),
                staff(
                    "rusmiddelbehandler / sygeplejerske",
                    TeamFunction::Health,
                    1,
                    0,
                    520_000,
                ),
                staff(
                    "myndighedssagsbehandler",
                    TeamFunction::Administrative,
                    1,
                    0,
                    480_000,
                ),
                staff("teamkoordinator", TeamFunction::Coordinator, 5, 1, 560_000),
            ],
            operating: vec![
                cost("transport", 60_000),
                cost("premises", 90_000),
                cost("materials", 30_000),
            ],
            establishment: Establishment {
                cost: Money::from_kr(300_000),
                spread_years: 3,
            },
            caseload: 24,
            illustrative: true,
        }
    }
}

/// The cost of one function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FunctionCost {
    /// The function.
    pub function: TeamFunction,
    /// Its FTEs.
    pub fte: Fte,
    /// Its annual cost.
    pub annual: Money,
}

/// Where a cost falls against the reference range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Below the low end.
    BelowRange,
    /// Within low–high.
    WithinRange,
    /// Above the high end.
    AboveRange,
}

/// A cost per citizen-year placed against the Rambøll M-ACT reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Placement {
    /// The cost placed.
    pub cost: Money,
    /// Reference mean.
    pub mean: Money,
    /// Reference low.
    pub low: Money,
    /// Reference high.
    pub high: Money,
    /// Where it falls.
    pub position: Position,
    /// `cost − mean`.
    pub vs_mean: Money,
    /// `(cost − mean) / mean` in percent, rounded to one decimal.
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(feature = "typescript", ts(type = "Decimal"))]
    pub vs_mean_percent: Decimal,
    /// The source.
    pub source: String,
    /// The source's URL.
    pub url: String,
    /// A sentence.
    pub text: String,
}

/// The team's costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TeamCost {
    /// Staff cost per year.
    pub staff_cost: Money,
    /// Other operating costs per year.
    pub other_operating_cost: Money,
    /// Staff plus other operating costs per year.
    pub operating_cost: Money,
    /// Establishment cost per year of the spread.
    pub establishment_per_year: Money,
    /// Operating plus establishment per year.
    pub total_per_year: Money,
    /// Citizens the team supports at one time.
    pub caseload: u32,
    /// Operating cost per citizen-year (comparable with Rambøll), rounded to the øre.
    pub operating_per_citizen_year: Money,
    /// Total cost per citizen-year incl. establishment, rounded to the øre.
    pub total_per_citizen_year: Money,
    /// Cost by function.
    pub by_function: Vec<FunctionCost>,
    /// The operating cost per citizen-year against the Rambøll range.
    pub placement: Placement,
    /// Things to check, e.g. a missing core function.
    pub warnings: Vec<String>,
    /// True when the inputs are the illustrative defaults.
    pub illustrative: bool,
}

fn div_round(a: Money, n: u32) -> Result<Money, Error> {
    let q = a
        .as_decimal()
        .checked_div(Decimal::from(n))
        .ok_or_else(|| Error::overflow("", "a cost per citizen"))?;
    Ok(Money::from_decimal(q).round_ore())
}

/// Computes a team's cost per citizen-year.
///
/// ```
/// use refusion_core::planning::team::{team_cost, TeamModel};
/// use refusion_core::ParameterCatalog;
/// let catalog = ParameterCatalog::embedded().unwrap();
/// let cost = team_cost(&TeamModel::illustrative(), &catalog).unwrap();
/// assert_eq!(cost.operating_cost.to_string(), "2380000.00");
/// assert_eq!(cost.operating_per_citizen_year.to_string(), "99166.67");
/// ```
pub fn team_cost(model: &TeamModel, catalog: &ParameterCatalog) -> Result<TeamCost, Error> {
    if model.caseload == 0 {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "caseload",
            "the caseload must be at least 1 citizen at one time",
        ));
    }
    if model.establishment.spread_years == 0 {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "establishment.spread_years",
            "spread establishment costs over at least 1 year",
        ));
    }
    if model.establishment.cost.is_negative() {
        return Err(Error::new(
            ErrorKind::NegativeAmount,
            "establishment.cost",
            "establishment cost must be zero or more",
        ));
    }
    let mut staff_cost = Money::ZERO;
    let mut by_function: Vec<FunctionCost> = TeamFunction::ALL
        .iter()
        .map(|f| FunctionCost {
            function: *f,
            fte: Fte::default(),
            annual: Money::ZERO,
        })
        .collect();
    for (i, s) in model.staff.iter().enumerate() {
        if s.fte.0.is_sign_negative() && !s.fte.0.is_zero() {
            return Err(Error::new(
                ErrorKind::NegativeAmount,
                format!("staff[{i}].fte"),
                "FTE must be zero or more",
            ));
        }
        if s.annual_salary.is_negative() {
            return Err(Error::new(
                ErrorKind::NegativeAmount,
                format!("staff[{i}].annual_salary"),
                "salary must be zero or more",
            ));
        }
        let cost = s
            .annual_salary
            .checked_mul_decimal(s.fte.0)
            .map_err(|e| e.at(format!("staff[{i}]")))?;
        staff_cost = staff_cost.checked_add(cost)?;
        if let Some(fc) = by_function.iter_mut().find(|f| f.function == s.function) {
            fc.fte = Fte(fc
                .fte
                .0
                .checked_add(s.fte.0)
                .ok_or_else(|| Error::overflow("", "FTE"))?);
            fc.annual = fc.annual.checked_add(cost)?;
        }
    }
    let mut other = Money::ZERO;
    for (i, c) in model.operating.iter().enumerate() {
        if c.annual.is_negative() {
            return Err(Error::new(
                ErrorKind::NegativeAmount,
                format!("operating[{i}].annual"),
                "operating costs must be zero or more",
            ));
        }
        other = other.checked_add(c.annual)?;
    }
    let operating_cost = staff_cost.checked_add(other)?;
    let establishment_per_year =
        div_round(model.establishment.cost, model.establishment.spread_years)?;
    let total_per_year = operating_cost.checked_add(establishment_per_year)?;
    let warnings: Vec<String> = by_function
        .iter()
        .filter(|f| f.fte.0.is_zero())
        .map(|f| {
            format!(
                "no FTE for the {} function: an M-ACT team has the three core functions and a coordinator",
                f.function.as_str()
            )
        })
        .collect();
    let operating_per_citizen_year = div_round(operating_cost, model.caseload)?;
    for f in &mut by_function {
        f.annual = f.annual.round_ore();
    }
    Ok(TeamCost {
        staff_cost: staff_cost.round_ore(),
        other_operating_cost: other.round_ore(),
        operating_cost: operating_cost.round_ore(),
        establishment_per_year,
        total_per_year: total_per_year.round_ore(),
        caseload: model.caseload,
        operating_per_citizen_year,
        total_per_citizen_year: div_round(total_per_year, model.caseload)?,
        by_function,
        placement: place(operating_per_citizen_year, catalog)?,
        warnings,
        illustrative: model.illustrative,
    })
}

/// Places a cost per citizen-year against the Rambøll M-ACT reference (operating costs only).
///
/// ```
/// use refusion_core::planning::team::{place, Position};
/// use refusion_core::{Money, ParameterCatalog};
/// let catalog = ParameterCatalog::embedded().unwrap();
/// let p = place(Money::from_kr(130_000), &catalog).unwrap();
/// assert_eq!(p.position, Position::AboveRange);
/// assert_eq!(p.vs_mean_percent.to_string(), "25.0");
/// ```
pub fn place(cost: Money, catalog: &ParameterCatalog) -> Result<Placement, Error> {
    if cost.is_negative() {
        return Err(Error::new(
            ErrorKind::NegativeAmount,
            "cost",
            format!("{cost} is negative; a cost per citizen-year is zero or more"),
        ));
    }
    let r: &RangeReference = &catalog.reference.m_act;
    let position = if cost < r.low {
        Position::BelowRange
    } else if cost > r.high {
        Position::AboveRange
    } else {
        Position::WithinRange
    };
    let vs_mean = cost.checked_sub(r.mean)?;
    let mut pct = vs_mean
        .as_decimal()
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(r.mean.as_decimal()))
        .ok_or_else(|| Error::overflow("", "a percentage"))?
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    pct.rescale(1);
    let source = catalog
        .source(r.sources.first().map_or("", String::as_str))
        .clone();
    let where_ = match position {
        Position::BelowRange => "below the range",
        Position::WithinRange => "within the range",
        Position::AboveRange => "above the range",
    };
    let relation = match vs_mean.as_decimal().cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Less => format!("{} % below", pct.abs()),
        std::cmp::Ordering::Greater => format!("{pct} % above"),
        std::cmp::Ordering::Equal => "equal to".to_string(),
    };
    let text = format!(
        "{cost} DKK per citizen-year is {where_} {}–{} DKK and {relation} the mean {} DKK ({}; operating costs only)",
        r.low, r.high, r.mean, source.citation
    );
    Ok(Placement {
        cost,
        mean: r.mean,
        low: r.low,
        high: r.high,
        position,
        vs_mean,
        vs_mean_percent: pct,
        source: source.citation,
        url: source.url,
        text,
    })
}
