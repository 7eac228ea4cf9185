//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs` call them on nightly with
//! libFuzzer; `tests/fuzz_regressions.rs` replays the committed corpus and every input that
//! once failed through them on stable).
//!
//! Each takes arbitrary bytes. The input is either refused with a typed [`Error`] whose code and
//! message are well formed, or the result satisfies the model's invariants:
//!
//! * `gross = citizen_payment + state_refusion + municipal_net`, exactly, for the totals, every
//!   year and every line;
//! * `0 ≤ state_refusion ≤ gross − citizen_payment`, refunded nights within nights, and a
//!   window's refunded nights within its largest cap;
//! * on small inputs, the interval engine equals the night-by-night reference to the øre;
//! * the same input gives the same result twice, through a JSON round trip, and with the
//!   fast path that builds no lines and no trace.
//!
//! A broken invariant panics, which the fuzzer reports as a crash.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate};
use refusion_core::planning::plan::PlanResult;
use refusion_core::planning::uncertainty::{MonteCarlo, UncertaintyQuery};
use refusion_core::population::cohort::{generate, CohortSpec};
use refusion_core::population::register::csv::{evaluate_csv, read_support, StayReader};
use refusion_core::rules::catalog::Policy;
use refusion_core::{
    model::read, Detail, Engine, Error, ErrorKind, Evaluation, Money, PolicySpec, Scenario, Totals,
};

use super::night_by_night as reference;

/// One engine for every input (building it parses the embedded parameters).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().unwrap_or_else(|e| panic!("engine: {e}")))
}

/// A typed error: a known code, a message, and a display that names the field.
pub fn check_error(e: &Error) {
    assert!(
        ErrorKind::from_code(e.code()).is_some(),
        "unknown code {}",
        e.code()
    );
    assert!(!e.message().is_empty(), "empty message for {}", e.code());
    let shown = e.to_string();
    assert!(shown.contains(e.message()), "display {shown:?}");
    if !e.field().is_empty() {
        assert!(shown.starts_with(e.field()), "display {shown:?}");
    }
}

/// Reads numbers from fuzz bytes; past the end every read is zero.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Bytes<'a> {
        Bytes { data }
    }

    /// The next byte.
    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    /// A number in `0..n` (two bytes of entropy).
    pub fn below(&mut self, n: u32) -> u32 {
        let v = u32::from(self.u8()) << 8 | u32::from(self.u8());
        if n == 0 {
            0
        } else {
            v % n
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u32::try_from(hi - lo + 1).unwrap_or(u32::MAX);
        lo + i64::from(self.below(span))
    }

    /// A coin with `percent` chance of true.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    /// Whatever is left.
    pub fn rest(&self) -> &'a [u8] {
        self.data
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(days)).unwrap_or(d)
}

fn ore(v: i64) -> Money {
    Money::from_decimal(rust_decimal::Decimal::new(v, 2))
}

/// Dates where the rules change, to start near.
const ANCHORS: [&str; 9] = [
    "2023-10-01",
    "2023-09-20",
    "2026-04-01",
    "2026-03-15",
    "2024-02-29",
    "2025-02-28",
    "2027-12-31",
    "2021-06-01",
    "2030-01-01",
];

/// A spell's decision from bytes: the boolean, `decided_on` (near the spell's start), or both
/// (which may disagree: the engine then refuses the scenario).
fn decision_from(b: &mut Bytes<'_>, start: NaiveDate) -> (Option<bool>, Option<NaiveDate>) {
    let on = plus(start, b.between(-90, 60));
    match b.below(3) {
        0 => (Some(b.chance(70)), None),
        1 => (None, Some(on)),
        _ => (Some(b.chance(70)), Some(on)),
    }
}

