//! The words of the explanation, in English and Danish, rendered from a trace entry alone.
//!
//! Every value in a sentence comes from the entry: its counts, its parameter (with the date it
//! took effect and its source) and its [`TraceFacts`](crate::engine::trace::TraceFacts). No
//! rule, date or figure is written here, so the text follows a policy override: move the reform
//! date or change the support years, and the sentences say so.

use std::fmt::{self, Write as _};

use crate::engine::trace::{DaySpan, PeriodFacts, TraceEntry, TraceKind, TraceSource};
use crate::model::amount::format_kr;
use crate::model::calendar::{self, Date};
use crate::model::locale::{format_date, DateShown, Lang, SpanShown};
use crate::model::scenario::SupportMethod;
use crate::rules::decision::Route;
use crate::rules::parameters::{MonthsReading, WindowMode, OVERRIDE_SOURCE};
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

/// A piece of a sentence written only when the sentence uses it (most sentences use a few of
/// the pieces a trace entry offers; an explanation has thousands of entries).
struct Show<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Show<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// `[start, end)` as its first and last day, ISO (English texts).
struct IsoSpan(Date, Date);

impl fmt::Display for IsoSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = calendar::last_night(self.1);
        write!(f, "{}–{last}", self.0)
    }
}

fn iso_span(s: &DaySpan) -> IsoSpan {
    IsoSpan(s.start, s.end)
}

fn da_span(s: &DaySpan) -> SpanShown {
    SpanShown(s.start, s.end, Lang::Da)
}

/// A source's citation in `lang` (a value from a policy override has no document behind it).
fn citation(s: &TraceSource, lang: Lang) -> &str {
    if s.id == OVERRIDE_SOURCE {
        lang.pick("sat i beregningens regelsæt", "policy override")
    } else {
        &s.citation
    }
}

/// The entry's sources with distinct citations, in order (the first: the deciding one).
fn distinct(entry: &TraceEntry, lang: Lang) -> impl Iterator<Item = &TraceSource> {
    entry.sources.iter().enumerate().filter_map(move |(i, s)| {
        let c = citation(s, lang);
        let seen = entry
            .sources
            .iter()
            .take(i)
            .any(|earlier| citation(earlier, lang) == c);
        (!seen).then_some(s)
    })
}

/// Every citation of the entry, once each, joined by `; `.
fn cite(entry: &TraceEntry, lang: Lang) -> impl fmt::Display + '_ {
    Show(move |f: &mut fmt::Formatter<'_>| {
        for (i, s) in distinct(entry, lang).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(citation(s, lang))?;
        }
        Ok(())
    })
}

/// The citation of the deciding parameter (the first source).
fn main_source(entry: &TraceEntry, lang: Lang) -> &str {
    entry.sources.first().map_or("", |s| citation(s, lang))
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

fn rate(entry: &TraceEntry) -> &str {
    entry.rate.as_deref().unwrap_or_default()
}

fn rate_da(entry: &TraceEntry) -> impl fmt::Display + '_ {
    Show(move |f: &mut fmt::Formatter<'_>| {
        for ch in rate(entry).chars() {
            f.write_char(if ch == '.' { ',' } else { ch })?;
        }
        Ok(())
    })
}

