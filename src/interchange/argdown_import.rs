//! Argdown → a new map: what `claimgraph import --from argdown` writes.
//!
//! Argdown is where many argument maps are drafted, and it has no source quotes: importing one
//! gives a curator the claims and their relations to cite, not a finished map. So every
//! statement (an equivalence class: each `[Title]:` is the same statement) and every argument
//! becomes a claim, relations become `supports` and `contradicts`, a premise–conclusion
//! structure becomes its premises supporting its conclusion, and the claims are uncited, which
//! `check` reports as the next step. What the map cannot hold (link targets, display settings in
//! data blocks, front matter beyond the title) is a warning at its line and column, never
//! dropped silently; what it holds only approximately (an undercut, a contradiction's symmetry)
//! is said in the claim's note. Our own export's data blocks (evidence, note, tags) come back
//! as they were, so export → import keeps the evidence. `lex` cuts the text as Argdown's lexer
//! does, `parse` follows its grammar; the mapping table is in `docs/interchange.md`.

mod lex;
mod parse;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use self::lex::Rel;
use self::parse::{Doc, NodeKind, Problem, Target};
use super::imported::{
    ImportError, ImportWarning, Imported, NewClaim, NewEvidence, NewMap, NewSource, write_yaml,
};
use crate::model::{LineIndex, Stance};
use crate::validate::slug;

const HEADER: &[&str] = &[
    "Imported from Argdown by `claimgraph import`: one claim per statement and per argument",
    "(tagged `argument`), supports and contradicts from the relations and the premise-conclusion",
    "structures. Argdown has no source quotes: cite each claim from the texts you put in corpus/.",
];

/// Builds a map from the Argdown document `text`.
///
/// ```
/// let imported = claimgraph::interchange::import_argdown("[A]: Aid fails.\n  + [B]: Aid is taxed.\n").unwrap();
/// assert!(imported.yaml.contains("  - id: b\n    text: \"Aid is taxed.\"\n    supports: [a]\n"));
/// ```
pub fn import_argdown(text: &str) -> Result<Imported, ImportError> {
    let lines = LineIndex::new(text);
    let position = |offset: usize| {
        let (line, column) = lines.position(text, offset);
        (line as usize, column as usize)
    };
    if let Some(nul) = text.find('\0') {
        let (line, column) = position(nul);
        return Err(not_argdown(
            line,
            column,
            "a NUL byte: this is a binary file, not Argdown text",
        ));
    }
    let tokens = lex::tokenize(text);
    let doc = parse::parse(&tokens, text.len());
    if doc.nodes.is_empty() {
        let (line, column) = position(doc.problems.first().map_or(0, |p| p.at));
        return Err(not_argdown(
            line,
            column,
            "no statement or argument: not an Argdown document",
        ));
    }
    let mut build = Build::new(&doc, text);
    build.front_matter();
    build.claims();
    build.relations();
    build.structures();
    Ok(build.finish(position))
}

fn not_argdown(line: usize, column: usize, message: &str) -> ImportError {
    ImportError::Argdown {
        line,
        column,
        message: message.to_string(),
        help: "pass an Argdown file (statements `[Title]: text`, arguments `<Title>: text`, relations `+`, `-` indented under them)".to_string(),
    }
}

/// What the data blocks of one statement or argument say, merged (a later block's field wins).
#[derive(Default)]
struct NodeData {
    evidence: Vec<NewEvidence>,
    note: Option<String>,
    tags: Vec<String>,
    /// The member marked `isCanonical: true`.
    canonical: Option<usize>,
    in_group: Option<bool>,
}

struct Build<'d> {
    doc: &'d Doc,
    text: &'d str,
    claims: Vec<NewClaim>,
    kept: Vec<bool>,
    problems: Vec<Problem>,
    title: Option<String>,
    sources: Vec<NewSource>,
    contradictions: BTreeSet<(usize, usize)>,
    edges: BTreeSet<(usize, usize, bool)>,
    notes: BTreeSet<(usize, String)>,
}

