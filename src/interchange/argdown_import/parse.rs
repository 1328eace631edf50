//! Tokens → the document's statements, arguments, relations and premise–conclusion
//! structures, after `@argdown/core`'s grammar (1.7.5): blocks separated by empty lines
//! (headings, statements, arguments, numbered premise–conclusion structures, lists), each
//! statement or argument followed by an optional data block and its indented relations.
//!
//! A block that breaks the grammar is reported at its token and skipped up to the next empty
//! line, as Argdown's own parser recovers; what came before the slip in it is kept.

use std::collections::BTreeMap;

use super::lex::{Kind, Rel, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NodeKind {
    Statement,
    Argument,
}

/// One occurrence of a statement or argument.
#[derive(Debug, Clone)]
pub(super) struct Member {
    /// `None` for a reference (`[T]`, `<T>`), which says nothing of the text.
    pub text: Option<String>,
    pub at: usize,
    /// Its data block: the `{...}` text and where it starts.
    pub data: Option<(String, usize)>,
}

/// An equivalence class (every `[T]` is one statement) or an argument, or one untitled
/// statement.
#[derive(Debug, Clone)]
pub(super) struct Node {
    pub kind: NodeKind,
    pub title: Option<String>,
    pub members: Vec<Member>,
    pub tags: Vec<(String, usize)>,
    /// The heading it was first defined under.
    pub section: Option<usize>,
    /// Whether a member so far has a text (is not only a reference).
    pub defined: bool,
}

/// What a relation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Node(usize),
    /// An inference line: step `1` of premise–conclusion structure `0`.
    Inference(usize, usize),
}

#[derive(Debug, Clone)]
pub(super) struct Relation {
    pub from: Target,
    pub to: Target,
    pub rel: Rel,
    pub at: usize,
}

