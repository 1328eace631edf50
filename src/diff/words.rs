//! Sequence alignment for the diff: word-level diffs of claim texts and quotes, and line-level
//! alignment of a source's two texts (to tell whether a quote still anchors in the same place).
//!
//! The alignment is `similar`'s Myers diff (linear space, common prefix and suffix trimmed,
//! changes slid to a canonical place). Its git-style heuristics only start past an edit cost of
//! 256, so claim texts and quotes get a shortest edit script; long corpus files may get a
//! coarser one, never a wrong one. Its deadline is not used: a clock would make the output
//! depend on the machine's speed. The bound is by size instead: when the changed middle of the
//! two sequences is larger than `budget` cells (old length × new length) it is taken as one
//! changed block, the same cut-off the longest-common-subsequence table used to have, so the
//! same inputs are diffed word by word; the work stays within it and the memory is linear
//! (similar's exact path for a very short side uses at most one byte per cell, 16 MiB at the
//! line budget, where the table took four).

use std::hash::Hash;
use std::ops::Range;

use serde::Serialize;
use similar::{Algorithm, DiffOp};

/// Largest changed middle (old × new words) for a word diff; past it it is one replacement.
const WORD_BUDGET: usize = 1 << 20;

/// What happened to a run of words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordTag {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of words with the same fate, joined by single spaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WordOp {
    /// Kept, removed or added.
    pub op: WordTag,
    /// The words.
    pub text: String,
}

/// One step of an alignment: ranges into the old and the new sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    pub tag: WordTag,
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// Aligns two sequences: equal, deleted and inserted runs, in order, covering both entirely.
pub(crate) fn align<T: Hash + Eq>(a: &[T], b: &[T], budget: usize) -> Vec<Step> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut steps = Vec::new();
    push(&mut steps, WordTag::Equal, 0..prefix, 0..prefix);
    let cells = (mid_a.len() + 1).saturating_mul(mid_b.len() + 1);
    if cells <= budget {
        myers(mid_a, mid_b, prefix, &mut steps);
    } else {
        push(
            &mut steps,
            WordTag::Delete,
            prefix..prefix + mid_a.len(),
            prefix..prefix,
        );
        push(
            &mut steps,
            WordTag::Insert,
            prefix + mid_a.len()..prefix + mid_a.len(),
            prefix..prefix + mid_b.len(),
        );
    }
    let (sa, sb) = (a.len() - suffix, b.len() - suffix);
    push(&mut steps, WordTag::Equal, sa..a.len(), sb..b.len());
    steps
}

/// Appends a step, merging it into the previous one of the same tag.
fn push(steps: &mut Vec<Step>, tag: WordTag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = steps.last_mut()
        && last.tag == tag
        && last.old.end == old.start
        && last.new.end == new.start
    {
        last.old.end = old.end;
        last.new.end = new.end;
        return;
    }
    steps.push(Step { tag, old, new });
}

/// similar's Myers diff of the middles; `offset` is where `a` and `b` start in the whole
/// sequences. A replacement is written as its deletion, then its insertion.
fn myers<T: Hash + Eq>(a: &[T], b: &[T], offset: usize, steps: &mut Vec<Step>) {
    let at = |i: usize| offset + i;
    for op in similar::capture_diff_slices(Algorithm::Myers, a, b) {
        let (old, new) = (op.old_range(), op.new_range());
        let (old, new) = (at(old.start)..at(old.end), at(new.start)..at(new.end));
        match op {
            DiffOp::Equal { .. } => push(steps, WordTag::Equal, old, new),
            DiffOp::Delete { .. } => push(steps, WordTag::Delete, old, new),
            DiffOp::Insert { .. } => push(steps, WordTag::Insert, old, new),
            DiffOp::Replace { .. } => {
                push(steps, WordTag::Delete, old.clone(), new.start..new.start);
                push(steps, WordTag::Insert, old.end..old.end, new);
            }
        }
    }
}

/// The word-level diff of two texts (words are runs of non-space characters).
pub fn word_diff(old: &str, new: &str) -> Vec<WordOp> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    align(&a, &b, WORD_BUDGET)
        .into_iter()
        .map(|step| {
            let words = match step.tag {
                WordTag::Insert => &b[step.new],
                _ => &a[step.old],
            };
            WordOp {
                op: step.tag,
                text: words.join(" "),
            }
        })
        .collect()
}

/// Where the lines of an old text went in a new one.
#[derive(Clone, Debug)]
pub(crate) struct LineMap {
    steps: Vec<Step>,
}

