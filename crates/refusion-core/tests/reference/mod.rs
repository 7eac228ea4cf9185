//! Test support: the night-by-night reference and random scenarios.
#![allow(dead_code, unused_imports)]

pub mod fuzzing;
mod night_by_night;
pub mod strategy;

pub use night_by_night::*;
