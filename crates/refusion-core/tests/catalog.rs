//! The catalog (`data/parameters.toml`) as the one source of truth: every source is cited by
//! something and every citation names a known source; every parameter is declared once in the
//! data and once in the registry; rule ids come from the data; overrides follow the
//! declarations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use refusion_core::model::policy_spec::{OverrideStep, OverrideValue};
use refusion_core::rules::stays::REFUND_BASE_RULE;
use refusion_core::rules::support::PERIOD_CLOCK_RULE;
use refusion_core::{Engine, ParameterCatalog, Parameters, PolicySpec, Scenario};

fn catalog() -> ParameterCatalog {
    ParameterCatalog::embedded().unwrap()
}

fn custom(overrides: &[(&str, OverrideValue)]) -> PolicySpec {
    PolicySpec::Custom {
        preset: None,
        name: None,
        overrides: overrides
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect(),
    }
}

#[test]
fn every_source_is_cited_and_every_citation_is_known() {
    let c = catalog();
    for (id, users) in c.source_uses() {
        assert!(!users.is_empty(), "source {id} is cited by nothing");
    }
    // Every parameter step names a source of the catalog (embedded() refuses unknown ids;
    // this states it for each step).
    for p in c.parameters.all() {
        for s in p.steps() {
            assert!(
                c.sources.contains_key(&s.source),
                "{}: step from {:?} has no known source ({})",
                p.name(),
                s.from,
                s.source
            );
        }
    }
}

#[test]
fn every_source_is_a_specific_checked_document_with_a_quote() {
    for (id, s) in &catalog().sources {
        assert!(!s.issuer.is_empty() && !s.title.is_empty(), "{id}");
        assert!(!s.version.is_empty(), "{id}: no date or version");
        assert_eq!(s.checked.len(), 10, "{id}: checked must be YYYY-MM-DD");
        if id == "convention" {
            continue;
        }
        assert!(s.url.starts_with("https://"), "{id}: no address");
        let path = s.url.trim_start_matches("https://").trim_end_matches('/');
        assert!(
            path.contains('/'),
            "{id}: {} is a home page, not a document",
            s.url
        );
        assert!(!s.quote.is_empty(), "{id}: no quote of what it says");
    }
}

#[test]
fn the_registry_and_the_data_declare_the_same_parameters() {
    let c = catalog();
    let declared: Vec<&str> = c.definitions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(declared, Parameters::NAMES);
    // A parameter in the data but not in the registry is refused, naming it.
    let text = include_str!("../data/parameters.toml").replace(
        "[parameters.refund_rate]",
        "[parameters.refund_rate_typo]\nrule = \"R1\"\nunit = \"rate\"\nen = \"\"\nda = \"\"\nsteps = []\n\n[parameters.refund_rate]",
    );
    let e = ParameterCatalog::parse(&text).unwrap_err();
    assert_eq!(e.code(), "unknown_parameter");
    assert_eq!(e.field(), "parameters.refund_rate_typo");
}

#[test]
fn rule_ids_come_from_the_data() {
    let c = catalog();
    // The rules the code cites without a parameter exist in the data, with sources.
    for rule in [REFUND_BASE_RULE, PERIOD_CLOCK_RULE] {
        assert!(!c.rules[rule].sources.is_empty(), "{rule}");
    }
    // Each cap step carries its own rule: R2, then R3; never guessed from its position.
    let view = c.view(&c.resolve(&PolicySpec::Statutory).unwrap());
    let cap = view
        .parameters
        .iter()
        .find(|p| p.definition.name == "cap_nights")
        .unwrap();
    let rules: Vec<&str> = cap.steps.iter().map(|s| s.rule.as_str()).collect();
    assert_eq!(rules, ["R2", "R3"]);
    // A third step is not mislabelled: an override's steps carry the parameter's rule.
    let steps = OverrideValue::Steps(
        [("2023-10-01", 120), ("2025-01-01", 100), ("2026-04-01", 90)]
            .iter()
            .map(|(d, n)| OverrideStep {
                from: Some(refusion_core::calendar::parse_date(d).unwrap()),
                from_age: None,
                value: OverrideValue::Integer(*n),
            })
            .collect(),
    );
    let p = c.resolve(&custom(&[("cap_nights", steps)])).unwrap();
    let view = c.view(&p);
    let cap = view
        .parameters
        .iter()
        .find(|p| p.definition.name == "cap_nights")
        .unwrap();
    assert!(cap
        .steps
        .iter()
        .all(|s| s.rule == "R2/R3" && s.source == "override"));
}

#[test]
fn trace_lines_name_their_parameter_rule_and_sources() {
    let engine = Engine::new().unwrap();
    let s = Scenario::from_json(
        r#"{"citizen": {"birth_date": "1988-04-20"},
            "shelter_stays": [{"admitted": "2026-06-01", "discharged": "2027-01-01",
                               "daily_rate": "1400", "own_payment_per_night": "100"}]}"#,
    )
    .unwrap();
    let r = engine.evaluate(&s).unwrap();
    let refunded = r
        .trace
        .iter()
        .find(|e| e.kind == refusion_core::TraceKind::ShelterRefunded)
        .unwrap();
    assert_eq!(refunded.rule, "R3");
    let p = refunded.parameter.as_ref().unwrap();
    assert_eq!((p.name.as_str(), p.value.as_str()), ("cap_nights", "90"));
    // R6, the refund base, is cited on the line it governs.
    let rules: Vec<&str> = refunded.sources.iter().map(|s| s.rule.as_str()).collect();
    assert!(rules.contains(&"R6"), "{rules:?}");
    let r6 = &catalog().rules["R6"].sources[0];
    assert!(refunded.sources.iter().any(|s| &s.id == r6));
    assert!(
        refunded.text.contains("bek. nr. 224/2021"),
        "{}",
        refunded.text
    );
    assert!(
        refunded.text_da.contains("taksten minus egenbetalingen"),
        "{}",
        refunded.text_da
    );
}

