//! Every text the CLI itself writes, in Danish and English, in one place. Column keys of CSV
//! files are the core's (`refusion_core::model::export::COLUMNS`); the texts here are the
//! terminal's headings and sentences. Sentences with figures are functions of the language.

use refusion_core::model::amount::format_kr;
use refusion_core::model::locale::Lang;
use refusion_core::Money;

/// A text in Danish and English.
#[derive(Clone, Copy)]
pub struct L {
    da: &'static str,
    en: &'static str,
}

impl L {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.da, self.en)
    }
}

const fn l(da: &'static str, en: &'static str) -> L {
    L { da, en }
}

// Payers and columns.
pub const YEAR: L = l("År", "Year");
pub const GROSS: L = l("Bruttoudgift", "Gross");
pub const CITIZEN_PAYMENT: L = l("Borgerens egenbetaling", "Citizen payment");
pub const STATE_REFUSION: L = l("Statens refusion", "State refusion");
pub const MUNICIPAL_NET: L = l("Kommunens nettoudgift", "Municipal net");
pub const COL_GROSS: L = l("Brutto", "Gross");
pub const COL_CITIZEN: L = l("Egenbetaling", "Citizen");
pub const COL_REFUSION: L = l("Refusion", "Refusion");
pub const COL_NET: L = l("Kommunens netto", "Municipal net");
pub const DKK: L = l("kr.", "DKK");
/// The total row on the terminal.
pub const TOTAL: L = l("I alt", "Total");
/// The total row in CSV (as `PolicyComparison::to_csv` writes it).
pub const TOTAL_CSV: L = l("I alt", "total");
pub const POLICY: L = l("Regelsæt", "Policy");

// evaluate
pub const BY_YEAR: L = l("Pr. kalenderår", "By calendar year");
pub const LINES: L = l("Linjer", "Lines");
pub const SPELL: L = l("Forløb", "Spell");
pub const NIGHTS: L = l("Nætter", "Nights");
pub const REFUNDED: L = l("Refunderet", "Refunded");
pub const RULE: L = l("Regel", "Rule");
pub const EXPLANATION: L = l("Forklaring", "Explanation");

/// `§ 110 nights: 213 (120 refunded)`.
pub fn counted(lang: Lang, what: &str, n: i64, refunded: i64) -> String {
    match lang {
        Lang::Da => format!("{what}: {n} ({refunded} refunderet)"),
        Lang::En => format!("{what}: {n} ({refunded} refunded)"),
    }
}
pub const SHELTER_NIGHTS: L = l("§ 110-nætter", "§ 110 nights");
pub const SUPPORT_DAYS: L = l("§ 85 a-dage", "§ 85 a days");
pub const HOUSING_NIGHTS: L = l("§ 107-nætter", "§ 107 nights");

// compare
pub const NET_BY_YEAR: L = l(
    "Kommunens nettoudgift pr. kalenderår",
    "Municipal net by calendar year",
);
pub const CHEAPER_MUNICIPALITY: L = l("Billigst for kommunen", "Cheaper for the municipality");
pub const CHEAPER_PUBLIC: L = l(
    "Billigst for den offentlige sektor",
    "Cheaper for the public sector",
);
pub const NEITHER: L = l("ingen af dem (lige dyre)", "neither (equal)");

// break-even
pub const MUNICIPALITY: L = l("kommunen", "municipality");
pub const PUBLIC_SECTOR: L = l("den offentlige sektor", "public sector");
pub const OVER_HORIZON: L = l("Over hele horisonten", "Over the whole horizon");
pub const SUPPORT_PATHWAY: L = l("Støtteforløb", "Support pathway");
pub const STAY_THROUGHOUT: L = l("Ophold hele vejen", "Stay throughout");
pub const BREAK_EVEN_DEFINITION: L = l(
    "Definition: break-even-natten n er det mindste n, for hvilket n nætters ophold koster mere end udskrivning til støtteforløbet over hele horisonten (se README, Break-even).",
    "Definition: the break-even night n is the smallest n for which staying n nights costs more than discharge to the support pathway over the whole horizon (see README, Break-even).",
);