/// A policy spec from bytes: a preset, or a preset with overrides (some of them impossible).
pub fn policy_from(b: &mut Bytes<'_>) -> PolicySpec {
    use refusion_core::model::policy_spec::OverrideValue as V;
    let presets = ["statutory", "age-26", "pre-reform"];
    let preset = presets[b.below(3) as usize].to_string();
    if b.chance(40) {
        return PolicySpec::Preset(preset);
    }
    let mut overrides = std::collections::BTreeMap::new();
    for _ in 0..b.below(4) {
        let day = plus(date("2026-04-01"), b.between(-1500, 1500));
        let (name, value) = match b.below(14) {
            0 => ("cap_nights", V::Integer(b.between(-2, 400))),
            1 => ("cap_switch_date", V::Text(day.to_string())),
            2 => ("refund_rate", V::Text(format!("0.{:02}", b.below(100)))),
            3 => ("reform_date", V::Text(day.to_string())),
            4 => (
                "window_mode",
                V::Text(
                    ["fixed-anniversaries", "next-admission", "weekly"][b.below(3) as usize].into(),
                ),
            ),
            5 => ("cap_switch_age", V::Integer(b.between(-1, 130))),
            6 => ("support_refund_years", V::Integer(b.between(-1, 12))),
            7 => (
                "support_refund_rate",
                V::Text(["0", "0.5", "1", "1.5", "50 %"][b.below(5) as usize].into()),
            ),
            8 => (
                "temporary_housing_refund_months",
                V::Integer(b.between(-1, 30)),
            ),
            9 => (
                "temporary_housing_refund_within_years",
                V::Integer(b.between(-1, 5)),
            ),
            10 => (
                "cap_basis",
                V::Text(["date", "age", "none", "weekday"][b.below(4) as usize].into()),
            ),
            11 => ("cap_nights_by_age", V::Integer(b.between(0, 200))),
            12 => (
                "temporary_housing_months_reading",
                V::Text(["cumulative", "consecutive", "weekly"][b.below(3) as usize].into()),
            ),
            _ => (
                "cap_nights",
                V::Steps(
                    (0..b.between(0, 3))
                        .map(|k| refusion_core::model::policy_spec::OverrideStep {
                            from: Some(plus(day, 200 * k)),
                            from_age: None,
                            value: V::Integer(b.between(0, 200)),
                        })
                        .collect(),
                ),
            ),
        };
        overrides.insert(name.to_string(), value);
    }
    PolicySpec::Custom {
        preset: Some(preset),
        name: None,
        overrides,
    }
}

/// What [`scenario_from`] deliberately broke, so the engine's answer can be predicted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Broken {
    /// Two shelter stays overlap.
    pub overlap: bool,
    /// A stay does not end after it starts.
    pub reversed: bool,
}

/// A scenario from bytes: stays near the dates where the rules change, readmissions and
/// transfers, support around the discharges, § 107 stays in the gaps; sometimes broken on
/// purpose (overlapping or reversed stays).
pub fn scenario_from(b: &mut Bytes<'_>) -> (Scenario, Broken) {
    let mut broken = Broken::default();
    let mut t = plus(
        date(ANCHORS[b.below(ANCHORS.len() as u32) as usize]),
        b.between(-120, 120),
    );
    let mut stays = Vec::new();
    for k in 0..b.between(1, 6) {
        if k > 0 {
            t = match b.below(8) {
                0 => t,                                          // a same-day transfer
                1 if b.chance(20) => plus(t, -b.between(1, 20)), // often an overlap
                2 => plus(t, b.between(300, 1200)),
                _ => plus(t, b.between(1, 120)),
            };
        }
        let nights = match b.below(6) {
            0 => 1,
            1 => b.between(100, 500),
            2 if b.chance(10) => {
                broken.reversed = true;
                -b.between(0, 3)
            }
            _ => b.between(1, 100),
        };
        let rate = b.between(0, 250_000);
        let own = b.between(0, 12_000).min(rate);
        stays.push(refusion_core::ShelterStay {
            admitted: t,
            discharged: plus(t, nights),
            daily_rate: ore(rate),
            own_payment_per_night: ore(own),
        });
        t = plus(t, nights.max(0));
    }
    broken.overlap = stays.iter().enumerate().any(|(i, a)| {
        stays.iter().skip(i + 1).any(|b| {
            a.admitted < a.discharged
                && b.admitted < b.discharged
                && a.admitted < b.discharged
                && b.admitted < a.discharged
        })
    });
    let first = stays.first().map_or(t, |s| s.admitted);
    let birth = match b.below(4) {
        0 => plus(first, -(26 * 365 + 6) + b.between(-400, 400)),
        1 => date("2000-02-29"),
        _ => plus(first, -b.between(18 * 365, 80 * 365)),
    }
    .min(first);
    let mut support = Vec::new();
    let mut from = NaiveDate::MIN;
    for _ in 0..b.below(3) {
        let anchor = stays
            .get(b.below(stays.len() as u32) as usize)
            .map_or(t, |s| s.discharged);
        let start = plus(anchor, b.between(-20, 400)).max(from).max(birth);
        let end = plus(start, b.between(1, 900));
        from = end;
        let (decided_before_discharge, decided_on) = decision_from(b, start);
        support.push(refusion_core::HomeSupport {
            method: refusion_core::SupportMethod::MAct,
            start,
            end,
            annual_cost: Money::from_kr(b.between(0, 200_000)),
            decided_before_discharge,
            decided_on,
        });
    }
    let mut temporary = Vec::new();
    if !broken.overlap && !broken.reversed && b.chance(30) {
        let k = b.below(stays.len() as u32) as usize;
        if let Some(s) = stays.get(k) {
            // One § 107 stay, or split ones (straight from the discharge when the gap is 0).
            let mut free = s.discharged;
            for _ in 0..=b.below(2) {
                let start = plus(free, if b.chance(50) { 0 } else { b.between(0, 120) });
                let mut end = plus(start, b.between(1, 250));
                if let Some(next) = stays.get(k + 1) {
                    end = end.min(next.admitted);
                }
                if start >= end {
                    break;
                }
                free = end;
                let (decided_before_discharge, decided_on) = decision_from(b, start);
                temporary.push(refusion_core::TemporaryStay {
                    start,
                    end,
                    daily_rate: Money::from_kr(b.between(0, 3000)),
                    own_payment_per_night: Money::ZERO,
                    decided_before_discharge,
                    decided_on,
                });
            }
        }
    }
    let policy = policy_from(b);
    let s = Scenario {
        name: None,
        policy,
        citizen: refusion_core::Citizen { birth_date: birth },
        shelter_stays: stays,
        home_support: support,
        temporary_housing: temporary,
    };
    (s, broken)
}

