//! `refusion`: the command-line front end of the refusion model.
//!
//! Exit codes: 0 success, 1 invalid input (the message names the field), 2 usage error,
//! 3 a file could not be read.

mod citizens;
mod labels;
mod render;
mod table;
mod workbook;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use std::io::Write as _;

use refusion_core::model::amount::parse_typed;
use refusion_core::model::export::Dialect;
use refusion_core::model::locale::{Lang, Texts};
use refusion_core::planning::budget::BudgetQuery;
use refusion_core::planning::pathway::{BreakEvenQuery, SupportOffer};
use refusion_core::planning::team::{self, TeamModel};
use refusion_core::planning::uncertainty;
use refusion_core::population::{cohort, register::csv as register_csv};
use refusion_core::{
    calendar, model::read, Citizen, Engine, Error, Money, PolicySpec, Scenario, SupportMethod,
};
use serde::Serialize;

/// Exact costs and state refunds of Danish homelessness support (§ 110, § 85 a, § 107).
#[derive(Parser)]
#[command(name = "refusion", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate a scenario file (JSON or TOML): totals by payer, years, lines and the trace.
    Evaluate {
        /// The scenario file.
        file: PathBuf,
        /// Use this policy preset instead of the one in the file.
        #[arg(long)]
        policy: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Compare two scenario files side by side (B − A, by payer and year).
    Compare {
        /// Pathway A.
        a: PathBuf,
        /// Pathway B.
        b: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// Find the night from which discharge to home support is cheaper than staying.
    #[command(name = "break-even")]
    BreakEven(BreakEvenArgs),
    /// Cost per citizen-year of an M-ACT team, placed against the Rambøll reference.
    Team {
        /// A team model file (JSON or TOML); without it, the illustrative default team.
        file: Option<PathBuf>,
        /// Override the caseload: the citizens the team supports at one time.
        #[arg(long)]
        caseload: Option<u32>,
        #[command(flatten)]
        out: Output,
    },
    /// List every source the rules and figures cite, and what uses it.
    Sources {
        /// Print the Markdown of docs/sources.md (with addresses and quotes).
        #[arg(long)]
        markdown: bool,
        /// Print JSON instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// List the rule parameters of a policy with their effective dates and sources.
    Params {
        /// The policy preset.
        #[arg(long, default_value = "statutory")]
        policy: String,
        #[command(flatten)]
        out: Output,
    },
    /// Evaluate a stay register (CSV, or an Excel/OpenDocument workbook's first visible sheet;
    /// grouped by citizen): totals per year and payer; or, with --compare, the same register
    /// under two policies. A CSV is streamed; a workbook is read whole.
    Register {
        /// The register: CSV (`-` for standard input), .xlsx or .ods.
        file: PathBuf,
        /// The § 85 a support rows: CSV, .xlsx or .ods.
        #[arg(long)]
        support: Option<PathBuf>,
        /// Policy preset (default statutory).
        #[arg(long)]
        policy: Option<String>,
        /// Compare against this preset (e.g. reform-2023, pre-reform), or name a ready
        /// comparison (step-2026, reform) for its base and policy: the municipality's net cost
        /// under each per year, and the difference (policy − base).
        #[arg(long, value_name = "PRESET")]
        compare: Option<String>,
        /// Write one line per citizen to this CSV file (in the --csv-dialect, default en).
        #[arg(long, conflicts_with = "compare")]
        citizens_out: Option<PathBuf>,
        /// With --xlsx: put this citizen's explanation in a sheet of its own.
        #[arg(
            long,
            value_name = "CITIZEN_ID",
            requires = "xlsx",
            conflicts_with = "compare"
        )]
        explain: Option<String>,
        #[command(flatten)]
        book: workbook::XlsxOut,
        #[command(flatten)]
        out: Output,
    },
    /// Generate a seeded synthetic stay register (CSV), calibrated to published figures.
    Cohort {
        /// Citizens to generate.
        #[arg(long)]
        citizens: u32,
        /// The seed.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Years followed.
        #[arg(long, default_value_t = 1)]
        years: u32,
        /// First year.
        #[arg(long, default_value_t = 2026)]
        first_year: i32,
        /// The benchmark workload W: 1–6 stays each over 3 years, 30 % with support.
        #[arg(long)]
        workload_w: bool,
        /// Where to write the register CSV.
        #[arg(long)]
        out: PathBuf,
        /// Where to write the support CSV.
        #[arg(long)]
        support_out: Option<PathBuf>,
    },
    /// The budget effect of discharging eligible citizens from shelter to M-ACT (representative
    /// cohorts), low/mean/high. The query's caseload is the citizens a team supports at one time.
    Budget {
        /// A budget query file (JSON or TOML).
        file: PathBuf,
        #[command(flatten)]
        book: workbook::XlsxOut,
        #[command(flatten)]
        out: Output,
    },
    /// A plan on a generated cohort: baseline against plan, by year and payer.
    Plan {
        /// A plan query file (JSON or TOML).
        file: PathBuf,
        #[command(flatten)]
        book: workbook::XlsxOut,
        #[command(flatten)]
        out: Output,
    },
    /// Monte Carlo: P5/P50/P95 of the municipality's net effect per year.
    #[command(name = "monte-carlo")]
    MonteCarlo {
        /// A file with `plan` or `budget`, and optionally `run` (draws, seed, distributions).
        file: PathBuf,
        /// Override the number of draws.
        #[arg(long)]
        draws: Option<u32>,
        /// Override the seed.
        #[arg(long)]
        seed: Option<u64>,
        #[command(flatten)]
        book: workbook::XlsxOut,
        #[command(flatten)]
        out: Output,
    },
    /// One-at-a-time sensitivity (tornado) of the total municipal effect.
    Tornado {
        /// A file with `plan` or `budget`, and optionally `run.uncertain`.
        file: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// Show the M-ACT reference figures, or place a cost per citizen-year against them.
    Reference {
        /// A cost per citizen-year to place, e.g. 95000.
        #[arg(long)]
        place: Option<String>,
        #[command(flatten)]
        out: Output,
    },
}

#[derive(Args, Clone, Copy)]
struct Output {
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// The language of the tables and texts: en or da (Danish labels, 1.234,50, 1. feb. 2026).
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// Write the tables as CSV instead: en (`,`, decimal point, column keys) or da (`;`,
    /// decimal comma, Danish headers, BOM; for Danish Excel).
    #[arg(long, value_name = "DIALECT", conflicts_with = "json")]
    csv_dialect: Option<Dialect>,
}

impl Output {
    /// The report as tables on the terminal, or as CSV in the dialect (whose language the
    /// texts in its cells then take).
    fn emit(self, report: impl FnOnce(Lang) -> table::Report) -> String {
        match self.csv_dialect {
            Some(d) => report(dialect_lang(d)).csv(d),
            None => report(self.lang).screen(self.lang),
        }
    }
}

/// The language of a CSV dialect.
fn dialect_lang(d: Dialect) -> Lang {
    match d {
        Dialect::Da => Lang::Da,
        Dialect::En => Lang::En,
    }
}

#[derive(Args)]
struct BreakEvenArgs {
    /// A break-even query file (JSON or TOML); the flags below build one instead.
    file: Option<PathBuf>,
    /// Citizen's birth date (YYYY-MM-DD).
    #[arg(long)]
    birth_date: Option<String>,
    /// Admission date of the current stay.
    #[arg(long)]
    admitted: Option<String>,
    /// Shelter rate per night, e.g. 1400.
    #[arg(long)]
    daily_rate: Option<String>,
    /// Own payment per night, e.g. 100.
    #[arg(long, default_value = "0")]
    own_payment: String,
    /// Discharge date of the support pathway (default: the day after admission).
    #[arg(long)]
    discharge: Option<String>,
    /// Support method: m-act, act, icm, cti or other.
    #[arg(long, default_value = "m-act")]
    method: String,
    /// Annual cost of the support (default: the Rambøll M-ACT mean; see `refusion reference`).
    #[arg(long)]
    annual_cost: Option<String>,
    /// The support is NOT decided before discharge (no § 176 a refund).
    #[arg(long)]
    not_decided: bool,
    /// Horizon in years from admission (1–10).
    #[arg(long, default_value_t = 2)]
    horizon_years: u32,
    /// Policy preset.
    #[arg(long, default_value = "statutory")]
    policy: String,
    #[command(flatten)]
    out: Output,
}

/// A failure and its exit code.
enum Failure {
    Input(Error),
    Read(PathBuf, std::io::Error),
    /// A panic (there is no known way to reach one).
    Internal,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The core has no panicking paths; should one ever be reached, it is an error of the
    // contract's `internal` kind, not a crash (docs/errors.md).
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| run(cli.command)).unwrap_or(Err(Failure::Internal));
    match outcome {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(Failure::Input(e)) => {
            eprintln!("refusion: error [{}] {e}", e.code());
            ExitCode::from(1)
        }
        Err(Failure::Read(path, e)) => {
            eprintln!("refusion: cannot read {}: {e}", path.display());
            ExitCode::from(3)
        }
        Err(Failure::Internal) => {
            eprintln!(
                "refusion: error [internal] internal error in refusion-core (please report it with the input)"
            );
            ExitCode::from(1)
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Input(e)
    }
}

/// A file's text: unreadable is exit 3; not UTF-8 is an input error (`syntax`, exit 1).
fn read(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::Read(path.to_path_buf(), e))?;
    Ok(read::text_of(&bytes)?.to_string())
}

