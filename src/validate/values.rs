//! Values as the curator meant them, where YAML reads them otherwise.
//!
//! In a plain (unquoted) scalar, ` #` starts a comment: `quote: the city's busiest line #1
//! for commuters` is read as «the city's busiest line», and the rest silently vanishes. Nothing
//! else would notice: the shortened quote may well still be in its source.

use super::{edits, shown};
use crate::anchor;
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::{LineIndex, Map, Span};

/// How many quotes with a comment are checked against their source to decide whether quoting
/// is safe (each check scans the source once); past it the fix is offered as unsafe.
const MAX_ANCHOR_CHECKS: usize = 64;

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut checks = 0;
    // Both are needed only once a comment is found, which is rare: built then.
    let mut sources = None;
    let mut lines: Option<LineIndex> = None;
    for claim in &map.claims {
        let id = claim.id.value.as_str();
        let note = claim
            .note
            .as_deref()
            .zip(claim.note_span)
            .map(|(note, span)| ("note", span, note, None));
        let quotes = claim.evidence.iter().map(|e| {
            (
                "quote",
                e.quote.span,
                e.quote.value.as_str(),
                Some(e.source.value.as_str()),
            )
        });
        let values = std::iter::once(("text", claim.text.span, claim.text.value.as_str(), None))
            .chain(note)
            .chain(quotes);
        for (field, span, value, source) in values {
            let Some(comment) = trailing_comment(&map.yaml, span) else {
                continue;
            };
            let whole = format!("{}{}", value.trim_end(), comment.text);
            // A quote whose fuller form is in its source was plainly meant whole: quoting it is
            // safe. Otherwise the text after ` #` may be a real comment: ask.
            let source_text = source
                .and_then(|s| {
                    sources
                        .get_or_insert_with(|| map.source_index())
                        .get(s)
                        .copied()
                })
                .and_then(|s| s.text());
            let anchors = match source_text {
                Some(text) if checks < MAX_ANCHOR_CHECKS => {
                    checks += 1;
                    anchor::find(text, &whole).found().is_some()
                }
                _ => false,
            };
            let edit = edits::replace_scalar(
                map,
                Span {
                    len: comment.end - span.start,
                    ..span
                },
                edits::quoted(&whole),
            );
            let fix = edit.map(|edit| {
                let description = format!("quote the whole {field}");
                if anchors {
                    Fix::safe(description, vec![edit])
                } else {
                    Fix::unsafe_(description, vec![edit])
                }
            });
            out.push(
                Diagnostic::new(
                    Code::CommentInValue,
                    &map.path,
                    Some(
                        lines
                            .get_or_insert_with(|| LineIndex::new(&map.yaml))
                            .span(&map.yaml, comment.start, comment.end - comment.start),
                    ),
                    format!("` #` ends the {field} of `{}`: YAML reads the rest as a comment", shown(id)),
                )
                .on_claim(id)
                .key([field, value])
                .label("read as a comment, not as part of the value")
                .help(format!(
                    "quote the value to keep it whole: {field}: {}; if it is a comment, put it on a line of its own",
                    edits::quoted(&whole)
                ))
                .fixes(fix),
            );
        }
    }
    out
}

/// A comment after a plain scalar, on the line where the scalar ends.
struct Comment<'a> {
    /// Byte offset of the `#`.
    start: usize,
    /// Byte offset of the line's end (the comment's last byte + 1, trailing blanks dropped).
    end: usize,
    /// The white space before the `#`, the `#` and what follows it on the line, trailing
    /// blanks dropped: what YAML cut from the value.
    text: &'a str,
}

fn trailing_comment(yaml: &str, span: Span) -> Option<Comment<'_>> {
    if span == Span::default() {
        return None;
    }
    let value = yaml.get(span.range())?;
    // Quoted scalars keep `#`; block scalars (`|`, `>`) do not start with their value on the
    // key's line; an empty value has nothing to cut.
    if value.is_empty() || value.starts_with(['"', '\'']) || !edits::is_inline(yaml, span) {
        return None;
    }
    let end = span.start + span.len;
    let rest = yaml.get(end..)?;
    // The rest of the value's line: `split` yields at least one piece.
    let line = rest.split(['\n', '\r']).next()?;
    let (gap, comment) = line.split_once('#')?;
    // YAML starts a comment only at a `#` after white space.
    if gap.is_empty() || !gap.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    if comment.trim().is_empty() {
        return None;
    }
    let text = line.trim_end();
    Some(Comment {
        start: end + gap.len(),
        end: end + line.trim_end().len(),
        text,
    })
}