/// `gross = citizen_payment + state_refusion + municipal_net`, exactly.
pub fn identity(t: &Totals) -> bool {
    t.citizen_payment
        .checked_add(t.state_refusion)
        .and_then(|x| x.checked_add(t.municipal_net))
        .is_ok_and(|sum| sum == t.gross)
}

/// No negative payer, and `0 ≤ state_refusion ≤ gross − citizen_payment`.
pub fn bounded(t: &Totals) -> bool {
    t.gross >= Money::ZERO
        && t.citizen_payment >= Money::ZERO
        && t.state_refusion >= Money::ZERO
        && t.gross
            .checked_sub(t.citizen_payment)
            .is_ok_and(|base| t.state_refusion <= base)
}

/// The invariants of one evaluation (see the module docs).
pub fn check_totals(t: &Totals, what: &str) {
    assert!(
        identity(t),
        "{what}: gross ≠ citizen + refusion + net: {t:?}"
    );
    assert!(bounded(t), "{what}: refund out of bounds: {t:?}");
}

/// Days the reference walks, when every date is far from the ends of the calendar.
fn small(s: &Scenario) -> bool {
    let lo = date("1900-01-01");
    let hi = date("9000-01-01");
    let mut days = 0i64;
    let spans = s
        .shelter_stays
        .iter()
        .map(|x| (x.admitted, x.discharged))
        .chain(s.home_support.iter().map(|x| (x.start, x.end)))
        .chain(s.temporary_housing.iter().map(|x| (x.start, x.end)));
    for (a, b) in spans {
        if a < lo || b > hi {
            return false;
        }
        days += (b - a).num_days();
    }
    s.citizen.birth_date >= lo && days <= 20_000
}

fn reported(t: &Totals) -> [String; 4] {
    [
        t.gross.to_string(),
        t.citizen_payment.to_string(),
        t.state_refusion.to_string(),
        t.municipal_net.to_string(),
    ]
}