/// One inference of a premise–conclusion structure: the statements before it (numbered as
/// written), its rules and data, and its conclusion.
#[derive(Debug, Clone, Default)]
pub(super) struct Step {
    pub before: Vec<(String, usize)>,
    pub rules: Vec<String>,
    pub data: Option<(String, usize)>,
    pub conclusion: usize,
    pub at: usize,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Pcs {
    pub argument: Option<usize>,
    pub steps: Vec<Step>,
    /// Every numbered statement, as numbered.
    pub numbered: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub(super) struct Section {
    pub title: String,
}

/// A problem at a byte offset, with the category it is counted under in the summary.
#[derive(Debug, Clone)]
pub(super) struct Problem {
    pub at: usize,
    pub category: &'static str,
    pub message: String,
}

#[derive(Debug, Default)]
pub(super) struct Doc {
    pub front_matter: Option<(String, usize)>,
    pub nodes: Vec<Node>,
    pub relations: Vec<Relation>,
    pub pcs: Vec<Pcs>,
    pub sections: Vec<Section>,
    pub problems: Vec<Problem>,
}

struct Parser<'t> {
    tokens: &'t [Token],
    end: usize,
    i: usize,
    doc: Doc,
    titled: BTreeMap<(NodeKind, String), usize>,
    section: Option<usize>,
}

/// A slip in the grammar: where, and what was expected.
struct Slip {
    at: usize,
    message: String,
}

type Parsed<T> = Result<T, Slip>;

/// The document `tokens` make; `end` is the text's length (where the end of input is).
pub(super) fn parse(tokens: &[Token], end: usize) -> Doc {
    let mut parser = Parser {
        tokens,
        end,
        i: 0,
        doc: Doc::default(),
        titled: BTreeMap::new(),
        section: None,
    };
    parser.document();
    parser.doc
}

impl Parser<'_> {
    fn kind(&self) -> Option<&Kind> {
        self.tokens.get(self.i).map(|t| &t.kind)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.i).map_or(self.end, |t| t.at)
    }

    fn eat(&mut self, kind: &Kind) -> bool {
        if self.kind() == Some(kind) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn slip<T>(&self, expected: &str) -> Parsed<T> {
        let found = self.kind().map_or("the end of the file", describe);
        Err(Slip {
            at: self.at(),
            message: format!("{expected}, found {found}"),
        })
    }

    fn document(&mut self) {
        while self.eat(&Kind::Newline) || self.eat(&Kind::Emptyline) {}
        if let Some(Token {
            kind: Kind::FrontMatter(yaml),
            at,
        }) = self.tokens.get(self.i)
        {
            self.doc.front_matter = Some((yaml.clone(), *at));
            self.i += 1;
        }
        let mut previous_argument = None;
        while self.i < self.tokens.len() {
            if self.eat(&Kind::Newline) || self.eat(&Kind::Emptyline) || self.eat(&Kind::Dedent) {
                continue;
            }
            let start = self.i;
            match self.block(previous_argument) {
                Ok(argument) => previous_argument = argument,
                Err(slip) => {
                    self.problem(
                        slip.at,
                        "syntax errors (the rest of their block)",
                        slip.message,
                    );
                    self.skip_block();
                    previous_argument = None;
                }
            }
            if self.i == start {
                self.i += 1;
            }
        }
    }

    fn problem(&mut self, at: usize, category: &'static str, message: String) {
        self.doc.problems.push(Problem {
            at,
            category,
            message,
        });
    }

    fn skip_block(&mut self) {
        while let Some(kind) = self.kind() {
            if kind == &Kind::Emptyline {
                break;
            }
            self.i += 1;
        }
    }

    /// One block; the argument it is, when it is one (a premise–conclusion structure right
    /// after it is its reconstruction).
    fn block(&mut self, previous_argument: Option<usize>) -> Parsed<Option<usize>> {
        match self.kind() {
            Some(Kind::Heading(_)) => self.heading().map(|()| None),
            Some(Kind::Number(_)) => self.pcs(previous_argument).map(|()| None),
            Some(Kind::ArgumentDefinition(_) | Kind::ArgumentReference(_)) => {
                self.argument().map(Some)
            }
            Some(Kind::Indent)
                if matches!(
                    self.tokens.get(self.i + 1).map(|t| &t.kind),
                    Some(Kind::ListItem)
                ) =>
            {
                self.list().map(|()| None)
            }
            Some(Kind::ListItem) => {
                self.i += 1;
                self.element().map(|_| None)
            }
            Some(kind) if starts_statement(kind) => self.statement().map(|_| None),
            Some(Kind::Rel(_) | Kind::Indent) => self.slip(
                "a relation needs the statement or argument it belongs to on the line above it",
            ),
            _ => self.slip("expected a statement, an argument or a heading"),
        }
    }

    fn heading(&mut self) -> Parsed<()> {
        self.i += 1;
        let (text, tags) = self.content();
        for (tag, at) in tags {
            self.problem(at, "heading tags", format!("tag `{tag}` of a heading is not imported (the heading itself becomes a tag of the claims under it)"));
        }
        self.eat(&Kind::Newline);
        if let Some(Token {
            kind: Kind::Data(_),
            at,
        }) = self.tokens.get(self.i)
        {
            let at = *at;
            self.problem(
                at,
                "heading data blocks",
                "data block of a heading is not imported".to_string(),
            );
            self.i += 1;
            self.eat(&Kind::Newline);
        }
        self.doc.sections.push(Section { title: text });
        self.section = Some(self.doc.sections.len() - 1);
        Ok(())
    }

    fn list(&mut self) -> Parsed<()> {
        self.i += 1;
        while self.eat(&Kind::ListItem) {
            self.element()?;
            while self.eat(&Kind::Newline) {}
        }
        self.eat(&Kind::Dedent);
        Ok(())
    }

    /// A statement or an argument (after a relation arrow or a list mark).
    fn element(&mut self) -> Parsed<usize> {
        match self.kind() {
            Some(Kind::ArgumentDefinition(_) | Kind::ArgumentReference(_)) => self.argument(),
            _ => self.statement(),
        }
    }

    fn statement(&mut self) -> Parsed<usize> {
        let at = self.at();
        let (title, text, tags) = match self.kind().cloned() {
            Some(Kind::StatementDefinition(title)) => {
                self.i += 1;
                let (text, tags) = self.content();
                (Some(title), Some(text), tags)
            }
            Some(Kind::StatementReference(title)) => {
                self.i += 1;
                (Some(title), None, self.reference_tags())
            }
            Some(kind) if starts_statement(&kind) => {
                let (text, tags) = self.content();
                (None, Some(text), tags)
            }
            _ => return self.slip("expected a statement"),
        };
        let node = self.member(NodeKind::Statement, title, text, tags, at);
        self.data_and_relations(node)?;
        Ok(node)
    }

    fn argument(&mut self) -> Parsed<usize> {
        let at = self.at();
        let (title, text, tags) = match self.kind().cloned() {
            Some(Kind::ArgumentDefinition(title)) => {
                self.i += 1;
                let (text, tags) = self.content();
                (title, Some(text), tags)
            }
            Some(Kind::ArgumentReference(title)) => {
                self.i += 1;
                (title, None, self.reference_tags())
            }
            _ => return self.slip("expected an argument"),
        };
        let node = self.member(NodeKind::Argument, Some(title), text, tags, at);
        self.data_and_relations(node)?;
        Ok(node)
    }

    fn reference_tags(&mut self) -> Vec<(String, usize)> {
        let mut tags = Vec::new();
        while let Some(Token {
            kind: Kind::Tag(tag, _),
            at,
        }) = self.tokens.get(self.i)
        {
            tags.push((tag.clone(), *at));
            self.i += 1;
        }
        self.eat(&Kind::Newline);
        tags
    }

    fn data_and_relations(&mut self, node: usize) -> Parsed<()> {
        if let Some(Token {
            kind: Kind::Data(data),
            at,
        }) = self.tokens.get(self.i)
        {
            if let Some(member) = self
                .doc
                .nodes
                .get_mut(node)
                .and_then(|n| n.members.last_mut())
            {
                member.data = Some((data.clone(), *at));
            }
            self.i += 1;
            self.eat(&Kind::Newline);
        }
        if self.kind() == Some(&Kind::Indent) {
            self.relations(Target::Node(node), false)?;
        }
        Ok(())
    }

    /// The indented relation lines under `parent` (only undercuts under an inference line).
    fn relations(&mut self, parent: Target, undercuts_only: bool) -> Parsed<()> {
        self.i += 1;
        loop {
            match self.kind() {
                Some(Kind::Rel(rel)) if !undercuts_only || *rel == Rel::UndercutsParent => {
                    let (rel, at) = (*rel, self.at());
                    self.i += 1;
                    let element = self.kind().is_some_and(|k| {
                        starts_statement(k)
                            || matches!(k, Kind::ArgumentDefinition(_) | Kind::ArgumentReference(_))
                    });
                    if !element {
                        return self.slip("expected a statement or an argument after the relation arrow");
                    }
                    let child = if rel == Rel::Contradiction { self.statement()? } else { self.element()? };
                    let child = Target::Node(child);
                    let (from, to) = match rel {
                        Rel::SupportsParent | Rel::AttacksParent | Rel::UndercutsParent => (child, parent),
                        _ => (parent, child),
                    };
                    self.doc.relations.push(Relation { from, to, rel, at });
                }
                Some(Kind::Dedent) => {
                    self.i += 1;
                    return Ok(());
                }
                None => return Ok(()),
                Some(Kind::Rel(_)) => return self.slip("expected an undercut `<_` under an inference line"),
                Some(_) => return self.slip("expected a relation line (`+`, `-`, `+>`, `->`, `><`, `_>`, `<_`) or less indentation"),
            }
        }
    }

    /// Text, tags, mentions, links and emphasis up to the end of the statement: its text
    /// (line breaks as spaces) and its tags. Tags at the end are taken out of the text (where
    /// our export writes them); a tag inside a sentence stays in it as its word.
    fn content(&mut self) -> (String, Vec<(String, usize)>) {
        let mut pieces: Vec<(String, bool)> = Vec::new();
        let mut tags = Vec::new();
        while let Some(token) = self.tokens.get(self.i) {
            let piece = match &token.kind {
                Kind::Text(t) | Kind::Emphasis(t) | Kind::Link(t, _) => t.clone(),
                Kind::StatementMention(image) | Kind::ArgumentMention(image) => image.clone(),
                Kind::Tag(tag, space) => {
                    tags.push((tag.clone(), token.at));
                    pieces.push((format!("{tag}{}", if *space { " " } else { "" }), true));
                    self.i += 1;
                    continue;
                }
                Kind::Newline => " ".to_string(),
                _ => break,
            };
            if let Kind::Link(label, url) = &token.kind {
                let message = format!(
                    "the target of link `{}` is not imported (its text is): {url}",
                    label.trim()
                );
                self.problem(token.at, "link targets", message);
            }
            pieces.push((piece, false));
            self.i += 1;
        }
        while pieces
            .last()
            .is_some_and(|(p, tag)| *tag || p.trim().is_empty())
        {
            pieces.pop();
        }
        let text: String = pieces.into_iter().map(|(p, _)| p).collect();
        (text.split_whitespace().collect::<Vec<_>>().join(" "), tags)
    }

    fn member(
        &mut self,
        kind: NodeKind,
        title: Option<String>,
        text: Option<String>,
        tags: Vec<(String, usize)>,
        at: usize,
    ) -> usize {
        let existing = title
            .as_ref()
            .and_then(|t| self.titled.get(&(kind, t.clone())).copied());
        let index = existing.unwrap_or_else(|| {
            self.doc.nodes.push(Node {
                kind,
                title: title.clone(),
                members: Vec::new(),
                tags: Vec::new(),
                section: None,
                defined: false,
            });
            let index = self.doc.nodes.len() - 1;
            if let Some(title) = &title {
                self.titled.insert((kind, title.clone()), index);
            }
            index
        });
        let section = self.section;
        if let Some(node) = self.doc.nodes.get_mut(index) {
            if text.is_some() && !node.defined {
                node.defined = true;
                node.section = section;
            }
            node.members.push(Member {
                text,
                at,
                data: None,
            });
            node.tags.extend(tags);
        }
        index
    }

    /// `(1) … -- … -- (2)`: numbered statements, inference lines and their conclusions.
    fn pcs(&mut self, argument: Option<usize>) -> Parsed<()> {
        let index = self.doc.pcs.len();
        self.doc.pcs.push(Pcs {
            argument,
            ..Pcs::default()
        });
        let mut before = Vec::new();
        loop {
            match self.kind().cloned() {
                Some(Kind::Number(n)) => {
                    self.i += 1;
                    let statement = self.statement()?;
                    self.numbered(index, &n, statement);
                    before.push((n, statement));
                }
                Some(Kind::InferenceStart) => {
                    let step = self.inference(index, std::mem::take(&mut before))?;
                    let Some(Kind::Number(n)) = self.kind().cloned() else {
                        return self
                            .slip("expected a numbered conclusion `(n)` after the inference line");
                    };
                    self.i += 1;
                    let conclusion = self.statement()?;
                    self.numbered(index, &n, conclusion);
                    before.push((n, conclusion));
                    if let Some(pcs) = self.doc.pcs.get_mut(index) {
                        pcs.steps.push(Step { conclusion, ..step });
                    }
                }
                _ => break,
            }
        }
        let steps = self.doc.pcs.get(index).map_or(0, |p| p.steps.len());
        if steps == 0 || before.len() > 1 {
            let at = self.at();
            self.problem(at, "premise-conclusion structures without a conclusion", "numbered statements after the last inference line `--` have no conclusion: imported without relations to one".to_string());
        }
        Ok(())
    }

    fn numbered(&mut self, pcs: usize, n: &str, statement: usize) {
        if let Some(pcs) = self.doc.pcs.get_mut(pcs) {
            pcs.numbered.push((n.to_string(), statement));
        }
    }

    /// `--`, rules separated by commas, an optional data block, `--`, and undercuts of it.
    fn inference(&mut self, pcs: usize, before: Vec<(String, usize)>) -> Parsed<Step> {
        let at = self.at();
        self.i += 1;
        let mut step = Step {
            before,
            at,
            ..Step::default()
        };
        let mut rule = String::new();
        loop {
            match self.kind() {
                Some(Kind::Text(t)) => rule.push_str(t),
                Some(Kind::ListDelimiter) => step.rules.push(std::mem::take(&mut rule)),
                Some(Kind::Newline) => rule.push(' '),
                Some(Kind::Data(data)) => step.data = Some((data.clone(), self.at())),
                Some(Kind::InferenceEnd) => break,
                _ => return self.slip("expected the closing `--` of the inference line"),
            }
            self.i += 1;
        }
        self.i += 1;
        step.rules.push(rule);
        step.rules = step
            .rules
            .iter()
            .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|r| !r.is_empty())
            .collect();
        self.eat(&Kind::Newline);
        if self.kind() == Some(&Kind::Indent) {
            let target = Target::Inference(pcs, self.doc.pcs.get(pcs).map_or(0, |p| p.steps.len()));
            self.relations(target, true)?;
        }
        Ok(step)
    }
}

