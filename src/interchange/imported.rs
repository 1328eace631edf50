//! What every importer hands the command line: the text of a new `claims.yaml` (written here,
//! once, for every format), its corpus file if the format carries one, what could not be
//! imported, and the counts for the summary line.
//!
//! One writer, so that every import quotes text the same way (through the fixes' own
//! `quoted`, which `tests/cli` reads back byte for byte) and a fix to it reaches every format.

use std::collections::BTreeMap;

use crate::validate::{id_scalar, quoted};

/// A map made from another tool's file, ready to be written by the caller.
#[derive(Debug)]
#[non_exhaustive]
pub struct Imported {
    /// The `claims.yaml` text.
    pub yaml: String,
    /// The corpus file's name (inside `corpus/`) and text, when the format carries the texts
    /// the map was made from (AIF's locutions do, Argdown has none: the corpus is empty).
    pub corpus: Option<(String, String)>,
    /// Nodes, fields and links the map cannot hold, by kind, with how many there were.
    pub dropped: BTreeMap<String, usize>,
    /// Each thing not imported (or imported approximately) at its place in the input file.
    pub warnings: Vec<ImportWarning>,
    /// How many claims, relations and citations were made.
    pub counts: ImportCounts,
}

/// What an import made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportCounts {
    /// Claims.
    pub claims: usize,
    /// `supports` entries.
    pub supports: usize,
    /// `contradicts` entries.
    pub contradicts: usize,
    /// Evidence entries.
    pub evidence: usize,
}

/// Something in the input file that the map could not hold, at its line and column (1-based,
/// columns in characters, the program's one rule).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImportWarning {
    /// Line in the input file.
    pub line: usize,
    /// Column in the input file, in characters.
    pub column: usize,
    /// What was not imported, lowercase, one line.
    pub message: String,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Not JSON.
    #[error("not JSON: {0}")]
    Json(String),
    /// JSON, but without AIF's `nodes` list.
    #[error("no `nodes` list: not an AIF map")]
    NotAif,
    /// Not an Argdown document, at a line and column of the file.
    #[error("{message}")]
    Argdown {
        /// Line of the problem.
        line: usize,
        /// Column of the problem, in characters.
        column: usize,
        /// What is wrong, lowercase.
        message: String,
        /// What to do about it.
        help: String,
    },
}

impl ImportError {
    /// The line and column the error is at, when it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ImportError::Argdown { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// A claim of the new map, as the writer takes it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct NewClaim {
    pub id: String,
    pub text: String,
    pub tags: Vec<String>,
    pub notes: Vec<String>,
    pub supports: Vec<String>,
    pub contradicts: Vec<String>,
    pub evidence: Vec<NewEvidence>,
}

/// One quote of a claim.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NewEvidence {
    pub source: String,
    pub quote: String,
    /// Its stance (`supports` is written as the default, that is not at all).
    pub stance: crate::model::Stance,
    /// Who holds the view a `reports` passage reports.
    pub holder: Option<String>,
}

/// A `sources:` entry of the new map (metadata only: the text is the corpus's).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct NewSource {
    pub id: String,
    pub file: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
}

/// The head of the new map: the comment saying where it came from, and its title and sources.
#[derive(Debug, Default)]
pub(crate) struct NewMap<'a> {
    /// Comment lines (without `# `) at the top of the file.
    pub comment: &'a [&'a str],
    pub title: Option<String>,
    pub sources: Vec<NewSource>,
}

/// The `claims.yaml` text of `head` and `claims`.
pub(crate) fn write_yaml(head: &NewMap<'_>, claims: &[NewClaim]) -> String {
    let mut out = String::new();
    for line in head.comment {
        out += &format!("# {line}\n");
    }
    if let Some(title) = &head.title {
        out += &format!("title: {}\n", quoted(title));
    }
    if !head.sources.is_empty() {
        out.push_str("sources:\n");
        for source in &head.sources {
            out += &source_entry(source);
        }
    }
    out.push_str("claims:\n");
    for claim in claims {
        out += &claim_entry(claim);
    }
    out
}

fn source_entry(source: &NewSource) -> String {
    let mut out = format!("  - id: {}\n", id_scalar(&source.id));
    let fields = [
        ("file", &source.file),
        ("title", &source.title),
        ("published", &source.published),
        ("publisher", &source.publisher),
        ("url", &source.url),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            out += &format!("    {key}: {}\n", quoted(value));
        }
    }
    if !source.authors.is_empty() {
        out += &format!("    authors: {}\n", list(&source.authors, quoted));
    }
    out
}

fn claim_entry(claim: &NewClaim) -> String {
    let mut out = format!(
        "  - id: {}\n    text: {}\n",
        id_scalar(&claim.id),
        quoted(&claim.text)
    );
    if !claim.tags.is_empty() {
        out += &format!("    tags: {}\n", list(&claim.tags, id_scalar));
    }
    if !claim.notes.is_empty() {
        out += &format!("    note: {}\n", quoted(&claim.notes.join("; ")));
    }
    for (key, ids) in [
        ("supports", &claim.supports),
        ("contradicts", &claim.contradicts),
    ] {
        if !ids.is_empty() {
            out += &format!("    {key}: {}\n", list(ids, id_scalar));
        }
    }
    if !claim.evidence.is_empty() {
        out.push_str("    evidence:\n");
        for e in &claim.evidence {
            out += &format!(
                "      - source: {}\n        quote: {}\n",
                id_scalar(&e.source),
                quoted(&e.quote)
            );
            if e.stance != crate::model::Stance::Supports {
                out += &format!("        stance: {}\n", e.stance.as_str());
            }
            if let Some(holder) = &e.holder {
                out += &format!("        holder: {}\n", quoted(holder));
            }
        }
    }
    out
}

/// A YAML flow list of `items`, each written by `scalar`.
fn list(items: &[String], scalar: fn(&str) -> String) -> String {
    let items: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", items.join(", "))
}

/// Counts of `claims` for the summary line.
pub(crate) fn counts(claims: &[NewClaim]) -> ImportCounts {
    ImportCounts {
        claims: claims.len(),
        supports: claims.iter().map(|c| c.supports.len()).sum(),
        contradicts: claims.iter().map(|c| c.contradicts.len()).sum(),
        evidence: claims.iter().map(|c| c.evidence.len()).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_map_reads_back_as_written() {
        let claims = [NewClaim {
            id: "a".into(),
            text: "- x: #y".into(),
            tags: vec!["two words".into(), "plain".into()],
            notes: vec!["n".into()],
            supports: vec!["b".into()],
            evidence: vec![NewEvidence {
                source: "s".into(),
                quote: "q \"".into(),
                stance: crate::model::Stance::Contradicts,
                holder: None,
            }],
            ..NewClaim::default()
        }];
        let yaml = write_yaml(&NewMap::default(), &claims);
        let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap_or_default();
        assert_eq!(value["claims"][0]["text"], "- x: #y", "{yaml}");
        assert_eq!(value["claims"][0]["tags"][0], "two words", "{yaml}");
        assert_eq!(value["claims"][0]["evidence"][0]["stance"], "contradicts");
    }
}