/// The interval engine against the night-by-night reference.
pub fn check_against_reference(s: &Scenario, policy: &Policy, r: &Evaluation) {
    let want = reference::evaluate(s, &policy.parameters);
    assert_eq!(
        reported(&r.totals),
        want.total.reported(),
        "totals of {s:?}"
    );
    let n = &r.nights;
    assert_eq!(
        (n.shelter_nights, n.shelter_refunded_nights),
        (want.shelter_nights, want.shelter_refunded),
        "shelter nights of {s:?}"
    );
    assert_eq!(
        (n.support_days, n.support_refunded_days),
        (want.support_days, want.support_refunded),
        "support days of {s:?}"
    );
    assert_eq!(
        (
            n.temporary_housing_nights,
            n.temporary_housing_refunded_nights
        ),
        (want.th_nights, want.th_refunded),
        "§ 107 nights of {s:?}"
    );
    let windows: Vec<_> = r
        .windows
        .iter()
        .map(|w| (w.start, w.refunded_nights))
        .collect();
    assert_eq!(windows, want.windows, "windows of {s:?}");
    assert_eq!(r.years.len(), want.years.len(), "years of {s:?}");
    for y in &r.years {
        let w = want.years.get(&y.year).map(reference::Payers::reported);
        assert_eq!(Some(reported(&y.totals)), w, "year {} of {s:?}", y.year);
    }
}

/// Evaluates a scenario and checks every invariant; returns the evaluation when it is valid.
pub fn check_scenario(s: &Scenario) -> Option<Evaluation> {
    let engine = engine();
    let policy = match engine.resolve(&s.policy) {
        Ok(p) => p,
        Err(e) => {
            check_error(&e);
            return None;
        }
    };
    let r = match engine.evaluate_with(s, &policy, Detail::default()) {
        Ok(r) => r,
        Err(e) => {
            check_error(&e);
            return None;
        }
    };
    check_totals(&r.totals, "totals");
    for y in &r.years {
        check_totals(&y.totals, &format!("year {}", y.year));
    }
    let mut line_days = 0i64;
    for l in &r.lines {
        let t = Totals {
            gross: l.gross,
            citizen_payment: l.citizen_payment,
            state_refusion: l.state_refusion,
            municipal_net: l.municipal_net,
        };
        check_totals(&t, &format!("line {l:?}"));
        assert!((0..=l.nights).contains(&l.refunded_nights), "line {l:?}");
        assert!(l.start < l.end && l.start.year() == l.year, "line {l:?}");
        line_days += l.nights;
    }
    let n = &r.nights;
    assert_eq!(
        line_days,
        n.shelter_nights + n.support_days + n.temporary_housing_nights,
        "the lines cover every night once"
    );
    for (all, refunded) in [
        (n.shelter_nights, n.shelter_refunded_nights),
        (n.support_days, n.support_refunded_days),
        (
            n.temporary_housing_nights,
            n.temporary_housing_refunded_nights,
        ),
    ] {
        assert!((0..=all).contains(&refunded), "{n:?}");
    }
    for w in &r.windows {
        assert!(
            w.refunded_nights <= i64::from(w.max_cap) && w.refunded_nights <= w.nights,
            "window {w:?}"
        );
    }
    // Deterministic, the same without lines and trace, and through a JSON round trip.
    let quick = engine
        .evaluate_with(
            s,
            &policy,
            Detail {
                trace: false,
                lines: false,
            },
        )
        .unwrap_or_else(|e| panic!("the fast path fails where the full one did not: {e}"));
    assert_eq!(quick.totals, r.totals, "fast path");
    assert_eq!(quick.years, r.years, "fast path years");
    let text = s.to_json().unwrap_or_else(|e| panic!("to_json: {e}"));
    let back = Scenario::from_json(&text).unwrap_or_else(|e| panic!("round trip {text}: {e}"));
    let again = engine
        .evaluate_with(&back, &policy, Detail::default())
        .unwrap_or_else(|e| panic!("round trip evaluation: {e}"));
    assert_eq!(again, r, "round trip of {text}");
    if small(s) {
        check_against_reference(s, &policy, &r);
    }
    Some(r)
}

