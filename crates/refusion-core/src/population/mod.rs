//! Many citizens at once: stay registers (rows, columns, streams and CSV files) and seeded
//! synthetic cohorts calibrated to published Danish figures.
//!
//! This layer depends on [`crate::engine`] and the layers below it.

pub mod cohort;
pub mod register;
