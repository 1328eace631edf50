//! Applying fixes to a file's text: which fixes can go together, and the edited text.
//!
//! A fix is applied whole or not at all. Fixes are taken in the order of their first edit;
//! one whose edits overlap an edit already taken waits for the next round (the caller checks
//! the map again and asks anew), as ruff and rustfix do.

use std::path::Path;

use super::{Applicability, Diagnostic, Edit, Fix};

/// What one round of fixing did to a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The text with the fixes applied.
    pub text: String,
    /// The fixes applied, with the diagnostic each came from, in file order.
    pub fixed: Vec<(Diagnostic, Fix)>,
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (&a.range, &b.range);
    // Two insertions at one place would depend on their order: treat them as overlapping.
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Applies to `text` (the content of `file`) the first allowed fix of each diagnostic that
/// does not overlap a fix taken before it. Unsafe fixes are allowed with `unsafe_fixes`.
pub fn apply_fixes(
    text: &str,
    file: &Path,
    diagnostics: &[Diagnostic],
    unsafe_fixes: bool,
) -> Applied {
    let mut candidates: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| {
            let fix = d.fixes.iter().find(|f| {
                (unsafe_fixes || f.applicability == Applicability::Safe)
                    && !f.edits.is_empty()
                    && f.edits.iter().all(|e| {
                        e.file == file
                            && e.range.start <= e.range.end
                            && text.get(e.range.clone()).is_some()
                    })
            })?;
            Some((d, fix))
        })
        .collect();
    candidates.sort_by_key(|(_, fix)| fix.edits.iter().map(|e| e.range.start).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixed = Vec::new();
    for (d, fix) in candidates {
        if fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(e, t)))
        {
            continue;
        }
        taken.extend(fix.edits.iter());
        fixed.push((d.clone(), fix.clone()));
    }
    taken.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for edit in taken {
        out.replace_range(edit.range.clone(), &edit.replacement);
    }
    Applied { text: out, fixed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn with_fix(range: std::ops::Range<usize>, replacement: &str, safe: bool) -> Diagnostic {
        let edit = Edit::new(Path::new("m"), range, replacement);
        let fix = if safe {
            Fix::safe("f", vec![edit])
        } else {
            Fix::unsafe_("f", vec![edit])
        };
        Diagnostic::new(Code::DuplicateEdge, Path::new("m"), None, "d").fix(fix)
    }

    #[test]
    fn overlapping_fixes_wait_and_unsafe_ones_need_asking() {
        let text = "abcdef";
        let ds = [
            with_fix(0..2, "X", true),
            with_fix(1..3, "Y", true),
            with_fix(4..5, "Z", false),
        ];
        let safe = apply_fixes(text, Path::new("m"), &ds, false);
        assert_eq!(safe.text, "Xcdef");
        assert_eq!(safe.fixed.len(), 1);
        let all = apply_fixes(text, Path::new("m"), &ds, true);
        assert_eq!(all.text, "XcdZf");
        // Edits of another file, or out of range, are never applied.
        let elsewhere = [with_fix(0..99, "!", true)];
        assert_eq!(
            apply_fixes(text, Path::new("m"), &elsewhere, true).text,
            text
        );
    }
}