impl<'d> Build<'d> {
    fn new(doc: &'d Doc, text: &'d str) -> Self {
        Build {
            doc,
            text,
            claims: Vec::new(),
            kept: Vec::new(),
            problems: doc.problems.clone(),
            title: None,
            sources: Vec::new(),
            contradictions: BTreeSet::new(),
            edges: BTreeSet::new(),
            notes: BTreeSet::new(),
        }
    }

    fn problem(&mut self, at: usize, category: &'static str, message: String) {
        self.problems.push(Problem {
            at,
            category,
            message,
        });
    }

    /// The front matter's `title` and (as our export writes them) `sources`.
    fn front_matter(&mut self) {
        let Some((yaml, at)) = &self.doc.front_matter else {
            return;
        };
        let open = self
            .text
            .get(*at..)
            .map_or(0, |r| r.len() - r.trim_start_matches('=').len());
        let start = at + open;
        let Some(Value::Object(fields)) = self.yaml(yaml, start, "front matter") else {
            return;
        };
        for (key, value) in fields {
            let at = key_offset(yaml, &key).map_or(start, |i| start + i);
            match (key.as_str(), value) {
                ("title", Value::String(title)) => self.title = Some(single_line(&title)),
                ("sources", Value::Array(entries)) => {
                    for entry in entries {
                        self.source(entry, at);
                    }
                }
                (key, _) => self.problem(
                    at,
                    "front matter fields",
                    format!(
                        "front matter field `{key}` is not imported: the map has no place for it"
                    ),
                ),
            }
        }
    }

    fn source(&mut self, entry: Value, at: usize) {
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
        let Some(id) = text("id") else {
            self.problem(
                at,
                "front matter fields",
                "a `sources` entry without an `id` is not imported".to_string(),
            );
            return;
        };
        let authors = entry
            .get("authors")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        self.sources.push(NewSource {
            id,
            file: text("file"),
            title: text("title"),
            authors,
            published: text("published"),
            publisher: text("publisher"),
            url: text("url"),
        });
    }

    /// `yaml` parsed under the map's YAML limits; a problem at `at` when it does not parse.
    fn yaml(&mut self, yaml: &str, at: usize, what: &'static str) -> Option<Value> {
        let options = crate::load::limits::options(1);
        match serde_saphyr::from_str_with_options::<Value>(yaml, options) {
            Ok(value) => Some(value),
            Err(e) => {
                let reason = e.to_string();
                let reason = reason.lines().next().unwrap_or_default().to_string();
                self.problem(
                    at,
                    "blocks that are not YAML",
                    format!("{what} is not valid YAML and is not imported: {reason}"),
                );
                None
            }
        }
    }

    /// One claim per statement and argument: ids, texts, tags, notes and evidence.
    fn claims(&mut self) {
        let data: Vec<NodeData> = (0..self.doc.nodes.len())
            .map(|i| self.node_data(i))
            .collect();
        let texts: Vec<(String, Vec<String>)> = self
            .doc
            .nodes
            .iter()
            .zip(&data)
            .map(|(node, data)| node_text(node, data))
            .collect();
        let ids = ids(self.doc, &texts);
        for (index, ((id, (text, others)), data)) in
            ids.into_iter().zip(texts).zip(data).enumerate()
        {
            let node = &self.doc.nodes[index];
            let mut notes: Vec<String> = data.note.into_iter().collect();
            notes.extend(
                others
                    .iter()
                    .map(|t| format!("also stated in the Argdown file as: {t}")),
            );
            let tags = self.tags(index, data.tags, data.in_group);
            let kept = !text.is_empty();
            if !kept {
                let at = node.members.first().map_or(0, |m| m.at);
                self.problem(
                    at,
                    "statements without text or title",
                    "a statement with neither text nor title is not imported".to_string(),
                );
            }
            self.kept.push(kept);
            self.claims.push(NewClaim {
                id,
                text,
                tags,
                notes,
                evidence: data.evidence,
                ..NewClaim::default()
            });
        }
    }

