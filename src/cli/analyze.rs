//! `claimgraph analyze`: labels (in / out / undecided) under an argumentation semantics,
//! cruxes, evidence balance and source impact; or, with `--framework`, an ICCMA task on an
//! abstract framework (docs/analyze.md).

use std::path::PathBuf;

use anyhow::Result;

use super::render::{AllowErrors, check_for_output};
use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::analyze::{self, AnalyzeError, Options, Semantics, iccma};
use claimgraph::diagnostic::display_path;

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// For a terminal.
    Text,
    /// The analysis as JSON.
    Json,
    /// For a pull request or a wiki.
    Markdown,
}

/// `--semantics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SemanticsArg {
    /// The sceptical one, in linear time.
    Grounded,
    /// Maximal admissible sets: a claim is in if it is in every one.
    Preferred,
    /// Extensions that reject everything outside them (there may be none).
    Stable,
}

/// Arguments of `analyze`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph analyze\n  claimgraph analyze --semantics preferred --question pressure-changes-taliban\n  claimgraph analyze --without lawfare-2023-leverage-failed --format markdown\n  claimgraph analyze --framework af.apx --task EE-PR\n  claimgraph analyze --framework af.i23 --task DC-ST --arg 3\n\nMethod (Dung semantics over contradicts, supports read deductively after Cayrol & Lagasquie-Schiex 2013) and the ICCMA output convention: docs/analyze.md."
)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Which semantics labels the claims.
    #[arg(long, value_enum, default_value_t = SemanticsArg::Grounded)]
    semantics: SemanticsArg,
    /// A claim to find the cruxes of (repeatable; default: the conclusions with most support).
    #[arg(long = "question", value_name = "ID")]
    questions: Vec<String>,
    /// Show what changes if this source is discredited.
    #[arg(long, value_name = "SOURCE")]
    without: Option<String>,
    /// Analyse a map that fails check (edges to unknown claims are left out).
    #[arg(long)]
    allow_errors: bool,
    /// Read an abstract framework (ICCMA .apx, .tgf or `p af N`) instead of a map.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["questions", "without", "allow_errors"])]
    framework: Option<PathBuf>,
    /// The ICCMA task for --framework: EE, SE, DC or DS, then GR, CO, PR or ST (e.g. EE-PR).
    #[arg(long, short = 'p', value_name = "TASK", requires = "framework")]
    task: Option<iccma::Task>,
    /// The argument a DC or DS task asks about.
    #[arg(long, short = 'a', value_name = "ARG", requires = "framework")]
    arg: Option<String>,
    /// Steps the preferred and stable searches may take before giving up.
    #[arg(long, value_name = "STEPS", default_value_t = analyze::DEFAULT_BUDGET)]
    budget: u64,
}

fn too_large(error: AnalyzeError) -> anyhow::Error {
    match error {
        AnalyzeError::TooLarge { steps } => Fatal::new(
            format!("the search for extensions stopped after {steps} steps: the framework is too large for it"),
            "use --semantics grounded (linear time), or raise --budget",
        )
        .into(),
        AnalyzeError::UnknownQuestion { id, suggestion } => Fatal::new(
            format!("no claim has the id `{id}`"),
            match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "pass the id of a claim of the map to --question".to_string(),
            },
        )
        .into(),
        AnalyzeError::UnknownSource { id, suggestion } => Fatal::new(
            format!("no source has the id `{id}`"),
            match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "pass a source id (a corpus file's stem) to --without".to_string(),
            },
        )
        .into(),
        other => Fatal::new(other.to_string(), "see claimgraph analyze --help").into(),
    }
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    if let Some(file) = &args.framework {
        return framework(file, &args);
    }
    let allow = AllowErrors {
        allowed: args.allow_errors,
        verb: "analyze",
        doing: "analyzing",
        aside: " (edges to unknown claims are left out)",
    };
    let Some(checked) = check_for_output(&args.map, &allow, color)? else {
        return Ok(EXIT_FINDINGS);
    };
    let Some(map) = checked.map.as_ref() else {
        return Ok(EXIT_FINDINGS);
    };
    let mut options = Options::default();
    options.semantics = match args.semantics {
        SemanticsArg::Grounded => Semantics::Grounded,
        SemanticsArg::Preferred => Semantics::Preferred,
        SemanticsArg::Stable => Semantics::Stable,
    };
    options.questions = (!args.questions.is_empty()).then(|| args.questions.clone());
    options.without = args.without.clone();
    options.budget = args.budget;
    let analysis = analyze::analyze(map, &options).map_err(too_large)?;
    let name = display_path(&args.map).to_string();
    let output = match args.format {
        FormatArg::Text => analyze::report::text(&analysis, &name),
        FormatArg::Markdown => analyze::report::markdown(&analysis, &name),
        FormatArg::Json => analyze::report::json(&analysis),
    };
    super::out(&output)?;
    Ok(EXIT_CLEAN)
}

/// `--framework FILE --task TASK [--arg A]`: ICCMA's solver interface.
fn framework(file: &std::path::Path, args: &Args) -> Result<u8> {
    let Some(task) = args.task else {
        return Err(Fatal::new(
            "--framework needs a task",
            "pass --task, e.g. --task EE-PR (EE, SE, DC or DS, then GR, CO, PR or ST)",
        )
        .into());
    };
    let bytes = std::fs::read(file).map_err(|e| {
        Fatal::new(
            format!("cannot read {}: {e}", display_path(file)),
            "check the path of the framework file",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Fatal::new(
            format!(
                "{} is not UTF-8 (byte {})",
                display_path(file),
                e.utf8_error().valid_up_to()
            ),
            "ICCMA frameworks are plain text",
        )
    })?;
    let af = iccma::parse(&text).map_err(|e| {
        Fatal::new(
            format!("{}:{e}", display_path(file)),
            "the formats are apx (`arg(a).` `att(a,b).`), tgf (names, `#`, `a b`) and ICCMA 2023 (`p af N`, `i j`)",
        )
    })?;
    let argument = match (&args.arg, task.needs_argument()) {
        (None, true) => {
            return Err(
                Fatal::new("this task asks about an argument", "pass it with --arg A").into(),
            );
        }
        (Some(name), _) => match af.index_of(name) {
            Some(i) => Some(i),
            None => {
                return Err(Fatal::new(
                    format!("the framework has no argument `{name}`"),
                    "pass an argument's name as the file writes it (a number for `p af` files)",
                )
                .into());
            }
        },
        (None, false) => None,
    };
    let answer = iccma::solve(&af, task, argument, args.budget).map_err(too_large)?;
    super::out(&answer)?;
    Ok(EXIT_CLEAN)
}