fn english(e: &TraceEntry) -> String {
    let f = &e.facts;
    let span = IsoSpan(e.start, e.end);
    let support = e.kind == TraceKind::SupportRefunded
        || e.kind == TraceKind::SupportNotDecided
        || e.kind == TraceKind::SupportOutsidePeriod
        || e.kind == TraceKind::SupportRateZero;
    let n = nights_en(e.nights, support);
    let what = Show(|w: &mut fmt::Formatter<'_>| match (&f.support, e.kind) {
        (Some(s), _) => write!(
            w,
            " of {} support at {} a year",
            method_name(s.method, Lang::En),
            format_kr(s.annual_cost, Lang::En)
        ),
        (
            None,
            TraceKind::TemporaryRefunded
            | TraceKind::TemporaryNotDecided
            | TraceKind::TemporaryOutsidePeriod
            | TraceKind::TemporaryRateZero
            | TraceKind::TemporaryAllowanceUsed,
        ) => w.write_str(" of § 107 housing"),
        _ => Ok(()),
    });
    let window = Show(|w: &mut fmt::Formatter<'_>| match &f.window {
        Some(s) => write!(w, "{}", iso_span(s)),
        None => Ok(()),
    });
    let cap_label = Show(|w: &mut fmt::Formatter<'_>| match f.cap {
        Some(c) => match (c.from_age, c.until_age, c.until) {
            (Some(0), Some(next), Some(until)) => {
                write!(w, "cap {} before age {next}, i.e. before {until}", c.nights)
            }
            (Some(age), _, _) => {
                write!(w, "cap {} from age {age}, i.e. from {}", c.nights, c.from)
            }
            _ => write!(w, "cap {} from {}", c.nights, c.from),
        },
        None => Ok(()),
    });
    // The other rules behind the entry (e.g. R6), besides the deciding one, with their ids.
    let others = Show(|w: &mut fmt::Formatter<'_>| {
        for s in distinct(e, Lang::En).skip(1) {
            write!(w, "; {}: {}", s.rule, citation(s, Lang::En))?;
        }
        Ok(())
    });
    let src = main_source(e, Lang::En);
    match e.kind {
        TraceKind::WindowOpened => format!(
            "{}: refund window {} ({} mode; {} of its {} shelter nights refunded; {})",
            e.start,
            span,
            f.window_mode.map(|m| m.to_string()).unwrap_or_default(),
            e.refunded_nights,
            e.nights,
            cite(e, Lang::En),
        ),
        TraceKind::PeriodOpened => {
            let p = f.period;
            let what = match p.map(|p| p.rule) {
                Some(PeriodRule::R9) => "§ 107 housing",
                _ => "§ 85 a support",
            };
            let extra = p
                .map(|p| match (p.reading, p.allowance, p.refunded) {
                    (Some(MonthsReading::Cumulative), Some(a), _) => format!(
                        "; up to {a} decided § 107 nights are refunded in it, split stays adding up (six months from the first decided night, cumulative reading)"
                    ),
                    (_, _, Some(r)) => format!("; refundable § 107 nights {}", iso_span(&r)),
                    _ => String::new(),
                })
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
            "{span}: {n} refunded at {} of rate minus own payment ({cap_label}, {src}{others}); window {window}",
            rate(e),
        ),
        TraceKind::ShelterCapReached => format!(
            "{span}: {n} not refunded: window {window} has reached its cap of refunded nights ({cap_label}, {src})",
        ),
        TraceKind::SupportRefunded | TraceKind::TemporaryRefunded => {
            let p = f.period;
            format!(
                "{span}: {n}{what} refunded at {} within the § 176 a period {} from the discharge on {}{} ({src})",
                rate(e),
                Show(|w: &mut fmt::Formatter<'_>| match p {
                    Some(p) => write!(w, "{}", iso_span(&p.span)),
                    None => Ok(()),
                }),
                Show(|w: &mut fmt::Formatter<'_>| match p {
                    Some(p) => write!(w, "{}", p.discharge),
                    None => Ok(()),
                }),
                Show(|w: &mut fmt::Formatter<'_>| match f.route {
                    Some(Route::BeforeDischarge) => {
                        w.write_str("; route 1 (§ 176 a stk. 1 nr. 1): decided before discharge")
                    }
                    Some(Route::AfterTemporary {
                        temporary,
                        discharge,
                        temporary_end,
                    }) => write!(
                        w,
                        "; route 2 (§ 176 a stk. 1 nr. 2): straight from the discharge on {discharge} into § 107 housing (temporary_housing[{temporary}], until {temporary_end}), support decided after that stay"
                    ),
                    None => Ok(()),
                }),
            )
        }
        TraceKind::SupportNotDecided => format!(
            "{span}: {n}{what} not refunded: not decided before discharge, and not after a § 107 stay that began on the discharge date (route 2) ({src})"
        ),
        TraceKind::TemporaryNotDecided => format!(
            "{span}: {n}{what} not refunded: not decided before discharge ({src})"
        ),
        TraceKind::TemporaryAllowanceUsed => format!(
            "{span}: {n}{what} not refunded: the period's {} refundable § 107 nights (six months from the first decided night, split stays adding up) are used ({src})",
            f.period.and_then(|p| p.allowance).unwrap_or_default()
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
    p.map(|p| {
        (
            da_span(&p.span).to_string(),
            format_date(p.discharge, Lang::Da),
        )
    })
    .unwrap_or_default()
}