/// The first line of `refusion break-even`.
#[allow(clippy::too_many_arguments)]
pub fn break_even_setting(
    lang: Lang,
    admitted: &str,
    rate: &str,
    own: &str,
    method: &str,
    annual: &str,
    decided: bool,
    discharge: &str,
    last: &str,
) -> String {
    match lang {
        Lang::Da => format!(
            "Ophold indskrevet {admitted} til {rate} pr. nat (egenbetaling {own}); støtte: {method} til {annual} pr. år, {}, fra {discharge}; horisont til {last}.",
            if decided { "besluttet før udskrivning" } else { "IKKE besluttet før udskrivning" }
        ),
        Lang::En => format!(
            "Stay admitted {admitted} at {rate} per night (own payment {own}); support: {method} at {annual} per year, {}, from {discharge}; horizon to {last}.",
            if decided { "decided before discharge" } else { "NOT decided before discharge" }
        ),
    }
}

/// A break-even point found.
pub fn break_even_point(
    lang: Lang,
    who: &str,
    night: i64,
    date: &str,
    stay: &str,
    support: &str,
) -> String {
    match lang {
        Lang::Da => format!(
            "Break-even for {who}: nat {night} ({date}). {night} nætters ophold koster {stay} > {support} for støtteforløbet."
        ),
        Lang::En => format!(
            "Break-even for the {who}: night {night} ({date}). Staying {night} nights costs {stay} > {support} for the support pathway."
        ),
    }
}

/// No break-even point within the horizon.
pub fn break_even_none(lang: Lang, who: &str) -> String {
    match lang {
        Lang::Da => format!(
            "Break-even for {who}: ingen inden for horisonten (ophold er billigst hele vejen)."
        ),
        Lang::En => format!(
            "Break-even for the {who}: none within the horizon (staying is cheaper throughout)."
        ),
    }
}

// team
pub const ILLUSTRATIVE_TEAM: L = l(
    "ILLUSTRATIVT team: lønninger og udgifter er illustrative standardværdier uden kilde. Angiv en modelfil med jeres egne tal.",
    "ILLUSTRATIVE team: the salaries and costs are illustrative defaults, not sourced. Pass a model file for your own figures.",
);
pub const ROLE: L = l("Stilling", "Role");
pub const FUNCTION: L = l("Funktion", "Function");
pub const FTE: L = l("Årsværk", "FTE");
pub const SALARY_PER_FTE: L = l("Løn pr. årsværk", "Salary/FTE");
pub const ANNUAL: L = l("Pr. år", "Annual");
pub const DKK_PER_YEAR: L = l("kr. pr. år", "DKK per year");
pub const STAFF: L = l("Personale", "Staff");
pub const OPERATING: L = l("Drift", "Operating");
pub const OPERATING_TOTAL: L = l("Drift i alt", "Operating total");
pub const ESTABLISHMENT_PER_YEAR: L = l("Etablering pr. år", "Establishment per year");
pub const PER_YEAR: L = l("Pr. år", "Per year");
pub const PER_CITIZEN_YEAR: L = l("Pr. borgerår", "Per citizen-year");
pub const TOTAL_INCL_ESTABLISHMENT: L = l("I alt inkl. etablering", "Total incl. establishment");
pub const CASELOAD: L = l(
    "borgere ad gangen pr. team",
    "citizens a team supports at one time",
);
pub const TEAM: L = l("Team", "Team");
pub const WARNING: L = l("advarsel", "warning");

/// `Establishment (300,000.00 over 3 years)`.
pub fn establishment_spread(lang: Lang, cost: &str, years: u32) -> String {
    match lang {
        Lang::Da => format!("Etablering ({cost} fordelt over {years} år)"),
        Lang::En => format!("Establishment ({cost} over {years} years)"),
    }
}

/// The team's caseload and costs per citizen-year.
pub fn team_summary(lang: Lang, caseload: u32, operating: &str, total: &str) -> String {
    match lang {
        Lang::Da => format!(
            "Borgere ad gangen pr. team: {caseload}\nDriftsudgift pr. borgerår: {operating}\nI alt inkl. etablering pr. borgerår: {total}"
        ),
        Lang::En => format!(
            "Caseload: {caseload} citizens a team supports at one time\nOperating cost per citizen-year: {operating}\nTotal incl. establishment per citizen-year: {total}"
        ),
    }
}

