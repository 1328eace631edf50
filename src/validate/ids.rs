//! Ids and texts of claims: well-formed, unique, not empty, not overlong.

use foldhash::HashMap;

use super::edits;
use super::shown;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::load::limits::MAX_ID_BYTES;
use crate::model::Map;

/// Claim texts longer than this many words get a `long-claim` warning.
const MAX_CLAIM_WORDS: usize = 40;

/// Whether `id` follows the id rule: lowercase ASCII letters and digits in `-`-separated words.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The ASCII letters or digits a non-ASCII character stands for, when it is a look-alike
/// (Cyrillic `а`, Greek `ο`: Unicode's confusables) or a letter with marks (`é`).
fn ascii_look_alike(c: char) -> Option<String> {
    if c.is_ascii() {
        return None;
    }
    let folded: String = unicode_security::skeleton(c.encode_utf8(&mut [0; 4]))
        .filter(|&m| !unicode_normalization::char::is_combining_mark(m))
        .flat_map(char::to_lowercase)
        .collect();
    (!folded.is_empty()
        && folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    .then_some(folded)
}

/// The id rule applied to arbitrary text: `Aid Fails!` → `aid-fails`, `leverаge` (with a
/// Cyrillic `а`) → `leverage`, `Décision` → `decision`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = ascii_look_alike(c) {
            out.push_str(&ascii);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_ID_BYTES {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut first_seen: HashMap<&str, usize> = HashMap::default();
    for (i, claim) in map.claims.iter().enumerate() {
        let id = &claim.id;
        if id.value.len() > MAX_ID_BYTES {
            out.push(
                Diagnostic::new(
                    Code::InvalidId,
                    &map.path,
                    Some(id.span),
                    format!("claim id is {} bytes long, over the limit of {MAX_ID_BYTES}", id.value.len()),
                )
                .on_claim(&id.value)
                .label("too long")
                .help("ids name claims in edges and links: keep them short, e.g. `aid-conditionality-fails`"),
            );
        } else if !is_valid_id(&id.value) {
            let fixed = slug(&id.value);
            let taken = map.claims.iter().find(|c| c.id.value == fixed);
            let help = if fixed.is_empty() {
                "ids use lowercase letters, digits and '-', e.g. `aid-conditionality-fails`"
                    .to_string()
            } else if let Some(other) = taken {
                format!(
                    "ids use lowercase letters, digits and '-'; `{fixed}` is already the id of the claim at line {}: choose another",
                    other.id.span.line
                )
            } else {
                format!("ids use lowercase letters, digits and '-': write `{fixed}`")
            };
            let look_alike = id
                .value
                .chars()
                .find_map(|c| ascii_look_alike(c).map(|ascii| (c, ascii)));
            let label = match &look_alike {
                Some((c, ascii)) => format!(
                    "`{c}` (U+{:04X}) looks like `{ascii}` but is not a Latin letter",
                    u32::from(*c)
                ),
                None => "breaks the id rule".to_string(),
            };
            let mut d = Diagnostic::new(
                Code::InvalidId,
                &map.path,
                Some(id.span),
                format!("invalid claim id `{}`", shown(&id.value)),
            )
            .on_claim(&id.value)
            .label(label)
            .help(help);
            if let Some(fix) = rename_fix(map, &id.value, &fixed) {
                d = d.fix(fix);
            }
            out.push(d);
        }
        match first_seen.get(id.value.as_str()) {
            Some(&first) => out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &map.path,
                    Some(id.span),
                    format!("duplicate claim id `{}`", shown(&id.value)),
                )
                .on_claim(&id.value)
                .label("defined again here")
                .related(map.claims[first].id.span, "first defined here")
                .help(
                    "every claim needs its own id: rename one, and update the edges that mean it",
                ),
            ),
            None => {
                first_seen.insert(&id.value, i);
            }
        }
        let text = claim.text.value.trim();
        if text.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::EmptyText,
                    &map.path,
                    Some(claim.text.span),
                    format!("claim `{}` has no text", shown(&id.value)),
                )
                .on_claim(&id.value)
                .key(["text"])
                .label("empty")
                .help("state the claim as a short proposition in your own words"),
            );
        } else {
            let words = text.split_whitespace().count();
            if words > MAX_CLAIM_WORDS {
                out.push(
                    Diagnostic::new(
                        Code::LongClaim,
                        &map.path,
                        Some(claim.text.span),
                        format!("claim `{}` is {words} words long", shown(&id.value)),
                    )
                    .on_claim(&id.value)
                    .label(format!("over {MAX_CLAIM_WORDS} words"))
                    .help("a claim states one idea in about 20 words; split it, or move detail into `note:`"),
                );
            }
        }
    }

    out.extend(duplicate_texts(map));
    let mut sources_seen: HashMap<&str, &crate::model::Source> = HashMap::default();
    for source in &map.sources {
        if let Some(first) = sources_seen.get(source.id.as_str()) {
            let span = source.meta.declared_at.or(first.meta.declared_at);
            let mut d = Diagnostic::new(
                Code::DuplicateId,
                &map.path,
                span,
                format!(
                    "two sources have the id `{}`: {} and {}",
                    shown(&source.id),
                    first.file,
                    source.file
                ),
            )
            .on_source(&source.id)
            .help("give the `sources:` entry another id, or rename one of the files");
            if let (Some(a), Some(b)) = (first.meta.declared_at, source.meta.declared_at)
                && a != b
            {
                d = d.related(a, "first declared here");
            }
            out.push(d);
        } else {
            sources_seen.insert(&source.id, source);
        }
    }
    out
}

