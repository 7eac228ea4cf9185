//! The words of the explanation, in English and Danish, rendered from a trace entry alone.
//!
//! Every value in a sentence comes from the entry: its counts, its parameter (with the date it
//! took effect and its source) and its [`TraceFacts`](crate::engine::trace::TraceFacts). No
//! rule, date or figure is written here, so the text follows a policy override: move the reform
//! date or change the support years, and the sentences say so.

use crate::engine::trace::{DaySpan, PeriodFacts, TraceEntry, TraceKind, TraceSource};
use crate::model::amount::format_kr;
use crate::model::calendar::{self, Date};
use crate::model::locale::{format_date, format_span, Lang};
use crate::model::scenario::SupportMethod;
use crate::rules::parameters::{WindowMode, OVERRIDE_SOURCE};
use crate::rules::support::PeriodRule;

/// Writes the entry's English `text` and Danish `text_da`.
pub fn write(entry: &mut TraceEntry) {
    entry.text = text(entry, Lang::En);
    entry.text_da = text(entry, Lang::Da);
}

/// The entry as a sentence in `lang`.
#[must_use]
pub fn text(entry: &TraceEntry, lang: Lang) -> String {
    match lang {
        Lang::En => english(entry),
        Lang::Da => danish(entry),
    }
}

fn iso_span(s: &DaySpan) -> String {
    calendar::span(s.start, s.end)
}

fn da_span(s: &DaySpan) -> String {
    format_span(s.start, s.end, Lang::Da)
}

/// A source's citation in `lang` (a value from a policy override has no document behind it).
fn citation(s: &TraceSource, lang: Lang) -> String {
    if s.id == OVERRIDE_SOURCE {
        lang.pick("sat i beregningens regelsæt", "policy override")
            .to_string()
    } else {
        s.citation.clone()
    }
}

/// Every citation of the entry, once each, joined.
fn cite(entry: &TraceEntry, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in &entry.sources {
        let c = citation(s, lang);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out.join("; ")
}

/// The citation of the deciding parameter (the first source).
fn main_source(entry: &TraceEntry, lang: Lang) -> String {
    entry
        .sources
        .first()
        .map(|s| citation(s, lang))
        .unwrap_or_default()
}

/// The citations of the other rules behind the entry (e.g. R6), besides the deciding one, with
/// their rule ids.
fn other_sources(entry: &TraceEntry, lang: Lang) -> Vec<(String, String)> {
    let main = main_source(entry, lang);
    let mut out: Vec<(String, String)> = Vec::new();
    for s in &entry.sources {
        let c = citation(s, lang);
        if c != main && !out.iter().any(|(_, x)| *x == c) {
            out.push((s.rule.clone(), c));
        }
    }
    out
}

fn nights_en(n: i64, days: bool) -> String {
    match (days, n) {
        (true, 1) => "1 day".into(),
        (true, n) => format!("{n} days"),
        (false, 1) => "1 night".into(),
        (false, n) => format!("{n} nights"),
    }
}

fn nights_da(n: i64, days: bool) -> String {
    match (days, n) {
        (true, 1) => "1 dag".into(),
        (true, n) => format!("{n} dage"),
        (false, 1) => "1 nat".into(),
        (false, n) => format!("{n} nætter"),
    }
}

fn method_name(m: SupportMethod, lang: Lang) -> &'static str {
    match m {
        SupportMethod::MAct => "M-ACT",
        SupportMethod::Act => "ACT",
        SupportMethod::Icm => "ICM",
        SupportMethod::Cti => "CTI",
        SupportMethod::Other => lang.pick("anden", "other"),
    }
}

fn years_en(n: u32) -> String {
    if n == 1 {
        "1 year".into()
    } else {
        format!("{n} years")
    }
}