/// Target `scenario`: scenario parsing (JSON and TOML) and evaluation, and structured
/// scenarios built from the bytes.
pub fn scenario(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 4 {
        0 | 1 => {
            let Ok(text) = std::str::from_utf8(rest) else {
                return;
            };
            let parsed = if mode % 4 == 0 {
                Scenario::from_json(text)
            } else {
                Scenario::from_toml(text)
            };
            match parsed {
                Ok(s) => {
                    check_scenario(&s);
                }
                Err(e) => check_error(&e),
            }
        }
        _ => {
            let (s, broken) = scenario_from(&mut Bytes::new(rest));
            let policy_ok = engine().resolve(&s.policy).is_ok();
            let r = check_scenario(&s);
            if reference::conflict(&s) {
                // Refused (with conflicting_fields, or an earlier error of the input).
                assert!(
                    r.is_none(),
                    "disagreeing decision fields were accepted: {s:?}"
                );
            }
            if policy_ok && (broken.overlap || broken.reversed) {
                assert!(
                    r.is_none(),
                    "a broken scenario was accepted: {s:?} ({broken:?})"
                );
                let e = engine()
                    .evaluate(&s)
                    .err()
                    .unwrap_or_else(|| panic!("no error"));
                let expected = if broken.reversed {
                    [ErrorKind::DateOrder, ErrorKind::Overlap]
                } else {
                    [ErrorKind::Overlap, ErrorKind::DateOrder]
                };
                assert!(expected.contains(&e.kind()), "{e} for {broken:?}");
            }
        }
    }
}