fn danish(e: &TraceEntry) -> String {
    let f = &e.facts;
    let span = SpanShown(e.start, e.end, Lang::Da);
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
            | TraceKind::TemporaryAllowanceUsed
    );
    let n = nights_da(e.nights, support);
    let what = Show(|w: &mut fmt::Formatter<'_>| match &f.support {
        Some(s) => write!(
            w,
            " {}-bostøtte à {} om året",
            method_name(s.method, Lang::Da),
            format_kr(s.annual_cost, Lang::Da)
        ),
        None if temporary => w.write_str(" midlertidigt ophold (§ 107)"),
        None => Ok(()),
    });
    let window = Show(|w: &mut fmt::Formatter<'_>| match &f.window {
        Some(s) => write!(w, "{}", da_span(s)),
        None => Ok(()),
    });
    let cap_label = Show(|w: &mut fmt::Formatter<'_>| match f.cap {
        Some(c) => match (c.from_age, c.until_age, c.until) {
            (Some(0), Some(next), Some(until)) => write!(
                w,
                "loft {} nætter før {next}-års fødselsdagen, dvs. før {}",
                c.nights,
                DateShown(until, Lang::Da)
            ),
            (Some(age), _, _) => write!(
                w,
                "loft {} nætter fra {age}-års fødselsdagen, dvs. fra {}",
                c.nights,
                DateShown(c.from, Lang::Da)
            ),
            _ => write!(
                w,
                "loft {} nætter pr. vindue, gældende fra {}",
                c.nights,
                DateShown(c.from, Lang::Da)
            ),
        },
        None => Ok(()),
    });
    let sources = cite(e, Lang::Da);
    let src = main_source(e, Lang::Da);
    let date_da = |d: Date| DateShown(d, Lang::Da);
    match e.kind {
        TraceKind::WindowOpened => format!(
            "{}: et refusionsvindue åbner og løber til {}{}. {} af vinduets {} refunderes ({sources}).",
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
                .map(|p| match (p.reading, p.allowance, p.refunded) {
                    (Some(MonthsReading::Cumulative), Some(a), _) => format!(
                        " Op til {a} besluttede nætter på § 107 refunderes i perioden, også fordelt på flere ophold (seks måneder fra første besluttede nat lagt sammen)."
                    ),
                    (_, _, Some(r)) => {
                        format!(" Refusionsberettigede nætter på § 107: {}.", da_span(&r))
                    }
                    _ => String::new(),
                })
                .unwrap_or_default();
            format!(
                "{discharge}: udskrivningen åbner § 176 a-perioden for {what} {length}: {pspan}.{extra} En ny udskrivning i perioden starter den ikke forfra ({}).",
                cite(e, Lang::Da)
            )
        }
        TraceKind::ShelterBeforeReform => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen uden loft, fordi de ligger før reformen trådte i kraft {}. Kilder: {sources}.",
            rate_da(e),
            Show(|w: &mut fmt::Formatter<'_>| match f.reform_date {
                Some(d) => write!(w, "{}", date_da(d)),
                None => Ok(()),
            }),
        ),
        TraceKind::ShelterNoCap => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen uden loft under regelsættet {}. Kilder: {sources}.",
            rate_da(e),
            f.policy,
        ),
        TraceKind::ShelterRefunded => format!(
            "{span}: {n} refunderes med {} af taksten minus egenbetalingen ({cap_label}). Vinduet løber {window}. Kilder: {sources}.",
            rate_da(e),
        ),
        TraceKind::ShelterCapReached => format!(
            "{span}: {n} uden refusion, fordi vinduet {window} har nået loftet ({cap_label}; {src}).",
        ),
        TraceKind::SupportRefunded | TraceKind::TemporaryRefunded => {
            let (pspan, discharge) = period_da(f.period);
            format!(
                "{span}: {n}{what} refunderes med {} inden for § 176 a-perioden {pspan} efter udskrivningen {discharge}{} ({src}).",
                rate_da(e),
                Show(|w: &mut fmt::Formatter<'_>| match f.route {
                    Some(Route::BeforeDischarge) => w.write_str(
                        ", fordi støtten var besluttet før udskrivningen (§ 176 a, stk. 1, nr. 1)"
                    ),
                    Some(Route::AfterTemporary {
                        discharge,
                        temporary_end,
                        ..
                    }) => write!(
                        w,
                        ", fordi borgeren kom direkte fra udskrivningen {} i midlertidigt ophold efter § 107 (til {}), og støtten er besluttet efter det ophold (§ 176 a, stk. 1, nr. 2)",
                        date_da(discharge),
                        date_da(temporary_end)
                    ),
                    None => Ok(()),
                }),
            )
        }
        TraceKind::SupportNotDecided => format!(
            "{span}: {n}{what} uden refusion, fordi støtten ikke var besluttet før udskrivningen, og borgeren ikke kom direkte fra udskrivningen i et § 107-ophold, som støtten fulgte efter ({src})."
        ),
        TraceKind::TemporaryAllowanceUsed => format!(
            "{span}: {n}{what} uden refusion, fordi periodens {} refusionsberettigede nætter (seks måneder fra første besluttede nat, lagt sammen over flere ophold) er brugt ({src}).",
            f.period.and_then(|p| p.allowance).unwrap_or_default()
        ),
        TraceKind::TemporaryNotDecided => format!(
            "{span}: {n}{what} uden refusion, fordi opholdet ikke var besluttet før udskrivningen ({src})."
        ),
        TraceKind::SupportOutsidePeriod | TraceKind::TemporaryOutsidePeriod
            if f.reform_date.is_some() =>
        {
            format!(
                "{span}: {n}{what} uden refusion, fordi ingen udskrivning fra § 110 på eller efter reformdatoen {} har åbnet en § 176 a-periode ({}).",
                Show(|w: &mut fmt::Formatter<'_>| match f.reform_date {
                Some(d) => write!(w, "{}", date_da(d)),
                None => Ok(()),
            }),
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
