//! A stay register: many citizens, one row per § 110 stay, evaluated in one call.
//!
//! Rows are grouped by `citizen_id` (in order of first appearance); each citizen's stays form a
//! scenario under one policy. The result has totals per citizen, per citizen and year, and per
//! calendar year for the whole register. Per-citizen figures are rounded from each citizen's
//! exact sums; the per-year and grand totals are rounded from the exact sums over all citizens
//! (so they need not equal the sum of the rounded per-citizen figures to the øre).

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::engine::evaluation::{year_totals, Engine, Priced, Spells, Sums, Totals, YearTotals};
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::money::Money;
use crate::model::scenario::{HomeSupport, ShelterStay, SupportMethod};
use crate::rules::catalog::Policy;
use crate::rules::segment::{Segment, Sink, SpellKind};

/// The most rows one register call accepts.
pub const MAX_REGISTER_ROWS: usize = 2_000_000;

/// One row of a stay register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRow {
    /// Identifies the citizen (any text).
    pub citizen_id: String,
    /// The citizen's birth date (must agree across the citizen's rows).
    #[serde(with = "calendar::iso")]
    pub birth_date: Date,
    /// First night.
    #[serde(with = "calendar::iso")]
    pub admitted: Date,
    /// Discharge date.
    #[serde(with = "calendar::iso")]
    pub discharged: Date,
    /// Rate per night.
    pub daily_rate: Money,
    /// Own payment per night.
    pub own_payment_per_night: Money,
}

/// One § 85 a support spell of a register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportRow {
    /// The citizen (must also have a stay row).
    pub citizen_id: String,
    /// Support method.
    pub method: SupportMethod,
    /// First day.
    #[serde(with = "calendar::iso")]
    pub start: Date,
    /// The day after the last day.
    #[serde(with = "calendar::iso")]
    pub end: Date,
    /// Cost per year.
    pub annual_cost: Money,
    /// Decided before discharge (R8).
    pub decided_before_discharge: bool,
}

impl StayRow {
    /// The row's stay, without the citizen.
    #[must_use]
    pub fn stay(&self) -> ShelterStay {
        ShelterStay {
            admitted: self.admitted,
            discharged: self.discharged,
            daily_rate: self.daily_rate,
            own_payment_per_night: self.own_payment_per_night,
        }
    }
}

impl SupportRow {
    /// The row's support spell, without the citizen.
    #[must_use]
    pub fn spell(&self) -> HomeSupport {
        HomeSupport {
            method: self.method,
            start: self.start,
            end: self.end,
            annual_cost: self.annual_cost,
            decided_before_discharge: self.decided_before_discharge,
        }
    }
}

/// One citizen's totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenTotals {
    /// The citizen.
    pub citizen_id: String,
    /// Number of stays.
    pub stays: usize,
    /// § 110 nights.
    pub nights: i64,
    /// Refunded § 110 nights.
    pub refunded_nights: i64,
    /// § 85 a support days.
    pub support_days: i64,
    /// Totals, rounded from the citizen's exact sums.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One citizen's totals in one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenYear {
    /// The citizen.
    pub citizen_id: String,
    /// The year.
    pub year: i32,
    /// Totals, rounded from the citizen's exact sums that year.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The result of a register evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterResult {
    /// The policy's name.
    pub policy: String,
    /// Rows read.
    pub rows: usize,
    /// Per citizen, in order of first appearance.
    pub citizens: Vec<CitizenTotals>,
    /// Per citizen and year.
    pub citizen_years: Vec<CitizenYear>,
    /// Per calendar year over all citizens: the municipality's refund claim by year.
    pub years: Vec<YearTotals>,
    /// Grand totals over all citizens.
    pub totals: Totals,
}