/// Largest changed middle (old × new lines) for aligning the lines of a source.
const LINE_BUDGET: usize = 1 << 24;

impl LineMap {
    /// Aligns the lines of two texts.
    pub fn new(old: &str, new: &str) -> LineMap {
        let a: Vec<&str> = old.split('\n').collect();
        let b: Vec<&str> = new.split('\n').collect();
        LineMap {
            steps: align(&a, &b, LINE_BUDGET),
        }
    }

    /// Where old 0-based `line` went: `(range, true)` with the one new line when the line is
    /// unchanged, else `(range, false)` with the new side of the changed block around it.
    pub fn map(&self, line: usize) -> (Range<usize>, bool) {
        let Some(k) = self.steps.iter().position(|s| s.old.contains(&line)) else {
            return (0..0, false);
        };
        let step = &self.steps[k];
        if step.tag == WordTag::Equal {
            let new = step.new.start + (line - step.old.start);
            return (new..new + 1, true);
        }
        // The changed block: the run of non-equal steps around this one.
        let mut first = k;
        while first > 0 && self.steps[first - 1].tag != WordTag::Equal {
            first -= 1;
        }
        let mut last = k;
        while last + 1 < self.steps.len() && self.steps[last + 1].tag != WordTag::Equal {
            last += 1;
        }
        (self.steps[first].new.start..self.steps[last].new.end, false)
    }

    /// Lines added and removed.
    pub fn counts(&self) -> (usize, usize) {
        let mut added = 0;
        let mut removed = 0;
        for step in &self.steps {
            match step.tag {
                WordTag::Insert => added += step.new.len(),
                WordTag::Delete => removed += step.old.len(),
                WordTag::Equal => {}
            }
        }
        (added, removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(ops: &[WordOp]) -> String {
        ops.iter()
            .map(|op| match op.op {
                WordTag::Equal => op.text.clone(),
                WordTag::Delete => format!("[-{}-]", op.text),
                WordTag::Insert => format!("{{+{}+}}", op.text),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn word_diff_marks_the_changed_words_only() {
        let ops = word_diff(
            "Making aid conditional will not moderate the Taliban.",
            "Making aid conditional will never moderate the  Taliban regime.",
        );
        assert_eq!(
            show(&ops),
            "Making aid conditional will [-not-] {+never+} moderate the [-Taliban.-] {+Taliban regime.+}"
        );
    }

    #[test]
    fn word_diff_of_equal_texts_is_one_equal_run() {
        let ops = word_diff("a  b\nc", "a b c");
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].op, WordTag::Equal);
    }

    #[test]
    fn word_diff_handles_insertions_at_both_ends_and_empty_texts() {
        assert_eq!(show(&word_diff("b", "a b c")), "{+a+} b {+c+}");
        assert_eq!(show(&word_diff("", "a")), "{+a+}");
        assert_eq!(show(&word_diff("a", "")), "[-a-]");
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn alignment_covers_both_sequences_in_order() {
        let a: Vec<char> = "abcabba".chars().collect();
        let b: Vec<char> = "cbabac".chars().collect();
        let steps = align(&a, &b, 1 << 20);
        let (mut i, mut j, mut common) = (0, 0, 0);
        for step in &steps {
            assert_eq!((step.old.start, step.new.start), (i, j));
            if step.tag == WordTag::Equal {
                assert_eq!(a[step.old.clone()], b[step.new.clone()]);
                common += step.old.len();
            }
            i = step.old.end;
            j = step.new.end;
        }
        assert_eq!((i, j), (a.len(), b.len()));
        assert_eq!(common, 4, "the LCS of these two has length 4");
    }

    #[test]
    fn over_budget_the_middle_is_one_replacement() {
        let a = [1, 2, 3, 4, 5];
        let b = [1, 3, 2, 9, 5];
        let steps = align(&a, &b, 4);
        let tags: Vec<WordTag> = steps.iter().map(|s| s.tag).collect();
        assert_eq!(
            tags,
            [
                WordTag::Equal,
                WordTag::Delete,
                WordTag::Insert,
                WordTag::Equal
            ]
        );
    }

    #[test]
    fn line_map_follows_unchanged_lines_and_blocks() {
        let map = LineMap::new("a\nb\nc\nd\n", "new\na\nB\nc\nd\n");
        assert_eq!(map.map(0), (1..2, true));
        assert_eq!(
            map.map(1),
            (2..3, false),
            "an edited line maps to its block"
        );
        assert_eq!(map.map(3), (4..5, true));
        assert_eq!(map.counts(), (2, 1));
    }
}
