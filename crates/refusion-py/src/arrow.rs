//! Arrow tables in and out: any object with the Arrow PyCapsule interface (a pyarrow Table, a
//! polars DataFrame, pandas with Arrow dtypes) is read through pyo3-arrow into arrow-rs arrays,
//! and the core's columnar input ([`StayArrays`]) borrows their buffers: `date32`, integer,
//! `decimal128` and dictionary columns are read where they lie. Results go out as Arrow
//! tables whose money columns are `decimal128(38, 2)`.
//!
//! Type conversion only: the rules, the grouping of rows by citizen and every check of a value
//! are the core's.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, Decimal128Array, Int64Array, RecordBatch, UInt32Array};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use refusion_core::population::register::arrays::epoch_day;
use refusion_core::population::register::csv;
use refusion_core::population::register::{
    Amounts, ColumnsResult, GroupTotals, Groups, Keys, OtherSpells, StayArrays,
};
use refusion_core::{Engine, Error, ErrorKind, HomeSupport, Money, Policy, SupportMethod};

/// The register's columns, and the support table's (one or both of its last two).
const REGISTER: [&str; 6] = csv::STAY_COLUMNS;
const SUPPORT: [&str; 7] = csv::SUPPORT_COLUMNS;

/// One record batch from the batches of a stream (copied only when there are several).
pub(crate) fn one_batch(
    schema: Arc<Schema>,
    batches: Vec<RecordBatch>,
) -> Result<RecordBatch, Error> {
    if batches.len() == 1 {
        if let Some(b) = batches.into_iter().next() {
            return Ok(b);
        }
        return Ok(RecordBatch::new_empty(schema));
    }
    arrow_select::concat::concat_batches(&schema, &batches)
        .map_err(|e| Error::new(ErrorKind::InvalidParameter, "register", e.to_string()))
}

