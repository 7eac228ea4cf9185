//! The statute: the dated, sourced parameters and how each kind of spell is priced under them.
//!
//! * [`parameters`]: the parameter registry: each parameter declared once, with its kind.
//! * [`catalog`]: `data/parameters.toml` (sources, rules, parameters, presets, reference
//!   figures) and how a policy and its overrides are resolved from it.
//! * [`stays`]: § 110 shelter stays and the capped refund (R1–R7).
//! * [`support`]: § 85 a home support and § 107 temporary housing with the § 176 a refunds
//!   (R8–R10).
//! * [`decision`]: which spells count as decided before discharge, and § 176 a stk. 1 nr. 2
//!   (route 2).
//! * [`segment`]: the unit the rules produce, a run of days priced alike, with the reason why.
//!
//! This layer depends on [`crate::model`] only.

pub mod catalog;
pub mod decision;
pub mod parameters;
pub mod segment;
pub mod stays;
pub mod support;
