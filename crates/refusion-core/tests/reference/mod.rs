//! Test support: the night-by-night reference and random scenarios.
#![allow(dead_code, unused_imports)]

mod night_by_night;
pub mod strategy;

pub use night_by_night::*;