fn parse_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Failure> {
    let text = read(path)?;
    let is_toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let parsed = if is_toml {
        read::from_toml_str(&text)
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        read::from_json_str(&text)
    } else {
        read::from_str_auto(&text)
    };
    Ok(parsed?)
}

fn open(path: &Path) -> Result<Box<dyn std::io::Read>, Failure> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin()));
    }
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn std::io::Read>)
        .map_err(|e| Failure::Read(path.to_path_buf(), e))
}

/// A CSV field, quoted when needed.
fn write_cohort(c: &cohort::Cohort, out: &Path, support_out: Option<&Path>) -> Result<(), Failure> {
    fn io(p: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
        move |e| Failure::Read(p.to_path_buf(), e)
    }
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).map_err(io(out))?);
    writeln!(
        w,
        "citizen_id,birth_date,admitted,discharged,daily_rate,own_payment_per_night"
    )
    .map_err(io(out))?;
    for m in &c.members {
        for s in &m.stays {
            writeln!(
                w,
                "{},{},{},{},{},{}",
                m.citizen_id,
                m.birth_date,
                s.admitted,
                s.discharged,
                s.daily_rate,
                s.own_payment_per_night
            )
            .map_err(io(out))?;
        }
    }
    std::io::Write::flush(&mut w).map_err(io(out))?;
    if let Some(path) = support_out {
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(io(path))?);
        writeln!(
            w,
            "citizen_id,method,start,end,annual_cost,decided_before_discharge,decided_on"
        )
        .map_err(io(path))?;
        for m in &c.members {
            for h in &m.support {
                writeln!(
                    w,
                    "{},{},{},{},{},{},{}",
                    m.citizen_id,
                    h.method,
                    h.start,
                    h.end,
                    h.annual_cost,
                    h.decided_before_discharge
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    h.decided_on.map(|d| d.to_string()).unwrap_or_default()
                )
                .map_err(io(path))?;
            }
        }
        std::io::Write::flush(&mut w).map_err(io(path))?;
    }
    Ok(())
}

