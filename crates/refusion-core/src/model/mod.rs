//! The vocabulary every other layer speaks: exact money, dates, errors and the scenario
//! contract (what a user hands the engine).
//!
//! Nothing here knows a rule of the statute. Modules of this layer depend only on each other.

pub mod amount;
pub mod calendar;
pub mod error;
pub mod export;
pub mod locale;
pub mod money;
pub mod policy_spec;
pub mod read;
pub mod scenario;
pub mod totals;
