//! `refusion`: the command-line front end of the refusion model.
//!
//! Exit codes: 0 success, 1 invalid input (the message names the field), 2 usage error,
//! 3 a file could not be read.

mod render;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use std::io::Write as _;

use refusion_core::model::amount::parse_typed;
use refusion_core::model::locale::Lang;
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
        /// The language of the explanation: en or da.
        #[arg(long, default_value = "en")]
        lang: Lang,
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
        /// Override the caseload (citizens served per year).
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
        #[command(flatten)]
        out: Output,
    },
    /// List the rule parameters of a policy with their effective dates and sources.
    Params {
        /// The policy preset.
        #[arg(long, default_value = "statutory")]
        policy: String,
        #[command(flatten)]
        out: Output,
    },
    /// Evaluate a stay register (CSV, grouped by citizen), streaming: totals per year and payer.
    Register {
        /// The register CSV (`-` for standard input).
        file: PathBuf,
        /// A CSV of § 85 a support rows.
        #[arg(long)]
        support: Option<PathBuf>,
        /// Policy preset.
        #[arg(long, default_value = "statutory")]
        policy: String,
        /// Write one line per citizen to this CSV file.
        #[arg(long)]
        citizens_out: Option<PathBuf>,
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
    /// The budget effect of moving citizens to M-ACT (representative cohorts), low/mean/high.
    Budget {
        /// A budget query file (JSON or TOML).
        file: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// A plan on a generated cohort: baseline against plan, by year and payer.
    Plan {
        /// A plan query file (JSON or TOML).
        file: PathBuf,
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

fn run(command: Command) -> Result<String, Failure> {
    let engine = Engine::new()?;
    match command {
        Command::Evaluate {
            file,
            policy,
            lang,
            out,
        } => {
            let mut s: Scenario = parse_file(&file)?;
            if let Some(p) = policy {
                s.policy = PolicySpec::Preset(p);
            }
            let r = engine.evaluate(&s)?;
            if out.json {
                json(&r)
            } else {
                let title = s.name.clone().unwrap_or_else(|| file.display().to_string());
                Ok(render::evaluation(&title, &s, &r, lang))
            }
        }
        Command::Compare { a, b, out } => {
            let mut sa: Scenario = parse_file(&a)?;
            let mut sb: Scenario = parse_file(&b)?;
            sa.name.get_or_insert_with(|| a.display().to_string());
            sb.name.get_or_insert_with(|| b.display().to_string());
            let c = engine.compare(&sa, &sb)?;
            if out.json {
                json(&c)
            } else {
                Ok(render::comparison(&c))
            }
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
                            None => engine.catalog().reference.m_act.mean,
                        },
                        decided_before_discharge: !args.not_decided,
                    },
                    horizon_years: args.horizon_years,
                },
            };
            let b = engine.break_even(&query)?;
            if args.out.json {
                json(&b)
            } else {
                Ok(render::break_even(&query, &b))
            }
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
            let cost = team::team_cost(&model, engine.catalog())?;
            if out.json {
                json(&serde_json::json!({ "model": model, "cost": cost }))
            } else {
                Ok(render::team(&model, &cost))
            }
        }
        Command::Params { policy, out } => {
            let p = engine.resolve(&PolicySpec::Preset(policy))?;
            let view = engine.catalog().view(&p);
            if out.json {
                json(&view)
            } else {
                Ok(render::params(&view))
            }
        }
        Command::Sources { markdown, out } => {
            if out.json {
                json(&engine.catalog().to_json().get("sources"))
            } else {
                Ok(render::sources(engine.catalog(), markdown))
            }
        }
        Command::Register {
            file,
            support,
            policy,
            citizens_out,
            out,
        } => {
            let policy = engine.resolve(&PolicySpec::Preset(policy))?;
            let support_rows = match &support {
                // Its errors name `support line N`.
                Some(p) => register_csv::read_support(open(p)?)?,
                None => Vec::new(),
            };
            let mut writer = match &citizens_out {
                Some(p) => Some(std::io::BufWriter::new(
                    std::fs::File::create(p).map_err(|e| Failure::Read(p.clone(), e))?,
                )),
                None => None,
            };
            let summary = register_csv::evaluate_csv(
                &engine,
                &policy,
                open(&file)?,
                &support_rows,
                writer.as_mut().map(|w| w as &mut dyn std::io::Write),
            )?;
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
                json(&summary)
            } else {
                Ok(render::register(&file.display().to_string(), &summary))
            }
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
            let c = cohort::generate(&spec, engine.catalog())?;
            write_cohort(&c, &out, support_out.as_deref())?;
            let stats = c.stats(spec.years);
            Ok(format!(
                "{} citizens, {} stays (mean {} nights; {} % one night; {} % over 120 nights; {} nights per citizen-year; {} with support) → {}\n",
                stats.citizens, stats.stays, stats.mean_stay_nights, stats.one_night_percent,
                stats.long_stay_percent, stats.nights_per_user_year, stats.with_support, out.display()
            ))
        }
        Command::Budget { file, out } => {
            let q: BudgetQuery = parse_file(&file)?;
            let b = engine.budget(&q)?;
            if out.json {
                json(&b)
            } else {
                Ok(render::budget(&b))
            }
        }
        Command::Plan { file, out } => {
            let q: refusion_core::planning::plan::PlanQuery = parse_file(&file)?;
            let p = engine.plan(&q)?;
            if out.json {
                json(&p)
            } else {
                Ok(render::plan(&p))
            }
        }
        Command::MonteCarlo {
            file,
            draws,
            seed,
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
            if out.json {
                json(&mc)
            } else {
                Ok(render::monte_carlo(&mc))
            }
        }
        Command::Tornado { file, out } => {
            let q: uncertainty::UncertaintyQuery = parse_file(&file)?;
            let t = engine.tornado_query(&q)?;
            if out.json {
                json(&t)
            } else {
                Ok(render::tornado(&t))
            }
        }
        Command::Reference { place, out } => {
            let catalog = engine.catalog();
            let placement = match &place {
                Some(p) => Some(team::place(money_flag("place", p)?, catalog)?),
                None => None,
            };
            if out.json {
                json(&serde_json::json!({ "reference": catalog.reference, "placement": placement }))
            } else {
                Ok(render::reference(&engine, placement.as_ref()))
            }
        }
    }
}
