//! `claimgraph render`: draw the map (or part of it) as DOT, SVG, Mermaid, JSON or HTML.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::diagnostic::{self, HumanStyle, display_path};
use claimgraph::render::html::Drawing;
use claimgraph::render::{self, Engine, EvidenceMode, Format, GroupBy, RankDir, RenderOptions};

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Graphviz DOT source.
    Dot,
    /// SVG picture (Graphviz, or the builtin layout without it).
    Svg,
    /// Mermaid flowchart, for Markdown.
    Mermaid,
    /// The resolved graph as JSON.
    Json,
    /// Self-contained interactive HTML page.
    Html,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Dot => Format::Dot,
            FormatArg::Svg => Format::Svg,
            FormatArg::Mermaid => Format::Mermaid,
            FormatArg::Json => Format::Json,
            FormatArg::Html => Format::Html,
        }
    }
}

/// `--evidence`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceArg {
    /// Each quoted passage as a note linked to its claim.
    Show,
    /// No evidence.
    Hide,
    /// A count of quotes on each claim.
    Count,
}

/// `--group-by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupArg {
    /// No clusters.
    None,
    /// A cluster per claim's first tag.
    Tag,
    /// A cluster per source of the claim's first quote.
    Source,
}

/// `--rankdir`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum RankDirArg {
    /// Top to bottom.
    #[value(name = "TB")]
    TB,
    /// Bottom to top: conclusions on top.
    #[value(name = "BT")]
    BT,
    /// Left to right.
    #[value(name = "LR")]
    LR,
    /// Right to left.
    #[value(name = "RL")]
    RL,
}

/// `--engine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// Graphviz when `dot` is installed, else builtin.
    Auto,
    /// Graphviz `dot`.
    Graphviz,
    /// The builtin layered layout.
    Builtin,
}

/// Drawing options shared by `render` and `build`.
#[derive(Debug, clap::Args)]
pub struct DrawArgs {
    /// Layout engine for SVG and HTML.
    #[arg(long, value_enum, default_value_t = EngineArg::Auto)]
    pub engine: EngineArg,
    /// Seconds Graphviz may take before it is stopped.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub timeout: u64,
    /// How the HTML page draws the map: an SVG, or a canvas that stays fast on big maps
    /// (auto: canvas from 600 boxes).
    #[arg(long, value_enum, default_value_t = DrawingArg::Auto)]
    pub drawing: DrawingArg,
}

/// `--drawing`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DrawingArg {
    /// SVG for small maps, canvas for big ones.
    Auto,
    /// One SVG element per claim and edge.
    Svg,
    /// A canvas with level of detail.
    Canvas,
}

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph render --format svg -o map.svg\n  claimgraph render --focus aid-conditionality-fails --depth 2 --evidence show --format dot | dot -Tpng > focus.png\n  claimgraph render --tag leverage --group-by source --format mermaid"
)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Svg)]
    format: FormatArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw a map that fails check (claims with errors get a warning style).
    #[arg(long)]
    allow_errors: bool,
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    draw: DrawArgs,
}

/// What to draw and how it looks: shared by `render` and `diff --format dot|svg`, so a diagram
/// of a change takes exactly the options of a diagram of a map.
#[derive(Debug, clap::Args)]
pub struct SelectArgs {
    /// Draw only this claim and its neighbourhood.
    #[arg(long, value_name = "ID")]
    focus: Option<String>,
    /// Edges out from --focus, both directions.
    #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
    depth: usize,
    /// Only claims with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Only claims citing this source id (repeatable).
    #[arg(long, value_name = "SOURCE")]
    source: Vec<String>,
    /// How to draw evidence passages.
    #[arg(long, value_enum, default_value_t = EvidenceArg::Count)]
    evidence: EvidenceArg,
    /// Draw clusters.
    #[arg(long, value_enum, default_value_t = GroupArg::None)]
    group_by: GroupArg,
    /// Direction of the edges (BT: reasons below, conclusions on top).
    #[arg(long, value_enum, ignore_case = true, default_value_t = RankDirArg::BT)]
    rankdir: RankDirArg,
    /// Leave out the legend.
    #[arg(long)]
    no_legend: bool,
}

impl DrawArgs {
    /// Applies the engine and timeout to `options`.
    pub fn apply(&self, options: &mut RenderOptions) {
        options.engine = match self.engine {
            EngineArg::Auto => Engine::Auto,
            EngineArg::Graphviz => Engine::Graphviz,
            EngineArg::Builtin => Engine::Builtin,
        };
        options.timeout = Duration::from_secs(self.timeout.max(1));
        options.page.drawing = match self.drawing {
            DrawingArg::Auto => Drawing::Auto,
            DrawingArg::Svg => Drawing::Svg,
            DrawingArg::Canvas => Drawing::Canvas,
        };
    }
}

