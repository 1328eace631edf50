//! The JSON printer: the whole [`Diff`] for tools and CI, under a versioned schema name.
//!
//! The shape is documented in `docs/diff.md` and only grows: fields are added, never renamed
//! or removed, without changing `schema` from `claimgraph-diff/1`. Field order is fixed (serde
//! follows the declarations), so the output is byte-stable for the same inputs.

use serde::Serialize;

use super::{Diff, Labels, Summary};

/// The schema name and version of the document.
pub const SCHEMA: &str = "claimgraph-diff/1";

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    old: &'a str,
    new: &'a str,
    changed: bool,
    summary: Summary,
    #[serde(flatten)]
    diff: &'a Diff,
}

/// Prints the diff as pretty JSON (with a final newline).
pub fn json(diff: &Diff, labels: &Labels) -> String {
    let summary = diff.summary();
    let document = Document {
        schema: SCHEMA,
        old: &labels.old,
        new: &labels.new,
        changed: summary.total() > 0,
        summary,
        diff,
    };
    let mut out = serde_json::to_string_pretty(&document)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
