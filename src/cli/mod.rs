//! The command line: clap definitions and one file per subcommand.
//!
//! Exit status is part of the interface: 0 clean, 1 findings (errors, or "revisions differ" for
//! `diff --exit-code`), 2 usage or I/O error. Only this module and `load` touch the filesystem.

mod analyze;
mod build;
mod check;
mod diff;
mod export;
mod import;
mod init;
mod lsp;
mod render;
mod schema;
mod serve;
mod show;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::{Parser, Subcommand, ValueEnum};

/// Exit status: nothing found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings (errors, or warnings with `--deny-warnings`; differences for diff).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Argument maps that stay honest: every claim cited, every quote checked against its source.
#[derive(Debug, Parser)]
#[command(
    name = "claimgraph",
    version,
    about,
    max_term_width = 100,
    after_help = "Exit status: 0 clean; 1 findings (errors, warnings with --deny-warnings, changes with diff --exit-code); 2 usage or I/O error.\nFormat: docs/format.md. Colour: off when not a terminal or when NO_COLOR is set."
)]
pub struct Cli {
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to colour output going to stderr (or stdout when `stdout` is true).
    pub fn enabled(self, stdout: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let terminal = if stdout {
                    std::io::stdout().is_terminal()
                } else {
                    std::io::stderr().is_terminal()
                };
                terminal && !no_color
            }
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the map: citations, quotes, ids, edges, cycles.
    Check(check::Args),
    /// Show one claim with its evidence in context and its neighbours.
    Show(show::Args),
    /// Draw the map: DOT, SVG, Mermaid, JSON or HTML.
    Render(render::Args),
    /// Check the map, then write out/map.{dot,svg,mmd,html}.
    Build(build::Args),
    /// Compare two revisions of a map semantically.
    Diff(diff::Args),
    /// Label the claims (in / out / undecided), find cruxes, weigh the evidence; or solve an
    /// ICCMA task on an abstract framework.
    Analyze(analyze::Args),
    /// Write the map in another tool's format (AIF, Argdown, GraphML, RDF).
    Export(export::Args),
    /// Make a new map from another tool's file (AIF).
    Import(import::Args),
    /// Print the JSON Schema of the map format (for editors' YAML language server).
    Schema(schema::Args),
    /// Start a new map: a commented claims.yaml that checks clean, a sample source, the schema.
    Init(init::Args),
    /// Serve editors over the Language Server Protocol (stdio): findings as you type, hover,
    /// go to definition, references, rename, quick fixes, completion of ids and quotes.
    Lsp(lsp::Args),
    /// Serve the interactive page on 127.0.0.1, redrawn in place as the map and corpus are
    /// saved: the curator's second screen.
    Serve(serve::Args),
}

/// Map path argument shared by the subcommands.
/// Writes `text` to stdout. A reader that stopped reading (`claimgraph check | head`) is not an
/// error: the rest of the output is dropped quietly and the command still exits with its own
/// code; any other failure (a full disk behind `> report.txt`) is.
pub(crate) fn out(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    static CLOSED: AtomicBool = AtomicBool::new(false);
    if CLOSED.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            CLOSED.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

pub(crate) fn default_map() -> PathBuf {
    PathBuf::from("claims.yaml")
}

/// Parses the command line, runs the subcommand and turns the outcome into an exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let color = cli.color;
    let outcome = match cli.command {
        Command::Check(args) => check::run(args, color),
        Command::Show(args) => show::run(args, color),
        Command::Render(args) => render::run(args, color),
        Command::Build(args) => build::run(args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Analyze(args) => analyze::run(args, color),
        Command::Export(args) => export::run(args, color),
        Command::Import(args) => import::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Init(args) => init::run(args),
        Command::Lsp(args) => lsp::run(args),
        Command::Serve(args) => serve::run(args, color),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            report_error(&error, color);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// A fatal error with a one-line fix, printed typst-style.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct Fatal {
    pub message: String,
    pub hint: String,
}

impl Fatal {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Fatal {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl From<claimgraph::load::LoadError> for Fatal {
    fn from(error: claimgraph::load::LoadError) -> Self {
        Fatal::new(error.to_string(), error.hint())
    }
}

fn report_error(error: &anyhow::Error, color: Color) {
    // An empty style prints nothing, its reset (`{style:#}`) neither.
    let (error_style, help_style) = if color.enabled(false) {
        (
            AnsiColor::Red.on_default().bold(),
            AnsiColor::Cyan.on_default().bold(),
        )
    } else {
        (Style::new(), Style::new())
    };
    eprintln!("{error_style}error{error_style:#}: {error}");
    if let Some(fatal) = error.downcast_ref::<Fatal>() {
        eprintln!("  {help_style}help{help_style:#}: {}", fatal.hint);
    } else {
        for cause in error.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
    }
}
