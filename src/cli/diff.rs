//! `claimgraph diff`: what an edit does to the argument, between two map files or git revisions.
//!
//! Each side is a map file when the argument names an existing path, else a git revision whose
//! map (`--map`, default `claims.yaml`) and corpus are read from the repository's objects. With
//! one argument the other side is the map in the working tree. Both sides are checked like
//! `claimgraph check`, then compared by [`claimgraph::diff`].
//!
//! Exit status: like `git diff`, 0 whether or not the maps differ, unless `--exit-code` is
//! given: then 0 means no semantic change and 1 changes. 2 is a usage or I/O error (unknown
//! revision, not a repository, unreadable map) in every mode.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::render::{DrawArgs, SelectArgs, fatal, write_atomic};
use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::Checked;
use claimgraph::diagnostic::display_path;
use claimgraph::diff::{self, Labels};
use claimgraph::load::Files as _;
use claimgraph::load::git::GitTree;
use claimgraph::render::html::{ChangeRun, ChangedClaim, PageChanges};
use claimgraph::render::{self, RenderOptions};

/// `--format` of `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped by claim, for a terminal.
    Text,
    /// The stable JSON document (schema `claimgraph-diff/1`, see docs/diff.md).
    Json,
    /// A pull-request comment.
    Markdown,
    /// Graphviz DOT of both maps together, changes coloured.
    Dot,
    /// SVG of both maps together, changes coloured.
    Svg,
    /// The interactive page of both maps together, changes coloured and listed.
    Html,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph diff HEAD~1                 # last commit's map against the working tree\n  claimgraph diff main feature --format markdown\n  claimgraph diff old/claims.yaml new/claims.yaml --exit-code\n  claimgraph diff v1.0 --format svg -o changes.svg\n\nAn argument that names an existing file is a map file; anything else is a git revision.\nExit status: 0, or with --exit-code 0 no semantic change and 1 changes; 2 errors."
)]
pub struct Args {
    /// The old side: a map file, or a git revision (HEAD~1, main, a tag, a commit).
    #[arg(value_name = "OLD")]
    old: OsString,
    /// The new side: a map file or a revision [default: the map in the working tree].
    #[arg(value_name = "NEW")]
    new: Option<OsString>,
    /// The map file inside the repository, for revisions and the working tree.
    #[arg(long, value_name = "PATH", default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with 1 when the maps differ semantically, 0 when they do not (like git diff).
    #[arg(long)]
    exit_code: bool,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read the corpus of a map given as a file from DIR (e.g. an old copy kept in /tmp).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// dot/svg: what to draw and how (the options of `claimgraph render`).
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    draw: DrawArgs,
}

/// One side, loaded and checked, and how to name it.
struct Side {
    checked: Checked,
    label: String,
}

/// The filesystem with one folder read from another: a map file kept apart from its corpus
/// (`diff /tmp/old.yaml claims.yaml`) is checked against a corpus elsewhere.
struct Redirect {
    from: PathBuf,
    to: PathBuf,
}

impl Redirect {
    fn path(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.from) {
            Ok(rest) => self.to.join(rest),
            Err(_) => path.to_path_buf(),
        }
    }
}

impl claimgraph::load::Files for Redirect {
    fn kind(&self, path: &Path) -> std::io::Result<claimgraph::load::Kind> {
        claimgraph::load::Disk.kind(&self.path(path))
    }
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        claimgraph::load::Disk.read(&self.path(path))
    }
    fn list(&self, dir: &Path) -> std::io::Result<Vec<String>> {
        claimgraph::load::Disk.list(&self.path(dir))
    }
    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        claimgraph::load::Disk.canonicalize(&self.path(path))
    }
}

/// Checks a map file; when its corpus folder is missing (or `--corpus` names another), the
/// corpus is read from `corpus` instead, and a note says so.
fn check_file(path: &Path, corpus: Option<&Path>, fallback: &Path) -> Result<Checked> {
    let redirect_to = |from: PathBuf, to: &Path| Redirect {
        from,
        to: to.to_path_buf(),
    };
    let own = claimgraph::check(path);
    let own_corpus = match &own {
        Err(claimgraph::load::LoadError::CorpusMissing { path: dir, .. }) => Some(dir.clone()),
        Err(claimgraph::load::LoadError::CorpusNotADirectory { path: dir }) => Some(dir.clone()),
        _ => None,
    };
    if let Some(dir) = corpus {
        let from =
            own_corpus.unwrap_or_else(|| path.parent().unwrap_or(Path::new("")).join("corpus"));
        let files = redirect_to(from, dir);
        return Ok(claimgraph::check_with(&files, path).map_err(Fatal::from)?);
    }
    match own_corpus {
        Some(missing) if fallback.is_dir() && missing != fallback => {
            eprintln!(
                "note: {} has no corpus folder {}; its sources are read from {} (the other map's); --corpus DIR names another",
                display_path(path),
                display_path(&missing),
                display_path(fallback)
            );
            let files = redirect_to(missing, fallback);
            Ok(claimgraph::check_with(&files, path).map_err(Fatal::from)?)
        }
        _ => Ok(own.map_err(Fatal::from)?),
    }
}