/// The named columns of a table: every required one, the optional ones that are there, and
/// no other.
fn columns<'b>(
    batch: &'b RecordBatch,
    what: &str,
    required: &[&str],
    optional: &[&str],
) -> Result<HashMap<String, &'b ArrayRef>, Error> {
    let schema = batch.schema_ref();
    let allowed: Vec<&str> = required.iter().chain(optional).copied().collect();
    for f in schema.fields() {
        if !allowed.contains(&f.name().as_str()) {
            return Err(Error::new(
                ErrorKind::UnknownField,
                f.name().clone(),
                format!(
                    "the {what} has an unknown column {:?}; the columns are {}",
                    f.name(),
                    allowed.join(", ")
                ),
            ));
        }
    }
    let mut out = HashMap::new();
    for name in &allowed {
        if let Some(col) = batch.column_by_name(name) {
            out.insert((*name).to_string(), col);
        } else if required.contains(name) {
            return Err(Error::new(
                ErrorKind::MissingField,
                *name,
                format!(
                    "the {what} needs a column {name:?}; columns are {}",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(out)
}

fn col<'b>(cols: &HashMap<String, &'b ArrayRef>, name: &str) -> Result<&'b ArrayRef, Error> {
    cols.get(name)
        .copied()
        .ok_or_else(|| Error::new(ErrorKind::MissingField, name, "missing column"))
}

/// The first missing value of a column, as an error of `kind` naming its row.
fn no_missing(
    a: &dyn Array,
    list: &str,
    name: &str,
    kind: ErrorKind,
    what: &str,
) -> Result<(), Error> {
    if a.logical_null_count() == 0 {
        return Ok(());
    }
    let nulls = a.logical_nulls();
    let first = (0..a.len()).find(|&i| nulls.as_ref().is_some_and(|n| n.is_null(i)));
    match first {
        Some(i) => Err(Error::new(
            kind,
            format!("{list}[{i}].{name}"),
            what.to_string(),
        )),
        None => Ok(()),
    }
}

fn wrong_type(list: &str, name: &str, t: &DataType, expected: &str) -> Error {
    let _ = list;
    Error::new(
        ErrorKind::WrongType,
        name,
        format!("column {name:?} is {t}; expected {expected}"),
    )
}

/// Text values of a `string`, `large_string` or `string_view` array.
enum Texts<'a> {
    Small(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Texts<'a> {
    fn of(a: &'a dyn Array) -> Option<Texts<'a>> {
        match a.data_type() {
            DataType::Utf8 => Some(Texts::Small(a.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Texts::Large(a.as_string::<i64>())),
            DataType::Utf8View => Some(Texts::View(a.as_string_view())),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            Texts::Small(a) => a.len(),
            Texts::Large(a) => a.len(),
            Texts::View(a) => a.len(),
        }
    }

    fn get(&self, i: usize) -> &'a str {
        if i >= self.len() {
            return "";
        }
        match self {
            Texts::Small(a) => a.value(i),
            Texts::Large(a) => a.value(i),
            Texts::View(a) => a.value(i),
        }
    }
}

/// The keys of a dictionary array, where they lie.
fn keys(a: &dyn Array) -> Option<Keys<'_>> {
    Some(match a.data_type() {
        DataType::Int8 => Keys::I8(a.as_primitive::<Int8Type>().values()),
        DataType::Int16 => Keys::I16(a.as_primitive::<Int16Type>().values()),
        DataType::Int32 => Keys::I32(a.as_primitive::<Int32Type>().values()),
        DataType::Int64 => Keys::I64(a.as_primitive::<Int64Type>().values()),
        DataType::UInt8 => Keys::U8(a.as_primitive::<UInt8Type>().values()),
        DataType::UInt16 => Keys::U16(a.as_primitive::<UInt16Type>().values()),
        DataType::UInt32 => Keys::U32(a.as_primitive::<UInt32Type>().values()),
        DataType::UInt64 => Keys::U64(a.as_primitive::<UInt64Type>().values()),
        _ => return None,
    })
}

/// A date column as day numbers: `date32` as it lies; `date64` and time stamps without a time
/// zone converted, refusing a time of day.
fn days<'a>(a: &'a ArrayRef, list: &str, name: &str) -> Result<Cow<'a, [i32]>, Error> {
    no_missing(
        a.as_ref(),
        list,
        name,
        ErrorKind::InvalidDate,
        "the date is missing",
    )?;
    let per_day: i64 = match a.data_type() {
        DataType::Date32 => return Ok(Cow::Borrowed(a.as_primitive::<Date32Type>().values())),
        DataType::Date64 => 86_400_000,
        DataType::Timestamp(_, Some(_)) => {
            return Err(Error::new(
                ErrorKind::WrongType,
                name,
                format!("column {name:?} has a time zone; pass dates"),
            ))
        }
        DataType::Timestamp(TimeUnit::Second, None) => 86_400,
        DataType::Timestamp(TimeUnit::Millisecond, None) => 86_400_000,
        DataType::Timestamp(TimeUnit::Microsecond, None) => 86_400_000_000,
        DataType::Timestamp(TimeUnit::Nanosecond, None) => 86_400_000_000_000,
        t => return Err(wrong_type(list, name, t, "dates (date32)")),
    };
    let ticks: &[i64] = match a.data_type() {
        DataType::Date64 => a.as_primitive::<Date64Type>().values(),
        DataType::Timestamp(TimeUnit::Second, _) => {
            a.as_primitive::<TimestampSecondType>().values()
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            a.as_primitive::<TimestampMillisecondType>().values()
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            a.as_primitive::<TimestampMicrosecondType>().values()
        }
        _ => a.as_primitive::<TimestampNanosecondType>().values(),
    };
    ticks
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let at = || format!("{list}[{i}].{name}");
            if t.rem_euclid(per_day) != 0 {
                return Err(Error::new(
                    ErrorKind::WrongType,
                    at(),
                    "the value has a time of day; pass dates",
                ));
            }
            i32::try_from(t.div_euclid(per_day)).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidDate,
                    at(),
                    "the date is outside 1900–9999",
                )
            })
        })
        .collect::<Result<Vec<i32>, Error>>()
        .map(Cow::Owned)
}

