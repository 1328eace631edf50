//! Findings about a map, and the three ways of printing them (human, JSON, GitHub annotations).
//!
//! A [`Diagnostic`] is data, not an error: validation returns a list of them and never fails on
//! bad content. Each one points at a place in a file (nearly always `claims.yaml`) so that a
//! curator can fix it from the message alone.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{LineIndex, Span};

mod apply;
mod github;
mod gitlab;
mod human;
pub(crate) mod json;
mod sarif;
mod short;
mod suggest;

pub use apply::{Applied, apply_fixes};
pub use github::to_github;
pub use gitlab::to_gitlab;
pub use human::{HumanStyle, to_human};
pub use json::{Summary, to_json};
pub use sarif::{help_uri, to_sarif};
pub use short::{statistics_json, to_short, to_statistics};
pub use suggest::{did_you_mean, single_match};

/// Where docs/format.md is published; each code has a section of its own name there.
pub const FORMAT_DOCS_URL: &str =
    "https://github.com/claimgraph/claimgraph/blob/main/docs/format.md";

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `check` exits 1.
    Error,
    /// Should be looked at: `check` exits 1 only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal, $severity:ident;)*) => {
        /// The stable identifier of a kind of finding (documented in `docs/format.md`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case name printed in diagnostics.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// One line saying when the code is reported (its documentation's first line).
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),*).trim(),)*
                }
            }

            /// The severity findings of this code have.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    /// The file is not valid YAML (or not UTF-8, or has merge-conflict markers).
    YamlSyntax = "yaml-syntax", Error;
    /// A field is unknown, missing or of the wrong type.
    Schema = "schema", Error;
    /// A key is written twice in one mapping (YAML keeps only one value).
    DuplicateKey = "duplicate-key", Error;
    /// The map exceeds a documented limit (file size, nesting, aliases, id length).
    Limit = "limit", Error;
    /// Two claims (or two sources) share an id.
    DuplicateId = "duplicate-id", Error;
    /// An id breaks the id rule.
    InvalidId = "invalid-id", Error;
    /// `supports`/`contradicts` names no claim.
    UnknownClaim = "unknown-claim", Error;
    /// Evidence names no corpus file.
    UnknownSource = "unknown-source", Error;
    /// A source `file` resolves outside the corpus folder.
    SourceOutsideCorpus = "source-outside-corpus", Error;
    /// A corpus file is missing, unreadable or not UTF-8.
    UnreadableSource = "unreadable-source", Error;
    /// A quote does not occur in its source.
    QuoteNotFound = "quote-not-found", Error;
    /// A claim has no evidence.
    UncitedClaim = "uncited-claim", Error;
    /// A claim's text or a quote is empty.
    EmptyText = "empty-text", Error;
    /// A claim supports or contradicts itself.
    SelfReference = "self-reference", Error;
    /// A quote occurs more than once in its source.
    AmbiguousQuote = "ambiguous-quote", Warning;
    /// Claims support each other in a circle.
    SupportCycle = "support-cycle", Warning;
    /// A claim both supports and contradicts the same claim.
    ConflictingEdges = "conflicting-edges", Warning;
    /// A claim is linked to no other claim.
    IsolatedClaim = "isolated-claim", Warning;
    /// A corpus file is never cited.
    UnusedSource = "unused-source", Warning;
    /// The same quote from the same source is cited twice on one claim.
    DuplicateEvidence = "duplicate-evidence", Warning;
    /// The same target is listed twice in one `supports` or `contradicts` list.
    DuplicateEdge = "duplicate-edge", Warning;
    /// A claim's text is longer than a claim should be (over 40 words).
    LongClaim = "long-claim", Warning;
    /// Two claims say the same thing (their texts are equal but for case and spacing).
    DuplicateText = "duplicate-text", Warning;
    /// The corpus folder has no `.txt` or `.md` file.
    EmptyCorpus = "empty-corpus", Warning;
    /// A corpus file is in a format claimgraph does not read (PDF, Word, HTML, …).
    UnsupportedSource = "unsupported-source", Warning;
    /// A ` #` in a plain (unquoted) value started a YAML comment and cut the value short.
    CommentInValue = "comment-in-value", Warning;
    /// An `allow:` entry silences no warning.
    UnusedAllow = "unused-allow", Warning;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = ();

    /// The code with this kebab-case name.
    fn from_str(name: &str) -> Result<Self, ()> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == name)
            .ok_or(())
    }
}

/// What a finding is about: the thing a curator would open to fix it.
///
/// Set by the rule that makes the finding, so that consumers (the HTML page's badges, the
/// diff of findings, an editor's code lens) never have to guess it from spans or messages.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Subject {
    /// The map as a whole (its syntax, its top-level fields, its corpus folder).
    Map,
    /// The claim with this id (as written, even if the id is invalid or duplicated).
    Claim(String),
    /// The source with this id.
    Source(String),
}

