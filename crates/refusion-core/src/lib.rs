//! # refusion-core
//!
//! The refusion model: what Danish homelessness support costs the municipality, the state and
//! the citizen, night by night and year by year, computed exactly.
//!
//! * § 110 shelter stays, with the 50 % state refund that lapses after 120 nights per window, and
//!   after 90 for nights from 1 April 2026 ([`rules::stays`]).
//! * § 85 a home support and § 107 temporary housing, with the § 176 a refunds ([`rules::support`]).
//! * Dated, sourced parameters, presets and policy overrides ([`rules::parameters`]).
//! * Pathway comparison and break-even ([`planning::pathway`]), the M-ACT team cost model ([`planning::team`]).
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

pub mod engine;
pub mod model;
pub mod planning;
pub mod population;
pub mod rules;

pub use engine::evaluation::{
    evaluate, Detail, Engine, Evaluation, Line, NightCounts, Totals, YearTotals,
};
pub use engine::trace::{TraceEntry, TraceKind, TraceParameter};
pub use model::calendar::{self, Date};
pub use model::error::{Error, ErrorKind};
pub use model::money::{Exact, Money, Rate};
pub use model::policy_spec::PolicySpec;
pub use model::scenario::{
    Citizen, HomeSupport, Scenario, ShelterStay, SupportMethod, TemporaryStay,
};
pub use planning::pathway::{BreakEven, BreakEvenQuery, Comparison, CurvePoint, SupportOffer};
pub use population::register::{CitizenTotals, CitizenYear, RegisterResult, StayRow, SupportRow};
pub use rules::catalog::{ParameterCatalog, Policy};
pub use rules::parameters::Parameters;
pub use rules::segment::SpellKind;
pub use rules::stays::RefundWindow;
pub use rules::support::RefundPeriod;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
