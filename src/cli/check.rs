//! `claimgraph check`: every finding about a map, for people (rustc style, or one line each),
//! programs (JSON), CI services (GitHub annotations, SARIF, GitLab Code Quality); and
//! `--fix`, which applies the fixes the findings carry.
//!
//! Findings go to stdout, so `claimgraph check > report.txt` keeps them; the tool's own
//! errors go to stderr.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal, out};
use claimgraph::diagnostic::{self, Diagnostic, HumanStyle, display_path};
use claimgraph::{Checked, FixOptions};

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc style: `error[code]: message`, the line underlined, help and fixes.
    Human,
    /// One line per finding: `file:line:col: error[code] message`.
    Short,
    /// The full finding model as one JSON document.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other dashboards).
    Sarif,
    /// GitLab Code Quality report.
    Gitlab,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(short = 'f', long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Apply the safe fixes to the map file, then report what is left.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff: apply unsafe fixes too (they change a quote or a reference).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff, and write nothing.
    #[arg(long)]
    diff: bool,
    /// Print a count of findings per code instead of the findings.
    #[arg(long)]
    statistics: bool,
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(Fatal::new(
            "--unsafe-fixes applies nothing on its own",
            "add --fix to apply the fixes, or --diff to see them",
        )
        .into());
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Short | Format::Json) {
        return Err(Fatal::new(
            "--statistics prints a table (human, short) or JSON, not this format",
            "drop --statistics, or use -f json",
        )
        .into());
    }
    if args.fix || args.diff {
        return fix(&args, color);
    }
    let checked = claimgraph::check(&args.map).map_err(Fatal::from)?;
    report(&args, &checked, color)?;
    Ok(verdict(&args, &checked))
}

fn verdict(args: &Args, checked: &Checked) -> u8 {
    let counts = checked.counts();
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    if failed { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// Prints the findings in the chosen format.
fn report(args: &Args, checked: &Checked, color: Color) -> std::io::Result<()> {
    let summary = checked.summary();
    let lookup = |path: &Path| checked.text_of(path);
    let findings = &checked.diagnostics;
    if args.statistics && args.format == Format::Json {
        return out(&diagnostic::statistics_json(findings));
    }
    if args.statistics {
        out(&diagnostic::to_statistics(findings))?;
        return out(&(summary_line(&display_path(&args.map), &summary) + "\n"));
    }
    match args.format {
        Format::Human => {
            let style = HumanStyle::new(color.enabled(true), 100);
            out(&diagnostic::to_human(findings, &lookup, style))?;
            out(&(summary_line(&display_path(&args.map), &summary) + "\n"))
        }
        Format::Short => {
            out(&diagnostic::to_short(findings))?;
            out(&(summary_line(&display_path(&args.map), &summary) + "\n"))
        }
        Format::Json => out(&diagnostic::to_json(findings, &summary, &lookup)),
        Format::Github => out(&diagnostic::to_github(findings, &lookup)),
        Format::Sarif => out(&diagnostic::to_sarif(findings, &lookup)),
        Format::Gitlab => out(&diagnostic::to_gitlab(findings, &lookup)),
    }
}

/// `--fix` and `--diff`: the fixes applied in memory, the map checked again after each
/// round, then either the unified diff printed or the map written (atomically, keeping its
/// permissions) and the remaining findings reported.
fn fix(args: &Args, color: Color) -> Result<u8> {
    let options = FixOptions::new(args.unsafe_fixes);
    let fixed =
        claimgraph::fix_with(&claimgraph::load::Disk, &args.map, options).map_err(Fatal::from)?;
    let shown = display_path(&args.map);
    let changed = fixed.text != fixed.original;
    if args.diff {
        if changed {
            out(&unified_diff(&shown, &fixed.original, &fixed.text))?;
        }
        eprintln!(
            "{}",
            would_fix_line(&fixed.fixed, args.unsafe_fixes, &fixed.checked)
        );
        return Ok(if changed { EXIT_FINDINGS } else { EXIT_CLEAN });
    }
    if changed {
        write_keeping_permissions(&args.map, fixed.text.as_bytes())?;
    }
    report(args, &fixed.checked, color)?;
    eprintln!(
        "{}",
        fixed_line(&fixed.fixed, &fixed.checked, args.unsafe_fixes)
    );
    Ok(verdict(args, &fixed.checked))
}

fn unified_diff(file: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{file}"), &format!("b/{file}"))
        .to_string()
}

/// Findings of the fixed map that still carry a fix: after a run without --unsafe-fixes,
/// the ones only --unsafe-fixes would apply.
fn fixable_left(checked: &Checked) -> usize {
    checked
        .diagnostics
        .iter()
        .filter(|d| !d.fixes.is_empty())
        .count()
}

fn would_fix_line(
    fixed: &[(Diagnostic, diagnostic::Fix)],
    unsafe_fixes: bool,
    after: &Checked,
) -> String {
    let mut line = format!("would fix {}", plural(fixed.len(), "finding"));
    let left = fixable_left(after);
    if left > 0 && !unsafe_fixes {
        line.push_str(&format!("; {} more with --unsafe-fixes", left));
    }
    line
}

fn fixed_line(
    fixed: &[(Diagnostic, diagnostic::Fix)],
    after: &Checked,
    unsafe_fixes: bool,
) -> String {
    let remaining = after.diagnostics.len();
    let mut line = format!(
        "fixed {} ({} remaining)",
        plural(fixed.len(), "finding"),
        remaining
    );
    let left = fixable_left(after);
    if left > 0 && !unsafe_fixes {
        line.push_str(&format!(
            "; {} fixable with --unsafe-fixes",
            plural(left, "more finding")
        ));
    }
    line
}

/// Replaces the map atomically, keeping its permissions; a symlinked map is written through
/// the link, which stays.
fn write_keeping_permissions(map: &Path, bytes: &[u8]) -> Result<()> {
    let target = std::fs::canonicalize(map).unwrap_or_else(|_| map.to_path_buf());
    let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    super::render::write_atomic(&target, bytes)?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(&target, permissions).map_err(|e| {
            Fatal::new(
                format!(
                    "cannot restore the permissions of {}: {e}",
                    display_path(map)
                ),
                "check the file's permissions",
            )
        })?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `claims.yaml: 2 errors, 1 warning (45 claims, 78 edges, 5 sources, 96 of 98 quotes anchored)`.
pub(crate) fn summary_line(file: &str, summary: &diagnostic::Summary) -> String {
    let verdict = if summary.counts.errors + summary.counts.warnings == 0 {
        "ok".to_string()
    } else {
        format!(
            "{}, {}",
            plural(summary.counts.errors, "error"),
            plural(summary.counts.warnings, "warning")
        )
    };
    if !summary.loaded {
        return format!(
            "{file}: {verdict} (the map could not be read, so nothing else was checked)"
        );
    }
    let reporting = match summary.reporting {
        0 => String::new(),
        n => format!(", {n} only reporting a view"),
    };
    format!(
        "{file}: {verdict} ({}, {}, {}, {} of {} quotes anchored{reporting})",
        plural(summary.claims, "claim"),
        plural(summary.edges, "edge"),
        plural(summary.sources, "source"),
        summary.anchored,
        summary.quotes
    )
}
