//! claimgraph: argument maps that stay honest.
//!
//! A map (`claims.yaml`) holds claims in the curator's words, each citing verbatim passages of
//! source texts in a corpus folder, and linked to other claims by `supports`/`contradicts`. The
//! data flows one way:
//!
//! ```text
//! claims.yaml + corpus/ --load--> Map --anchor--> Map with quote spans --validate--> Diagnostics
//!                                                   \--graph/render--> DOT, SVG, Mermaid, HTML
//!                                     two Maps --diff--> semantic changes
//! ```
//!
//! [`check`] runs the first three stages and is what every command starts with. Each finding
//! is a [`Diagnostic`]: what it is about ([`diagnostic::Subject`]), where, and the
//! [`diagnostic::Fix`]es that would mend it.
//!
//! ```
//! use std::path::Path;
//!
//! let checked = claimgraph::check(Path::new("tests/fixtures/check-unknown-claim/claims.yaml"))?;
//! let finding = &checked.diagnostics[0];
//! assert_eq!(finding.code.as_str(), "unknown-claim");
//! assert_eq!(finding.subject.claim(), Some("cohesion"));
//! // The one clear did-you-mean is a fix; it changes a reference, so it is unsafe.
//! assert_eq!(finding.fixes[0].description, "write `sanctions-fail`");
//!
//! // The map drawn as Graphviz DOT, the claim with an error marked.
//! let map = checked.map.as_ref().expect("the map parsed");
//! let options = claimgraph::render::RenderOptions::default();
//! let dot = claimgraph::render::render(map, &checked.diagnostics, claimgraph::render::Format::Dot, &options)?;
//! assert!(dot.output.starts_with("digraph"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`fix_with`] applies the fixes in memory and checks the result again; [`diff::diff`]
//! compares two checked maps. Reading goes through [`load::Files`], so a map can come from
//! disk ([`load::Disk`]), a git revision ([`load::git::GitTree`]) or an editor's unsaved
//! buffer ([`load::Overlay`]). The library touches no terminal and never exits the process:
//! the `claimgraph` binary is one program built on it.

// The generator's own tests name the crate, and the session's tests include the generator.
#[cfg(test)]
extern crate self as claimgraph;

pub mod analyze;
pub(crate) mod anchor;
pub mod diagnostic;
pub mod diff;
pub(crate) mod graph;
pub mod ide;
pub mod interchange;
pub mod load;
pub mod model;
pub mod render;
mod session;
pub(crate) mod validate;

pub use anchor::{Context, context};
pub use diagnostic::Diagnostic;
pub use model::Map;
pub use session::Session;

/// Not part of the API: the stages' own entry points, for the fuzz targets, the benches and
/// the profiling example, which exercise them one at a time. They may change in any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::anchor::{anchor_map, find};
    pub use crate::load::{load, split_agrees_with_whole};
    pub use crate::validate::validate;
}

use std::path::Path;
use std::sync::Arc;

use diagnostic::{Counts, Summary};
use load::{Files, LoadError};

/// A loaded, anchored and validated map.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Checked {
    /// The map, unless the file could not be understood as a map.
    pub map: Option<Map>,
    /// The map file's text, for snippets.
    pub yaml: Arc<String>,
    /// Every finding, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Errors and warnings.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }

    /// Counts for reports.
    pub fn summary(&self) -> Summary {
        Summary::of(self.map.as_ref(), &self.diagnostics)
    }

    /// The text of a file a diagnostic points into (the map file or a corpus file).
    pub fn text_of(&self, file: &Path) -> Option<Arc<String>> {
        match &self.map {
            // The map did not load: the only text there is, is the map file's.
            None => Some(self.yaml.clone()),
            Some(map) => map.text_of(file),
        }
    }
}

/// What `check --fix` did: the map's text before and after, the fixes applied, and the
/// findings of the fixed map.
#[derive(Debug)]
#[non_exhaustive]
pub struct Fixed {
    /// The map file's text as it was.
    pub original: String,
    /// The text with the fixes applied (equal to `original` when nothing was fixed).
    pub text: String,
    /// Every fix applied, with the finding it fixed, over all rounds.
    pub fixed: Vec<(Diagnostic, diagnostic::Fix)>,
    /// The fixed map, checked again.
    pub checked: Checked,
}

/// Which fixes [`fix_with`] may apply.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct FixOptions {
    /// Apply unsafe fixes too (they change content: a quote, a reference).
    pub unsafe_fixes: bool,
}

impl FixOptions {
    /// Safe fixes, or unsafe ones too.
    pub fn new(unsafe_fixes: bool) -> Self {
        FixOptions { unsafe_fixes }
    }
}

/// Checks the map at `path` and applies the fixes of its findings in memory, round after
/// round (a fix that overlapped another is tried again once the map is checked anew), until
/// nothing is left to fix. Nothing is written: the caller decides what to do with
/// [`Fixed::text`].
///
/// A map that does not parse (invalid YAML, merge-conflict markers, a wrongly typed value) is
/// never fixed, and a round whose result would not parse is dropped.
pub fn fix_with(files: &dyn Files, path: &Path, options: FixOptions) -> Result<Fixed, LoadError> {
    const MAX_ROUNDS: usize = 16;
    let mut checked = check_with(files, path)?;
    let original = checked.yaml.as_str().to_string();
    let mut text = original.clone();
    let mut fixed = Vec::new();
    for _ in 0..MAX_ROUNDS {
        if checked.map.is_none() {
            break;
        }
        let round =
            diagnostic::apply_fixes(&text, path, &checked.diagnostics, options.unsafe_fixes);
        if round.fixed.is_empty() || round.text == text {
            break;
        }
        let overlay = load::Overlay::new(files, path, round.text.clone().into_bytes());
        let next = check_with(&overlay, path)?;
        if next.map.is_none() {
            break;
        }
        text = round.text;
        fixed.extend(round.fixed);
        checked = next;
    }
    Ok(Fixed {
        original,
        text,
        fixed,
        checked,
    })
}

/// Loads, anchors and validates the map at `path` on disk.
pub fn check(path: &Path) -> Result<Checked, LoadError> {
    check_with(&load::Disk, path)
}

/// Loads, anchors and validates the map at `path` read through `files`.
pub fn check_with(files: &dyn Files, path: &Path) -> Result<Checked, LoadError> {
    let loaded = load::load_with(files, path)?;
    let mut diagnostics = loaded.diagnostics;
    let map = loaded.map.map(|mut map| {
        anchor::anchor_map(&mut map);
        diagnostics.extend(validate::validate(&map));
        map
    });
    diagnostic::sort(&mut diagnostics);
    Ok(Checked {
        map,
        yaml: loaded.yaml,
        diagnostics,
    })
}
