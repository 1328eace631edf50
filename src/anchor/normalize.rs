//! The one normalisation applied to both quotes and sources, with a map back to original bytes.
//!
//! Curators copy quotes from PDFs, web pages and word processors: line breaks move, quotes turn
//! typographic, dashes change. Folding both sides the same way makes those differences vanish
//! while everything that changes meaning (letters, case, punctuation) still has to match.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// A normalised text and, for every byte of it, the original byte offset it came from.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// `starts[i]`: original offset of the segment normalised byte `i` came from; one extra
    /// entry at the end holds the original length.
    starts: Vec<u32>,
}

/// Folds one character after NFKC; `None` drops it.
fn fold(c: char) -> Option<char> {
    Some(match c {
        // Zero-width characters, soft hyphen and byte-order mark carry no visible text.
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{00ad}' => return None,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

struct Builder {
    text: String,
    starts: Vec<u32>,
    /// Where a hyphen that follows a letter was pushed: the whitespace after it is skipped,
    /// and it is taken back if a lower-case letter comes next ([`normalize`]'s hyphen rule).
    hyphen: Option<usize>,
}

/// A hyphen proper (not a dash): the ones a PDF extraction or a word processor breaks words at.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether the fast path may copy `byte` as it is, given the byte before it (`before`, asked
/// only for the four characters below; `None` at the start of the text): printable ASCII
/// other than the space, and not a character one of the extraction rules acts on where it
/// stands — a hyphen after a letter, `?` after `.`, a second `'`, a `|` at a word's start. The
/// common cases (an apostrophe in `Taliban's`, a `?` ending a question) stay in the run:
/// stopping at every one cost 6% of `check` on a 10k map.
fn is_plain(byte: u8, before: impl FnOnce() -> Option<u8>) -> bool {
    match byte {
        b'-' => !before().is_some_and(|b| b.is_ascii_alphabetic() || !b.is_ascii()),
        b'?' => before() != Some(b'.'),
        b'\'' => before() != Some(b'\''),
        b'|' => before().is_some_and(|b| b != b' '),
        _ => byte.is_ascii_graphic(),
    }
}

impl Builder {
    /// A run of bytes [`is_plain`] allows, starting at `origin`: kept as it is.
    fn push_run(&mut self, run: &str, origin: usize) {
        if let Some(at) = self.hyphen.take()
            && run.starts_with(|c: char| c.is_ascii_lowercase())
        {
            self.text.truncate(at);
            self.starts.truncate(at);
        }
        self.text.push_str(run);
        let from = origin as u32;
        self.starts.extend(from..from + run.len() as u32);
    }

    fn push(&mut self, raw: char, origin: usize) {
        // Asked only of hyphens: every space and non-ASCII character comes through here.
        let after_letter = || {
            self.text
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        };
        if raw == '\u{00ad}' && after_letter() {
            // A soft hyphen is only a place to break: the word goes on after the line end.
            self.hyphen = Some(self.text.len());
            return;
        }
        let Some(c) = fold(raw) else { return };
        if let Some(at) = self.hyphen {
            if c == ' ' {
                return;
            }
            self.hyphen = None;
            if c.is_lowercase() {
                self.text.truncate(at);
                self.starts.truncate(at);
            }
        } else if is_hyphen(raw) && after_letter() {
            self.hyphen = Some(self.text.len());
        }
        if self.is_artifact(c) {
            return;
        }
        if c == ' ' && (self.text.is_empty() || self.text.ends_with(' ')) {
            return;
        }
        let before = self.text.len();
        self.text.push(c);
        for _ in before..self.text.len() {
            self.starts.push(origin as u32);
        }
    }

    /// Marks of a PDF extraction found in the seeds, dropped on both sides: a footnote mark
    /// read as `?` right after a full stop (`regime.?`), an apostrophe doubled (`women'’s`),
    /// a stray `|` at the start of a word (`enough |leverage`).
    fn is_artifact(&self, c: char) -> bool {
        match c {
            '?' => self.text.ends_with('.'),
            '\'' => self.text.ends_with('\''),
            '|' => self.text.is_empty() || self.text.ends_with(' '),
            _ => false,
        }
    }
}

/// Normalises `original`: NFKC, typographic quotes and dashes folded to ASCII, zero-width
/// characters dropped, whitespace runs folded to one space, ends trimmed.
///
/// Words broken by a PDF extraction match unbroken: a hyphen after a letter is dropped with
/// the whitespace after it when a lower-case letter follows (`condi-\ntionality`,
/// `condi-tionality` and `conditionality` are one text; so are `rank-and-\nfile` and
/// `rank-and-file`), and only the whitespace goes when anything else follows (`anti-\nTaliban`
/// is `anti-Taliban`). Three other marks of extraction are dropped, see `Builder::is_artifact`.
/// Both sides get the same rules, so a quote copied as the source has it always matches.
///
/// NFKC is applied per segment (a character with its combining marks), so that every output
/// byte maps back to one place; compositions across two starters (conjoining Hangul jamo) are
/// not made, identically on both sides.
pub fn normalize(original: &str) -> Normalized {
    let mut b = Builder {
        text: String::with_capacity(original.len()),
        starts: Vec::with_capacity(original.len() + 1),
        hyphen: None,
    };
    let bytes = original.as_bytes();
    let mut segment = String::new();
    let mut i = 0;
    while i < bytes.len() {
        // Runs of printable ASCII other than the space (most of any text) are copied whole.
        // The run's last byte is left to the slow path when non-ASCII follows: it may be the
        // base of a combining mark.
        let last = b.text.as_bytes().last().copied();
        let run = bytes[i..]
            .iter()
            .enumerate()
            .position(|(k, &c)| !is_plain(c, || if k == 0 { last } else { Some(bytes[i + k - 1]) }))
            .unwrap_or(bytes.len() - i);
        let mut end = i + run;
        if end < bytes.len() && !bytes[end].is_ascii() {
            end = end.saturating_sub(1).max(i);
        }
        // `i` is always a char boundary (it only advances by whole chars or ASCII runs), and so
        // is `end`, the end of an ASCII run; the `get`s say so without a panic path, for two
        // byte comparisons per run.
        if end > i
            && let Some(run) = original.get(i..end)
        {
            b.push_run(run, i);
            i = end;
            continue;
        }
        let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let next = i + c.len_utf8();
        if c.is_ascii() && bytes.get(next).is_none_or(u8::is_ascii) {
            b.push(c, i);
            i = next;
            continue;
        }
        segment.clear();
        segment.push(c);
        let mut j = next;
        for mark in original.get(next..).unwrap_or_default().chars() {
            if canonical_combining_class(mark) == 0 {
                break;
            }
            segment.push(mark);
            j += mark.len_utf8();
        }
        for out in segment.nfkc() {
            b.push(out, i);
        }
        i = j;
    }
    if b.text.ends_with(' ') {
        b.text.pop();
        b.starts.pop();
    }
    b.starts.push(original.len() as u32);
    Normalized {
        text: b.text,
        starts: b.starts,
    }
}

/// The normalised form of a quote (same rules, no offset map kept).
pub fn normalize_quote(quote: &str) -> String {
    normalize(quote).text
}

impl Normalized {
    /// The original byte range of the normalised range `start..end` (a match), with trailing
    /// whitespace of the original excluded.
    pub fn original_range(
        &self,
        original: &str,
        start: usize,
        end: usize,
    ) -> std::ops::Range<usize> {
        let from = self.starts[start] as usize;
        let mut end = end;
        // A normalised character may come from a longer original segment: extend to its end.
        while end < self.text.len() && self.starts[end] == self.starts[end - 1] {
            end += 1;
        }
        let to = (self.starts[end] as usize).max(from);
        // `starts` holds the original offsets of whole chars, so the `get` cannot fail.
        let trimmed = original.get(from..to).map_or(0, |s| s.trim_end().len());
        from..from + trimmed
    }

    /// The original offset of normalised byte `i`.
    pub fn original_offset(&self, i: usize) -> usize {
        self.starts[i.min(self.starts.len() - 1)] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_quotes_dashes_and_wrapping_fold() {
        let n =
            normalize("  the Taliban\u{2019}s \u{201c}cohesion\u{201d} \u{2014}\r\n  above all ");
        assert_eq!(n.text, "the Taliban's \"cohesion\" - above all");
    }

    #[test]
    fn ranges_map_back_to_original_bytes() {
        let original = "ein \u{201e}Zitat\u{201c}\n  über\u{00a0}Zeilen hinweg";
        let n = normalize(original);
        let needle = "\"Zitat\" über Zeilen";
        let at = n.text.find(needle).unwrap_or(usize::MAX);
        let range = n.original_range(original, at, at + needle.len());
        assert_eq!(
            original.get(range),
            Some("\u{201e}Zitat\u{201c}\n  über\u{00a0}Zeilen")
        );
    }

    #[test]
    fn nfkc_composes_combining_marks_and_ligatures() {
        assert_eq!(normalize("cafe\u{0301} \u{fb01}ne").text, "caf\u{e9} fine");
        assert_eq!(normalize("wait\u{2026}").text, "wait...");
    }

    #[test]
    fn hyphen_rule_drops_only_hyphens_after_a_letter() {
        let same = |a: &str, b: &str| assert_eq!(normalize(a).text, normalize(b).text, "{a:?}");
        same("condi-\ntionality", "conditionality");
        same("condi- tionality", "conditionality");
        same("condi\u{00ad}\ntionality", "conditionality");
        same("non\u{2011}binding", "nonbinding");
        same("anti-\n  Taliban", "anti-Taliban");
        assert_eq!(
            normalize("1990- 2000 and x - y").text,
            "1990- 2000 and x - y"
        );
        // A dash is not a hyphen: an em dash between words stays.
        assert_eq!(
            normalize("Kabul\u{2014}the capital").text,
            "Kabul-the capital"
        );
    }

    #[test]
    fn hyphen_rule_keeps_the_offset_map_whole() {
        let original = "the condi-\ntionality of aid";
        let n = normalize(original);
        assert_eq!(n.text, "the conditionality of aid");
        let at = n.text.find("conditionality").unwrap_or(usize::MAX);
        let range = n.original_range(original, at, at + "conditionality".len());
        assert_eq!(original.get(range), Some("condi-\ntionality"));
    }

    #[test]
    fn extraction_marks_drop_only_where_the_seeds_have_them() {
        assert_eq!(normalize("regime.? This").text, "regime. This");
        assert_eq!(normalize("women'\u{2019}s").text, "women's");
        assert_eq!(normalize("enough |leverage").text, "enough leverage");
        assert_eq!(normalize("a|b why? yes").text, "a|b why? yes");
    }
}
