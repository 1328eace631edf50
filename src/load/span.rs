//! Parser locations → [`Span`]s: one conversion for the values the loader keeps (`resolve`,
//! `corpus`) and for the parser's errors (`yaml`), so that all of them point the same way.
//!
//! Its own module so that `resolve` and `corpus` need not depend on `yaml` for it.

use crate::model::{LineIndex, Span};

/// The span of a parser location: its byte range when the parser gives one, else one character
/// at its line and column; `None` for a location without a line.
pub(super) fn location_span(
    text: &str,
    index: &LineIndex,
    loc: &serde_saphyr::Location,
) -> Option<Span> {
    if loc.line() == 0 {
        return None;
    }
    let span = loc.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) if (offset as usize) <= text.len() => {
            Some(index.span(text, offset as usize, len as usize))
        }
        _ => {
            let line_start = index.line_start(loc.line() as u32);
            let offset = text
                .get(line_start..)
                .unwrap_or_default()
                .char_indices()
                .nth(loc.column().saturating_sub(1) as usize)
                .map_or(text.len(), |(i, _)| line_start + i);
            Some(index.span(text, offset, 1))
        }
    }
}

/// The span of a value deserialized with [`serde_saphyr::Spanned`].
pub(super) fn spanned_span(text: &str, index: &LineIndex, loc: &serde_saphyr::Location) -> Span {
    location_span(text, index, loc).unwrap_or_default()
}