/// A money column, owned where it had to be converted.
pub(crate) enum MoneyColumn<'a> {
    Decimal(&'a [i128], u32),
    Kroner(Cow<'a, [i64]>),
    Coded(Keys<'a>, Vec<Result<Money, Error>>),
    CodedOwned(Vec<u32>, Vec<Result<Money, Error>>),
}

impl MoneyColumn<'_> {
    fn amounts(&self) -> Amounts<'_> {
        match self {
            MoneyColumn::Decimal(units, scale) => Amounts::Decimal {
                units,
                scale: *scale,
            },
            MoneyColumn::Kroner(k) => Amounts::Kroner(k),
            MoneyColumn::Coded(keys, values) => Amounts::Coded {
                keys: *keys,
                values,
            },
            MoneyColumn::CodedOwned(codes, values) => Amounts::Coded {
                keys: Keys::U32(codes),
                values,
            },
        }
    }
}

fn float_money(name: &str) -> Error {
    Error::new(
        ErrorKind::FloatMoney,
        name,
        format!(
            "column {name:?} holds floats, which cannot hold money exactly; use a decimal \
             column (pyarrow.decimal128, polars.Decimal) or integers or text"
        ),
    )
}

/// A money column: `decimal128` and integers as they lie, text parsed once per distinct
/// value, a dictionary's values read once each. Floats are refused.
fn money<'a>(a: &'a ArrayRef, list: &str, name: &str) -> Result<MoneyColumn<'a>, Error> {
    let missing = || Error::new(ErrorKind::InvalidAmount, "", "the amount is missing");
    match a.data_type() {
        DataType::Dictionary(_, _) => {
            let d = a.as_any_dictionary();
            let k =
                keys(d.keys()).ok_or_else(|| wrong_type(list, name, a.data_type(), "amounts"))?;
            no_missing(
                d.keys(),
                list,
                name,
                ErrorKind::InvalidAmount,
                "the amount is missing",
            )?;
            let values = d.values();
            let inner = money(values, list, name).map_err(|e| e.at(name))?;
            let amounts = inner.amounts();
            let parsed = (0..values.len())
                .map(|v| {
                    if values.is_null(v) {
                        Err(missing())
                    } else {
                        amounts.get(v)
                    }
                })
                .collect();
            Ok(MoneyColumn::Coded(k, parsed))
        }
        _ => {
            no_missing(
                a.as_ref(),
                list,
                name,
                ErrorKind::InvalidAmount,
                "the amount is missing",
            )?;
            match a.data_type() {
                DataType::Decimal128(_, scale) => {
                    let scale = u32::try_from(*scale).map_err(|_| {
                        wrong_type(list, name, a.data_type(), "a decimal with scale 0 or more")
                    })?;
                    Ok(MoneyColumn::Decimal(
                        a.as_primitive::<Decimal128Type>().values(),
                        scale,
                    ))
                }
                DataType::Int64 => Ok(MoneyColumn::Kroner(Cow::Borrowed(
                    a.as_primitive::<Int64Type>().values(),
                ))),
                t if t.is_integer() => {
                    let cast = arrow_cast::cast(a, &DataType::Int64)
                        .map_err(|e| Error::new(ErrorKind::InvalidAmount, name, e.to_string()))?;
                    Ok(MoneyColumn::Kroner(Cow::Owned(
                        cast.as_primitive::<Int64Type>().values().to_vec(),
                    )))
                }
                t if t.is_floating() => Err(float_money(name)),
                t => {
                    let texts = Texts::of(a.as_ref())
                        .ok_or_else(|| wrong_type(list, name, t, "amounts"))?;
                    let mut index: HashMap<&str, u32> = HashMap::new();
                    let mut values = Vec::new();
                    let mut codes = Vec::with_capacity(texts.len());
                    for i in 0..texts.len() {
                        let s = texts.get(i);
                        let code = match index.get(s) {
                            Some(&c) => c,
                            None => {
                                let c = u32::try_from(values.len()).unwrap_or(u32::MAX);
                                values.push(Money::parse(s));
                                index.insert(s, c);
                                c
                            }
                        };
                        codes.push(code);
                    }
                    Ok(MoneyColumn::CodedOwned(codes, values))
                }
            }
        }
    }
}