impl Engine {
    /// Evaluates a stay register (and optional support rows) under one policy.
    ///
    /// Errors name the row (`rows[12].discharged`, `support[3].start`) and the citizen.
    pub fn evaluate_register(
        &self,
        policy: &Policy,
        rows: &[StayRow],
        support: &[SupportRow],
    ) -> Result<RegisterResult, Error> {
        let (r, ids) = self.evaluate_register_grouped(policy, rows, support, false)?;
        let name = |g: u32| {
            ids.get(g as usize)
                .map(|s| (*s).to_string())
                .unwrap_or_default()
        };
        Ok(RegisterResult {
            policy: r.policy,
            rows: r.rows,
            citizens: r
                .citizens
                .into_iter()
                .map(|c| CitizenTotals {
                    citizen_id: name(c.group),
                    stays: c.stays,
                    nights: c.nights,
                    refunded_nights: c.refunded_nights,
                    support_days: c.support_days,
                    totals: c.totals,
                })
                .collect(),
            citizen_years: r
                .citizen_years
                .into_iter()
                .map(|y| CitizenYear {
                    citizen_id: name(y.group),
                    year: y.year,
                    totals: y.totals,
                })
                .collect(),
            years: r.years,
            totals: r.totals,
        })
    }

    /// [`Engine::evaluate_register`] with the citizens as numbers: the result refers to
    /// citizen `g` by number, and `ids[g]` is its id (citizens in order of first appearance).
    /// `parallel` as in [`Engine::evaluate_columns_with`].
    pub fn evaluate_register_grouped<'r>(
        &self,
        policy: &Policy,
        rows: &'r [StayRow],
        support: &[SupportRow],
        parallel: bool,
    ) -> Result<(ColumnsResult, Vec<&'r str>), Error> {
        check_register_rows(rows.len())?;
        let ids: Vec<&'r str> = rows.iter().map(|r| r.citizen_id.as_str()).collect();
        let stays = StayColumns {
            citizen_id: &ids,
            birth_date: &rows.iter().map(|r| r.birth_date).collect::<Vec<_>>(),
            stays: &rows.iter().map(StayRow::stay).collect::<Vec<_>>(),
        };
        let support_ids: Vec<&str> = support.iter().map(|s| s.citizen_id.as_str()).collect();
        let support: Vec<HomeSupport> = support.iter().map(SupportRow::spell).collect();
        self.evaluate_register_by_id(policy, &stays, (&support_ids, &support), parallel)
    }

    /// [`Engine::evaluate_register_grouped`] for a register given as columns, the citizen ids
    /// as text (borrowed: nothing is copied per row); `support` is the support rows' citizen
    /// ids and spells. Citizens are numbered in order of first appearance.
    pub fn evaluate_register_by_id<'r>(
        &self,
        policy: &Policy,
        stays: &StayColumns<'_, 'r>,
        (support_ids, support): (&[&str], &[HomeSupport]),
        parallel: bool,
    ) -> Result<(ColumnsResult, Vec<&'r str>), Error> {
        check_register_rows(stays.citizen_id.len())?;
        // A group number per row, in order of first appearance.
        let mut index: HashMap<&str, u32, FastHash> =
            HashMap::with_capacity_and_hasher(stays.citizen_id.len() / 2, FastHash);
        let mut ids: Vec<&'r str> = Vec::new();
        let mut group_of = Vec::with_capacity(stays.citizen_id.len());
        let mut last: Option<(&str, u32)> = None;
        for &id in stays.citizen_id {
            let g = match last {
                Some((prev, g)) if prev == id => g,
                _ => *index.entry(id).or_insert_with(|| {
                    ids.push(id);
                    u32::try_from(ids.len() - 1).unwrap_or(u32::MAX)
                }),
            };
            last = Some((id, g));
            group_of.push(g);
        }
        let mut support_group = Vec::with_capacity(support_ids.len());
        for (j, id) in support_ids.iter().enumerate() {
            match index.get(id) {
                Some(&g) => support_group.push(g),
                None => {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("support[{j}].citizen_id"),
                        format!("citizen {id:?} has support but no stay row"),
                    ))
                }
            }
        }
        let columns = RegisterColumns {
            group_of: &group_of,
            groups: ids.len(),
            birth_date: stays.birth_date,
            stays: stays.stays,
            support_group: &support_group,
            support,
        };
        let name = |g: usize| ids.get(g).map(|s| (*s).to_string()).unwrap_or_default();
        let r = self.evaluate_columns_with(policy, &columns, &name, parallel)?;
        Ok((r, ids))
    }

    /// Evaluates a register given as columns with a citizen number per row (the batch path
    /// of the bindings). `name` gives a citizen's name for error messages.
    pub fn evaluate_columns(
        &self,
        policy: &Policy,
        c: &RegisterColumns<'_>,
        name: &(dyn Fn(usize) -> String + Sync),
    ) -> Result<ColumnsResult, Error> {
        self.evaluate_columns_with(policy, c, name, false)
    }

    /// [`Engine::evaluate_columns`], on every core when `parallel` is true and the crate has
    /// the `parallel` feature. The result is the same either way: citizens are evaluated in
    /// blocks, the blocks are joined in order, and the sums are exact (integer) sums, so their
    /// order does not matter; of several errors, the one of the first citizen is reported.
    pub fn evaluate_columns_with(
        &self,
        policy: &Policy,
        c: &RegisterColumns<'_>,
        name: &(dyn Fn(usize) -> String + Sync),
        parallel: bool,
    ) -> Result<ColumnsResult, Error> {
        let n = c.group_of.len();
        if c.birth_date.len() != n || c.stays.len() != n || c.support_group.len() != c.support.len()
        {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "rows",
                "the register's columns have different lengths",
            ));
        }
        check_register_rows(n)?;
        if let Some(bad) = c
            .group_of
            .iter()
            .chain(c.support_group)
            .find(|g| **g as usize >= c.groups)
        {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "rows",
                format!(
                    "citizen number {bad} is out of range (there are {} citizens)",
                    c.groups
                ),
            ));
        }
        let flat = (
            Flat::build(c.group_of, c.groups),
            Flat::build(c.support_group, c.groups),
        );
        let block =
            |range: std::ops::Range<usize>| self.evaluate_block(policy, c, &flat, range, name);
        let mut citizens = Vec::new();
        let mut citizen_years = Vec::new();
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        for b in run_blocks(c.groups, parallel, &block) {
            let b = b?;
            // The first block's lists become the result's (with one block nothing is copied).
            if citizens.is_empty() {
                citizens = b.citizens;
            } else {
                citizens.extend(b.citizens);
            }
            if citizen_years.is_empty() {
                citizen_years = b.citizen_years;
            } else {
                citizen_years.extend(b.citizen_years);
            }
            for (year, y) in b.years {
                let entry = all_years.entry(year).or_default();
                *entry = entry.plus(&y)?;
            }
            grand = grand.plus(&b.grand)?;
        }
        Ok(ColumnsResult {
            policy: policy.name.clone(),
            rows: n,
            citizens,
            citizen_years,
            years: year_totals(all_years)?,
            totals: grand.totals()?,
        })
    }

    /// Evaluates the citizens numbered `range`.
    fn evaluate_block(
        &self,
        policy: &Policy,
        c: &RegisterColumns<'_>,
        (flat_rows, flat_support): &(Flat, Flat),
        range: std::ops::Range<usize>,
        name: &(dyn Fn(usize) -> String + Sync),
    ) -> Result<Block, Error> {
        let mut out = Block {
            citizens: Vec::with_capacity(range.len()),
            citizen_years: Vec::with_capacity(range.len() * 2),
            years: BTreeMap::new(),
            grand: Sums::default(),
        };
        let mut priced = Priced::default();
        let mut stays: Vec<ShelterStay> = Vec::new();
        let mut spells: Vec<HomeSupport> = Vec::new();
        let mut counts = CitizenSums::default();
        for g in range {
            let group = flat_rows.group(g);
            let support_rows = flat_support.group(g);
            let Some(&first) = group.first() else {
                if let Some(&j) = support_rows.first() {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("support[{j}].citizen_id"),
                        format!("citizen {:?} has support but no stay row", name(g)),
                    ));
                }
                continue;
            };
            let birth = c
                .birth_date
                .get(first)
                .copied()
                .unwrap_or(calendar::MIN_DATE);
            for &i in group {
                if c.birth_date.get(i) != Some(&birth) {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("rows[{i}].birth_date"),
                        format!(
                            "citizen {:?} has birth date {} here but {birth} in an earlier row",
                            name(g),
                            c.birth_date
                                .get(i)
                                .map(ToString::to_string)
                                .unwrap_or_default()
                        ),
                    ));
                }
            }
            let input = Spells {
                birth,
                stays: rows_of(c.stays, group, &mut stays),
                support: rows_of(c.support, support_rows, &mut spells),
                temporary: &[],
            };
            counts.clear();
            priced
                .run_into(input, policy, &mut counts)
                .map_err(|e| to_row_error(e, group, support_rows, &name(g)))?;
            counts.finish()?;
            out.grand = out.grand.plus(&counts.sums)?;
            for (year, y) in &counts.years {
                let entry = out.years.entry(*year).or_default();
                *entry = entry.plus(y)?;
                out.citizen_years.push(GroupYear {
                    group: u32::try_from(g).unwrap_or(u32::MAX),
                    year: *year,
                    totals: y.totals()?,
                });
            }
            out.citizens.push(GroupTotals {
                group: u32::try_from(g).unwrap_or(u32::MAX),
                stays: group.len(),
                nights: counts.nights,
                refunded_nights: counts.refunded_nights,
                support_days: counts.support_days,
                totals: counts.sums.totals()?,
            });
        }
        Ok(out)
    }
}

