//! A register as columns: the citizen ids (as text, or as a number per row), the birth dates
//! and the stays side by side. Citizens are evaluated in blocks, on every core when asked.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{check_register_rows, to_row_error, CitizenSums, FastHash};
use crate::engine::evaluation::{year_totals, Engine, Priced, Spells, Sums, Totals, YearTotals};
use crate::model::calendar::{self, Date};
use crate::model::error::{Error, ErrorKind};
use crate::model::scenario::{HomeSupport, ShelterStay, TemporaryStay};
use crate::rules::catalog::Policy;

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

impl Engine {
    /// Evaluates a register given as columns, the citizen ids
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
        let r = self.evaluate_columns(policy, &columns, &name, parallel)?;
        Ok((r, ids))
    }

    /// Evaluates a register given as columns with a citizen number per row (the batch path
    /// of the bindings). `name` gives a citizen's name for error messages. With `parallel`
    /// (and the crate's `parallel` feature) it runs on every core. The result is the same either way: citizens are evaluated in
    /// blocks, the blocks are joined in order, and the sums are exact (integer) sums, so their
    /// order does not matter; of several errors, the one of the first citizen is reported.
    pub fn evaluate_columns(
        &self,
        policy: &Policy,
        c: &RegisterColumns<'_>,
        name: &(dyn Fn(usize) -> String + Sync),
        parallel: bool,
    ) -> Result<ColumnsResult, Error> {
        let others = OtherSpells {
            support_group: c.support_group,
            support: c.support,
            ..OtherSpells::default()
        };
        self.evaluate_source(policy, c, (c.group_of, c.groups), &others, name, parallel)
    }

    /// The columnar core: the stay rows of `source`, numbered by citizen in `group_of`
    /// (`0..groups`), and the other spells, grouped once into row offsets and evaluated per
    /// citizen, in blocks.
    pub(crate) fn evaluate_source<S: StaySource>(
        &self,
        policy: &Policy,
        source: &S,
        (group_of, groups): (&[u32], usize),
        others: &OtherSpells<'_>,
        name: &(dyn Fn(usize) -> String + Sync),
        parallel: bool,
    ) -> Result<ColumnsResult, Error> {
        let n = group_of.len();
        if source.rows() != n
            || !source.same_lengths()
            || others.support_group.len() != others.support.len()
            || others.temporary_group.len() != others.temporary.len()
        {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "rows",
                "the register's columns have different lengths",
            ));
        }
        check_register_rows(n)?;
        if let Some(bad) = group_of
            .iter()
            .chain(others.support_group)
            .chain(others.temporary_group)
            .find(|g| **g as usize >= groups)
        {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "rows",
                format!("citizen number {bad} is out of range (there are {groups} citizens)"),
            ));
        }
        let flat = [
            Flat::build(group_of, groups),
            Flat::build(others.support_group, groups),
            Flat::build(others.temporary_group, groups),
        ];
        let block = |range: std::ops::Range<usize>| {
            self.evaluate_block(policy, source, others, &flat, range, name)
        };
        let mut citizens = Vec::new();
        let mut citizen_years = Vec::new();
        let mut all_years: BTreeMap<i32, Sums> = BTreeMap::new();
        let mut grand = Sums::default();
        for b in run_blocks(groups, parallel, &block) {
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
    fn evaluate_block<S: StaySource>(
        &self,
        policy: &Policy,
        source: &S,
        others: &OtherSpells<'_>,
        [flat_rows, flat_support, flat_temporary]: &[Flat; 3],
        range: std::ops::Range<usize>,
        name: &(dyn Fn(usize) -> String + Sync),
    ) -> Result<Block, Error> {
        let mut out = Block {
            citizens: Vec::with_capacity(range.len()),
            // About two calendar years a citizen on W; room for three before it grows.
            citizen_years: Vec::with_capacity(range.len() * 3),
            years: BTreeMap::new(),
            grand: Sums::default(),
        };
        let mut priced = Priced::default();
        let mut stays: Vec<ShelterStay> = Vec::new();
        let mut spells: Vec<HomeSupport> = Vec::new();
        let mut temporaries: Vec<TemporaryStay> = Vec::new();
        let mut counts = CitizenSums::default();
        for g in range {
            let group = flat_rows.group(g);
            let support_rows = flat_support.group(g);
            let temporary_rows = flat_temporary.group(g);
            let Some(&first) = group.first() else {
                if let Some(&j) = support_rows.first() {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("support[{j}].citizen_id"),
                        format!("citizen {:?} has support but no stay row", name(g)),
                    ));
                }
                if let Some(&j) = temporary_rows.first() {
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("temporary[{j}].citizen_id"),
                        format!(
                            "citizen {:?} has a § 107 stay but no § 110 stay row",
                            name(g)
                        ),
                    ));
                }
                continue;
            };
            let birth = source.birth_date(first)?;
            for &i in group {
                if !source.same_birth_date(first, i) {
                    let other = source.birth_date(i)?;
                    return Err(Error::new(
                        ErrorKind::InconsistentRegister,
                        format!("rows[{i}].birth_date"),
                        format!(
                            "citizen {:?} has birth date {other} here but {birth} in an earlier row",
                            name(g),
                        ),
                    ));
                }
            }
            let input = Spells {
                birth,
                stays: source.stays(group, &mut stays)?,
                support: rows_of(others.support, support_rows, &mut spells),
                temporary: rows_of(others.temporary, temporary_rows, &mut temporaries),
            };
            counts.clear();
            priced
                .run_into(input, policy, &mut counts)
                .map_err(|e| to_row_error(e, [group, support_rows, temporary_rows], &name(g)))?;
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