/// Citizen ids: their groups and each citizen's id as text (for messages and support rows).
struct Citizens<'a> {
    groups: Groups,
    labels: Vec<Cow<'a, str>>,
}

fn citizens<'a>(a: &'a ArrayRef, list: &str) -> Result<Citizens<'a>, Error> {
    no_missing(
        a.as_ref(),
        list,
        "citizen_id",
        ErrorKind::MissingField,
        "the citizen id is missing",
    )?;
    if let DataType::Dictionary(_, _) = a.data_type() {
        let d = a.as_any_dictionary();
        if let (Some(k), Some(texts)) = (keys(d.keys()), Texts::of(d.values().as_ref())) {
            let groups = Groups::from_keys(k, d.values().len())?;
            let labels = groups
                .first_row
                .iter()
                .map(|&r| Cow::Borrowed(k.get(r).map_or("", |v| texts.get(v))))
                .collect();
            return Ok(Citizens { groups, labels });
        }
    }
    if let Some(texts) = Texts::of(a.as_ref()) {
        let groups = Groups::from_text((0..texts.len()).map(|i| texts.get(i)));
        let labels = groups
            .first_row
            .iter()
            .map(|&r| Cow::Borrowed(texts.get(r)))
            .collect();
        return Ok(Citizens { groups, labels });
    }
    // Integers and anything else arrow can write as text.
    let text = arrow_cast::cast(a, &DataType::Utf8).map_err(|_| {
        wrong_type(
            list,
            "citizen_id",
            a.data_type(),
            "text, integers or a dictionary",
        )
    })?;
    let texts = text.as_string::<i32>();
    let groups = Groups::from_text((0..texts.len()).map(|i| texts.value(i)));
    let labels = groups
        .first_row
        .iter()
        .map(|&r| Cow::Owned(texts.value(r).to_string()))
        .collect();
    Ok(Citizens { groups, labels })
}

/// The ids of a table's rows as text.
fn id_texts(a: &ArrayRef) -> Result<Vec<String>, Error> {
    let text = arrow_cast::cast(a, &DataType::Utf8)
        .map_err(|e| Error::new(ErrorKind::WrongType, "support.citizen_id", e.to_string()))?;
    let t = text.as_string::<i32>();
    Ok((0..t.len()).map(|i| t.value(i).to_string()).collect())
}