/// The results of one block of citizens.
struct Block {
    citizens: Vec<GroupTotals>,
    citizen_years: Vec<GroupYear>,
    years: BTreeMap<i32, Sums>,
    grand: Sums,
}

/// Citizens per block of a parallel register evaluation.
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
const BLOCK: usize = 4096;

#[cfg(feature = "parallel")]
fn run_blocks<T: Send>(
    groups: usize,
    parallel: bool,
    f: &(dyn Fn(std::ops::Range<usize>) -> T + Sync),
) -> Vec<T> {
    use rayon::prelude::*;
    if parallel && groups > BLOCK {
        let starts: Vec<usize> = (0..groups).step_by(BLOCK).collect();
        starts
            .par_iter()
            .map(|&s| f(s..(s + BLOCK).min(groups)))
            .collect()
    } else {
        vec![f(0..groups)]
    }
}

#[cfg(not(feature = "parallel"))]
fn run_blocks<T>(
    groups: usize,
    _parallel: bool,
    f: &dyn Fn(std::ops::Range<usize>) -> T,
) -> Vec<T> {
    vec![f(0..groups)]
}

/// The stay rows of a register as columns, with the citizen ids as text (see
/// [`Engine::evaluate_register_by_id`]).
pub struct StayColumns<'a, 'r> {
    /// The citizen of each row.
    pub citizen_id: &'a [&'r str],
    /// Birth date per row (must agree within a citizen).
    pub birth_date: &'a [Date],
    /// The stays, one per row.
    pub stays: &'a [ShelterStay],
}

