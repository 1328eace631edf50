//! [`RawMap`] → [`Map`]: spans turned into line/column, defaults applied, the corpus read.
//!
//! Nothing here judges the content (that is `validate`); it only gives every value its final
//! shape and place.

use std::path::Path;
use std::sync::Arc;

use super::raw::{RawMap, RawStance};
use super::span::spanned_span;
use super::{Files, LoadError, corpus};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AnchorResult, Claim, EdgeKind, Evidence, LineIndex, Located, Map};

pub(super) fn resolve(
    files: &dyn Files,
    path: &Path,
    yaml: Arc<String>,
    raw: RawMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Map, LoadError> {
    let index = LineIndex::new(&yaml);
    let text: &str = &yaml;
    // Values are moved out of the raw map, not cloned: on a big map the copies cost more
    // than the rest of resolving.
    let located = |s: serde_saphyr::Spanned<String>| {
        let span = spanned_span(text, &index, &s.referenced);
        Located::new(s.value, span)
    };
    // An empty value (`text:` and nothing) is an empty string at the key's place.
    let located_or_empty = |s: serde_saphyr::Spanned<Option<String>>| {
        let span = spanned_span(text, &index, &s.referenced);
        Located::new(s.value.unwrap_or_default(), span)
    };

    let version = match &raw.version {
        Some(v) if v.value != 1 => {
            diagnostics.push(
                Diagnostic::new(
                    Code::Schema,
                    path,
                    Some(spanned_span(text, &index, &v.referenced)),
                    format!("unsupported format version {}", v.value),
                )
                .label("this claimgraph reads version 1")
                .help("upgrade claimgraph, or set `version: 1`"),
            );
            v.value
        }
        _ => 1,
    };
    for source in &raw.sources {
        if let Some(date) = &source.published
            && !is_date(&date.value)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::Schema,
                    path,
                    Some(spanned_span(text, &index, &date.referenced)),
                    format!("`published` is not a date: `{}`", date.value),
                )
                .label("expected YYYY, YYYY-MM or YYYY-MM-DD")
                .help("write the date the text shows, e.g. `2023-07-30`, or leave `published` out"),
            );
        }
    }

    let base = path.parent().unwrap_or(Path::new(""));
    let corpus_name = raw.corpus.as_ref().map_or("corpus", |c| c.value.as_str());
    let corpus_dir = base.join(corpus_name);

    let claims = raw
        .claims
        .into_iter()
        .map(|claim| Claim {
            id: located(claim.id),
            text: located_or_empty(claim.text),
            tags: claim.tags.into_iter().map(located).collect(),
            note_span: claim
                .note
                .as_ref()
                .map(|n| spanned_span(text, &index, &n.referenced)),
            note: claim.note.map(|n| n.value),
            evidence: claim
                .evidence
                .into_iter()
                .map(|e| Evidence {
                    source: located(e.source),
                    quote: located_or_empty(e.quote),
                    stance: match e.stance.map(|s| s.value) {
                        Some(RawStance::Contradicts) => EdgeKind::Contradicts,
                        _ => EdgeKind::Supports,
                    },
                    anchor: AnchorResult::Pending,
                })
                .collect(),
            supports: claim.supports.into_iter().map(located).collect(),
            contradicts: claim.contradicts.into_iter().map(located).collect(),
            allow: claim.allow.into_iter().map(located).collect(),
        })
        .collect();

    let allow = raw.allow.into_iter().map(located).collect();
    let (sources, unsupported) =
        corpus::load_sources(files, &corpus_dir, raw.sources, text, &index)?;
    Ok(Map {
        path: path.to_path_buf(),
        yaml: yaml.clone(),
        version,
        title: raw.title,
        corpus_dir,
        sources,
        claims,
        allow,
        unsupported,
    })
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}