/// The support table's rows as spells.
fn support_rows(batch: &RecordBatch) -> Result<(Vec<String>, Vec<HomeSupport>), Error> {
    let cols = columns(batch, "support table", &SUPPORT[..5], &SUPPORT[5..])?;
    if !cols.contains_key("decided_before_discharge") && !cols.contains_key("decided_on") {
        return Err(Error::new(
            ErrorKind::MissingField,
            "decided_before_discharge",
            "the support table needs a column 'decided_before_discharge' (True/False) or \
             'decided_on' (the date of the decision), or both; a row may leave one of them empty",
        ));
    }
    let ids_col = col(&cols, "citizen_id")?;
    no_missing(
        ids_col.as_ref(),
        "support",
        "citizen_id",
        ErrorKind::MissingField,
        "the citizen id is missing",
    )?;
    let ids = id_texts(ids_col)?;
    let method_col = arrow_cast::cast(col(&cols, "method")?, &DataType::Utf8)
        .map_err(|e| Error::new(ErrorKind::WrongType, "method", e.to_string()))?;
    let methods = method_col.as_string::<i32>();
    let start = days(col(&cols, "start")?, "support", "start")?;
    let end = days(col(&cols, "end")?, "support", "end")?;
    let cost_col = money(col(&cols, "annual_cost")?, "support", "annual_cost")?;
    let cost = cost_col.amounts();
    let decided = match cols.get("decided_before_discharge") {
        Some(a) => match a.data_type() {
            DataType::Boolean => Some(a.as_boolean()),
            t => {
                return Err(wrong_type(
                    "support",
                    "decided_before_discharge",
                    t,
                    "booleans",
                ))
            }
        },
        None => None,
    };
    let decided_on: Option<(&ArrayRef, Cow<'_, [i32]>)> = match cols.get("decided_on") {
        Some(a) => {
            // Missing values are allowed here: a date not given.
            let filled = arrow_cast::cast(a, &DataType::Date32).map_err(|_| {
                wrong_type("support", "decided_on", a.data_type(), "dates (date32)")
            })?;
            let values = filled.as_primitive::<Date32Type>().values().to_vec();
            Some((a, Cow::Owned(values)))
        }
        None => None,
    };
    let mut out = Vec::with_capacity(ids.len());
    for j in 0..ids.len() {
        let at = |name: &str| format!("support[{j}].{name}");
        let day = |d: &[i32], name: &str| {
            epoch_day(i64::from(d.get(j).copied().unwrap_or(i32::MIN))).map_err(|e| e.at(at(name)))
        };
        if methods.is_null(j) {
            return Err(Error::new(
                ErrorKind::MissingField,
                at("method"),
                "the method is missing",
            ));
        }
        out.push(HomeSupport {
            method: SupportMethod::parse(methods.value(j)).map_err(|e| e.at(at("method")))?,
            start: day(&start, "start")?,
            end: day(&end, "end")?,
            annual_cost: cost.get(j).map_err(|e| e.at(at("annual_cost")))?,
            decided_before_discharge: decided.and_then(|b| (!b.is_null(j)).then(|| b.value(j))),
            decided_on: match &decided_on {
                Some((a, d)) if !a.is_null(j) => Some(day(d, "decided_on")?),
                _ => None,
            },
        });
    }
    Ok((ids, out))
}

/// A register read from Arrow, evaluated: the result and the row of each citizen's first stay
/// (where the caller finds the citizen's id).
pub(crate) fn evaluate(
    engine: &Engine,
    policy: &Policy,
    stays: &RecordBatch,
    support: Option<&RecordBatch>,
    parallel: bool,
) -> Result<(ColumnsResult, Vec<usize>), Error> {
    let cols = columns(stays, "register", &REGISTER, &[])?;
    let who = citizens(col(&cols, "citizen_id")?, "rows")?;
    let birth = days(col(&cols, "birth_date")?, "rows", "birth_date")?;
    let admitted = days(col(&cols, "admitted")?, "rows", "admitted")?;
    let discharged = days(col(&cols, "discharged")?, "rows", "discharged")?;
    let rate = money(col(&cols, "daily_rate")?, "rows", "daily_rate")?;
    let own = money(
        col(&cols, "own_payment_per_night")?,
        "rows",
        "own_payment_per_night",
    )?;
    let arrays = StayArrays {
        birth_date: &birth,
        admitted: &admitted,
        discharged: &discharged,
        daily_rate: rate.amounts(),
        own_payment_per_night: own.amounts(),
    };
    let (support_group, spells) = match support {
        Some(b) => {
            let (ids, spells) = support_rows(b)?;
            let groups = who.groups.support_groups(
                |g| who.labels.get(g).map_or("", |c| c.as_ref()),
                ids.iter().map(String::as_str),
            )?;
            (groups, spells)
        }
        None => (Vec::new(), Vec::new()),
    };
    let others = OtherSpells {
        support_group: &support_group,
        support: &spells,
        ..OtherSpells::default()
    };
    let name = |g: usize| who.labels.get(g).map(|c| c.to_string()).unwrap_or_default();
    let r = engine.evaluate_arrays(policy, &who.groups, &arrays, &others, &name, parallel)?;
    Ok((r, who.groups.first_row))
}