/// Where a cost per citizen-year falls against the Rambøll range (Danish; the English sentence
/// is the core's).
pub fn placement_da(
    cost: Money,
    position: refusion_core::planning::team::Position,
    low: Money,
    high: Money,
    mean: Money,
    vs_mean_percent: &str,
    source: &str,
) -> String {
    use refusion_core::planning::team::Position;
    let lang = Lang::Da;
    let where_ = match position {
        Position::BelowRange => "under intervallet",
        Position::WithinRange => "inden for intervallet",
        Position::AboveRange => "over intervallet",
    };
    let pct = vs_mean_percent.trim_start_matches('-').replace('.', ",");
    let relation = match cost.cmp(&mean) {
        std::cmp::Ordering::Less => format!("{pct} % under"),
        std::cmp::Ordering::Greater => format!("{pct} % over"),
        std::cmp::Ordering::Equal => "lig med".to_string(),
    };
    format!(
        "{} pr. borgerår ligger {where_} {}–{} og {relation} gennemsnittet {} ({source}; kun driftsudgifter)",
        format_kr(cost, lang),
        refusion_core::model::amount::format_amount(low, lang),
        format_kr(high, lang),
        format_kr(mean, lang)
    )
}

// params
pub const PARAMETER: L = l("Parameter", "Parameter");
pub const VALUE: L = l("Værdi", "Value");
pub const FROM: L = l("Fra", "From");
pub const SOURCE: L = l("Kilde", "Source");
pub const AGE: L = l("alder", "age");
pub const NOT_USED: L = l("bruges ikke", "not used");
pub const OVERRIDE_NAMES: L = l("Navne til ændringer (overrides):", "Override names:");
pub const OVERRIDE_HOW: L = l(
    "Ændr enhver af dem i et scenarie med \"policy\": {\"preset\": …, \"overrides\": {…}}.",
    "Override any of them in a scenario with \"policy\": {\"preset\": …, \"overrides\": {…}}.",
);
pub const ILLUSTRATIVE_DEFAULTS: L = l(
    "Illustrative standardværdier (ingen kilde; erstat dem med jeres egne)",
    "Illustrative defaults (no source; replace them with your own)",
);
pub const NAME: L = l("Navn", "Name");
pub const WHAT: L = l("Hvad det er", "What it is");
pub const BASIS: L = l("Grundlag", "Basis");

// register
/// The first line of `refusion register`.
pub fn register_title(
    lang: Lang,
    title: &str,
    policy: &str,
    rows: usize,
    citizens: usize,
) -> String {
    match lang {
        Lang::Da => format!("{title} (regelsæt: {policy}): {rows} rækker, {citizens} borgere"),
        Lang::En => format!("{title} (policy: {policy}): {rows} rows, {citizens} citizens"),
    }
}
pub const REFUND_CLAIM: L = l(
    "Refusionskolonnen er kommunens refusionskrav på staten, pr. kalenderår.",
    "The refusion column is the municipality's refund claim on the state, by calendar year.",
);

/// The first line of `refusion register --compare`.
pub fn register_comparison_title(lang: Lang, file: &str) -> String {
    match lang {
        Lang::Da => format!("Register {file}: kommunens nettoudgift under to regelsæt"),
        Lang::En => format!("Register {file}: the municipality's net cost under two policies"),
    }
}
pub const COMPARED_POLICY: L = l("Regelsæt", "Policy");
pub const COMPARED_BASE: L = l("Sammenlignet med", "Base");
pub const DIFFERENCE_IS: L = l(
    "Forskel = regelsæt − sammenligningsgrundlag: en positiv forskel er, hvad ændringen koster kommunen, en negativ, hvad den sparer.",
    "Difference = policy − base: a positive difference is what the change costs the municipality, a negative one what it saves.",
);
/// `Net, statutory`.
pub fn net_under(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("Netto, {name}"),
        Lang::En => format!("Net, {name}"),
    }
}
pub const NET_DIFFERENCE: L = l("Forskel, netto", "Difference, net");
pub const REFUND_DIFFERENCE: L = l("Forskel, statens refusion", "Difference, state refund");

