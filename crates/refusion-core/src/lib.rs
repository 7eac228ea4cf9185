//! # refusion-core
//!
//! The refusion model: what Danish homelessness support costs the municipality, the state and
//! the citizen, night by night and year by year, computed exactly.
//!
//! * § 110 shelter stays, with the 50 % state refund that lapses after 120 nights per window, and
//!   after 90 for nights from 1 April 2026 ([`stays`]).
//! * § 85 a home support and § 107 temporary housing, with the § 176 a refunds ([`support`]).
//! * Dated, sourced parameters, presets and policy overrides ([`parameters`]).
//! * Pathway comparison and break-even ([`pathway`]), the M-ACT team cost model ([`team`]).
//!
//! Money is [`Money`], an exact decimal; nothing here accepts a binary float as money, and
//! nothing panics: every failure is an [`Error`] with a stable code and the field it concerns.
//!
//! ```
//! use refusion_core::{Engine, Scenario};
//!
//! let engine = Engine::new()?;
//! let scenario = Scenario::from_json(r#"{
//!   "policy": "statutory",
//!   "citizen": { "birth_date": "1988-04-20" },
//!   "shelter_stays": [
//!     { "admitted": "2026-10-01", "discharged": "2027-01-01",
//!       "daily_rate": "1400", "own_payment_per_night": "100" }
//!   ],
//!   "home_support": [
//!     { "method": "m-act", "start": "2027-01-01", "end": "2029-01-01",
//!       "annual_cost": "104000", "decided_before_discharge": true }
//!   ]
//! }"#)?;
//! let result = engine.evaluate(&scenario)?;
//! assert_eq!(result.totals.gross.to_string(), "337084.93");
//! assert_eq!(result.totals.state_refusion.to_string(), "162642.47");
//! assert_eq!(result.totals.municipal_net.to_string(), "165242.46");
//! for entry in &result.trace {
//!     println!("{}", entry.text);
//! }
//! # Ok::<(), refusion_core::Error>(())
//! ```

pub mod budget;
pub mod calendar;
pub mod cohort;
pub mod error;
pub mod evaluation;
pub mod money;
pub mod parameters;
pub mod pathway;
pub mod plan;
pub mod register;
pub mod register_csv;
pub mod scenario;
mod segment;
pub mod stays;
pub mod support;
pub mod team;
pub mod trace;
pub mod uncertainty;

pub use calendar::Date;
pub use error::{Error, ErrorKind};
pub use evaluation::{evaluate, Detail, Engine, Evaluation, Line, NightCounts, Totals, YearTotals};
pub use money::{Exact, Money, Rate};
pub use parameters::{ParameterCatalog, Parameters, Policy, PolicySpec};
pub use pathway::{BreakEven, BreakEvenQuery, Comparison, CurvePoint, SupportOffer};
pub use register::{CitizenTotals, CitizenYear, RegisterResult, StayRow, SupportRow};
pub use scenario::{Citizen, HomeSupport, Scenario, ShelterStay, SupportMethod, TemporaryStay};
pub use segment::SpellKind;
pub use stays::RefundWindow;
pub use support::RefundPeriod;
pub use trace::{TraceEntry, TraceKind, TraceParameter};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