    /// A claim's tags: its `#tags` slugged, its data block's `tags` as written, `argument` for
    /// an argument, and the slug of the heading it was first defined under.
    fn tags(
        &mut self,
        index: usize,
        data_tags: Vec<String>,
        in_group: Option<bool>,
    ) -> Vec<String> {
        let node = &self.doc.nodes[index];
        let mut tags = Vec::new();
        let mut empty = Vec::new();
        for (tag, at) in &node.tags {
            let slugged = slug(tag);
            if slugged.is_empty() {
                empty.push((*at, tag.clone()));
            } else {
                tags.push(slugged);
            }
        }
        tags.extend(data_tags);
        if node.kind == NodeKind::Argument {
            tags.push("argument".to_string());
        }
        let section = node.section.filter(|_| in_group != Some(false));
        if let Some(section) = section.and_then(|s| self.doc.sections.get(s)) {
            let tag = slug(&section.title);
            if !tag.is_empty() {
                tags.push(tag);
            }
        }
        for (at, tag) in empty {
            self.problem(
                at,
                "tags without letters or digits",
                format!("tag `{tag}` has no letter or digit to make a tag of: not imported"),
            );
        }
        let mut seen = BTreeSet::new();
        tags.retain(|t| seen.insert(t.clone()));
        tags
    }

