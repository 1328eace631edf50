//! Checking one map again and again as it is edited: what a language server does on every
//! keystroke, without redoing what the edit did not change.
//!
//! A [`Session`] gives exactly what [`crate::check_with`] gives on the same files (every
//! finding, span, related place and fix), faster:
//!
//! - each source's normalised text and line index, and every quote's matches, closest passage
//!   and "found in another source" answer are kept, so only new or changed quotes are looked
//!   up (`anchor::cache`);
//! - an edit confined to some entries of the `claims:` list re-parses those entries alone and
//!   keeps every other claim, its spans moved by the edit (`load::incremental`); an edit
//!   anywhere else, or one that leaves something to report about the YAML itself, loads the
//!   whole map, which reports it;
//! - the corpus folder is not read again until [`Session::forget`] says a file other than the
//!   map has changed (the language server does on `didChangeWatchedFiles` and on edits of an
//!   open corpus buffer). Files changed behind the caller's back are not noticed.
//!
//! Validation always runs on the whole map: its rules are about the whole map (unique ids,
//! cycles, unused sources).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::anchor;
use crate::diagnostic::{self, Diagnostic};
use crate::load::incremental::{self, Layout};
use crate::load::{self, Files, LoadError};
use crate::{Checked, validate};

/// Repeated checks of one map as it is edited, each equal to [`crate::check_with`] on the same
/// files: the corpus is kept indexed and every quote's anchor kept, an edit confined to some
/// entries of `claims:` re-parses those entries alone (anything else loads the whole map), and
/// the corpus is read again only after [`Session::forget`]. Validation runs on the whole map.
///
/// ```
/// use std::path::Path;
///
/// let path = Path::new("tests/fixtures/check-unknown-claim/claims.yaml");
/// let mut session = claimgraph::Session::new();
/// let first = session.check(&claimgraph::load::Disk, path)?;
/// assert_eq!(first.diagnostics, claimgraph::check(path)?.diagnostics);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Default)]
pub struct Session {
    last: Option<Last>,
    /// The last check in which the map parsed, when it is not `last`'s: kept so that a
    /// caller holding it weakly (the language server's completion data) can still reach it.
    parsed: Option<Arc<Checked>>,
    anchors: anchor::Cache,
    /// A file other than the map changed since the last check.
    stale: bool,
    /// Checks made in part (for the tests).
    #[cfg(test)]
    hits: usize,
}

/// The last check whose map can be re-parsed in part: the base of the next one. It stays the
/// base through checks that cannot be (a syntax error typed and taken back), as long as the
/// corpus is unchanged: an edit is always taken relative to its text.
struct Last {
    path: PathBuf,
    /// The check; its map is anchored and its `yaml` is the text checked.
    checked: Arc<Checked>,
    layout: Layout,
    /// The findings of loading (before validation), in the order loading made them.
    loaded: Vec<Diagnostic>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("map", &self.last.as_ref().map(|l| &l.path))
            .field("stale", &self.stale)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session that has checked nothing yet.
    pub fn new() -> Self {
        Session::default()
    }

    /// Checks the map at `path` read through `files`: the same result as
    /// [`crate::check_with`], provided every file but the map that changed since the last
    /// call was passed to [`Session::forget`].
    ///
    /// The result is shared with the session, which builds the next check from it: a caller
    /// that lets go of its copies before the next call (or keeps only a `Weak`) lets the
    /// session change it in place instead of copying the whole map.
    pub fn check(&mut self, files: &dyn Files, path: &Path) -> Result<Arc<Checked>, LoadError> {
        if !self.stale
            && let Some(checked) = self.again(files, path)
        {
            return Ok(checked);
        }
        self.full(files, path)
    }

    /// A file other than the map (a source text, the corpus folder's listing) changed: the
    /// next check reads the corpus again.
    pub fn forget(&mut self, path: &Path) {
        if self.last.as_ref().is_some_and(|l| l.path == path) {
            return;
        }
        self.stale = true;
        self.anchors.forget(path);
    }

    /// The whole load, anchoring from the cache.
    fn full(&mut self, files: &dyn Files, path: &Path) -> Result<Arc<Checked>, LoadError> {
        let (loaded, layout) = load::load_with_layout(files, path)?;
        // What was kept of the corpus, or of another map, is no base for the next check (kept
        // until now: a map that cannot be reached keeps its last parsed check reachable).
        if self.stale || self.last.as_ref().is_some_and(|l| l.path != path) {
            self.last = None;
            self.parsed = None;
        }
        self.stale = false;
        let mut diagnostics = loaded.diagnostics;
        let Some(mut map) = loaded.map else {
            diagnostic::sort(&mut diagnostics);
            return Ok(Arc::new(Checked {
                map: None,
                yaml: loaded.yaml,
                diagnostics,
            }));
        };
        let loaded_diagnostics = layout.as_ref().map(|_| diagnostics.clone());
        anchor::anchor_map_cached(&mut map, &mut self.anchors);
        diagnostics.extend(validate::validate(&map));
        diagnostic::sort(&mut diagnostics);
        let checked = Arc::new(Checked {
            map: Some(map),
            yaml: loaded.yaml,
            diagnostics,
        });
        match (layout, loaded_diagnostics) {
            (Some(layout), Some(loaded)) => {
                self.parsed = None;
                self.last = Some(Last {
                    path: path.to_path_buf(),
                    checked: checked.clone(),
                    layout,
                    loaded,
                });
            }
            _ => self.parsed = Some(checked.clone()),
        }
        Ok(checked)
    }

    /// The check of an edit of the last map, from what the last check knew; `None` when the
    /// whole map must be loaded.
    fn again(&mut self, files: &dyn Files, path: &Path) -> Option<Arc<Checked>> {
        let last = self.last.as_mut().filter(|l| l.path == path)?;
        let bytes = files.read(path).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        if text == *last.checked.yaml {
            self.parsed = None;
            return Some(last.checked.clone());
        }
        let edit = incremental::reparse(&last.checked.yaml, &last.layout, &text)?;
        // In place when the caller let go of the last check, else on a copy.
        let checked = Arc::make_mut(&mut last.checked);
        let map = checked.map.as_mut()?;
        let text = Arc::new(text);
        let (after, delta, lines) = (edit.after, edit.delta, edit.lines);
        for claim in &mut map.claims[edit.replaced.end..] {
            incremental::shift_claim(claim, after, delta, lines);
        }
        map.claims.splice(edit.replaced.clone(), edit.claims);
        incremental::shift_head(map, after, delta, lines);
        map.yaml = text.clone();
        for d in &mut last.loaded {
            incremental::shift_diagnostic(d, path, after, delta, lines);
        }
        last.layout = edit.layout;
        anchor::anchor_map_cached(map, &mut self.anchors);
        let mut diagnostics = last.loaded.clone();
        diagnostics.extend(validate::validate(map));
        diagnostic::sort(&mut diagnostics);
        checked.diagnostics = diagnostics;
        checked.yaml = text;
        self.parsed = None;
        #[cfg(test)]
        {
            self.hits += 1;
        }
        Some(last.checked.clone())
    }
}

#[cfg(test)]
mod tests;
