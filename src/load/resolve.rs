//! [`RawMap`] → [`Map`]: spans turned into line/column, defaults applied, the corpus read.
//!
//! Nothing here judges the content (that is `validate`); it only gives every value its final
//! shape and place.

use std::path::Path;
use std::sync::Arc;

use super::raw::{Entry, RawMap, RawStance};
use super::span::spanned_span;
use super::{Files, LoadError, corpus};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{AnchorResult, Claim, Evidence, LineIndex, Located, Map, Stance};

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
            && let Some(problem) = date_problem(&date.value)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::Schema,
                    path,
                    Some(spanned_span(text, &index, &date.referenced)),
                    format!("`published` is not a date: `{}`", date.value),
                )
                .label(problem)
                .help("write the date the text shows, e.g. `2023-07-30`, or leave `published` out"),
            );
        }
    }

    let base = path.parent().unwrap_or(Path::new(""));
    let corpus_name = raw.corpus.as_ref().map_or("corpus", |c| c.value.as_str());
    let corpus_dir = base.join(corpus_name);

    let mut slips = Vec::new();
    let claims = raw
        .claims
        .into_iter()
        .map(|claim| resolve_claim(text, &index, claim, &mut slips))
        .collect();

    let allow = listed(text, &index, raw.allow, |span| {
        slips.push(Slip::EmptyEntry(span, "allow", None));
    });
    let questions = listed(text, &index, raw.questions, |span| {
        slips.push(Slip::EmptyEntry(span, "questions", None));
    });
    diagnostics.extend(slips.into_iter().map(|slip| slip.diagnostic(path)));
    let (sources, unsupported) =
        corpus::load_sources(files, &corpus_dir, raw.sources, text, &index).map_err(|error| {
            missing_corpus(
                files,
                path,
                &corpus_dir,
                raw.corpus.as_ref(),
                text,
                &index,
                error,
            )
        })?;
    Ok(Map {
        path: path.to_path_buf(),
        yaml: yaml.clone(),
        version,
        title: raw.title,
        corpus_dir,
        sources,
        claims,
        allow,
        questions,
        unsupported,
    })
}

/// A corpus folder that is not there, said with where `corpus:` names it and the folder
/// beside the map it most likely means (`corpsu` for `corpus`); other errors pass through.
fn missing_corpus(
    files: &dyn Files,
    map: &Path,
    corpus_dir: &Path,
    written: Option<&serde_saphyr::Spanned<String>>,
    text: &str,
    index: &LineIndex,
    error: LoadError,
) -> LoadError {
    let LoadError::Corpus { source, .. } = &error else {
        return error;
    };
    if source.kind() != std::io::ErrorKind::NotFound {
        return error;
    }
    let written_at = written.map(|w| {
        let span = spanned_span(text, index, &w.referenced);
        format!(
            "{}:{}:{}",
            crate::diagnostic::display_path(map),
            span.line,
            span.column
        )
    });
    let base = map.parent().unwrap_or(Path::new(""));
    let folders: Vec<String> = files
        .list(if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|name| matches!(files.kind(&base.join(name)), Ok(super::Kind::Dir)))
        .collect();
    let wanted = corpus_dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let near = crate::diagnostic::did_you_mean(wanted, folders.iter().map(String::as_str))
        .map(str::to_string);
    LoadError::CorpusMissing {
        path: corpus_dir.to_path_buf(),
        written_at,
        near,
    }
}

/// Claims re-parsed alone (see `incremental`) → the model's claims, spans in `text`; `None`
/// when one of them has a slip to report (the caller then loads the whole map, which does).
pub(super) fn resolve_claims(
    text: &str,
    index: &LineIndex,
    claims: Vec<super::raw::RawClaim>,
) -> Option<Vec<Claim>> {
    let mut slips = Vec::new();
    let claims = claims
        .into_iter()
        .map(|claim| resolve_claim(text, index, claim, &mut slips))
        .collect();
    slips.is_empty().then_some(claims)
}