    /// The data blocks of node `index`: what the map holds of them; the rest is reported.
    fn node_data(&mut self, index: usize) -> NodeData {
        let mut data = NodeData::default();
        let members = self.doc.nodes[index].members.clone();
        for (member, (block, at)) in members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.data.clone().map(|d| (i, d)))
        {
            let Some(value) = self.yaml(&block, at, "the data block") else {
                continue;
            };
            let Value::Object(fields) = value else {
                self.problem(
                    at,
                    "blocks that are not YAML",
                    "the data block is not a mapping of fields: not imported".to_string(),
                );
                continue;
            };
            for (key, value) in fields {
                self.data_field(&mut data, member, &key, value, at);
            }
        }
        data
    }

    fn data_field(
        &mut self,
        data: &mut NodeData,
        member: usize,
        key: &str,
        value: Value,
        at: usize,
    ) {
        match (key, value) {
            ("evidence", Value::Array(entries)) => {
                data.evidence = entries
                    .into_iter()
                    .filter_map(|e| self.evidence(e, at))
                    .collect();
            }
            ("note", Value::String(note)) => data.note = Some(note),
            ("tags", Value::Array(tags)) => {
                data.tags = tags
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
            }
            ("isCanonical", Value::Bool(true)) => data.canonical = Some(member),
            ("isCanonical", _) => {}
            ("isInGroup", Value::Bool(in_group)) => data.in_group = Some(in_group),
            (key, _) => self.problem(
                at,
                "data fields",
                format!("data field `{key}` is not imported: the map has no place for it"),
            ),
        }
    }

    /// An `evidence` entry as our export writes it: `{source, quote, stance, line}`.
    fn evidence(&mut self, entry: Value, at: usize) -> Option<NewEvidence> {
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
        let stance = text("stance");
        let (Some(source), Some(quote)) = (text("source"), text("quote")) else {
            self.problem(
                at,
                "evidence entries",
                "an `evidence` entry without a `source` and a `quote` is not imported".to_string(),
            );
            return None;
        };
        let stance = match stance.as_deref() {
            None | Some("supports") => Stance::Supports,
            Some("contradicts") => Stance::Contradicts,
            Some("reports") => Stance::Reports,
            Some(_) => {
                self.problem(
                    at,
                    "evidence entries",
                    "an `evidence` stance other than `supports`, `contradicts` or `reports` is read as `supports`"
                        .to_string(),
                );
                Stance::Supports
            }
        };
        Some(NewEvidence {
            source,
            quote,
            stance,
            holder: text("holder"),
        })
    }

    /// The claim a relation end stands for: an inference line is its argument's claim, or its
    /// conclusion's when the structure has no argument title.
    fn claim_of(&self, target: Target) -> Option<usize> {
        match target {
            Target::Node(n) => Some(n),
            Target::Inference(pcs, step) => {
                let pcs = self.doc.pcs.get(pcs)?;
                pcs.argument
                    .or_else(|| pcs.steps.get(step).map(|s| s.conclusion))
            }
        }
    }

    fn relations(&mut self) {
        for relation in &self.doc.relations {
            let (Some(from), Some(to)) = (self.claim_of(relation.from), self.claim_of(relation.to))
            else {
                continue;
            };
            let supports = matches!(relation.rel, Rel::SupportsChild | Rel::SupportsParent);
            if !self.edge(from, to, supports, relation.at) {
                continue;
            }
            let target = self.claims[to].id.clone();
            let note = match relation.rel {
                Rel::Contradiction if self.contradictions.insert((from.min(to), from.max(to))) => {
                    format!(
                        "contradictory to `{target}` (Argdown `><`: the two exclude each other)"
                    )
                }
                Rel::UndercutsChild | Rel::UndercutsParent => match relation.to {
                    Target::Inference(pcs, _)
                        if self.doc.pcs.get(pcs).is_some_and(|p| p.argument.is_none()) =>
                    {
                        format!(
                            "undercuts the inference to `{target}` (Argdown `<_`): attacks the step from the premises, not the conclusion"
                        )
                    }
                    _ => format!(
                        "undercuts `{target}` (Argdown `_>`/`<_`): attacks its inference, not its conclusion"
                    ),
                },
                _ => continue,
            };
            if self.notes.insert((from, note.clone())) {
                self.claims[from].notes.push(note);
            }
        }
    }

    /// `from` supports (or contradicts) `to`; `false` when not added (a claim left out, or
    /// one relating to itself).
    fn edge(&mut self, from: usize, to: usize, supports: bool, at: usize) -> bool {
        if !self.kept.get(from).copied().unwrap_or(false)
            || !self.kept.get(to).copied().unwrap_or(false)
        {
            return false;
        }
        let target = self.claims[to].id.clone();
        if from == to {
            let message =
                format!("`{target}` would support or attack itself: the relation is not imported");
            self.problem(at, "relations of a claim to itself", message);
            return false;
        }
        // Sets, not `contains` on the lists: a statement with thousands of children would
        // make that quadratic.
        if self.edges.insert((from, to, supports)) {
            let claim = &mut self.claims[from];
            let list = if supports {
                &mut claim.supports
            } else {
                &mut claim.contradicts
            };
            list.push(target);
        }
        true
    }

    /// Premise–conclusion structures: the premises of each inference support its conclusion,
    /// the argument supports its main conclusion, the inference rules go in the conclusion's
    /// note.
    fn structures(&mut self) {
        for pcs in &self.doc.pcs {
            for step in &pcs.steps {
                let premises = self.premises(pcs, step);
                for premise in premises {
                    self.edge(premise, step.conclusion, true, step.at);
                }
                if !step.rules.is_empty() && self.kept.get(step.conclusion) == Some(&true) {
                    let note = format!(
                        "inferred by: {} (Argdown inference rule)",
                        step.rules.join(", ")
                    );
                    self.claims[step.conclusion].notes.push(note);
                }
            }
            if let (Some(argument), Some(last)) = (pcs.argument, pcs.steps.last()) {
                self.edge(argument, last.conclusion, true, last.at);
            }
        }
    }

    /// The premises of one inference: the statements its data's `uses: [1, 2]` numbers, else
    /// every statement since the previous inference (its conclusion included).
    fn premises(&mut self, pcs: &parse::Pcs, step: &parse::Step) -> Vec<usize> {
        let default: Vec<usize> = step.before.iter().map(|(_, n)| *n).collect();
        let Some((block, at)) = &step.data else {
            return default;
        };
        let Some(Value::Object(fields)) = self.yaml(block, *at, "the inference's data block")
        else {
            return default;
        };
        let mut premises = default.clone();
        for (key, value) in fields {
            let Value::Array(uses) = (match key.as_str() {
                "uses" => value,
                _ => {
                    let message = format!(
                        "data field `{key}` of an inference is not imported: the map has no place for it"
                    );
                    self.problem(*at, "data fields", message);
                    continue;
                }
            }) else {
                continue;
            };
            let numbers: Vec<String> = uses
                .iter()
                .map(|u| u.as_str().map_or_else(|| u.to_string(), str::to_string))
                .collect();
            let found: Vec<usize> = numbers
                .iter()
                .filter_map(|n| pcs.numbered.iter().find(|(m, _)| m == n).map(|(_, s)| *s))
                .collect();
            if found.len() == numbers.len() {
                premises = found;
            } else {
                self.problem(*at, "data fields", "`uses` names a statement number the structure does not have: every statement above the inference is its premise".to_string());
            }
        }
        premises
    }

    fn finish(mut self, position: impl Fn(usize) -> (usize, usize)) -> Imported {
        self.problems.sort_by_key(|p| p.at);
        let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
        let warnings = self
            .problems
            .iter()
            .map(|p| {
                *dropped.entry(p.category.to_string()).or_default() += 1;
                let (line, column) = position(p.at);
                ImportWarning {
                    line,
                    column,
                    message: p.message.clone(),
                }
            })
            .collect();
        // In the order they are defined (a claim only referred to, where it is first named),
        // so that a map exported to Argdown and imported again keeps its order.
        let defined = |node: &parse::Node| {
            let defining = node.members.iter().find(|m| m.text.is_some());
            defining.or(node.members.first()).map_or(0, |m| m.at)
        };
        let mut claims: Vec<(usize, NewClaim)> = self
            .claims
            .into_iter()
            .zip(&self.kept)
            .zip(&self.doc.nodes)
            .filter(|((_, kept), _)| **kept)
            .map(|((claim, _), node)| (defined(node), claim))
            .collect();
        claims.sort_by_key(|(at, _)| *at);
        let claims: Vec<NewClaim> = claims.into_iter().map(|(_, claim)| claim).collect();
        let head = NewMap {
            comment: HEADER,
            title: self.title,
            sources: self.sources,
        };
        Imported {
            yaml: write_yaml(&head, &claims),
            corpus: None,
            dropped,
            warnings,
            counts: super::imported::counts(&claims),
        }
    }
}