fn json<T: Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| {
            Failure::Input(Error::new(
                refusion_core::ErrorKind::Syntax,
                "",
                e.to_string(),
            ))
        })
}

fn flag<T>(name: &str, value: Option<T>) -> Result<T, Failure> {
    value.ok_or_else(|| {
        Failure::Input(Error::new(
            refusion_core::ErrorKind::MissingField,
            format!("--{name}"),
            format!("give --{name}, or a query file"),
        ))
    })
}

fn date_flag(name: &str, value: Option<&String>) -> Result<calendar::Date, Failure> {
    let text = flag(name, value)?;
    Ok(calendar::parse_date(text).map_err(|e| e.at(format!("--{name}")))?)
}

/// An amount typed on the command line: the Danish rule of typed amounts (`1.400`, `104 000`,
/// `1.234,50 kr.` are all read as people mean them).
fn money_flag(name: &str, text: &str) -> Result<Money, Failure> {
    Ok(parse_typed(text).map_err(|e| e.at(format!("--{name}")))?)
}

/// Reads a whole file (or standard input for `-`) into memory.
fn read_all(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open(path)?, &mut bytes)
        .map_err(|e| Failure::Read(path.to_path_buf(), e))?;
    Ok(bytes)
}

/// Writes a register's workbook, with one citizen's explanation when `explain` names one.
fn write_register_book(
    engine: &Engine,
    policy: &refusion_core::Policy,
    spec: &PolicySpec,
    book: &workbook::XlsxOut,
    (result, cols, support): (
        &refusion_core::population::register::ColumnsResult,
        &register_csv::CsvColumns,
        &[refusion_core::SupportRow],
    ),
    explain: Option<&str>,
) -> Result<(), Failure> {
    let evaluation = match explain {
        Some(id) => {
            let scenario = cols.scenario_of(id, support, spec.clone()).ok_or_else(|| {
                refusion_core::Error::new(
                    refusion_core::ErrorKind::InvalidParameter,
                    "explain",
                    format!("no citizen {id:?} in the register"),
                )
            })?;
            Some((id, engine.evaluate(&scenario)?))
        }
        None => None,
    };
    let explained = evaluation
        .as_ref()
        .map(|(id, e)| refusion_xlsx::write::Explained {
            citizen_id: id,
            evaluation: e,
        });
    let citizen_id = |g: usize| cols.citizen_id(g).to_string();
    let tables = refusion_xlsx::write::RegisterTables {
        result,
        citizen_id: &citizen_id,
    };
    book.write(|lang| {
        refusion_xlsx::write::register_workbook(engine, policy, &tables, explained.as_ref(), lang)
    })
}