/// The closing sentence of `refusion register --compare`: what the change costs in all.
pub fn register_comparison_summary(
    lang: Lang,
    policy: &str,
    base: &str,
    net: Money,
    refund: Money,
) -> String {
    let abs = |m: Money| {
        let a = if m.is_negative() {
            Money::ZERO.checked_sub(m).unwrap_or(m)
        } else {
            m
        };
        format_kr(a, lang)
    };
    let zero = Money::ZERO;
    match lang {
        Lang::Da => {
            let net_part = match net.cmp(&zero) {
                std::cmp::Ordering::Greater => {
                    format!("koster ændringen kommunen {} mere", abs(net))
                }
                std::cmp::Ordering::Less => format!("sparer ændringen kommunen {}", abs(net)),
                std::cmp::Ordering::Equal => "ændrer ændringen ikke kommunens nettoudgift".into(),
            };
            let refund_part = match refund.cmp(&zero) {
                std::cmp::Ordering::Greater => format!("staten refunderer {} mere", abs(refund)),
                std::cmp::Ordering::Less => format!("staten refunderer {} mindre", abs(refund)),
                std::cmp::Ordering::Equal => "statens refusion er uændret".into(),
            };
            format!("I alt {net_part} ({policy} over for {base}); {refund_part}.")
        }
        Lang::En => {
            let net_part = match net.cmp(&zero) {
                std::cmp::Ordering::Greater => format!("costs the municipality {} more", abs(net)),
                std::cmp::Ordering::Less => format!("saves the municipality {}", abs(net)),
                std::cmp::Ordering::Equal => "does not change the municipality's net cost".into(),
            };
            let refund_part = match refund.cmp(&zero) {
                std::cmp::Ordering::Greater => format!("the state refunds {} more", abs(refund)),
                std::cmp::Ordering::Less => format!("the state refunds {} less", abs(refund)),
                std::cmp::Ordering::Equal => "the state's refund is unchanged".into(),
            };
            format!("In all, the change ({policy} against {base}) {net_part}; {refund_part}.")
        }
    }
}

// budget and plan
pub const SHELTER_BASE: L = l("Herberg (status quo)", "Shelter (base)");
pub const SHELTER_PLAN: L = l("Herberg (plan)", "Shelter (plan)");
pub const SUPPORT_PLAN: L = l("Støtte (plan)", "Support (plan)");
pub const REFUSION_EFFECT: L = l("Refusionseffekt", "Refusion effect");
pub const MUNICIPAL_EFFECT: L = l("Kommunal effekt", "Municipal effect");
pub const TEAMS: L = l("Antal team", "Teams");
pub const ESTABLISHMENT: L = l("Etablering", "Establishment");
pub const MUNICIPAL_TOTAL: L = l("Kommunen i alt", "Municipal total");
pub const PRESENT_VALUE: L = l("Nutidsværdi", "Present value");

/// The first lines of `refusion budget`.
pub fn budget_title(lang: Lang, policy: &str, rate: &str, share: i64, caseload: u32) -> String {
    match lang {
        Lang::Da => format!(
            "Budgeteffekt (plan − status quo), regelsæt {policy}, diskonteringsrente {rate}\n\
             Andel af de berettigede borgere, der udskrives til støtte: {share} %; borgere ad gangen pr. team: {caseload}"
        ),
        Lang::En => format!(
            "Budget effect (plan − status quo), policy {policy}, discount rate {rate}\n\
             Share of the eligible citizens discharged to support: {share} %; citizens a team supports at one time (caseload): {caseload}"
        ),
    }
}

/// `M-ACT mean (104,000.00 per citizen-year, which implies 462,222.22 per FTE)`: the cost per
/// FTE that the annual cost implies (`annual cost × caseload ÷ team size`).
pub fn budget_variant(lang: Lang, label: &str, cost: &str, per_fte: Option<&str>) -> String {
    match (lang, per_fte) {
        (Lang::Da, Some(f)) => {
            format!("M-ACT {label} ({cost} pr. borgerår, hvilket svarer til {f} pr. årsværk)")
        }
        (Lang::Da, None) => format!("M-ACT {label} ({cost} pr. borgerår)"),
        (Lang::En, Some(f)) => {
            format!("M-ACT {label} ({cost} per citizen-year, which implies {f} per FTE)")
        }
        (Lang::En, None) => format!("M-ACT {label} ({cost} per citizen-year)"),
    }
}

/// The totals under a variant's table.
pub fn budget_totals(lang: Lang, total: &str, pv: &str) -> String {
    match lang {
        Lang::Da => format!("  Kommunens samlede effekt {total}; nutidsværdi {pv}"),
        Lang::En => format!("  Total municipal effect {total}; present value {pv}"),
    }
}
pub const BUDGET_FOOTER: L = l(
    "Negative tal er besparelser. Teams = ekstra borgerår med støtte ÷ borgere ad gangen pr. team, rundet op; årsværk = teams × teamets størrelse.",
    "Negative figures are savings. Teams = extra citizen-years of support ÷ citizens a team supports at one time (caseload), rounded up; FTE = teams × team size.",
);