impl SelectArgs {
    /// The render options these flags ask for (engine and timeout at their defaults).
    pub fn options(&self) -> RenderOptions {
        RenderOptions {
            focus: self.focus.clone(),
            depth: self.depth,
            tags: self.tag.clone(),
            sources: self.source.clone(),
            evidence: match self.evidence {
                EvidenceArg::Show => EvidenceMode::Show,
                EvidenceArg::Hide => EvidenceMode::Hide,
                EvidenceArg::Count => EvidenceMode::Count,
            },
            group_by: match self.group_by {
                GroupArg::None => GroupBy::None,
                GroupArg::Tag => GroupBy::Tag,
                GroupArg::Source => GroupBy::Source,
            },
            rankdir: match self.rankdir {
                RankDirArg::TB => RankDir::TB,
                RankDirArg::BT => RankDir::BT,
                RankDirArg::LR => RankDir::LR,
                RankDirArg::RL => RankDir::RL,
            },
            legend: !self.no_legend,
            ..RenderOptions::default()
        }
    }
}

impl Args {
    fn options(&self) -> RenderOptions {
        let mut options = self.select.options();
        self.draw.apply(&mut options);
        options
    }
}

/// Prints the findings like `claimgraph check` does.
pub(crate) fn print_findings(checked: &claimgraph::Checked, map: &Path, color: Color) {
    let lookup = |path: &Path| checked.text_of(path);
    let style = HumanStyle::new(color.enabled(false), 100);
    eprint!(
        "{}",
        diagnostic::to_human(&checked.diagnostics, &lookup, style)
    );
    eprintln!(
        "{}",
        super::check::summary_line(&display_path(map), &checked.summary())
    );
}

/// Turns a render error into a fatal error with its hint.
pub(crate) fn fatal(error: render::RenderError) -> Fatal {
    let hint = error.hint();
    Fatal::new(error.to_string(), hint)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes every file or none: each goes to a temporary file beside it first, and only when all
/// of them are written are they renamed into place. A full disk or a failing write halfway
/// through leaves every previous file as it was (and no temporary file behind).
pub(crate) fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<()> {
    let staged = files
        .iter()
        .map(|&(path, bytes)| stage(path, bytes).map(|temp| (path, temp)))
        .collect::<Result<Vec<_>>>()?;
    for (path, temp) in staged {
        temp.persist(path)
            .map_err(|e| cannot_write(path, e.error))?;
    }
    Ok(())
}

fn cannot_write(path: &Path, error: std::io::Error) -> Fatal {
    Fatal::new(
        format!("cannot write {}: {error}", display_path(path)),
        "check that the folder exists, is writable and has space",
    )
}

/// `bytes` in a temporary file in `path`'s folder, with the mode `path` should end up with.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |e: std::io::Error| cannot_write(path, e);
    let mut file = tempfile::NamedTempFile::new_in(&dir).map_err(io)?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(io)?;
    // The temporary file is created 0600; a published drawing must stay readable by others (a
    // web server, a teammate), so keep the mode of the file it replaces, else the usual 0644.
    if let Some(permissions) = std::fs::metadata(path)
        .map(|meta| meta.permissions())
        .ok()
        .or_else(new_file_permissions)
    {
        file.as_file().set_permissions(permissions).map_err(io)?;
    }
    Ok(file)
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// How a command that writes the map out speaks of `--allow-errors`: "draw anyway", and
/// "warning: drawing MAP with N check errors (claims with errors are marked)".
pub(crate) struct AllowErrors {
    pub allowed: bool,
    pub verb: &'static str,
    pub doing: &'static str,
    pub aside: &'static str,
}

/// Checks the map for `render` or `export`: `None`, with the findings printed, when it did not
/// load or has errors that `--allow-errors` did not allow; a warning when it did.
pub(crate) fn check_for_output(
    path: &Path,
    allow: &AllowErrors,
    color: Color,
) -> Result<Option<claimgraph::Checked>> {
    let checked = claimgraph::check(path).map_err(Fatal::from)?;
    let errors = checked.counts().errors;
    if checked.map.is_none() {
        print_findings(&checked, path, color);
        return Ok(None);
    }
    if errors > 0 && !allow.allowed {
        print_findings(&checked, path, color);
        eprintln!(
            "  help: fix the errors, or {} anyway with --allow-errors",
            allow.verb
        );
        return Ok(None);
    }
    if errors > 0 {
        eprintln!(
            "warning: {} {} with {errors} check error{}{}",
            allow.doing,
            display_path(path),
            if errors == 1 { "" } else { "s" },
            allow.aside
        );
    }
    Ok(Some(checked))
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let allow = AllowErrors {
        allowed: args.allow_errors,
        verb: "draw",
        doing: "drawing",
        aside: " (claims with errors are marked)",
    };
    let Some(checked) = check_for_output(&args.map, &allow, color)? else {
        return Ok(EXIT_FINDINGS);
    };
    let Some(map) = checked.map.as_ref() else {
        return Ok(EXIT_FINDINGS);
    };
    let options = args.options();
    let rendered =
        render::render(map, &checked.diagnostics, args.format.into(), &options).map_err(fatal)?;
    for warning in &rendered.warnings {
        eprintln!("warning: {warning}");
    }
    match &args.output {
        Some(path) => write_atomic(path, rendered.output.as_bytes())?,
        None => super::out(&rendered.output)?,
    }
    Ok(EXIT_CLEAN)
}