fn load_side(
    arg: Option<&OsString>,
    map: &Path,
    corpus: Option<&Path>,
    fallback: &Path,
) -> Result<Side> {
    let Some(arg) = arg else {
        let checked = claimgraph::check(map).map_err(Fatal::from)?;
        return Ok(Side {
            checked,
            label: format!("working tree ({})", display_path(map)),
        });
    };
    let path = Path::new(arg);
    if path.exists() {
        let checked = check_file(path, corpus, fallback)?;
        return Ok(Side {
            checked,
            label: display_path(path),
        });
    }
    let Some(revision) = arg.to_str() else {
        return Err(Fatal::new(
            format!("{} is neither a file nor a git revision", path.display()),
            "revisions are UTF-8; check the argument",
        )
        .into());
    };
    let tree = GitTree::open(map, revision).map_err(|e| Fatal::new(e.to_string(), e.hint()))?;
    if let Err(error) = tree.kind(map) {
        let hint =
            "pass --map with the map's path inside the repository, or a revision that has it";
        return Err(if error.kind() == std::io::ErrorKind::NotFound {
            Fatal::new(
                format!(
                    "{} does not exist at revision `{revision}`",
                    display_path(map)
                ),
                hint,
            )
        } else {
            Fatal::new(
                format!(
                    "cannot read {} at revision `{revision}`: {error}",
                    display_path(map)
                ),
                hint,
            )
        }
        .into());
    }
    let checked = claimgraph::check_with(&tree, map).map_err(Fatal::from)?;
    Ok(Side {
        checked,
        label: format!("{revision} ({})", tree.short_id()),
    })
}

/// What the HTML page lists: the summary, and each changed claim in the words of the text
/// format.
fn page_changes(diff: &diff::Diff, labels: &Labels) -> PageChanges {
    let blocks = diff::text::claim_blocks(diff);
    PageChanges {
        old: labels.old.clone(),
        new: labels.new.clone(),
        summary: diff.summary().line(),
        claims: diff
            .claims
            .iter()
            .zip(blocks)
            .map(|(claim, (id, lines))| ChangedClaim {
                id,
                status: claim.status.as_str().to_string(),
                lines: lines.into_iter().map(change_runs).collect(),
            })
            .collect(),
    }
}

/// A line of word runs as the page's runs.
fn change_runs(line: Vec<diff::WordOp>) -> Vec<ChangeRun> {
    line.into_iter()
        .map(|run| ChangeRun {
            op: match run.op {
                diff::WordTag::Equal => "equal",
                diff::WordTag::Delete => "delete",
                diff::WordTag::Insert => "insert",
            }
            .to_string(),
            text: run.text,
        })
        .collect()
}

impl Args {
    fn render_options(&self) -> RenderOptions {
        let mut options = self.select.options();
        self.draw.apply(&mut options);
        options
    }
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    // A map file whose corpus folder is missing borrows the other side's (or --map's).
    let corpus_beside = |arg: Option<&OsString>| {
        let map = arg.map_or(args.map.as_path(), Path::new);
        map.parent().unwrap_or(Path::new("")).join("corpus")
    };
    let (old_fallback, new_fallback) = (
        corpus_beside(args.new.as_ref()),
        corpus_beside(Some(&args.old)),
    );
    let corpus = args.corpus.as_deref();
    let old = load_side(Some(&args.old), &args.map, corpus, &old_fallback)?;
    let new = load_side(args.new.as_ref(), &args.map, corpus, &new_fallback)?;
    let diff = diff::diff(&old.checked, &new.checked);
    let labels = Labels {
        old: old.label,
        new: new.label,
    };
    let output = match args.format {
        DiffFormat::Text => diff::text::text(
            &diff,
            &labels,
            diff::text::TextStyle {
                color: args.output.is_none() && color.enabled(true),
            },
        ),
        DiffFormat::Json => diff::json::json(&diff, &labels),
        DiffFormat::Markdown => diff::markdown::markdown(&diff, &labels),
        DiffFormat::Dot | DiffFormat::Svg | DiffFormat::Html => {
            let (Some(old_map), Some(new_map)) = (&old.checked.map, &new.checked.map) else {
                let side = if old.checked.map.is_none() {
                    &labels.old
                } else {
                    &labels.new
                };
                return Err(Fatal::new(
                    format!("cannot draw the diff: the map of {side} does not parse"),
                    "use --format text to see its findings, or fix the map first",
                )
                .into());
            };
            let (union, overlay) = diff::overlay::union(old_map, new_map, &diff);
            let mut options = args.render_options();
            // The drawing shows renamed claims by their new id: `--focus OLD-ID` means it.
            if let Some(focus) = &options.focus
                && union.claim(focus).is_none()
                && let Some(renamed) = diff
                    .claims
                    .iter()
                    .find(|c| c.old_id.as_deref() == Some(focus.as_str()))
            {
                eprintln!(
                    "note: `{focus}` is renamed `{}`; focusing on it",
                    renamed.id
                );
                options.focus = Some(renamed.id.clone());
            }
            options.overlay = Some(overlay);
            let format = match args.format {
                DiffFormat::Dot => render::Format::Dot,
                DiffFormat::Html => {
                    options.page.title = Some(format!("Changes: {} → {}", labels.old, labels.new));
                    options.page.changes = Some(page_changes(&diff, &labels));
                    render::Format::Html
                }
                _ => render::Format::Svg,
            };
            let rendered = render::render(&union, &[], format, &options).map_err(fatal)?;
            for warning in &rendered.warnings {
                eprintln!("warning: {warning}");
            }
            rendered.output
        }
    };
    match &args.output {
        Some(path) => write_atomic(path, output.as_bytes())?,
        None => super::out(&output)?,
    }
    Ok(if args.exit_code && !diff.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}