/// The first line of `refusion plan`.
pub fn plan_title(lang: Lang, policy: &str, rate: &str) -> String {
    match lang {
        Lang::Da => {
            format!("Plan over for status quo, regelsæt {policy}, diskonteringsrente {rate}")
        }
        Lang::En => format!("Plan against baseline, policy {policy}, discount rate {rate}"),
    }
}

/// The last line of `refusion plan`.
pub fn plan_totals(lang: Lang, total: &str, pv: &str) -> String {
    match lang {
        Lang::Da => format!(
            "Kommunens samlede effekt {total} (nutidsværdi {pv}). Negative tal er besparelser."
        ),
        Lang::En => format!(
            "Total municipal effect {total} (present value {pv}). Negative figures are savings."
        ),
    }
}

// monte-carlo and tornado
/// The first line of `refusion monte-carlo`.
pub fn monte_carlo_title(lang: Lang, draws: u32, seed: u64) -> String {
    match lang {
        Lang::Da => format!(
            "Monte Carlo: {draws} træk, startværdi {seed} — kommunens nettoeffekt (plan − status quo)"
        ),
        Lang::En => format!(
            "Monte Carlo: {draws} draws, seed {seed} — the municipality's net effect (plan − baseline)"
        ),
    }
}
pub const MIN: L = l("Mindste", "Min");
pub const MAX: L = l("Største", "Max");

/// The first line of `refusion tornado`.
pub fn tornado_title(lang: Lang, base: &str) -> String {
    match lang {
        Lang::Da => format!("Tornado: kommunens samlede effekt {base} ved grundværdierne"),
        Lang::En => format!("Tornado: total municipal effect {base} at the base values"),
    }
}
pub const INPUT: L = l("Usikker størrelse", "Input");
pub const LOW: L = l("Lav", "Low");
pub const HIGH: L = l("Høj", "High");
pub const AT_LOW: L = l("Ved lav", "At low");
pub const AT_HIGH: L = l("Ved høj", "At high");
pub const SWING: L = l("Udsving", "Swing");

// reference
/// The M-ACT reference.
#[allow(clippy::too_many_arguments)]
pub fn reference_m_act(
    lang: Lang,
    mean: &str,
    low: &str,
    high: &str,
    scope: &str,
    municipalities: &str,
    price_year: i32,
    basis: &str,
    citation: &str,
    url: &str,
) -> String {
    match lang {
        Lang::Da => format!(
            "M-ACT: gennemsnit {mean} kr. pr. borgerår, interval {low}–{high} ({scope}; {municipalities}).\n  Prisniveau: {price_year} ({basis}).\n  Kilde: {citation} <{url}>"
        ),
        Lang::En => format!(
            "M-ACT: mean {mean} DKK per citizen-year, range {low}–{high} ({scope}; {municipalities}).\n  Price level: {price_year} ({basis}).\n  Source: {citation} <{url}>"
        ),
    }
}

/// The ACT reference.
pub fn reference_act(
    lang: Lang,
    mean: &str,
    scope: &str,
    price_year: i32,
    basis: &str,
    citation: &str,
    url: &str,
) -> String {
    match lang {
        Lang::Da => format!(
            "ACT:   {mean} kr. pr. borgerår ({scope}).\n  Prisniveau: {price_year} ({basis}).\n  Kilde: {citation} <{url}>"
        ),
        Lang::En => format!(
            "ACT:   {mean} DKK per citizen-year ({scope}).\n  Price level: {price_year} ({basis}).\n  Source: {citation} <{url}>"
        ),
    }
}
pub const M_ACT_MEAN: L = l("M-ACT, gennemsnit", "M-ACT mean");
pub const M_ACT_LOW: L = l("M-ACT, lavest", "M-ACT low");
pub const M_ACT_HIGH: L = l("M-ACT, højest", "M-ACT high");
pub const ACT_MEAN: L = l("ACT, gennemsnit", "ACT mean");
pub const PLACED: L = l(
    "Placeret udgift pr. borgerår",
    "Cost per citizen-year placed",
);
pub const PRICE_LEVEL: L = l("prisniveau", "price level");

/// A preset shown by its plain title and its name: `The rules in force (statutory)`.
pub fn titled(title: &str, name: &str) -> String {
    if title.is_empty() {
        name.to_string()
    } else {
        format!("{title} ({name})")
    }
}