/// What `register --compare NAME` compares.
struct Compared<'c> {
    base: String,
    policy: String,
    /// The question of a ready comparison ("What does the 2026 step … cost?").
    question: Option<&'c Texts>,
}

/// NAME is a preset (against `--policy`, default statutory) or a ready comparison (its base
/// and policy).
fn compared<'c>(
    catalog: &'c refusion_core::ParameterCatalog,
    name: &str,
    policy: Option<&str>,
) -> Result<Compared<'c>, Failure> {
    if let Some(c) = catalog.comparisons.get(name) {
        if let Some(p) = policy.filter(|p| *p != c.policy) {
            return Err(Failure::Input(Error::new(
                refusion_core::ErrorKind::InvalidParameter,
                "--policy",
                format!(
                    "--compare {name} compares {} against {}, not {p}; leave out --policy, or compare with a preset (e.g. --policy {p} --compare {})",
                    c.policy, c.base, c.base
                ),
            )));
        }
        return Ok(Compared {
            base: c.base.clone(),
            policy: c.policy.clone(),
            question: Some(&c.title),
        });
    }
    if catalog.presets.contains_key(name) {
        return Ok(Compared {
            base: name.to_string(),
            policy: policy.unwrap_or("statutory").to_string(),
            question: None,
        });
    }
    Err(Failure::Input(Error::new(
        refusion_core::ErrorKind::UnknownPolicy,
        "--compare",
        format!(
            "unknown preset or comparison {name:?}; presets: {}; ready comparisons: {}",
            catalog.preset_names().join(", "),
            catalog
                .comparisons
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )))
}