/// A slip in how a claim's lists are written, read as meant and reported.
enum Slip {
    /// A list entry with nothing in it: (its place, the list, the claim).
    EmptyEntry(crate::model::Span, &'static str, Option<String>),
    /// `evidence:` written as one mapping, not a list: (the entry's place, the claim).
    SingleEvidence(crate::model::Span, String),
}

impl Slip {
    fn diagnostic(self, path: &Path) -> Diagnostic {
        match self {
            Slip::EmptyEntry(span, field, owner) => {
                empty_entry(path, span, field, owner.as_deref())
            }
            Slip::SingleEvidence(span, owner) => Diagnostic::new(
                Code::Schema,
                path,
                Some(span),
                format!("`evidence` of claim `{owner}` is a single entry, not a list"),
            )
            .on_claim(&owner)
            .key(["evidence", "not a list"])
            .label("an entry without its `- `")
            .help("start each citation with `- `: `- source: …` with `quote:` under `source`"),
        }
    }
}

/// One claim as written → the model's claim; slips in its lists go to `slips`.
fn resolve_claim(
    text: &str,
    index: &LineIndex,
    claim: super::raw::RawClaim,
    slips: &mut Vec<Slip>,
) -> Claim {
    // Values are moved out of the raw map, not cloned: on a big map the copies cost more
    // than the rest of resolving. An empty value (`text:` and nothing) is an empty string at
    // the key's place.
    let located = |s: serde_saphyr::Spanned<String>| {
        Located::new(s.value, spanned_span(text, index, &s.referenced))
    };
    let located_or_empty = |s: serde_saphyr::Spanned<Option<String>>| {
        Located::new(
            s.value.unwrap_or_default(),
            spanned_span(text, index, &s.referenced),
        )
    };
    let owner = claim.id.value.clone();
    let mut list = |entries: Vec<Entry>, field: &'static str| {
        listed(text, index, entries, |span| {
            slips.push(Slip::EmptyEntry(span, field, Some(owner.clone())));
        })
    };
    let tags = list(claim.tags, "tags");
    let supports = list(claim.supports, "supports");
    let contradicts = list(claim.contradicts, "contradicts");
    let allow = list(claim.allow, "allow");
    if claim.evidence.single
        && let Some(first) = claim.evidence.entries.first()
    {
        slips.push(Slip::SingleEvidence(
            spanned_span(text, index, &first.source.referenced),
            owner.clone(),
        ));
    }
    Claim {
        id: located(claim.id),
        text: located_or_empty(claim.text),
        tags,
        note_span: claim
            .note
            .as_ref()
            .map(|n| spanned_span(text, index, &n.referenced)),
        note: claim.note.map(|n| n.value),
        evidence: claim
            .evidence
            .entries
            .into_iter()
            .map(|e| Evidence {
                source: located(e.source),
                quote: located_or_empty(e.quote),
                stance: match e.stance.map(|s| s.value) {
                    Some(RawStance::Contradicts) => Stance::Contradicts,
                    Some(RawStance::Reports) => Stance::Reports,
                    _ => Stance::Supports,
                },
                holder: e.holder,
                anchor: AnchorResult::Pending,
            })
            .collect(),
        supports,
        contradicts,
        allow,
    }
}

/// The entries of a list with their places; each empty one (a bare `-`, `~`) is left out
/// and its place handed to `empty`.
fn listed(
    text: &str,
    index: &LineIndex,
    entries: Vec<Entry>,
    mut empty: impl FnMut(crate::model::Span),
) -> Vec<Located<String>> {
    entries
        .into_iter()
        .filter_map(|entry| {
            let span = spanned_span(text, index, &entry.referenced);
            match entry.value {
                Some(value) => Some(Located::new(value, span)),
                None => {
                    empty(dash_of(text, index, span));
                    None
                }
            }
        })
        .collect()
}

/// The `-` of a block list entry with nothing after it (the parser places the null after
/// the dash), so the finding points at something visible; other spans are kept.
fn dash_of(text: &str, index: &LineIndex, span: crate::model::Span) -> crate::model::Span {
    if span.len > 0 {
        return span;
    }
    let before = text.get(..span.start).unwrap_or_default();
    // The line up to the span: `rsplit` yields at least one piece.
    let line = before.rsplit('\n').next().unwrap_or_default();
    match line.trim_end().strip_suffix('-') {
        Some(head) if head.trim().is_empty() => {
            index.span(text, before.len() - line.len() + head.len(), 1)
        }
        _ => span,
    }
}

/// A list entry with nothing in it: reported, and the list read without it.
fn empty_entry(
    path: &Path,
    span: crate::model::Span,
    field: &str,
    owner: Option<&str>,
) -> Diagnostic {
    let whose = owner.map_or_else(|| "the map".to_string(), |id| format!("claim `{id}`"));
    let what = match field {
        "tags" => "a tag",
        "allow" => "a warning code",
        _ => "a claim id",
    };
    let d = Diagnostic::new(
        Code::Schema,
        path,
        Some(span),
        format!("empty entry in `{field}` of {whose}"),
    )
    .key([field, "empty entry"])
    .label("nothing in this entry")
    .help(format!("write {what} here, or delete the entry"));
    match owner {
        Some(id) => d.on_claim(id),
        None => d,
    }
}

/// Why `s` is not a `published` date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD` of the calendar),
/// or `None` when it is one.
fn date_problem(s: &str) -> Option<String> {
    const SHAPE: &str = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, n: usize| {
        (p.len() == n && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok())?
    };
    let (year, month, day) = match parts.as_slice() {
        [y] => (number(y, 4), Some(1), Some(1)),
        [y, m] => (number(y, 4), number(m, 2), Some(1)),
        [y, m, d] => (number(y, 4), number(m, 2), number(d, 2)),
        _ => return Some(SHAPE.to_string()),
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Some(SHAPE.to_string());
    };
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = MONTHS[month as usize - 1];
    (day == 0 || day > days).then(|| format!("{name} {year} has {days} days"))
}

#[cfg(test)]
mod tests {
    use super::date_problem;

    #[test]
    fn impossible_published_date_is_not_a_date() {
        assert_eq!(
            date_problem("2023-13-45").as_deref(),
            Some("there is no month 13")
        );
        assert_eq!(
            date_problem("2021-02-30").as_deref(),
            Some("February 2021 has 28 days")
        );
        assert_eq!(
            date_problem("2021-06-00").as_deref(),
            Some("June 2021 has 30 days")
        );
        assert_eq!(date_problem("2024-02-29"), None);
        assert_eq!(date_problem("2021"), None);
        assert_eq!(date_problem("2021-11"), None);
        assert!(date_problem("08/11/2021").is_some_and(|p| p.starts_with("expected")));
    }
}