/// A claim's text: its canonical member's (the one marked `isCanonical`, else the last one
/// defined, as Argdown picks it), else its title; and the other formulations of it.
fn node_text(node: &parse::Node, data: &NodeData) -> (String, Vec<String>) {
    let defined: Vec<(usize, &str)> = node
        .members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.text.as_deref().filter(|t| !t.is_empty()).map(|t| (i, t)))
        .collect();
    let canonical = data
        .canonical
        .and_then(|c| defined.iter().find(|(i, _)| *i == c))
        .or(defined.last())
        .map(|(_, t)| t.to_string());
    let text = canonical
        .clone()
        .or_else(|| node.title.clone())
        .unwrap_or_default();
    let mut seen: BTreeSet<&str> = canonical.as_deref().into_iter().collect();
    let others = defined
        .iter()
        .filter(|(_, t)| seen.insert(t))
        .map(|(_, t)| t.to_string())
        .collect();
    (single_line(&text), others)
}

/// Readable unique ids: a titled statement's or argument's is the slug of its title (taken
/// first, so a title keeps its id), an untitled statement's the slug of its first six words.
fn ids(doc: &Doc, texts: &[(String, Vec<String>)]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut next: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids = vec![String::new(); doc.nodes.len()];
    let order = (0..doc.nodes.len())
        .filter(|&i| doc.nodes[i].title.is_some())
        .chain((0..doc.nodes.len()).filter(|&i| doc.nodes[i].title.is_none()));
    for i in order {
        let node = &doc.nodes[i];
        let words = || {
            texts[i]
                .0
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut base = node.title.as_deref().map_or_else(|| slug(&words()), slug);
        if base.is_empty() {
            base = match node.kind {
                NodeKind::Statement => "statement".to_string(),
                NodeKind::Argument => "argument".to_string(),
            };
        }
        // The next suffix to try is remembered per base: a thousand untitled "x" would
        // otherwise try 2, 3, … afresh each (quadratic).
        let n = next.entry(base.clone()).or_insert(2);
        let mut unique = base.clone();
        while !taken.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            *n += 1;
        }
        ids[i] = unique;
    }
    ids
}

