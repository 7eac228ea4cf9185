//! Decisions: comparing pathways and finding the break-even night, the M-ACT team cost model,
//! budgets and plans over several years, and their uncertainty (Monte Carlo, tornado).
//!
//! This layer depends on [`crate::population`] and the layers below it.

pub mod assumptions;
pub mod budget;
pub mod pathway;
pub mod plan;
pub mod team;
pub mod uncertainty;
