//! Parsing a large map on several cores: the `claims:` list is cut between entries and the
//! pieces are parsed by serde-saphyr in parallel on rayon's pool.
//!
//! The YAML parser is the largest cost of `check` on a big map (about half of it at 10,000
//! claims) and it is sequential. A map is almost always one top-level block mapping whose
//! `claims:` value is a block sequence, and block structure is decided by indentation: a line
//! that starts, at the sequence's indentation, with `- ` begins the next entry whatever came
//! before. So each piece of the list is parsed as its own document: blanks where the file had
//! text before the piece (every byte but line breaks turned into a space), which keeps every
//! byte offset, line and column, hence every span, as in the whole file. The head and the tail
//! of the file (`version`, `sources`, ...) are one more document, with the list blanked and
//! written as `[]`.
//!
//! The cut is only a guess made from the text, so it is verified: every document must parse,
//! and the parser must agree with the guess (each claim it found lies within the lines the cut
//! assigned to that entry, in the same number). Anything else (a syntax error, a flow-style
//! list, an anchor defined in the list, a string left open at a cut, a multi-line string the
//! guess misread) makes the caller parse the whole file as one document, which also gives the
//! exact diagnostics.

use std::ops::Range;

use rayon::prelude::*;

use super::limits::options;
use super::raw::{RawClaim, RawMap};
use super::unknown::{self, Step};

/// Maps smaller than this are parsed in one piece (the extra documents cost more than they save).
pub(super) const MIN_SPLIT_BYTES: usize = 512 * 1024;

/// The entries of the `claims:` block sequence, as found in the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Entries {
    /// Byte offset of the start of each entry's line.
    pub starts: Vec<usize>,
    /// Byte offset just past the sequence (start of the next top-level line, or the end).
    pub end: usize,
    /// Indentation of the entries' `- `.
    pub width: usize,
    /// Byte offset of the `claims:` line: top-level keys before it are the head's.
    key_line: usize,
}

/// What one task of a split parse gives: the head document or one piece, with its unknown keys.
type Parts = (
    Option<(RawMap, Vec<Vec<Step>>)>,
    Option<(Vec<RawClaim>, Vec<Vec<Step>>)>,
);

/// A map parsed in parts, and the unknown keys found in them.
pub(super) struct SplitParse {
    pub raw: RawMap,
    pub ignored: Vec<Vec<Step>>,
}

/// Indentation of a line, or `None` for a blank or comment-only line, or one indented with a
/// tab (YAML forbids tabs there; the whole-file parse reports it).
pub(super) fn indent(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(' ');
    if body.starts_with('\t') {
        return None;
    }
    let body = body.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() || body.starts_with('#') {
        return None;
    }
    Some(line.len() - line.trim_start_matches(' ').len())
}

/// Whether `line`, indented by `at`, begins a block sequence entry (`- ...` or a lone `-`).
pub(super) fn is_entry(line: &str, at: usize) -> bool {
    line.get(at..).is_some_and(|rest| {
        let rest = rest.trim_end_matches(['\n', '\r']);
        rest == "-" || rest.starts_with("- ")
    })
}

/// Finds the `claims:` key in column 1 and the entries of its block sequence.
pub(super) fn entries(text: &str) -> Option<Entries> {
    // Lines are cut at `\n` here; to YAML a lone `\r` ends a line too (found by the `split`
    // fuzz target: `[a\rb]` moved every later line number by one). Such files are not split.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').map(|line| {
        let at = offset;
        offset += line.len();
        (at, line)
    });
    // The key: `claims:` alone on its line (a trailing comment allowed), in column 1.
    let mut key_line = None;
    for (at, line) in lines.by_ref() {
        if let Some(rest) = line.strip_prefix("claims:") {
            let rest = rest.trim();
            if rest.is_empty() || rest.starts_with('#') {
                key_line = Some(at);
                break;
            }
            return None;
        }
    }
    let key_line = key_line?;
    let mut starts = Vec::new();
    let mut width = None;
    for (at, line) in lines {
        let Some(n) = indent(line) else {
            if line.starts_with('\t') {
                return None;
            }
            continue;
        };
        match width {
            None if is_entry(line, n) => {
                width = Some(n);
                starts.push(at);
            }
            None => return None,
            Some(w) if n == w && is_entry(line, n) => starts.push(at),
            Some(w) if n <= w => {
                return Some(Entries {
                    starts,
                    end: at,
                    width: w,
                    key_line,
                });
            }
            Some(_) => {}
        }
    }
    Some(Entries {
        starts,
        end: text.len(),
        width: width?,
        key_line,
    })
}