fn run(command: Command) -> Result<String, Failure> {
    let engine = Engine::new()?;
    let catalog = engine.catalog();
    match command {
        Command::Evaluate { file, policy, out } => {
            let mut s: Scenario = parse_file(&file)?;
            if let Some(p) = policy {
                s.policy = PolicySpec::Preset(p);
            }
            let r = engine.evaluate(&s)?;
            if out.json {
                return json(&r);
            }
            let title = s.name.clone().unwrap_or_else(|| file.display().to_string());
            Ok(out.emit(|lang| {
                render::evaluation(
                    &title,
                    &render::policy_shown(catalog, &r.policy, lang),
                    &r,
                    lang,
                )
            }))
        }
        Command::Compare { a, b, out } => {
            let mut sa: Scenario = parse_file(&a)?;
            let mut sb: Scenario = parse_file(&b)?;
            sa.name.get_or_insert_with(|| a.display().to_string());
            sb.name.get_or_insert_with(|| b.display().to_string());
            let c = engine.compare(&sa, &sb)?;
            if out.json {
                return json(&c);
            }
            Ok(out.emit(|lang| render::comparison(&c, lang)))
        }
        Command::BreakEven(args) => {
            let query: BreakEvenQuery = match &args.file {
                Some(f) => parse_file(f)?,
                None => BreakEvenQuery {
                    policy: PolicySpec::Preset(args.policy.clone()),
                    citizen: Citizen {
                        birth_date: date_flag("birth-date", args.birth_date.as_ref())?,
                    },
                    earlier_stays: Vec::new(),
                    admitted: date_flag("admitted", args.admitted.as_ref())?,
                    daily_rate: money_flag(
                        "daily-rate",
                        flag("daily-rate", args.daily_rate.as_deref())?,
                    )?,
                    own_payment_per_night: money_flag("own-payment", &args.own_payment)?,
                    discharge: match &args.discharge {
                        Some(_) => Some(date_flag("discharge", args.discharge.as_ref())?),
                        None => None,
                    },
                    support: SupportOffer {
                        method: SupportMethod::parse(&args.method).map_err(|e| e.at("--method"))?,
                        annual_cost: match &args.annual_cost {
                            Some(text) => money_flag("annual-cost", text)?,
                            None => catalog.reference.m_act.mean,
                        },
                        decided_before_discharge: !args.not_decided,
                    },
                    horizon_years: args.horizon_years,
                },
            };
            let b = engine.break_even(&query)?;
            if args.out.json {
                return json(&b);
            }
            Ok(args.out.emit(|lang| render::break_even(&query, &b, lang)))
        }
        Command::Team {
            file,
            caseload,
            out,
        } => {
            let mut model: TeamModel = match &file {
                Some(f) => parse_file(f)?,
                None => TeamModel::illustrative(),
            };
            if let Some(c) = caseload {
                model.caseload = c;
            }
            let cost = team::team_cost(&model, catalog)?;
            if out.json {
                return json(&serde_json::json!({ "model": model, "cost": cost }));
            }
            Ok(out.emit(|lang| render::team(&model, &cost, lang)))
        }
        Command::Params { policy, out } => {
            let p = engine.resolve(&PolicySpec::Preset(policy))?;
            let view = catalog.view(&p);
            if out.json {
                return json(&view);
            }
            let illustrative = engine.defaults().illustrative;
            Ok(out.emit(|lang| {
                let title = catalog
                    .presets
                    .get(&view.preset)
                    .map_or("", |p| p.title.get(lang));
                render::params(&view, title, &illustrative, lang)
            }))
        }
        Command::Sources {
            markdown,
            json: as_json,
        } => {
            if as_json {
                json(&catalog.to_json().get("sources"))
            } else {
                Ok(render::sources(catalog, markdown))
            }
        }
        Command::Register {
            file,
            support,
            policy,
            compare,
            citizens_out,
            explain,
            book,
            out,
        } => {
            // A CSV is streamed; a workbook (or a register that goes into a workbook) is read
            // whole, and its errors name the sheet, row and column.
            let whole = book.xlsx.is_some()
                || workbook::is_workbook(&file)?
                || support
                    .as_deref()
                    .map(workbook::is_workbook)
                    .transpose()?
                    .unwrap_or(false);
            let register = if whole {
                Some(workbook::read_register(&file, support.as_deref())?)
            } else {
                None
            };
            let support_rows = match (&register, &support) {
                (Some(r), _) => r.support_rows()?,
                // Its errors name `support line N`.
                (None, Some(p)) => register_csv::read_support(open(p)?)?,
                (None, None) => Vec::new(),
            };
            let locate = |e: refusion_core::Error| match &register {
                Some(r) => r.locate(e),
                None => e,
            };
            if let Some(name) = compare {
                let what = compared(catalog, &name, policy.as_deref())?;
                let base = engine.resolve(&PolicySpec::Preset(what.base.clone()))?;
                let policy = engine.resolve(&PolicySpec::Preset(what.policy.clone()))?;
                let stays = match &register {
                    Some(r) => r.stays_csv().to_vec(),
                    None => read_all(&file)?,
                };
                let c = register_csv::compare_csv(&engine, &base, &policy, &stays, &support_rows)
                    .map_err(locate)?;
                book.write(|lang| refusion_xlsx::write::comparison_workbook(&engine, &c, lang))?;
                if out.json {
                    return json(&c);
                }
                if let Some(d) = out.csv_dialect {
                    return Ok(c.to_csv(d));
                }
                let lang = out.lang;
                let file = file.display().to_string();
                let what = render::Compared {
                    file: &file,
                    policy: render::policy_shown(catalog, &what.policy, lang),
                    base: render::policy_shown(catalog, &what.base, lang),
                    question: what.question.map(|q| q.get(lang)),
                };
                return Ok(render::register_comparison(&what, &c, lang));
            }
            let spec = PolicySpec::Preset(policy.unwrap_or_else(|| "statutory".into()));
            let policy = engine.resolve(&spec)?;
            let mut writer = match &citizens_out {
                Some(p) => Some(citizens::Writer::new(
                    std::io::BufWriter::new(
                        std::fs::File::create(p).map_err(|e| Failure::Read(p.clone(), e))?,
                    ),
                    out.csv_dialect.unwrap_or_default(),
                )),
                None => None,
            };
            // With --xlsx, the whole result (from one evaluation) goes into the workbook, and
            // gives the summary too unless --citizens-out streams the citizens.
            let whole = match (&register, &book.xlsx) {
                (Some(r), Some(_)) => Some(r.evaluate(&engine, &policy, true)?),
                _ => None,
            };
            if let Some((result, cols, support)) = &whole {
                write_register_book(
                    &engine,
                    &policy,
                    &spec,
                    &book,
                    (result, cols, support),
                    explain.as_deref(),
                )?;
            }
            let summary = match (&whole, writer.is_none()) {
                (Some((result, _, _)), true) => {
                    refusion_core::population::register::RegisterSummary {
                        policy: result.policy.clone(),
                        rows: result.rows,
                        citizens: result.citizens.len(),
                        years: result.years.clone(),
                        totals: result.totals,
                    }
                }
                _ => {
                    let stays: Box<dyn std::io::Read> = match &register {
                        Some(r) => Box::new(std::io::Cursor::new(r.stays_csv().to_vec())),
                        None => open(&file)?,
                    };
                    register_csv::evaluate_csv(
                        &engine,
                        &policy,
                        stays,
                        &support_rows,
                        writer.as_mut().map(|w| w as &mut dyn std::io::Write),
                    )
                    .map_err(locate)?
                }
            };
            if let Some(mut w) = writer {
                std::io::Write::flush(&mut w).map_err(|e| {
                    Failure::Input(refusion_core::Error::new(
                        refusion_core::ErrorKind::Syntax,
                        "citizens_out",
                        e.to_string(),
                    ))
                })?;
            }
            if out.json {
                return json(&summary);
            }
            let title = file.display().to_string();
            Ok(out.emit(|lang| {
                render::register(
                    &title,
                    &render::policy_shown(catalog, &summary.policy, lang),
                    &summary,
                    lang,
                )
            }))
        }
        Command::Cohort {
            citizens,
            seed,
            years,
            first_year,
            workload_w,
            out,
            support_out,
        } => {
            let spec = if workload_w {
                cohort::CohortSpec::workload_w(seed, citizens)
            } else {
                cohort::CohortSpec::new(seed, citizens, first_year, years)
            };
            let c = cohort::generate(&spec, catalog)?;
            write_cohort(&c, &out, support_out.as_deref())?;
            let stats = c.stats(spec.years);
            Ok(format!(
                "{} citizens, {} stays (mean {} nights; {} % one night; {} % over 120 nights; {} nights per citizen-year; {} with support) → {}\n",
                stats.citizens, stats.stays, stats.mean_stay_nights, stats.one_night_percent,
                stats.long_stay_percent, stats.nights_per_user_year, stats.with_support, out.display()
            ))
        }
        Command::Budget { file, book, out } => {
            let q: BudgetQuery = parse_file(&file)?;
            let b = engine.budget(&q)?;
            book.write(|lang| refusion_xlsx::write::budget_workbook(&engine, &b, lang))?;
            if out.json {
                return json(&b);
            }
            Ok(out.emit(|lang| render::budget(&b, lang)))
        }
        Command::Plan { file, book, out } => {
            let q: refusion_core::planning::plan::PlanQuery = parse_file(&file)?;
            let p = engine.plan(&q)?;
            book.write(|lang| refusion_xlsx::write::plan_workbook(&engine, &p, lang))?;
            if out.json {
                return json(&p);
            }
            Ok(out.emit(|lang| render::plan(&p, lang)))
        }
        Command::MonteCarlo {
            file,
            draws,
            seed,
            book,
            out,
        } => {
            let mut q: uncertainty::UncertaintyQuery = parse_file(&file)?;
            if let Some(d) = draws {
                q.run.draws = d;
            }
            if let Some(s) = seed {
                q.run.seed = s;
            }
            let mc = engine.monte_carlo_query(&q)?;
            book.write(|lang| refusion_xlsx::write::monte_carlo_workbook(&engine, &mc, lang))?;
            if out.json {
                return json(&mc);
            }
            Ok(out.emit(|lang| render::monte_carlo(&mc, lang)))
        }
        Command::Tornado { file, out } => {
            let q: uncertainty::UncertaintyQuery = parse_file(&file)?;
            let t = engine.tornado_query(&q)?;
            if out.json {
                return json(&t);
            }
            Ok(out.emit(|lang| render::tornado(&t, lang)))
        }
        Command::Reference { place, out } => {
            let placement = match &place {
                Some(p) => Some(team::place(money_flag("place", p)?, catalog)?),
                None => None,
            };
            if out.json {
                return json(
                    &serde_json::json!({ "reference": catalog.reference, "placement": placement }),
                );
            }
            Ok(out.emit(|lang| render::reference(&engine, placement.as_ref(), lang)))
        }
    }
}