/// Refuses a register of more than [`MAX_REGISTER_ROWS`] rows.
fn check_register_rows(n: usize) -> Result<(), Error> {
    if n > MAX_REGISTER_ROWS {
        return Err(Error::new(
            ErrorKind::Limit,
            "rows",
            format!("{n} rows; one call accepts at most {MAX_REGISTER_ROWS} (split the register by citizen)"),
        ));
    }
    Ok(())
}

/// A register as columns, with a citizen number (`0..groups`) per row.
pub struct RegisterColumns<'a> {
    /// The citizen number of each stay row.
    pub group_of: &'a [u32],
    /// How many citizens.
    pub groups: usize,
    /// Birth date per row (must agree within a citizen).
    pub birth_date: &'a [Date],
    /// The stays, one per row.
    pub stays: &'a [ShelterStay],
    /// The citizen number of each support row.
    pub support_group: &'a [u32],
    /// The support spells.
    pub support: &'a [HomeSupport],
}

/// One citizen's totals, by citizen number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTotals {
    /// The citizen number.
    pub group: u32,
    /// Number of stays.
    pub stays: usize,
    /// § 110 nights.
    pub nights: i64,
    /// Refunded § 110 nights.
    pub refunded_nights: i64,
    /// § 85 a support days.
    pub support_days: i64,
    /// Totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// One citizen-year, by citizen number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupYear {
    /// The citizen number.
    pub group: u32,
    /// The year.
    pub year: i32,
    /// Totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The result of [`Engine::evaluate_columns`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnsResult {
    /// The policy's name.
    pub policy: String,
    /// Rows.
    pub rows: usize,
    /// Per citizen number.
    pub citizens: Vec<GroupTotals>,
    /// Per citizen number and year.
    pub citizen_years: Vec<GroupYear>,
    /// Per calendar year.
    pub years: Vec<YearTotals>,
    /// Over all citizens.
    pub totals: Totals,
}