/// The citizens' ids: the id column taken at each citizen's first row (its type kept: a
/// dictionary stays a dictionary, integers stay integers).
pub(crate) fn labels(stays: &RecordBatch, first_row: &[usize]) -> Result<ArrayRef, Error> {
    let ids = stays
        .column_by_name("citizen_id")
        .ok_or_else(|| Error::new(ErrorKind::MissingField, "citizen_id", "missing column"))?;
    let at: UInt32Array = first_row
        .iter()
        .map(|&r| u32::try_from(r).unwrap_or(u32::MAX))
        .collect();
    arrow_select::take::take(ids.as_ref(), &at, None)
        .map_err(|e| Error::new(ErrorKind::InvalidParameter, "citizen_id", e.to_string()))
}

/// Reads one payer's figure from totals.
type Payer = fn(&refusion_core::Totals) -> Money;

const PAYERS: [(&str, Payer); 4] = [
    ("gross", |t| t.gross),
    ("citizen_payment", |t| t.citizen_payment),
    ("state_refusion", |t| t.state_refusion),
    ("municipal_net", |t| t.municipal_net),
];

/// Money columns are `decimal128(38, 2)`: exact øre, 36 digits before the decimal point.
pub(crate) const MONEY_TYPE: DataType = DataType::Decimal128(38, 2);

fn ore(m: Money) -> Result<i128, Error> {
    let mut d = m.as_decimal();
    d.rescale(2);
    if d.scale() == 2 {
        Ok(d.mantissa())
    } else {
        Err(Error::overflow("", "an amount"))
    }
}

/// One level of a result as an Arrow record batch: `group` (the citizen number) or `year`
/// first, counts as int64, money as `decimal128(38, 2)` (or, with `in_ore`, as int64 øre in
/// columns named `gross_ore`, …).
pub(crate) fn result_batch(
    r: &ColumnsResult,
    level: &str,
    in_ore: bool,
) -> Result<RecordBatch, Error> {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let (ints, totals): (Vec<(&str, Vec<i64>)>, Vec<&refusion_core::Totals>) = match level {
        "citizens" => {
            let c = &r.citizens;
            let col = |f: fn(&GroupTotals) -> i64| c.iter().map(f).collect::<Vec<i64>>();
            (
                vec![
                    ("group", col(|x| i64::from(x.group))),
                    ("stays", c.iter().map(|x| count(x.stays)).collect()),
                    ("nights", col(|x| x.nights)),
                    ("refunded_nights", col(|x| x.refunded_nights)),
                    ("support_days", col(|x| x.support_days)),
                ],
                c.iter().map(|x| &x.totals).collect(),
            )
        }
        "citizen_years" => {
            let c = &r.citizen_years;
            (
                vec![
                    ("group", c.iter().map(|x| i64::from(x.group)).collect()),
                    ("year", c.iter().map(|x| i64::from(x.year)).collect()),
                ],
                c.iter().map(|x| &x.totals).collect(),
            )
        }
        "years" => {
            let y = &r.years;
            (
                vec![("year", y.iter().map(|x| i64::from(x.year)).collect())],
                y.iter().map(|x| &x.totals).collect(),
            )
        }
        other => {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                "level",
                format!("level must be 'citizens', 'citizen_years' or 'years', not {other:?}"),
            ))
        }
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (name, values) in ints {
        fields.push(Field::new(name, DataType::Int64, false));
        arrays.push(Arc::new(Int64Array::from(values)));
    }
    for (name, f) in PAYERS {
        let values = totals
            .iter()
            .map(|t| ore(f(t)).map_err(|e| e.at(name)))
            .collect::<Result<Vec<i128>, Error>>()?;
        if in_ore {
            let values = values
                .into_iter()
                .map(|v| i64::try_from(v).map_err(|_| Error::overflow(name, "an amount in øre")))
                .collect::<Result<Vec<i64>, Error>>()?;
            fields.push(Field::new(format!("{name}_ore"), DataType::Int64, false));
            arrays.push(Arc::new(Int64Array::from(values)));
        } else {
            let array = Decimal128Array::from(values)
                .with_precision_and_scale(38, 2)
                .map_err(|e| Error::new(ErrorKind::Overflow, name, e.to_string()))?;
            fields.push(Field::new(name, MONEY_TYPE, false));
            arrays.push(Arc::new(array));
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|e| Error::new(ErrorKind::InvalidParameter, level, e.to_string()))
}