fn months_en(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

fn months_da(n: u32) -> String {
    if n == 1 {
        "1 måned".into()
    } else {
        format!("{n} måneder")
    }
}

fn rate(entry: &TraceEntry) -> String {
    entry.rate.clone().unwrap_or_default()
}

fn rate_da(entry: &TraceEntry) -> String {
    rate(entry).replace('.', ",")
}

fn english(e: &TraceEntry) -> String {
    let f = &e.facts;
    let span = calendar::span(e.start, e.end);
    let support = e.kind == TraceKind::SupportRefunded
        || e.kind == TraceKind::SupportNotDecided
        || e.kind == TraceKind::SupportOutsidePeriod
        || e.kind == TraceKind::SupportRateZero;
    let n = nights_en(e.nights, support);
    let what = match (&f.support, e.kind) {
        (Some(s), _) => format!(
            " of {} support at {} a year",
            method_name(s.method, Lang::En),
            format_kr(s.annual_cost, Lang::En)
        ),
        (
            None,
            TraceKind::TemporaryRefunded
            | TraceKind::TemporaryNotDecided
            | TraceKind::TemporaryOutsidePeriod
            | TraceKind::TemporaryRateZero,
        ) => " of § 107 housing".into(),
        _ => String::new(),
    };
    let window = f.window.as_ref().map(iso_span).unwrap_or_default();
    let cap_label = f.cap.map(|c| match (c.from_age, c.until_age, c.until) {
        (Some(0), Some(next), Some(until)) => {
            format!("cap {} before age {next}, i.e. before {until}", c.nights)
        }
        (Some(age), _, _) => format!("cap {} from age {age}, i.e. from {}", c.nights, c.from),
        _ => format!("cap {} from {}", c.nights, c.from),
    });
    let others = other_sources(e, Lang::En)
        .iter()
        .map(|(rule, c)| format!("{rule}: {c}"))
        .collect::<Vec<_>>()
        .join("; ");
    let others = if others.is_empty() {
        String::new()
    } else {
        format!("; {others}")
    };
    let src = main_source(e, Lang::En);
    match e.kind {
        TraceKind::WindowOpened => format!(
            "{}: refund window {} ({} mode; {} of its {} shelter nights refunded; {src})",
            e.start,
            span,
            f.window_mode.map(|m| m.to_string()).unwrap_or_default(),
            e.refunded_nights,
            e.nights,
        ),
        TraceKind::PeriodOpened => {
            let p = f.period;
            let what = match p.map(|p| p.rule) {
                Some(PeriodRule::R9) => "§ 107 housing",
                _ => "§ 85 a support",
            };
            let extra = p
                .and_then(|p| p.refunded)
                .map(|r| format!("; refundable § 107 nights {}", iso_span(&r)))
                .unwrap_or_default();
            format!(
                "{}: discharge opens the § 176 a period for {what}, {span}{extra} (a later discharge inside it does not restart it; {})",
                p.map(|p| p.discharge).unwrap_or(e.start),
                cite(e, Lang::En)
            )
        }
        TraceKind::ShelterBeforeReform => format!(
            "{span}: {n} refunded at {} without a cap: before the reform date {} ({src}{others})",
            rate(e),
            f.reform_date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        TraceKind::ShelterNoCap => format!(
            "{span}: {n} refunded at {} with no cap under policy {} ({src}{others})",
            rate(e),
            f.policy,
        ),
        TraceKind::ShelterRefunded => format!(
            "{span}: {n} refunded at {} of rate minus own payment ({}, {src}{others}); window {window}",
            rate(e),
            cap_label.unwrap_or_default(),
        ),
        TraceKind::ShelterCapReached => format!(
            "{span}: {n} not refunded: window {window} has reached its cap of refunded nights ({}, {src})",
            cap_label.unwrap_or_default(),
        ),
        TraceKind::SupportRefunded | TraceKind::TemporaryRefunded => {
            let p = f.period;
            format!(
                "{span}: {n}{what} refunded at {} within the § 176 a period {} from the discharge on {} ({src})",
                rate(e),
                p.map(|p| iso_span(&p.span)).unwrap_or_default(),
                p.map(|p| p.discharge.to_string()).unwrap_or_default(),
            )
        }
        TraceKind::SupportNotDecided | TraceKind::TemporaryNotDecided => format!(
            "{span}: {n}{what} not refunded: not decided before discharge ({src})"
        ),
        TraceKind::SupportOutsidePeriod | TraceKind::TemporaryOutsidePeriod
            if f.reform_date.is_some() =>
        {
            format!(
                "{span}: {n}{what} not refunded: no discharge from § 110 on or after the reform date {} has opened a § 176 a period ({})",
                f.reform_date.map(|d| d.to_string()).unwrap_or_default(),
                cite(e, Lang::En)
            )
        }
        TraceKind::SupportOutsidePeriod => format!(
            "{span}: {n}{what} not refunded: outside every § 176 a period (the {} after a first discharge; {})",
            years_en(f.support_years.unwrap_or_default()),
            cite(e, Lang::En)
        ),
        TraceKind::TemporaryOutsidePeriod => format!(
            "{span}: {n}{what} not refunded: outside the {} refundable within {} after a first discharge ({})",
            months_en(f.temporary_months.unwrap_or_default()),
            years_en(f.temporary_within_years.unwrap_or_default()),
            cite(e, Lang::En)
        ),
        TraceKind::SupportRateZero | TraceKind::TemporaryRateZero => format!(
            "{span}: {n}{what} not refunded: policy {} has no § 176 a refund ({src})",
            f.policy
        ),
    }
}

fn window_mode_da(m: Option<WindowMode>) -> &'static str {
    match m {
        Some(WindowMode::FixedAnniversaries) => " (vinduer på faste årsdage)",
        _ => "",
    }
}

fn period_da(p: Option<PeriodFacts>) -> (String, String) {
    p.map(|p| (da_span(&p.span), format_date(p.discharge, Lang::Da)))
        .unwrap_or_default()
}

fn danish(e: &TraceEntry) -> String {
    let f = &e.facts;
    let span = format_span(e.start, e.end, Lang::Da);
    let support = matches!(
        e.kind,
        TraceKind::SupportRefunded
            | TraceKind::SupportNotDecided
            | TraceKind::SupportOutsidePeriod
            | TraceKind::SupportRateZero
    );
    let temporary = matches!(
        e.kind,
        TraceKind::TemporaryRefunded
            | TraceKind::TemporaryNotDecided
            | TraceKind::TemporaryOutsidePeriod
            | TraceKind::TemporaryRateZero
    );
    let n = nights_da(e.nights, support);
    let what = match &f.support {
        Some(s) => format!(
            " {}-bostøtte à {} om året",
            method_name(s.method, Lang::Da),
            format_kr(s.annual_cost, Lang::Da)
        ),
        None if temporary => " midlertidigt ophold (§ 107)".into(),
        None => String::new(),
    };
    let window = f.window.as_ref().map(da_span).unwrap_or_default();
    let cap_label = f.cap.map(|c| match (c.from_age, c.until_age, c.until) {
        (Some(0), Some(next), Some(until)) => format!(
            "loft {} nætter før {next}-års fødselsdagen, dvs. før {}",
            c.nights,
            format_date(until, Lang::Da)
        ),
        (Some(age), _, _) => format!(
            "loft {} nætter fra {age}-års fødselsdagen, dvs. fra {}",
            c.nights,
            format_date(c.from, Lang::Da)
        ),
        _ => format!(
            "loft {} nætter pr. vindue, gældende fra {}",
            c.nights,
            format_date(c.from, Lang::Da)
        ),
    });
    let sources = cite(e, Lang::Da);
    let src = main_source(e, Lang::Da);
    let date_da = |d: Date| format_date(d, Lang::Da);
    match e.kind {
        TraceKind::WindowOpened => format!(
            "{}: et refusionsvindue åbner og løber til {}{}. {} af vinduets {} refunderes ({src}).",
            date_da(e.start),
            date_da(calendar::last_night(e.end)),
            window_mode_da(f.window_mode),
            e.refunded_nights,
            nights_da(e.nights, false),
        ),
        TraceKind::PeriodOpened => {
            let (pspan, discharge) = period_da(f.period);
            let (what, length) = match f.period.map(|p| p.rule) {
                Some(PeriodRule::R9) => (
                    "midlertidigt ophold efter § 107",
                    format!(
                        "i op til {} inden for {} år",
                        months_da(f.temporary_months.unwrap_or_default()),
                        f.temporary_within_years.unwrap_or_default()
                    ),
                ),
                _ => (
                    "bostøtte efter § 85 a",
                    format!("i {} år", f.support_years.unwrap_or_default()),
                ),
            };
            let extra = f
                .period
                .and_then(|p| p.refunded)
                .map(|r| format!(" Refusionsberettigede nætter på § 107: {}.", da_span(&r)))
                .unwrap_or_default();
            format!(
                "{discharge}: udskrivningen åbner § 176 a-perioden for {what} {length}: {pspan}.{extra} En ny udskrivning i perioden starter den ikke forfra ({}).",
                cite(e, Lang::Da)
            )
        }
        TraceKind::ShelterBeforeReform => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen uden loft, fordi de ligger før reformen trådte i kraft {}. Kilder: {sources}.",
            rate_da(e),
            f.reform_date.map(date_da).unwrap_or_default(),
        ),
        TraceKind::ShelterNoCap => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen uden loft under regelsættet {}. Kilder: {sources}.",
            rate_da(e),
            f.policy,
        ),
        TraceKind::ShelterRefunded => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen ({}). Vinduet løber {window}. Kilder: {sources}.",
            rate_da(e),
            cap_label.unwrap_or_default(),
        ),
        TraceKind::ShelterCapReached => format!(
            "{span}: {n} uden refusion, fordi vinduet {window} har nået loftet ({}; {src}).",
            cap_label.unwrap_or_default(),
        ),
        TraceKind::SupportRefunded | TraceKind::TemporaryRefunded => {
            let (pspan, discharge) = period_da(f.period);
            format!(
                "{span}: {n}{what} refunderes med {} inden for § 176 a-perioden {pspan} efter udskrivningen {discharge} ({src}).",
                rate_da(e),
            )
        }
        TraceKind::SupportNotDecided => format!(
            "{span}: {n}{what} uden refusion, fordi støtten ikke var besluttet før udskrivningen ({src})."
        ),
        TraceKind::TemporaryNotDecided => format!(
            "{span}: {n}{what} uden refusion, fordi opholdet ikke var besluttet før udskrivningen ({src})."
        ),
        TraceKind::SupportOutsidePeriod | TraceKind::TemporaryOutsidePeriod
            if f.reform_date.is_some() =>
        {
            format!(
                "{span}: {n}{what} uden refusion, fordi ingen udskrivning fra § 110 på eller efter reformdatoen {} har åbnet en § 176 a-periode ({}).",
                f.reform_date.map(date_da).unwrap_or_default(),
                cite(e, Lang::Da)
            )
        }
        TraceKind::SupportOutsidePeriod => format!(
            "{span}: {n}{what} uden refusion, fordi de ligger uden for perioden på {} år efter den første udskrivning ({}).",
            f.support_years.unwrap_or_default(),
            cite(e, Lang::Da)
        ),
        TraceKind::TemporaryOutsidePeriod => format!(
            "{span}: {n}{what} uden refusion, fordi de ligger uden for de {} inden for {} år efter den første udskrivning, der refunderes ({}).",
            months_da(f.temporary_months.unwrap_or_default()),
            f.temporary_within_years.unwrap_or_default(),
            cite(e, Lang::Da)
        ),
        TraceKind::SupportRateZero | TraceKind::TemporaryRateZero => format!(
            "{span}: {n}{what} uden refusion: regelsættet {} giver ingen refusion efter § 176 a ({src}).",
            f.policy
        ),
    }
}
