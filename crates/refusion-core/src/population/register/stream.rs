//! A register read one row at a time: only one citizen's rows are held in memory.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{CitizenSums, CitizenTotals, FastHash, StayRow, SupportRow, MAX_REGISTER_ROWS};
use crate::engine::evaluation::{year_totals, Engine, Priced, Spells, Sums, Totals, YearTotals};
use crate::model::calendar::Date;
use crate::model::error::{Error, ErrorKind};
use crate::model::scenario::{HomeSupport, ShelterStay};
use crate::rules::catalog::Policy;

/// The totals of a register read as a stream (per-citizen figures go to a callback).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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
                    return Err(not_grouped(line, &row.citizen_id));
                }
                stays.clear();
                lines.clear();
                current = Some((row.citizen_id.clone(), row.birth_date));
            }
            if let Some((_, birth)) = &current {
                if row.birth_date != *birth {
                    return Err(birth_conflict(
                        line,
                        &row.citizen_id,
                        row.birth_date,
                        *birth,
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

/// A streamed register's citizen whose rows are not together (line `line`).
pub(crate) fn not_grouped(line: u64, id: &str) -> Error {
    Error::new(
        ErrorKind::InconsistentRegister,
        format!("line {line}, citizen_id"),
        format!(
            "citizen {id:?} appears again after other citizens: the register must be grouped by citizen (sort it by citizen_id)"
        ),
    )
}

/// A streamed register's citizen with another birth date on line `line` than before.
pub(crate) fn birth_conflict(line: u64, id: &str, here: Date, before: Date) -> Error {
    Error::new(
        ErrorKind::InconsistentRegister,
        format!("line {line}, birth_date"),
        format!("citizen {id:?} has birth date {here} here but {before} on an earlier line"),
    )
}