/// A few fixed scenarios that reach every rule (E1–E6 of the domain notes and more).
fn fixed_scenarios() -> Vec<Scenario> {
    const TEXTS: [&str; 4] = [
        r#"{"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
            {"admitted": "2026-06-01", "discharged": "2027-01-01", "daily_rate": "1400", "own_payment_per_night": "100"}]}"#,
        r#"{"citizen": {"birth_date": "2003-08-01"}, "shelter_stays": [
            {"admitted": "2023-09-01", "discharged": "2024-03-01", "daily_rate": "1000", "own_payment_per_night": "0"},
            {"admitted": "2024-03-01", "discharged": "2024-05-01", "daily_rate": "1200", "own_payment_per_night": "96.71"},
            {"admitted": "2025-01-10", "discharged": "2026-06-01", "daily_rate": "1400", "own_payment_per_night": "100"}]}"#,
        r#"{"citizen": {"birth_date": "1988-04-20"}, "shelter_stays": [
            {"admitted": "2026-10-01", "discharged": "2027-01-01", "daily_rate": "1400", "own_payment_per_night": "100"}],
            "home_support": [{"method": "m-act", "start": "2027-01-01", "end": "2029-01-01", "annual_cost": "104000", "decided_before_discharge": true}]}"#,
        r#"{"citizen": {"birth_date": "1970-01-01"}, "shelter_stays": [
            {"admitted": "2024-01-01", "discharged": "2024-03-01", "daily_rate": "900", "own_payment_per_night": "0"},
            {"admitted": "2024-06-01", "discharged": "2024-07-01", "daily_rate": "900", "own_payment_per_night": "0"}],
            "temporary_housing": [{"start": "2024-03-01", "end": "2024-06-01", "daily_rate": "700", "own_payment_per_night": "0", "decided_before_discharge": true}],
            "home_support": [{"method": "cti", "start": "2024-07-01", "end": "2025-07-01", "annual_cost": "78000", "decided_before_discharge": true}]}"#,
    ];
    TEXTS
        .iter()
        .map(|t| Scenario::from_json(t).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Target `policy`: policy specs (JSON text, or overrides built from the bytes) resolved and
/// applied to fixed scenarios.
pub fn policy(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let spec = if mode % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        match read::from_str_auto::<PolicySpec>(text) {
            Ok(spec) => spec,
            Err(e) => {
                check_error(&e);
                return;
            }
        }
    } else {
        policy_from(&mut Bytes::new(rest))
    };
    let resolved = match engine().resolve(&spec) {
        Ok(p) => p,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    let p = &resolved.parameters;
    for rate in [
        &p.refund_rate,
        &p.support_refund_rate,
        &p.temporary_housing_refund_rate,
    ] {
        for step in rate.steps() {
            let r = step.value.as_decimal();
            assert!(
                r >= rust_decimal::Decimal::ZERO && r <= rust_decimal::Decimal::ONE,
                "rate {r}"
            );
        }
    }
    for mut s in fixed_scenarios() {
        s.policy = spec.clone();
        check_scenario(&s);
    }
}

/// Target `register_csv`: a stay register and a support file (split at the first NUL byte)
/// through the streaming CSV reader, checked against the in-memory register path.
pub fn register_csv(data: &[u8]) {
    let (stays, support) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let engine = engine();
    let policy = engine
        .resolve(&PolicySpec::Statutory)
        .unwrap_or_else(|e| panic!("{e}"));
    let support_rows = match support {
        Some(bytes) => match read_support(std::io::Cursor::new(bytes.to_vec())) {
            Ok(rows) => rows,
            Err(e) => {
                check_error(&e);
                return;
            }
        },
        None => Vec::new(),
    };
    let mut out = Vec::new();
    let streamed = evaluate_csv(
        engine,
        &policy,
        std::io::Cursor::new(stays.to_vec()),
        &support_rows,
        Some(&mut out),
    );
    // The same rows, read in full, through the in-memory path.
    let rows: Result<Vec<_>, Error> = StayReader::new(std::io::Cursor::new(stays.to_vec()))
        .and_then(|mut r| {
            std::iter::from_fn(|| r.next_row())
                .map(|x| x.map(|(_, row)| row))
                .collect()
        });
    match streamed {
        Err(e) => check_error(&e),
        Ok(summary) => {
            check_totals(&summary.totals, "register totals");
            for y in &summary.years {
                check_totals(&y.totals, &format!("register year {}", y.year));
            }
            let text = String::from_utf8(out).unwrap_or_else(|e| panic!("citizens CSV: {e}"));
            assert_eq!(
                text.lines().count(),
                summary.citizens + 1,
                "one line per citizen"
            );
            let rows =
                rows.unwrap_or_else(|e| panic!("the stream read rows the reader refuses: {e}"));
            assert_eq!(rows.len(), summary.rows);
            let whole = engine
                .evaluate_register(&policy, &rows, &support_rows)
                .unwrap_or_else(|e| panic!("streamed but not in memory: {e}"));
            assert_eq!(whole.totals, summary.totals, "stream and memory differ");
            assert_eq!(whole.years, summary.years, "stream and memory years differ");
            assert_eq!(whole.citizens.len(), summary.citizens);
            // Each citizen as a scenario of its own: the same totals, and every check of
            // `scenario`, including the night-by-night reference on small inputs.
            for c in whole.citizens.iter().take(20) {
                let s = citizen_scenario(&c.citizen_id, &rows, &support_rows);
                let r = check_scenario(&s)
                    .unwrap_or_else(|| panic!("citizen {:?} is refused alone", c.citizen_id));
                assert_eq!(
                    r.totals, c.totals,
                    "citizen {:?} alone and in the register",
                    c.citizen_id
                );
            }
        }
    }
}

/// One citizen of a register as a scenario (statutory).
fn citizen_scenario(
    id: &str,
    rows: &[refusion_core::StayRow],
    support: &[refusion_core::SupportRow],
) -> Scenario {
    let mine: Vec<_> = rows.iter().filter(|r| r.citizen_id == id).collect();
    Scenario {
        name: None,
        policy: PolicySpec::Statutory,
        citizen: refusion_core::Citizen {
            birth_date: mine
                .first()
                .map_or(refusion_core::model::calendar::MIN_DATE, |r| r.birth_date),
        },
        shelter_stays: mine.iter().map(|r| r.stay()).collect(),
        home_support: support
            .iter()
            .filter(|s| s.citizen_id == id)
            .map(refusion_core::SupportRow::spell)
            .collect(),
        temporary_housing: vec![],
    }
}

fn check_plan(r: &PlanResult) {
    for y in &r.years {
        check_totals(&y.baseline.totals, "baseline");
        check_totals(&y.plan.totals, "plan");
        let diff = y
            .plan
            .totals
            .difference(&y.baseline.totals)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(diff, y.effect, "effect = plan − baseline in {}", y.year);
        assert!(y.new_teams <= y.teams, "{y:?}");
    }
}

fn check_band(b: &refusion_core::planning::uncertainty::Band) {
    assert!(
        b.min <= b.p5 && b.p5 <= b.p50 && b.p50 <= b.p95 && b.p95 <= b.max,
        "{b:?}"
    );
}

fn check_monte_carlo(m: &MonteCarlo) {
    check_band(&m.total);
    for y in &m.years {
        check_band(&y.band);
    }
}

/// Target `cohort`: cohort generation, plans, Monte Carlo and tornado, from a small query
/// built from the bytes (or JSON text): generated cohorts must be valid registers, and every
/// seeded result reproducible, on one core or many.
pub fn cohort(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let engine = engine();
    let query: UncertaintyQuery = if mode % 2 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else {
            return;
        };
        match read::from_json_str(text) {
            Ok(q) => q,
            Err(e) => {
                check_error(&e);
                return;
            }
        }
    } else {
        let mut b = Bytes::new(rest);
        let min = b.between(0, 4);
        let text = format!(
            r#"{{"plan": {{"cohort": {{"seed": {}, "citizens": {}, "first_year": {}, "years": {},
                 "stays": {{"min": {min}, "max": {}}}, "support_share": "0.{:02}"}},
               "horizon_years": {}, "discharge_after_nights": {}, "share_discharged": "0.{:02}",
               "caseload": {}, "establishment_cost_per_team": "{}", "discount_rate": "0.0{}"}},
               "run": {{"draws": {}, "seed": {}}}}}"#,
            b.below(1 << 16),
            b.between(0, 40),
            b.between(2019, 2032),
            b.between(0, 3),
            min + b.between(-1, 5),
            b.below(100),
            b.between(0, 11),
            b.between(0, 400),
            b.below(100),
            b.between(0, 30),
            b.between(0, 500_000),
            b.below(10),
            b.between(0, 12),
            b.below(1 << 16),
        );
        match read::from_json_str(&text) {
            Ok(q) => q,
            Err(e) => {
                check_error(&e);
                return;
            }
        }
    };
    // Keep each input quick: large queries are the limits' business, not the fuzzer's.
    let small = |citizens: u32, years: u32| citizens <= 60 && years <= 4;
    if let Some(plan) = &query.plan {
        if !small(plan.cohort.citizens, plan.cohort.years) || query.run.draws > 12 {
            return;
        }
        match generate(&plan.cohort, engine.catalog()) {
            Err(e) => check_error(&e),
            Ok(c) => {
                assert_eq!(Ok(&c), generate(&plan.cohort, engine.catalog()).as_ref());
                let policy = engine
                    .resolve(&PolicySpec::Statutory)
                    .unwrap_or_else(|e| panic!("{e}"));
                let (rows, support) = c.rows();
                let r = engine
                    .evaluate_register(&policy, &rows, &support)
                    .unwrap_or_else(|e| panic!("a generated cohort is not a valid register: {e}"));
                check_totals(&r.totals, "cohort");
                // A few members as scenarios: every check of `scenario`, the reference included.
                for (m, t) in c.members.iter().zip(&r.citizens).take(5) {
                    let s = citizen_scenario(&m.citizen_id, &rows, &support);
                    let alone = check_scenario(&s)
                        .unwrap_or_else(|| panic!("member {} is refused alone", m.citizen_id));
                    assert_eq!(
                        alone.totals, t.totals,
                        "member {} alone and in the cohort",
                        m.citizen_id
                    );
                }
                let spec: CohortSpec = plan.cohort.clone();
                let stats = c.stats(spec.years.max(1));
                assert_eq!(stats.citizens, c.members.len());
            }
        }
        match engine.plan(plan) {
            Err(e) => check_error(&e),
            Ok(r) => {
                check_plan(&r);
                assert_eq!(Ok(&r), engine.plan(plan).as_ref(), "plan is reproducible");
            }
        }
    } else if let Some(budget) = &query.budget {
        if budget.horizon_years > 10 || query.run.draws > 12 {
            return;
        }
    }
    match engine.monte_carlo_query(&query) {
        Err(e) => check_error(&e),
        Ok(m) => {
            check_monte_carlo(&m);
            let mut serial = query.clone();
            serial.run.parallel = !query.run.parallel;
            let again = engine
                .monte_carlo_query(&serial)
                .unwrap_or_else(|e| panic!("parallel and serial differ: {e}"));
            assert_eq!(again, m, "one core and many differ");
        }
    }
    match engine.tornado_query(&query) {
        Err(e) => check_error(&e),
        Ok(t) => {
            let swing = |r: &refusion_core::planning::uncertainty::TornadoRow| {
                r.at_high
                    .checked_sub(r.at_low)
                    .map(|d| d.as_decimal().abs())
            };
            let swings: Vec<_> = t.rows.iter().map(swing).collect();
            assert!(swings.iter().all(Result::is_ok));
            assert!(
                swings.windows(2).all(|w| match w {
                    [Ok(a), Ok(b)] => a >= b,
                    _ => true,
                }),
                "tornado rows sorted by swing: {t:?}"
            );
        }
    }
}