fn starts_statement(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::StatementDefinition(_)
            | Kind::StatementReference(_)
            | Kind::Text(_)
            | Kind::Link(..)
            | Kind::Emphasis(_)
            | Kind::Tag(..)
            | Kind::StatementMention(_)
            | Kind::ArgumentMention(_)
    )
}

/// A token as a message names it.
fn describe(kind: &Kind) -> &'static str {
    match kind {
        Kind::FrontMatter(_) => "front matter `===`",
        Kind::Emptyline => "an empty line",
        Kind::Newline => "a line break",
        Kind::Indent => "more indentation",
        Kind::Dedent => "the end of the indented lines",
        Kind::Rel(_) => "a relation line",
        Kind::InferenceStart | Kind::InferenceEnd => "an inference line `--`",
        Kind::ListDelimiter => "`,`",
        Kind::Data(_) => "a data block `{…}`",
        Kind::Heading(_) => "a heading",
        Kind::Number(_) => "a numbered statement `(n)`",
        Kind::ListItem => "a list item",
        Kind::Emphasis(_) | Kind::Text(_) | Kind::Link(..) => "text",
        Kind::Tag(..) => "a tag",
        Kind::StatementDefinition(_) | Kind::StatementReference(_) => "a statement title `[…]`",
        Kind::ArgumentDefinition(_) | Kind::ArgumentReference(_) => "an argument title `<…>`",
        Kind::StatementMention(_) | Kind::ArgumentMention(_) => "a mention `@`",
    }
}