/// The totals of a register read as a stream (per-citizen figures go to a callback).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterSummary {
    /// The policy's name.
    pub policy: String,
    /// Rows read.
    pub rows: usize,
    /// Citizens.
    pub citizens: usize,
    /// Per calendar year over all citizens.
    pub years: Vec<YearTotals>,
    /// Over all citizens.
    pub totals: Totals,
}

impl Engine {
    /// Evaluates a register row by row, holding only one citizen's rows at a time: the rows
    /// must come grouped by citizen (each citizen's rows together, e.g. sorted by
    /// `citizen_id`). Each citizen's totals go to `on_citizen` as soon as the citizen is done.
    /// `rows` yields `(line, row)`; errors name the line.
    pub fn evaluate_register_stream<I, F>(
        &self,
        policy: &Policy,
        rows: I,
        support: &[SupportRow],
        mut on_citizen: F,
    ) -> Result<RegisterSummary, Error>
    where
        I: Iterator<Item = Result<(u64, StayRow), Error>>,
        F: FnMut(&CitizenTotals) -> Result<(), Error>,
    {
        let mut support_of: HashMap<&str, Vec<HomeSupport>, FastHash> =
            HashMap::with_hasher(FastHash);
        for s in support {
            support_of
                .entry(s.citizen_id.as_str())
                .or_default()
                .push(s.spell());
        }
        let mut done: std::collections::HashSet<String, FastHash> =
            std::collections::HashSet::with_hasher(FastHash);
        let mut priced = Priced::default();
        let mut c = CitizenSums::default();
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        let (mut row_count, mut citizen_count) = (0usize, 0usize);
        let mut current: Option<(String, Date)> = None;
        let mut stays: Vec<ShelterStay> = Vec::new();
        let mut lines: Vec<u64> = Vec::new();
        let no_support: Vec<HomeSupport> = Vec::new();

        let mut finish =
            |id: &str, birth: Date, stays: &[ShelterStay], lines: &[u64]| -> Result<(), Error> {
                let spells = support_of.get(id).unwrap_or(&no_support);
                let input = Spells {
                    birth,
                    stays,
                    support: spells,
                    temporary: &[],
                };
                c.clear();
                priced.run_into(input, policy, &mut c).map_err(|e| {
                    let field = e.field().to_string();
                    let mapped = field
                        .strip_prefix("shelter_stays[")
                        .and_then(|rest| rest.split_once("]."))
                        .and_then(|(i, tail)| {
                            let i: usize = i.parse().ok()?;
                            lines.get(i).map(|l| format!("line {l}, {tail}"))
                        })
                        .unwrap_or(field);
                    let message = lines.iter().enumerate().fold(
                        format!("citizen {id:?}: {}", e.message()),
                        |m, (i, l)| {
                            m.replace(&format!("shelter_stays[{i}] "), &format!("line {l} "))
                        },
                    );
                    Error::new(e.kind(), mapped, message)
                })?;
                c.finish()?;
                grand = grand.plus(&c.sums)?;
                for (year, y) in &c.years {
                    let entry = all_years.entry(*year).or_default();
                    *entry = entry.plus(y)?;
                }
                citizen_count += 1;
                on_citizen(&CitizenTotals {
                    citizen_id: id.to_string(),
                    stays: stays.len(),
                    nights: c.nights,
                    refunded_nights: c.refunded_nights,
                    support_days: c.support_days,
                    totals: c.sums.totals()?,
                })
            };

        for item in rows {
            let (line, row) = item?;
            row_count += 1;
            if row_count > MAX_REGISTER_ROWS {
                return Err(Error::new(
                    ErrorKind::Limit,
                    format!("line {line}"),
                    format!("more than {MAX_REGISTER_ROWS} rows; split the register by citizen"),
                ));
            }
            let same = current
                .as_ref()
                .is_some_and(|(id, _)| *id == row.citizen_id);
            if !same {
                if let Some((id, birth)) = current.take() {
                    finish(&id, birth, &stays, &lines)?;
                    done.insert(id);
                }
                if done.contains(&row.citizen_id) {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("line {line}, citizen_id"),
                        format!(
                            "citizen {:?} appears again after other citizens: the register must be grouped by citizen (sort it by citizen_id)",
                            row.citizen_id
                        ),
                    ));
                }
                stays.clear();
                lines.clear();
                current = Some((row.citizen_id.clone(), row.birth_date));
            }
            if let Some((_, birth)) = &current {
                if row.birth_date != *birth {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("line {line}, birth_date"),
                        format!(
                            "citizen {:?} has birth date {} here but {} on an earlier line",
                            row.citizen_id, row.birth_date, birth
                        ),
                    ));
                }
            }
            stays.push(row.stay());
            lines.push(line);
        }
        if let Some((id, birth)) = current.take() {
            finish(&id, birth, &stays, &lines)?;
            done.insert(id);
        }
        // Support for a citizen without stays would otherwise be silently left out.
        if let Some((j, s)) = support
            .iter()
            .enumerate()
            .find(|(_, s)| !done.contains(s.citizen_id.as_str()))
        {
            return Err(Error::new(
                ErrorKind::InconsistentRegister,
                format!("support[{j}].citizen_id"),
                format!("citizen {:?} has support but no stay row", s.citizen_id),
            ));
        }
        Ok(RegisterSummary {
            policy: policy.name.clone(),
            rows: row_count,
            citizens: citizen_count,
            years: year_totals(all_years)?,
            totals: grand.totals()?,
        })
    }
}