/// Entry indices at which to cut the list into `parts` pieces of about equal bytes.
fn cut_points(entries: &Entries, parts: usize) -> Vec<usize> {
    let first = entries.starts[0];
    let total = entries.end - first;
    let mut cuts = Vec::new();
    for k in 1..parts {
        let target = first + total * k / parts;
        // The entry starting nearest the target, never the first one.
        let after = entries.starts.partition_point(|&s| s < target);
        let i = match after.checked_sub(1) {
            Some(before)
                if before > 0
                    && (after == entries.starts.len()
                        || target - entries.starts[before] < entries.starts[after] - target) =>
            {
                before
            }
            _ => after,
        };
        if i > cuts.last().copied().unwrap_or(0) && i < entries.starts.len() {
            cuts.push(i);
        }
    }
    cuts
}

/// Whether `region` may define a YAML anchor (`&name` where a node starts). Over-approximated
/// from the text ("R &D" counts): a map whose entries define anchors is parsed whole, because
/// an anchor redefined in an entry changes what a later alias in the head document means.
pub(super) fn may_define_anchor(region: &str) -> bool {
    let bytes = region.as_bytes();
    memchr::memchr_iter(b'&', bytes).any(|i| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 1).copied();
        before.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','))
            && after.is_some_and(|b| !b.is_ascii_whitespace())
    })
}

/// Every byte of `text` as a space, line breaks kept. Bytes, not a `str`: a piece's document
/// is cut at a byte offset, and the result is checked as UTF-8 only once the piece is copied in.
fn blank(text: &[u8]) -> Vec<u8> {
    text.iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect()
}

/// The document of the head and the tail of the file: everything but the claims list, which
/// is blanked, its value written as `[]` on the first entry's line (one column right of its
/// `- `). `None` when that line is too short to hold it.
fn head_document(text: &str, entries: &Entries) -> Option<String> {
    let mut bytes = blank(text.as_bytes());
    let first = entries.starts[0];
    bytes[..first].copy_from_slice(&text.as_bytes()[..first]);
    bytes[entries.end..].copy_from_slice(&text.as_bytes()[entries.end..]);
    let at = first + entries.width + 1;
    let line = &text.as_bytes()[first..];
    let line_len = memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len());
    if line_len < entries.width + 3 {
        return None;
    }
    bytes[at] = b'[';
    bytes[at + 1] = b']';
    String::from_utf8(bytes).ok()
}

/// The document of one piece of the list (`range`, whole lines): blanks before it, then the
/// piece, then the line that follows it turned into a comment in the column where its text
/// began, and nothing after. A block scalar (`|+`) ending the piece stops at that comment as it
/// stops at that line in the whole file (same value, same span); a string or flow collection
/// left open runs into the end of the document and fails.
fn piece_document(text: &str, range: Range<usize>) -> Option<String> {
    let next = &text.as_bytes()[range.end..];
    let next_len = memchr::memchr(b'\n', next).map_or(next.len(), |i| i + 1);
    let mut bytes = blank(&text.as_bytes()[..range.end + next_len]);
    bytes[range.clone()].copy_from_slice(&text.as_bytes()[range.clone()]);
    let column = next.iter().take_while(|&&b| b == b' ').count();
    if next.get(column).is_some_and(|&b| b != b'\n' && b != b'\r') {
        bytes[range.end + column] = b'#';
    }
    String::from_utf8(bytes).ok()
}

/// How many pieces to parse a map of `len` bytes in on this machine: one (no split) for small
/// maps or one thread; otherwise one per thread of rayon's pool, at most 8, and fewer for very
/// large maps, because every piece is a copy of the file up to its end (a 128 MiB map is cut
/// in two).
pub(super) fn pieces_for(len: usize) -> usize {
    const COPIES_BUDGET: usize = 512 * 1024 * 1024;
    if len < MIN_SPLIT_BYTES {
        return 1;
    }
    // The pool's size (the cores, or RAYON_NUM_THREADS): more pieces than threads only copy.
    let cores = rayon::current_num_threads();
    cores.min(8).min((COPIES_BUDGET / len).max(2))
}

