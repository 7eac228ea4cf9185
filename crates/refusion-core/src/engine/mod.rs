//! Evaluating one scenario: the [`evaluation::Engine`], its result, and the explanation trace
//! that names the rule, the parameter value and the source behind every line.
//!
//! This layer depends on [`crate::rules`] and [`crate::model`].

pub mod evaluation;
pub mod explain;
pub mod policy_comparison;
pub mod trace;