/// The spells beside the § 110 stays, each row with its citizen number.
#[derive(Clone, Copy, Debug, Default)]
pub struct OtherSpells<'a> {
    /// The citizen number of each § 85 a support row.
    pub support_group: &'a [u32],
    /// The § 85 a support spells.
    pub support: &'a [HomeSupport],
    /// The citizen number of each § 107 row.
    pub temporary_group: &'a [u32],
    /// The § 107 temporary housing stays.
    pub temporary: &'a [TemporaryStay],
}

/// Where the columnar core reads a register's stay rows from: structs
/// ([`RegisterColumns`]) or arrays of day numbers and amounts
/// ([`StayArrays`](super::arrays::StayArrays)).
pub(crate) trait StaySource: Sync {
    /// How many stay rows.
    fn rows(&self) -> usize;
    /// True when every column has [`StaySource::rows`] values.
    fn same_lengths(&self) -> bool;
    /// The birth date given on row `i`.
    fn birth_date(&self, i: usize) -> Result<Date, Error>;
    /// True when rows `i` and `j` give the same birth date (as they lie: no conversion).
    fn same_birth_date(&self, i: usize, j: usize) -> bool {
        matches!((self.birth_date(i), self.birth_date(j)), (Ok(a), Ok(b)) if a == b)
    }
    /// The stays of rows `index` (ascending): borrowed where they lie, or converted into `buf`.
    fn stays<'s>(
        &'s self,
        index: &[usize],
        buf: &'s mut Vec<ShelterStay>,
    ) -> Result<&'s [ShelterStay], Error>;
}

impl StaySource for RegisterColumns<'_> {
    fn rows(&self) -> usize {
        self.stays.len()
    }

    fn same_lengths(&self) -> bool {
        self.birth_date.len() == self.stays.len()
    }

    fn birth_date(&self, i: usize) -> Result<Date, Error> {
        Ok(self
            .birth_date
            .get(i)
            .copied()
            .unwrap_or(calendar::MIN_DATE))
    }

    fn stays<'s>(
        &'s self,
        index: &[usize],
        buf: &'s mut Vec<ShelterStay>,
    ) -> Result<&'s [ShelterStay], Error> {
        Ok(rows_of(self.stays, index, buf))
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