/// Parses `text` in up to `parts` pieces in parallel, or `None` when it cannot be split or any
/// piece fails (the caller then parses the whole file).
///
/// `options(n)` gives the parser options for one of `n` documents (serde-saphyr's options
/// are built inside each task: they are not `Send`).
pub(super) fn parse(
    text: &str,
    options: fn(usize) -> serde_saphyr::Options,
    parts: usize,
) -> Option<SplitParse> {
    let entries = entries(text)?;
    if may_define_anchor(text.get(entries.starts[0]..entries.end)?) {
        return None;
    }
    let cuts = cut_points(&entries, parts);
    if cuts.is_empty() {
        return None;
    }
    // Entry ranges of each piece, as indices into `entries.starts`.
    let mut bounds = vec![0];
    bounds.extend(&cuts);
    bounds.push(entries.starts.len());
    let byte = |i: usize| entries.starts.get(i).copied().unwrap_or(entries.end);
    // The head document and one per piece share the budgets.
    let share = bounds.len();

    let piece = |k: usize| {
        let doc = piece_document(text, byte(bounds[k])..byte(bounds[k + 1]))?;
        parse_doc::<Vec<RawClaim>>(&doc, options(share))
    };
    let head =
        || head_document(text, &entries).and_then(|doc| parse_doc::<RawMap>(&doc, options(share)));
    // One task per document, heaviest first: a piece's document carries blanks for everything
    // before it, so the last piece costs most, and the head (the whole file with the list
    // blanked) least. Listed last, the head goes to the worker that finished the lightest
    // piece; joined first, it held back the worker that then took the heaviest (with one
    // thread per document the OS had shared the cores among all of them).
    let pieces = bounds.len() - 1;
    let mut parsed: Vec<Parts> = (0..pieces + 1)
        .into_par_iter()
        .with_max_len(1)
        .map(|task| {
            // A document the parser panics on is declined like one it rejects: the caller's
            // whole-file parse then decides (as when each piece had a thread of its own).
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match pieces - task {
                0 => (head(), None),
                n => (None, piece(n - 1)),
            }))
            .unwrap_or((None, None))
        })
        .collect();
    // Indexed: the results are in task order whichever finished first.
    let head = parsed.pop().and_then(|(head, _)| head);
    let pieces = parsed.into_iter().rev().map(|(_, piece)| piece);

    let (mut raw, head_ignored) = head?;
    if !raw.claims.is_empty() {
        return None;
    }
    // Unknown keys in the order the whole-file parse reports them: the head's, the claims',
    // the tail's.
    let (mut ignored, tail_ignored): (Vec<_>, Vec<_>) =
        head_ignored
            .into_iter()
            .partition(|steps| match steps.first() {
                Some(Step::Key(key)) => {
                    unknown::find_key(text, 0..entries.key_line, key, true).is_some()
                }
                _ => true,
            });
    for (k, piece) in pieces.into_iter().enumerate() {
        let (claims, piece_ignored) = piece?;
        let first = bounds[k];
        if claims.len() != bounds[k + 1] - first {
            return None;
        }
        ignored.extend(piece_ignored.into_iter().map(|mut steps| {
            if let Some(Step::Index(i)) = steps.first_mut() {
                *i += first;
            }
            steps.insert(0, Step::Key("claims".to_string()));
            steps
        }));
        raw.claims.extend(claims);
    }
    ignored.extend(tail_ignored);
    // The parser must have found each claim within the lines the cut gave its entry. A block
    // scalar's span runs on to the next line's indentation, hence the `width` of slack.
    let agrees = raw.claims.iter().enumerate().all(|(i, claim)| {
        unknown::claim_extent(claim)
            .is_some_and(|r| byte(i) <= r.start && r.end <= byte(i + 1) + entries.width)
    });
    agrees.then_some(SplitParse { raw, ignored })
}

