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
//! [`check`] runs the first three stages and is what every command starts with.

pub mod anchor;
pub mod diagnostic;
pub mod diff;
pub mod graph;
pub mod load;
pub mod model;
pub mod render;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

use diagnostic::{Counts, Diagnostic, Summary};
use load::{Files, LoadError};
use model::Map;

/// A loaded, anchored and validated map.
#[derive(Debug)]
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
        let mut summary = Summary {
            counts: self.counts(),
            ..Summary::default()
        };
        if let Some(map) = &self.map {
            summary.claims = map.claims.len();
            summary.edges = map.edges().count();
            summary.sources = map.sources.len();
            summary.quotes = map.claims.iter().map(|c| c.evidence.len()).sum();
            summary.anchored = map
                .claims
                .iter()
                .flat_map(|c| &c.evidence)
                .filter(|e| e.anchor.found().is_some())
                .count();
        }
        summary
    }

    /// The text of a file a diagnostic points into (the map file or a corpus file).
    pub fn text_of(&self, file: &Path) -> Option<Arc<String>> {
        let map = self.map.as_ref();
        if map.is_none_or(|m| m.path == file) {
            return Some(self.yaml.clone());
        }
        map?.sources
            .iter()
            .find(|s| s.path == file)
            .and_then(|s| match &s.content {
                model::SourceContent::Text(text) => Some(text.clone()),
                _ => None,
            })
    }
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