impl Subject {
    /// The claim id, when the subject is a claim.
    pub fn claim(&self) -> Option<&str> {
        match self {
            Subject::Claim(id) => Some(id),
            _ => None,
        }
    }
}

/// A secondary place shown with a diagnostic (e.g. the first of two duplicate ids).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What this place is.
    pub message: String,
    /// The file, when it is not the diagnostic's own (e.g. a passage of a source).
    pub file: Option<PathBuf>,
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Cannot change what the map means (quoting a value, deleting an exact repeat):
    /// `check --fix` applies it.
    Safe,
    /// Changes content (a quote replaced by the source's wording, a reference renamed to a
    /// did-you-mean): applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement of bytes in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Edit {
    /// The file to change (the map file for every fix today).
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    /// The bytes to replace.
    pub range: Range<usize>,
    /// What to put there instead.
    pub replacement: String,
}

impl Edit {
    /// Replaces `range` of `file` with `replacement`.
    pub fn new(file: &Path, range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            file: file.to_path_buf(),
            range,
            replacement: replacement.into(),
        }
    }
}

fn serialize_path<S: serde::Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&display_path(path))
}

/// A machine-applicable fix: every edit is applied, or none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Fix {
    /// What it does, as a help line would say it (`quote the value`).
    pub description: String,
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The edits, in no particular order, none overlapping another.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of finding.
    pub code: Code,
    /// Error or warning (normally `code.severity()`).
    pub severity: Severity,
    /// One line, lowercase, no trailing period.
    pub message: String,
    /// What the finding is about.
    pub subject: Subject,
    /// What tells this finding from others of the same code and subject, in words that do not
    /// change when the message is reworded or a line moves (e.g. the target of an unknown
    /// reference). Claim ids in it are parts of their own, so a rename can be followed.
    pub key: Vec<String>,
    /// The file the finding is about.
    pub file: PathBuf,
    /// The offending value; `None` for findings about a whole file.
    pub span: Option<Span>,
    /// Text under the primary underline.
    pub label: Option<String>,
    /// Other places worth showing.
    pub related: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Edits that fix it, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, about the map as a whole until
    /// [`Diagnostic::subject`] says otherwise.
    pub fn new(code: Code, file: &Path, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            subject: Subject::Map,
            key: Vec::new(),
            file: file.to_path_buf(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    /// Sets what the finding is about.
    pub fn subject(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }

    /// About the claim with this id.
    pub fn on_claim(self, id: &str) -> Self {
        self.subject(Subject::Claim(id.to_string()))
    }

    /// About the source with this id.
    pub fn on_source(self, id: &str) -> Self {
        self.subject(Subject::Source(id.to_string()))
    }

    /// Sets the stable key (see [`Diagnostic::key`]).
    pub fn key<S: Into<String>>(mut self, parts: impl IntoIterator<Item = S>) -> Self {
        self.key = parts.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the text under the primary underline.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary place in the diagnostic's file.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    /// Adds a secondary place in another file.
    pub fn related_in(mut self, file: &Path, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
            file: Some(file.to_path_buf()),
        });
        self
    }

    /// Adds a fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    /// Adds the fixes there are (none, or one a rule could build).
    pub fn fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Self {
        self.fixes.extend(fixes);
        self
    }

    /// The file a related label points into.
    pub fn file_of<'a>(&'a self, label: &'a Label) -> &'a Path {
        label.file.as_deref().unwrap_or(&self.file)
    }

    /// What makes this finding the same finding in another revision of the map: code,
    /// subject and key, never the message, the line or the file name.
    pub fn identity(&self) -> (Code, &Subject, &[String]) {
        (self.code, &self.subject, &self.key)
    }

    /// [`Diagnostic::identity`] with claim ids renamed by `rename` (old id → new id), for
    /// matching a finding of an old revision with the same finding after claims were renamed.
    /// A key that is a set (a support cycle's members) stays sorted, and names its subject.
    pub fn identity_renamed(
        &self,
        rename: &dyn Fn(&str) -> Option<String>,
    ) -> (Code, Subject, Vec<String>) {
        let renamed = |id: &str| rename(id).unwrap_or_else(|| id.to_string());
        let mut key: Vec<String> = self.key.iter().map(|part| renamed(part)).collect();
        let mut subject = match &self.subject {
            Subject::Claim(id) => Subject::Claim(renamed(id)),
            other => other.clone(),
        };
        if self.code == Code::SupportCycle {
            key.sort();
            if let Some(first) = key.first() {
                subject = Subject::Claim(first.clone());
            }
        }
        (self.code, subject, key)
    }

    /// A stable fingerprint of [`Diagnostic::identity`] (hex SHA-256, first 16 bytes), for
    /// code-scanning services that track a finding across commits.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest as _;
        let (code, subject, key) = self.identity();
        let mut hash = sha2::Sha256::new();
        hash.update(code.as_str());
        let (kind, id) = match subject {
            Subject::Map => ("map", ""),
            Subject::Claim(id) => ("claim", id.as_str()),
            Subject::Source(id) => ("source", id.as_str()),
        };
        for part in [kind, id].into_iter().chain(key.iter().map(String::as_str)) {
            hash.update([0]);
            hash.update(part.len().to_le_bytes());
            hash.update(part);
        }
        hash.finalize()[..16]
            .iter()
            .fold(String::with_capacity(32), |mut out, b| {
                let _ = write!(out, "{b:02x}");
                out
            })
    }
}