/// Renames the claim `old` to `new` and every `supports`/`contradicts` entry naming it; only
/// when `new` is a valid id no claim has, and `old` names exactly one claim.
/// Claims whose texts are the same but for case and spacing: a block copied to start a new
/// claim and never reworded, or one proposition entered twice, which splits its evidence and
/// edges between two nodes.
fn duplicate_texts(map: &Map) -> Vec<Diagnostic> {
    // Texts are told apart by a hash of their folded form, made without building it (a string
    // per claim was most of this rule on big maps); texts of equal hashes are folded and
    // compared, so a collision is never a finding.
    let mut first: HashMap<u64, Vec<usize>> = HashMap::default();
    let mut out = Vec::new();
    for (i, claim) in map.claims.iter().enumerate() {
        let Some(hash) = folded_hash(&claim.text.value) else {
            continue;
        };
        let same = first.entry(hash).or_default();
        let folded = || fold_text(&claim.text.value);
        let earlier = match same.as_slice() {
            [] => None,
            others => {
                let mine = folded();
                others
                    .iter()
                    .copied()
                    .find(|&j| fold_text(&map.claims[j].text.value) == mine)
            }
        };
        let Some(earlier) = earlier else {
            same.push(i);
            continue;
        };
        let other = &map.claims[earlier];
        out.push(
            Diagnostic::new(
                Code::DuplicateText,
                &map.path,
                Some(claim.text.span),
                format!(
                    "claims `{}` and `{}` have the same text",
                    shown(&other.id.value),
                    shown(&claim.id.value)
                ),
            )
            .on_claim(&claim.id.value)
            .key([other.id.value.as_str()])
            .label("said again here")
            .related(other.text.span, "first said here")
            .help("merge them (keep one id, move the other's evidence and edges to it), or reword one to say what differs"),
        );
    }
    out
}

/// A hash of [`fold_text`]'s result, made without building it; `None` for a text of nothing
/// but whitespace.
fn folded_hash(text: &str) -> Option<u64> {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::with_seed(0).build_hasher();
    let mut words = 0usize;
    for word in text.split_whitespace() {
        words += 1;
        hasher.write_u8(b' ');
        if word.is_ascii() {
            for b in word.bytes() {
                hasher.write_u8(b.to_ascii_lowercase());
            }
        } else {
            for b in word.to_lowercase().bytes() {
                hasher.write_u8(b);
            }
        }
    }
    (words > 0).then(|| hasher.finish())
}

/// A claim's text in lower case, its whitespace runs one space, ends trimmed: what
/// `duplicate_texts` compares. One string built in place (a string per word was most of
/// `ids::check` on big maps); a word with a non-ASCII letter goes through `str::to_lowercase`,
/// whose rules (a final sigma) are word-aware.
fn fold_text(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        if word.is_ascii() {
            folded.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            folded.push_str(&word.to_lowercase());
        }
    }
    folded
}

fn rename_fix(map: &Map, old: &str, new: &str) -> Option<Fix> {
    if !is_valid_id(new) || map.claims.iter().any(|c| c.id.value == new) {
        return None;
    }
    let mut owners = map.claims.iter().filter(|c| c.id.value == old);
    let claim = owners.next()?;
    if owners.next().is_some() {
        return None;
    }
    let scalar = edits::id_scalar(new);
    let mut changes = vec![edits::replace_scalar(map, claim.id.span, scalar.clone())?];
    for edge in map.edges().filter(|e| e.to.value == old) {
        changes.push(edits::replace_scalar(map, edge.to.span, scalar.clone())?);
    }
    changes.sort_by_key(|e: &Edit| e.range.start);
    let description = match changes.len() - 1 {
        0 => format!("rename the claim to `{new}`"),
        1 => format!("rename the claim to `{new}`, and the reference to it"),
        n => format!("rename the claim to `{new}`, and the {n} references to it"),
    };
    Some(Fix::unsafe_(description, changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_with_a_cyrillic_look_alike_is_fixed_to_the_latin_letter_not_a_dash() {
        assert_eq!(
            slug("aid-gives-west-lever\u{0430}ge"),
            "aid-gives-west-leverage"
        );
        assert_eq!(slug("D\u{e9}cision \u{3bf}k"), "decision-ok");
        assert_eq!(slug("stra\u{df}e"), "stra-e");
    }

    #[test]
    fn texts_fold_as_words_lowercased_one_by_one() {
        for text in ["  Aid   FAILS\n\tnow ", "ΟΔΟΣ Σ", "Straße İstanbul", ""] {
            let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
            assert_eq!(fold_text(text), words.join(" "), "{text:?}");
            assert_eq!(
                folded_hash(text),
                (!words.is_empty()).then(|| folded_hash(&words.join("\t")).unwrap_or(0))
            );
        }
    }

    #[test]
    fn id_rule() {
        assert!(is_valid_id("aid-conditionality-fails") && is_valid_id("a1"));
        for bad in ["", "Aid", "aid_fails", "-a", "a-", "a--b", "a b", "é"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(
            slug("Aid_Conditionality Fails!"),
            "aid-conditionality-fails"
        );
    }
}