/// One citizen's exact sums and counts, summed straight from the priced segments (a [`Sink`]:
/// the batch paths never build a list of segments).
#[derive(Default)]
pub(crate) struct CitizenSums {
    pub sums: Sums,
    pub nights: i64,
    pub refunded_nights: i64,
    pub support_days: i64,
    /// Per calendar year, in year order once [`CitizenSums::finish`] has run (which also
    /// fills `sums`).
    pub years: Vec<(i32, Sums)>,
}

impl CitizenSums {
    /// Empties the sums for the next citizen (keeping the buffer).
    pub(crate) fn clear(&mut self) {
        self.sums = Sums::default();
        self.nights = 0;
        self.refunded_nights = 0;
        self.support_days = 0;
        self.years.clear();
    }

    /// Puts the years in order and sums them into the citizen's sums.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        self.years.sort_unstable_by_key(|(y, _)| *y);
        for (_, y) in &self.years {
            self.sums = self.sums.plus(y)?;
        }
        Ok(())
    }
}

impl<'p> Sink<'p> for CitizenSums {
    #[inline(always)]
    fn take(&mut self, s: Segment<'p>) -> Result<(), Error> {
        let x = s.sums()?;
        let y = s.start.year();
        match self.years.iter_mut().find(|(year, _)| *year == y) {
            Some((_, sums)) => *sums = sums.plus(&x)?,
            None => self.years.push((y, x)),
        }
        match s.kind {
            SpellKind::Shelter => {
                self.nights = self.nights.saturating_add(s.days);
                self.refunded_nights = self.refunded_nights.saturating_add(s.refunded_days);
            }
            SpellKind::HomeSupport => self.support_days = self.support_days.saturating_add(s.days),
            SpellKind::TemporaryHousing => {}
        }
        Ok(())
    }
}