/// Sorts diagnostics by file, then position, then code, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let pos = |d: &Diagnostic| d.span.map(|s| (s.line, s.column)).unwrap_or((0, 0));
        (&a.file, pos(a), a.code, &a.message).cmp(&(&b.file, pos(b), b.code, &b.message))
    });
}

/// Counts of a diagnostic list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

impl Counts {
    /// Counts the diagnostics by severity.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// Where a diagnostic's file text comes from when printing snippets.
pub trait SourceLookup {
    /// The text of `file`, if it can be shown.
    fn text_of(&self, file: &Path) -> Option<Arc<String>>;
}

impl<F: Fn(&Path) -> Option<Arc<String>>> SourceLookup for F {
    fn text_of(&self, file: &Path) -> Option<Arc<String>> {
        self(file)
    }
}

/// A file's text with its line index.
pub(crate) type Indexed = (Arc<String>, Arc<LineIndex>);

/// Line and column of byte offsets in the files diagnostics point into, by the one rule of
/// [`LineIndex`], each file indexed once.
pub(crate) struct Positions<'a> {
    lookup: &'a dyn SourceLookup,
    files: std::collections::HashMap<PathBuf, Option<Indexed>>,
}

impl<'a> Positions<'a> {
    pub(crate) fn new(lookup: &'a dyn SourceLookup) -> Self {
        Positions {
            lookup,
            files: std::collections::HashMap::new(),
        }
    }

    /// The text of `file` and its line index.
    pub(crate) fn file(&mut self, file: &Path) -> Option<Indexed> {
        self.files
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                let text = self.lookup.text_of(file)?;
                let index = Arc::new(LineIndex::new(&text));
                Some((text, index))
            })
            .clone()
    }

    /// 1-based line and character column of a byte offset of `file`, if it can be read.
    pub(crate) fn at(&mut self, file: &Path, offset: usize) -> Option<(u32, u32)> {
        self.file(file)
            .map(|(text, index)| index.position(&text, offset))
    }

    /// 1-based line and character column just past the span's last byte (the span's own
    /// line and column when the file cannot be read).
    pub(crate) fn end(&mut self, file: &Path, span: Span) -> (u32, u32) {
        self.at(file, span.start + span.len)
            .unwrap_or((span.line, span.column))
    }
}

/// Map text made safe for a terminal: control characters (which could set the terminal's
/// title, clear the screen or forge colours) are shown as escapes like `\u{1b}`; line breaks
/// and tabs stay. Every terminal printer passes map text through this.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Like [`printable`], but each control character becomes as many `?` as it has bytes, so
/// byte offsets into the text (spans) still hold: for source snippets.
pub(crate) fn printable_same_length(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t' && c != '\r';
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// `1 finding`, `2 findings`: a count and its noun, for summary lines.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A path as shown to users: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    shown.strip_prefix("./").unwrap_or(&shown).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_kebab_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert!(seen.insert(name), "duplicate {name}");
            assert_eq!(name.parse::<Code>(), Ok(*code));
        }
    }

    #[test]
    fn fingerprint_ignores_message_line_and_file_but_not_subject_or_key() {
        let at = |line| Span {
            start: 0,
            len: 1,
            line,
            column: 1,
        };
        let a = Diagnostic::new(Code::UnknownClaim, Path::new("a.yaml"), Some(at(3)), "one")
            .on_claim("x")
            .key(["y"]);
        let b = Diagnostic::new(Code::UnknownClaim, Path::new("b.yaml"), Some(at(9)), "two")
            .on_claim("x")
            .key(["y"]);
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 32);
        assert_ne!(a.fingerprint(), b.clone().key(["z"]).fingerprint());
        assert_ne!(a.fingerprint(), b.on_claim("w").fingerprint());
        // Parts are length-prefixed: ["ab", "c"] is not ["a", "bc"].
        let split = |k: [&str; 2]| a.clone().key(k).fingerprint();
        assert_ne!(split(["ab", "c"]), split(["a", "bc"]));
    }
}