/// Where `key:` starts a line of `yaml`.
fn key_offset(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: [&str; 3] = [
        include_str!("../../tests/fixtures/argdown-samples/argdown-primer.argdown"),
        include_str!("../../tests/fixtures/argdown-samples/legalisation-softdrugs.argdown"),
        include_str!("../../tests/fixtures/argdown-samples/state-censorship.argdown"),
    ];

    /// Argdown's syntax characters, line breaks and indentation, often.
    fn argdown_text() -> impl proptest::strategy::Strategy<Value = String> {
        let pieces = proptest::sample::select(vec![
            "[", "]", "]:", "<", ">", ">:", "@[", "+", "-", "+>", "->", "<+", "<-", "><", "_>",
            "<_", "_", "*", "**", "__", "#", "#(", ")", "(", "(1)", "1.", "--", "----", "{", "}",
            "{a: 1}", "}, ", "\\", "//", "/*", "*/", "<!--", "-->", "===", ":", ".", ".^.", ",",
            "\n", "\n\n", "\r\n", "\r", "  ", "\t", "    ", "a", "Wort", "é", "😀", "\0",
        ]);
        proptest::collection::vec(pieces, 0..80).prop_map(|p| p.concat())
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(512))]
        #[test]
        fn no_text_makes_the_importer_panic(text in argdown_text(), noise in "\\PC{0,40}") {
            for input in [text.as_str(), noise.as_str(), &format!("{text}{noise}")] {
                if let Ok(imported) = import_argdown(input) {
                    let value: Result<Value, _> = serde_saphyr::from_str(&imported.yaml);
                    proptest::prop_assert!(value.is_ok(), "{input:?}\n{}", imported.yaml);
                }
            }
        }

        #[test]
        fn no_cut_of_a_sample_makes_the_importer_panic(sample in 0usize..3, cut in 0usize..8000, skip in 0usize..400) {
            let text = SAMPLES[sample];
            let start = (0..=skip.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let end = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let piece = text.get(start..end.max(start)).unwrap_or_default();
            let _ = import_argdown(piece);
        }
    }

    #[test]
    fn every_prefix_of_every_sample_imports_or_is_refused_cleanly() {
        for sample in SAMPLES {
            // Every 7th cut (all of them took half a minute in a debug build).
            for end in (0..=sample.len())
                .step_by(7)
                .filter(|&i| sample.is_char_boundary(i))
            {
                let _ = import_argdown(sample.get(..end).unwrap_or_default());
            }
        }
    }

    #[test]
    fn hostile_repetitions_stay_linear() {
        // Each of these was quadratic once (a pattern rescanning the rest of the file from
        // every mark, a suffix search per duplicate id, a list `contains` per child).
        let marks = [
            "{",
            "[",
            "<",
            "/*",
            "<!--",
            "#(",
            "@[",
            "[a](",
            "<a>",
            "{a}",
            ".x",
            "[a]:",
            "\r",
            "(",
            "\n(1) x\n--\n(2) y",
            "\n  +> x",
            "\n  >< x",
            "\n  _> x",
        ];
        for mark in marks {
            let text = format!("[A]: a{}", mark.repeat(100_000 / mark.len()));
            let started = std::time::Instant::now();
            let _ = import_argdown(&text);
            let took = started.elapsed();
            assert!(took.as_secs() < 10, "{mark:?}: {took:?}");
        }
    }
}