/// Whether parsing `text` in `parts` pieces gives exactly what parsing it whole gives, unknown
/// keys included (compared through `Debug`, which shows every value and span), or declines to
/// split. The property behind this module, checked by tests and the `split` fuzz target.
pub(super) fn agrees_with_whole(text: &str, parts: usize) -> bool {
    let Some(split) = parse(text, options, parts) else {
        return true;
    };
    match parse_doc::<RawMap>(text, options(1)) {
        Some((whole, ignored)) => {
            consumed(&format!("{whole:#?}")) == consumed(&format!("{:#?}", split.raw))
                && ignored == split.ignored
        }
        None => false,
    }
}

/// The pretty `Debug` of a raw map without serde-saphyr's character offsets (`offset: N`):
/// blanking turns a multi-byte character into several one-byte spaces, so character offsets
/// past one differ between a piece and the whole file. The loader never reads them; it reads
/// byte offsets (`byte_info`), lines and columns, which stay in the comparison.
pub(super) fn consumed(debug: &str) -> String {
    debug
        .lines()
        .filter(|line| !line.trim_start().starts_with("offset: "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_doc<T: serde::de::DeserializeOwned>(
    doc: &str,
    options: serde_saphyr::Options,
) -> Option<(T, Vec<Vec<Step>>)> {
    let mut ignored = Vec::new();
    let value = serde_saphyr::with_deserializer_from_str_with_options(doc, options, |de| {
        serde_ignored::deserialize::<_, _, T>(de, |at| ignored.extend(unknown::written(&at)))
    })
    .ok()?;
    Some((value, ignored))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The split parse gives exactly what the whole parse gives, and was not declined.
    fn same_as_whole(text: &str, parts: usize) -> bool {
        agrees_with_whole(text, parts) && parse(text, options, parts).is_some()
    }

    pub(super) const MAP: &str = "version: 1
title: \"A map\"
claims:
  # a comment in column 3
  - id: a
    text: >
      folded text
      - with a dash line
    supports: [b]
# a comment in column 1
  - id: b
    note: Правда, 真理は一つ 🚲
    text: \"a quoted
      string over lines\"
    evidence:
      - source: s
        quote: |
          literal
          - not an entry
  - id: c
    text: plain text
      continued
    tags: [x]
sources:
  - id: s
    title: Source
";

    #[test]
    fn finds_the_entries_of_the_claims_list() {
        let found = entries(MAP).expect("entries");
        let lines: Vec<&str> = found
            .starts
            .iter()
            .map(|&s| {
                MAP.get(s..)
                    .and_then(|l| l.lines().next())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(lines, ["  - id: a", "  - id: b", "  - id: c"]);
        assert!(
            MAP.get(found.end..)
                .is_some_and(|r| r.starts_with("sources:"))
        );
    }

    #[test]
    fn split_parse_equals_the_whole_parse() {
        for parts in 2..=4 {
            assert!(same_as_whole(MAP, parts), "{parts} parts");
        }
        let unindented = "claims:\n- id: a\n  text: t\n- id: b\n  text: u\n- id: c\n  text: v\n";
        assert!(same_as_whole(unindented, 2));
    }

    #[test]
    fn unknown_keys_of_later_parts_get_their_whole_file_path() {
        let text = "claims:\n  - id: a\n    text: t\n  - id: b\n    text: u\n    suports: [a]\n";
        let split = parse(text, options, 2).expect("split");
        assert_eq!(
            split.ignored,
            vec![vec![
                Step::Key("claims".into()),
                Step::Index(1),
                Step::Key("suports".into())
            ]]
        );
    }

    #[test]
    fn shapes_it_cannot_split_fall_back_to_the_whole_parse() {
        for text in [
            // an alias reaching across the cut
            "claims:\n  - id: a\n    text: &t shared\n  - id: b\n    text: *t\n",
            // a flow sequence
            "claims: [{id: a, text: t}, {id: b, text: u}]\n",
            // a syntax error in the second part
            "claims:\n  - id: a\n    text: t\n  - id: b\n    text: \"unclosed\n",
            // a missing field in the second part
            "claims:\n  - id: a\n    text: t\n  - id: b\n",
            // tabs
            "claims:\n\t- id: a\n",
        ] {
            assert!(parse(text, options, 2).is_none(), "{text}");
        }
    }

    #[test]
    fn a_quoted_string_continued_in_column_1_is_not_cut() {
        // A line inside a multi-line quoted string that looks like an entry: the whole-file
        // parser reads it as part of the string, so the split must not disagree silently.
        let text =
            "claims:\n  - id: a\n    text: \"one\n  - id: b\n    two\"\n  - id: c\n    text: t\n";
        assert!(same_as_whole(text, 2) || parse(text, options, 2).is_none());
    }

    #[test]
    fn a_string_left_open_at_a_cut_invented_a_claim() {
        // Found in review: the first piece was parsed with the tail, and a quoted string that
        // swallows the next entry in the whole file closed at a quote in the tail instead.
        for quote in ['\'', '"'] {
            let text = format!(
                "claims:\n  - id: a\n    text: t\n    note: {quote}x\n  - id: b\n    text: u{quote}\n  - id: c\n    text: v\nsources: [] # {quote}\n"
            );
            for parts in 2..=4 {
                assert!(agrees_with_whole(&text, parts), "{parts} parts: {text}");
            }
        }
    }

    #[test]
    fn an_anchor_redefined_in_the_list_changed_an_alias_in_the_tail() {
        // Found in review: the head document did not see the redefinition in the list.
        let text = "title: &t Old\nclaims:\n  - id: a\n    text: t\n  - id: b\n    text: &t New\nsources:\n  - id: s\n    title: *t\n";
        assert!(agrees_with_whole(text, 2));
        assert!(parse(text, options, 2).is_none());
    }

    #[test]
    fn unknown_keys_come_in_file_order() {
        // Found in review: the tail's unknown keys came before the later pieces'.
        let text = "titel: x\nclaims:\n  - id: a\n    text: t\n  - id: b\n    text: u\n    x: 1\nsourcs: y\n";
        assert!(same_as_whole(text, 2));
    }

    #[test]
    fn a_lone_carriage_return_moved_later_lines() {
        // Found by the `split` fuzz target: YAML ends a line at a lone `\r`, the cut did not.
        let text =
            "claims:\n  - id: a\n    text: t\n    supports: [b\r-c]\n  - id: b\n    text: u\n";
        assert!(agrees_with_whole(text, 2));
        assert!(parse(text, options, 2).is_none());
        let crlf = text.replace('\r', "").replace('\n', "\r\n");
        assert!(same_as_whole(&crlf, 2), "CRLF files are still split");
    }

    /// One claim entry in one of the styles a curator writes, indented by `width`.
    pub(in crate::load) fn entry(width: usize, i: usize, style: u8, blank_after: bool) -> String {
        let pad = " ".repeat(width);
        let text = match style % 8 {
            0 => "plain text".to_string(),
            1 => format!("plain text\n{pad}    continued over a line"),
            2 => format!("\"a quoted\n{pad}    string\""),
            3 => format!("|\n{pad}      literal\n{pad}      - not an entry"),
            4 => format!("|+\n{pad}      kept\n"),
            5 => format!(">-\n{pad}      folded\n{pad}      text"),
            6 => "'single ''quoted'' — «naïve» 真理 🚲'".to_string(),
            _ => "text # with a comment".to_string(),
        };
        let mut out = format!("{pad}- id: c{i}\n{pad}  text: {text}\n");
        if style.is_multiple_of(3) {
            out.push_str(&format!("{pad}  supports: [c0, c1]\n"));
        }
        if style % 4 == 1 {
            out.push_str(&format!(
                "{pad}  evidence:\n{pad}    - source: s\n{pad}      quote: |\n{pad}        q\n"
            ));
        }
        if style % 5 == 2 {
            out.push_str("# a comment in column 1\n");
        }
        if blank_after {
            out.push('\n');
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn split_parse_of_any_mix_of_styles_equals_the_whole_parse(
            width in 0usize..4,
            styles in proptest::collection::vec((0u8..=255, proptest::bool::ANY), 2..12),
            tail in proptest::bool::ANY,
            parts in 2usize..4,
        ) {
            let mut text = String::from("version: 1\nclaims:\n");
            for (i, (style, blank)) in styles.iter().enumerate() {
                text.push_str(&entry(width, i, *style, *blank));
            }
            if tail {
                text.push_str("sources:\n  - id: s\n");
            }
            proptest::prop_assert!(same_as_whole(&text, parts), "not split:\n{}", text);
        }
    }
}