/// The rows `index` (ascending) of `all`: borrowed when they are adjacent, as in a register
/// grouped by citizen, else copied into `buf`.
fn rows_of<'a, T: Clone>(all: &'a [T], index: &[usize], buf: &'a mut Vec<T>) -> &'a [T] {
    if let (Some(&first), Some(&last)) = (index.first(), index.last()) {
        if last.checked_sub(first) == Some(index.len() - 1) {
            if let Some(rows) = all.get(first..=last) {
                return rows;
            }
        }
    }
    buf.clear();
    buf.extend(index.iter().filter_map(|&i| all.get(i)).cloned());
    buf
}

/// Row indices grouped by a group number: one flat list with offsets.
struct Flat {
    offsets: Vec<usize>,
    items: Vec<usize>,
}

impl Flat {
    fn build(group_of: &[u32], groups: usize) -> Flat {
        let mut offsets = vec![0usize; groups + 1];
        for &g in group_of {
            if let Some(o) = offsets.get_mut(g as usize + 1) {
                *o += 1;
            }
        }
        for k in 1..offsets.len() {
            let prev = offsets.get(k - 1).copied().unwrap_or(0);
            if let Some(o) = offsets.get_mut(k) {
                *o += prev;
            }
        }
        let mut next = offsets.clone();
        let mut items = vec![0usize; group_of.len()];
        for (i, &g) in group_of.iter().enumerate() {
            if let Some(pos) = next.get_mut(g as usize) {
                if let Some(slot) = items.get_mut(*pos) {
                    *slot = i;
                }
                *pos += 1;
            }
        }
        Flat { offsets, items }
    }

    fn group(&self, g: usize) -> &[usize] {
        let (Some(&a), Some(&b)) = (self.offsets.get(g), self.offsets.get(g + 1)) else {
            return &[];
        };
        self.items.get(a..b).unwrap_or(&[])
    }
}

/// A fast, non-cryptographic hash for citizen ids (FxHash-style multiply-rotate).
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHash;

impl std::hash::BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0)
    }
}

/// The hasher of [`FastHash`].
pub(crate) struct FastHasher(u64);

const SEED: u64 = 0x517c_c1b7_2722_0a95;

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(dst) = word.get_mut(..chunk.len()) {
                dst.copy_from_slice(chunk);
            }
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(SEED);
    }
    fn finish(&self) -> u64 {
        // MurmurHash3's finaliser: spreads the high bits (where ids differ) into the low bits
        // that pick the bucket.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// `shelter_stays[i].field` / `home_support[i].field` of a citizen's scenario →
/// `rows[k].field` / `support[k].field` of the register.
fn to_row_error(e: Error, group: &[usize], support: &[usize], citizen: &str) -> Error {
    let field = e.field().to_string();
    let message = format!("citizen {citizen:?}: {}", e.message());
    let remap = |prefix: &str, list: &[usize], to: &str| -> Option<String> {
        let rest = field.strip_prefix(prefix)?;
        let (i, tail) = rest.split_once(']')?;
        let i: usize = i.parse().ok()?;
        list.get(i).map(|row| format!("{to}[{row}]{tail}"))
    };
    let mapped = remap("shelter_stays[", group, "rows")
        .or_else(|| remap("home_support[", support, "support"))
        .unwrap_or(field);
    // Overlap messages mention the other spell by its scenario index; name its row too.
    let message = group.iter().enumerate().fold(message, |m, (i, row)| {
        m.replace(&format!("shelter_stays[{i}] "), &format!("rows[{row}] "))
    });
    let message = support.iter().enumerate().fold(message, |m, (i, row)| {
        m.replace(&format!("home_support[{i}] "), &format!("support[{row}] "))
    });
    Error::new(e.kind(), mapped, message)
}