#[test]
fn overrides_follow_the_declarations() {
    let c = catalog();
    // Ranges come from the data (`max`), aliases and switches from the declaration.
    let e = c
        .resolve(&custom(&[("cap_nights", OverrideValue::Integer(36_601))]))
        .unwrap_err();
    assert_eq!(e.code(), "invalid_parameter");
    assert_eq!(e.field(), "policy.overrides.cap_nights");
    let p = c
        .resolve(&custom(&[("section_85a_years", OverrideValue::Integer(3))]))
        .unwrap();
    assert_eq!(p.parameters.support_refund_years.value, 3);
    let p = c
        .resolve(&custom(&[("cap_switch_age", OverrideValue::Integer(30))]))
        .unwrap();
    assert_eq!(
        p.parameters
            .cap_nights_by_age
            .iter()
            .last()
            .unwrap()
            .from_age,
        30
    );
    let e = c
        .resolve(&custom(&[("cap_night", OverrideValue::Integer(60))]))
        .unwrap_err();
    assert_eq!(e.code(), "unknown_parameter");
    for name in c.override_names() {
        assert!(
            e.message().contains(name),
            "{name} missing from {}",
            e.message()
        );
    }
}

#[test]
fn defaults_come_from_the_catalog() {
    let c = catalog();
    let d = c.defaults();
    assert_eq!(d.m_act.mean, c.reference.m_act.mean);
    assert_eq!(d.discount_rate.value, c.economics.discount_rate);
    assert_eq!(
        d.support_years.value,
        c.parameters.support_refund_years.value
    );
    let presets: BTreeMap<_, _> = d.presets.iter().map(|p| (p.name.as_str(), p)).collect();
    assert_eq!(presets.len(), c.presets.len());
}

/// `reform-2023` is the rules in force with one change: a cap of 120 nights on every date,
/// also from 1 April 2026; the ready comparisons name existing presets; every preset and
/// comparison has a plain Danish and English title.
#[test]
fn reform_2023_drops_only_the_2026_step_and_the_comparisons_are_ready() {
    let c = catalog();
    let spec = |name: &str| refusion_core::PolicySpec::Preset(name.to_string());
    let reform = c.resolve(&spec("reform-2023")).unwrap();
    let statutory = c.resolve(&spec("statutory")).unwrap();
    let april = refusion_core::calendar::parse_date("2026-04-01").unwrap();
    let before = refusion_core::calendar::parse_date("2026-03-31").unwrap();
    assert_eq!(reform.parameters.cap_nights.at(april).value, 120);
    assert_eq!(reform.parameters.cap_nights.at(before).value, 120);
    assert_eq!(statutory.parameters.cap_nights.at(april).value, 90);
    assert_eq!(
        c.presets["reform-2023"]
            .overrides
            .keys()
            .collect::<Vec<_>>(),
        ["cap_nights"]
    );
    assert_eq!(c.comparisons["step-2026"].base, "reform-2023");
    assert_eq!(c.comparisons["step-2026"].policy, "statutory");
    assert_eq!(c.comparisons["reform"].base, "pre-reform");
    for p in c.presets.values() {
        assert!(!p.title.da.is_empty() && !p.title.en.is_empty());
    }
    assert!(c.presets["age-26"].da.contains("mundtlig kilde"));
    let e = c.comparison("step-2025").unwrap_err();
    assert_eq!(e.code(), "unknown_policy");
    assert!(e.message().contains("step-2026"), "{e}");
}

/// Defaults without a source are listed, each with an "illustrative" basis; the share a budget
/// discharges is the middle of its range.
#[test]
fn illustrative_defaults_are_labelled() {
    let engine = refusion_core::Engine::new().unwrap();
    let d = engine.defaults();
    let names: Vec<&str> = d.illustrative.iter().map(|i| i.name.as_str()).collect();
    for n in [
        "team_size_fte",
        "caseload",
        "establishment_cost_per_team",
        "share_discharged",
        "uncertain.share_discharged_percent",
        "uncertain.rate_change_percent",
        "uncertain.stay_change_percent",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    for i in &d.illustrative {
        assert!(i.basis.da.starts_with("illustrativ"), "{}", i.name);
        assert!(i.basis.en.starts_with("illustrative"), "{}", i.name);
    }
    let share = d
        .illustrative
        .iter()
        .find(|i| i.name == "share_discharged")
        .unwrap();
    assert_eq!(share.value, "0.7");
    assert_eq!(
        engine.catalog().illustrative.share_discharged_range.low
            + engine.catalog().illustrative.share_discharged_range.high,
        140
    );
}
