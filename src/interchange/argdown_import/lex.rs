//! Argdown text → tokens, the way `@argdown/core`'s lexer (1.7.5) cuts it: at each place the
//! first token kind in its order that matches wins, relations, statement numbers, list items,
//! inference lines and headings only at the start of a line, indentation of relation and list
//! lines turned into indent and dedent tokens, spaces and comments skipped.
//!
//! Where Argdown's patterns would rescan the rest of the file from every `{`, `[`, `/*` or
//! `<!--` (quadratic on hostile input), the next closing mark is found once and remembered
//! ([`Next`]), so lexing stays linear.

/// How a relation line relates the child (the statement or argument after the arrow) to its
/// parent (the element it is indented under).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rel {
    /// `+>`: the parent supports the child.
    SupportsChild,
    /// `->`: the parent attacks the child.
    AttacksChild,
    /// `+`, `<+`: the child supports the parent.
    SupportsParent,
    /// `-`, `<-`: the child attacks the parent.
    AttacksParent,
    /// `><`: the two contradict each other.
    Contradiction,
    /// `_>`: the parent undercuts the child.
    UndercutsChild,
    /// `<_`, `_`: the child undercuts the parent (or, under an inference line, the inference).
    UndercutsParent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// The YAML between the `===` lines at the top.
    FrontMatter(String),
    Emptyline,
    Newline,
    Indent,
    Dedent,
    Rel(Rel),
    InferenceStart,
    InferenceEnd,
    ListDelimiter,
    /// `{...}`, braces included.
    Data(String),
    /// `#`s of a heading: its level.
    Heading(usize),
    /// `(n)` of a premise–conclusion structure: `n`.
    Number(String),
    ListItem,
    /// Bold or italic marks: only what they add to the text (a space or nothing).
    Emphasis(String),
    Link(String, String),
    /// A tag, and whether a space followed it.
    Tag(String, bool),
    StatementDefinition(String),
    StatementReference(String),
    /// `@[T]` as written (with the space after it, if any).
    StatementMention(String),
    ArgumentDefinition(String),
    ArgumentReference(String),
    /// `@<T>` as written.
    ArgumentMention(String),
    /// Text as Argdown reads it (escapes undone, shortcodes replaced).
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Kind,
    /// Byte offset in the document.
    pub at: usize,
}

/// The next occurrence of a fixed string at or after a position, remembered: positions only
/// grow while lexing, so one search serves every query until the occurrence is passed.
struct Next {
    needle: &'static str,
    cached: Option<(usize, Option<usize>)>,
}

impl Next {
    const fn new(needle: &'static str) -> Self {
        Next {
            needle,
            cached: None,
        }
    }

    fn find(&mut self, text: &str, from: usize) -> Option<usize> {
        if let Some((asked, found)) = self.cached
            && asked <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = text
            .get(from..)
            .and_then(|rest| rest.find(self.needle))
            .map(|i| from + i);
        self.cached = Some((from, found));
        found
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Emph {
    AsteriskBold,
    UnderscoreBold,
    AsteriskItalic,
    UnderscoreItalic,
}

/// The lexer's state: position, tokens so far, indentation and emphasis stacks.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    indents: Vec<usize>,
    emphasis: Vec<Emph>,
    inference: bool,
    /// Spaces or a comment were skipped since the last token.
    skipped: bool,
    next_newline: Next,
    next_cr: Next,
    next_bracket: Next,
    next_definition: Next,
    next_angle: Next,
    next_argument_definition: Next,
    next_paren: Next,
    next_block_comment: Next,
    next_html_comment: Next,
    data: Option<(usize, usize, Option<usize>)>,
}

/// The tokens of `text`.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        tokens: Vec::new(),
        indents: vec![0],
        emphasis: Vec::new(),
        inference: false,
        skipped: false,
        next_newline: Next::new("\n"),
        next_cr: Next::new("\r"),
        next_bracket: Next::new("]"),
        next_definition: Next::new("]:"),
        next_angle: Next::new(">"),
        next_argument_definition: Next::new(">:"),
        next_paren: Next::new(")"),
        next_block_comment: Next::new("*/"),
        next_html_comment: Next::new("-->"),
        data: None,
    };
    lexer.front_matter();
    while lexer.pos < text.len() {
        let before = lexer.pos;
        if lexer.inference {
            lexer.inference_token();
        } else {
            lexer.default_token();
        }
        if lexer.pos == before {
            // Every branch consumes; this only guards against a slip turning into a hang.
            lexer.text_char();
        }
    }
    if lexer.last_is(&Kind::Emptyline) {
        lexer.tokens.pop();
    }
    lexer.dedent_all();
    lexer.tokens
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn push(&mut self, kind: Kind, at: usize) {
        self.tokens.push(Token { kind, at });
        self.skipped = false;
    }

    fn last_is(&self, kind: &Kind) -> bool {
        self.tokens.last().is_some_and(|t| &t.kind == kind)
    }

    /// At the start of a line as Argdown sees it: nothing yet, or after a line break token
    /// (spaces and comments since do not count).
    fn at_line_start(&self) -> bool {
        self.tokens.is_empty() || self.last_is(&Kind::Newline) || self.last_is(&Kind::Emptyline)
    }

    /// End of the current line (the offset of its line break, or the end of the text).
    fn line_end(&mut self) -> usize {
        let newline = self.next_newline.find(self.text, self.pos);
        // A lone `\r` ends a line too.
        let cr = self.next_cr.find(self.text, self.pos);
        newline
            .into_iter()
            .chain(cr)
            .min()
            .unwrap_or(self.text.len())
    }

    fn front_matter(&mut self) {
        let start = self.rest().len()
            - self
                .rest()
                .trim_start_matches(['\n', '\r', ' ', '\t'])
                .len();
        let Some(body) = self.rest().get(start..) else {
            return;
        };
        let open = body.len() - body.trim_start_matches('=').len();
        if open < 3 {
            return;
        }
        let Some(inner) = body.get(open..) else {
            return;
        };
        let Some(close) = inner.find("===") else {
            return;
        };
        let yaml = inner.get(..close).unwrap_or_default().to_string();
        let after = inner.get(close..).unwrap_or_default();
        let run = after.len() - after.trim_start_matches('=').len();
        let at = self.pos + start;
        self.pos = at + open + close + run;
        self.push(Kind::FrontMatter(yaml), at);
    }

    fn default_token(&mut self) {
        let _ = self.comment()
            || self.data()
            || self.escaped()
            || self.special()
            || self.emptyline()
            || self.newline()
            || self.line_start_token()
            || self.heading()
            || self.emphasis_end()
            || self.emphasis_start()
            || self.link()
            || self.tag()
            || self.titled()
            || self.spaces()
            || self.freestyle()
            || self.text_char();
    }

    fn inference_token(&mut self) {
        if self.rest().starts_with(['\n', '\r']) && blank_lines(self.rest()) >= 2 {
            // An inference line never closed: Argdown would read the rest of the file as its
            // rules; ending it at the empty line keeps the rest of the document.
            self.inference = false;
            return;
        }
        let _ = self.comment()
            || self.newline()
            || self.escaped()
            || self.special()
            || self.inference_end()
            || self.data()
            || self.list_delimiter()
            || self.spaces()
            || self.freestyle()
            || self.text_char();
    }

    fn line_start_token(&mut self) -> bool {
        if !self.at_line_start() {
            return false;
        }
        let (indent, after) = leading_blank(self.rest());
        if !self.inference && after.starts_with("--") {
            self.dedent_all();
            let at = self.pos;
            self.pos += indent + 2;
            self.push(Kind::InferenceStart, at);
            self.inference = true;
            return true;
        }
        if let Some((rel, len)) = relation(after) {
            self.indent_to(indent);
            let at = self.pos + indent;
            self.pos += indent + len;
            self.push(Kind::Rel(rel), at);
            return true;
        }
        self.numbered(indent, after)
    }

    /// `(n)`, `n.` and `*` at the start of a line.
    fn numbered(&mut self, indent: usize, after: &str) -> bool {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let rest = after.get(digits..).unwrap_or_default();
        let at = self.pos + indent;
        if after.starts_with('(') {
            let inner = after.get(1..).unwrap_or_default();
            let n = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if n > 0 && inner.get(n..).is_some_and(|r| r.starts_with(')')) {
                self.dedent_all();
                self.pos += indent + n + 2;
                let number = inner.get(..n).unwrap_or_default().to_string();
                self.push(Kind::Number(number), at);
                return true;
            }
            return false;
        }
        let item = if digits > 0 && rest.starts_with('.') && followed_by_space(rest, 1) {
            digits + 1
        } else if after.starts_with('*') && followed_by_space(after, 1) {
            1
        } else {
            return false;
        };
        self.indent_to(indent + 1);
        self.pos += indent + item;
        self.push(Kind::ListItem, at);
        true
    }

    fn indent_to(&mut self, level: usize) {
        let top = self.indents.last().copied().unwrap_or(0);
        if level > top {
            self.indents.push(level);
            self.push(Kind::Indent, self.pos);
        } else {
            while self.indents.len() > 1 && level < self.indents.last().copied().unwrap_or(0) {
                self.indents.pop();
                self.push(Kind::Dedent, self.pos);
            }
        }
    }

    fn dedent_all(&mut self) {
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Kind::Dedent, self.pos);
        }
    }

    fn comment(&mut self) -> bool {
        let rest = self.rest();
        let end = if rest.starts_with("//") {
            Some(self.line_end())
        } else if rest.starts_with("/*") {
            self.next_block_comment
                .find(self.text, self.pos + 2)
                .map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            self.next_html_comment
                .find(self.text, self.pos + 4)
                .map(|i| i + 3)
        } else {
            None
        };
        let Some(end) = end else {
            return false;
        };
        self.pos = end;
        self.comment_line_breaks();
        self.skipped = true;
        true
    }

    /// The line breaks a comment takes with it: after an empty line all that follow, after a
    /// line break one (unless an empty line follows), else none.
    fn comment_line_breaks(&mut self) {
        if self.last_is(&Kind::Emptyline) {
            loop {
                let (blank, after) = leading_blank(self.rest());
                let Some(n) = line_break(after) else { break };
                self.pos += blank + n;
            }
        } else if self.last_is(&Kind::Newline) {
            let (blank, after) = leading_blank(self.rest());
            if let Some(n) = line_break(after)
                && blank_lines(after.get(n..).unwrap_or_default()) == 0
            {
                self.pos += blank + n;
            }
        }
    }

    fn data(&mut self) -> bool {
        if !self.rest().starts_with('{') {
            return false;
        }
        let Some(end) = self.data_end() else {
            return false;
        };
        let block = self.text.get(self.pos..end).unwrap_or_default().to_string();
        let at = self.pos;
        self.pos = end;
        self.push(Kind::Data(block), at);
        true
    }

    /// Where a data block opened here ends (after its `}`), by Argdown's pattern
    /// `{((?!}\s[^,}])(.|\n))*}(?!\s*(,|}))`: the last `}` not followed by `,` or `}` before
    /// the first `}` that is followed by a space and something else. A scan is remembered for
    /// the braces inside it.
    fn data_end(&mut self) -> Option<usize> {
        if let Some((start, stop, best)) = self.data
            && start < self.pos
            && self.pos < stop
        {
            return best.filter(|&b| b > self.pos);
        }
        let bytes = self.text.as_bytes();
        let mut best = None;
        let mut i = self.pos + 1;
        while i < bytes.len() {
            if bytes[i] == b'}' {
                let after = self.text.get(i + 1..).unwrap_or_default();
                let next = after.trim_start();
                if !next.starts_with([',', '}']) {
                    best = Some(i + 1);
                }
                let mut chars = after.chars();
                if chars.next().is_some_and(char::is_whitespace)
                    && chars.next().is_some_and(|c| c != ',' && c != '}')
                {
                    break;
                }
            }
            i += 1;
        }
        self.data = Some((self.pos, i, best));
        best
    }

    fn escaped(&mut self) -> bool {
        let mut chars = self.rest().chars();
        if chars.next() != Some('\\') {
            return false;
        }
        let Some(c) = chars.next().filter(|c| !matches!(c, '\n' | '\r')) else {
            return false;
        };
        let spaces = chars.as_str().len() - chars.as_str().trim_start_matches(' ').len();
        let at = self.pos;
        self.pos += 1 + c.len_utf8() + spaces;
        self.push(Kind::Text(format!("{c}{}", " ".repeat(spaces))), at);
        true
    }

    /// `.name.` or `:name:` (no white space inside), a shortcode for a symbol.
    fn special(&mut self) -> bool {
        let rest = self.rest();
        let Some(mark) = rest.chars().next().filter(|c| matches!(c, '.' | ':')) else {
            return false;
        };
        let body = rest.get(1..).unwrap_or_default();
        let word = body
            .find(|c: char| c.is_whitespace() || c == mark)
            .filter(|&i| i > 0 && body.get(i..).is_some_and(|r| r.starts_with(mark)));
        let Some(len) = word else {
            return false;
        };
        let name = body.get(..len).unwrap_or_default();
        let space = body
            .get(len + 1..)
            .is_some_and(|r| r.starts_with([' ', '\t']));
        let text = match SHORTCODES.iter().find(|(n, _)| *n == name) {
            Some((_, symbol)) => symbol.to_string(),
            None => format!("{mark}{name}{mark}"),
        };
        let at = self.pos;
        self.pos += len + 2 + usize::from(space);
        self.push(Kind::Text(text + if space { " " } else { "" }), at);
        true
    }

    fn emptyline(&mut self) -> bool {
        if self.last_is(&Kind::Emptyline) {
            return false;
        }
        let rest = self.rest();
        let (n, len) = blank_run(rest);
        if n < 2 {
            return false;
        }
        if len < rest.len() {
            self.dedent_all();
        }
        let at = self.pos;
        self.pos += len;
        self.push(Kind::Emptyline, at);
        true
    }

    fn newline(&mut self) -> bool {
        let (blank, after) = leading_blank(self.rest());
        let Some(n) = line_break(after) else {
            return false;
        };
        let at = self.pos;
        self.pos += blank + n;
        self.push(Kind::Newline, at);
        true
    }

    fn heading(&mut self) -> bool {
        if !self.at_line_start() {
            return false;
        }
        let rest = self.rest();
        let level = rest.len() - rest.trim_start_matches('#').len();
        if level == 0 || !rest.get(level..).is_some_and(|r| r.starts_with(' ')) {
            return false;
        }
        let at = self.pos;
        self.pos += level + 1;
        self.push(Kind::Heading(level), at);
        true
    }

    fn emphasis_end(&mut self) -> bool {
        let Some(&open) = self.emphasis.last() else {
            return false;
        };
        if self.skipped || self.tokens.is_empty() {
            return false;
        }
        let rest = self.rest();
        for (mark, kind) in EMPHASIS {
            if kind != open || !rest.starts_with(mark) {
                continue;
            }
            let after = rest.get(mark.len()..).unwrap_or_default();
            let space = after.starts_with([' ', '\t']);
            let ends = space
                || after.is_empty()
                || after.starts_with([
                    '\n', '\r', ')', '}', '_', '.', ',', '!', '?', ';', ':', '-', '*',
                ]);
            if ends {
                self.emphasis.pop();
                let at = self.pos;
                self.pos += mark.len() + usize::from(space);
                self.push(
                    Kind::Emphasis(if space { " ".into() } else { String::new() }),
                    at,
                );
                return true;
            }
        }
        false
    }

    fn emphasis_start(&mut self) -> bool {
        let rest = self.rest();
        for (mark, kind) in EMPHASIS {
            let opens = rest.starts_with(mark)
                && !rest
                    .get(mark.len()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_whitespace);
            if opens {
                self.emphasis.push(kind);
                let at = self.pos;
                self.pos += mark.len();
                self.push(Kind::Emphasis(String::new()), at);
                return true;
            }
        }
        false
    }

    /// `[text](url)`.
    fn link(&mut self) -> bool {
        if !self.rest().starts_with('[') {
            return false;
        }
        let Some(close) = self.next_bracket.find(self.text, self.pos + 1) else {
            return false;
        };
        if close == self.pos + 1
            || !self
                .text
                .get(close + 1..)
                .is_some_and(|r| r.starts_with('('))
        {
            return false;
        }
        let Some(end) = self.next_paren.find(self.text, close + 2) else {
            return false;
        };
        if end == close + 2 {
            return false;
        }
        let label = self
            .text
            .get(self.pos + 1..close)
            .unwrap_or_default()
            .to_string();
        let url = self
            .text
            .get(close + 2..end)
            .unwrap_or_default()
            .to_string();
        let at = self.pos;
        self.pos = end + 1;
        let space = self.rest().starts_with([' ', '\t']);
        self.pos += usize::from(space);
        self.push(Kind::Link(label + if space { " " } else { "" }, url), at);
        true
    }

    /// `#tag` or `#(tag with spaces)`.
    fn tag(&mut self) -> bool {
        let rest = self.rest();
        if !rest.starts_with('#') {
            return false;
        }
        let body = rest.get(1..).unwrap_or_default();
        let (tag, len) = if body.starts_with('(') {
            let Some(end) = self.next_paren.find(self.text, self.pos + 2) else {
                return false;
            };
            if end == self.pos + 2 {
                return false;
            }
            let inner = self.text.get(self.pos + 2..end).unwrap_or_default();
            (inner.to_string(), end + 1 - self.pos)
        } else {
            let n = body.len() - body.trim_start_matches(is_tag_char).len();
            if n == 0 {
                return false;
            }
            (body.get(..n).unwrap_or_default().to_string(), n + 1)
        };
        let at = self.pos;
        self.pos += len;
        let space = self.rest().starts_with([' ', '\t']);
        self.pos += usize::from(space);
        self.push(Kind::Tag(tag, space), at);
        true
    }

    /// `[T]:`, `[T]`, `@[T]`, `<T>:`, `<T>`, `@<T>`.
    fn titled(&mut self) -> bool {
        let rest = self.rest();
        let mention = rest.starts_with('@');
        let open = rest.chars().nth(usize::from(mention));
        let (close, definition) = match open {
            Some('[') => (']', "]:"),
            Some('<') => ('>', ">:"),
            _ => return false,
        };
        let start = self.pos + usize::from(mention) + 1;
        let line_end = self.line_end();
        let statement = close == ']';
        let mut found = |definition: bool| {
            let text = self.text;
            self.next_of(statement, definition)
                .find(text, start + 1)
                .filter(|&i| i < line_end)
        };
        let (kind, end) = if mention {
            let Some(end) = found(false) else {
                return false;
            };
            (if statement { 2 } else { 5 }, end + 1)
        } else if let Some(end) = found(true) {
            (if statement { 0 } else { 3 }, end + definition.len())
        } else if rest.get(1..).is_some_and(|r| !r.starts_with('-')) {
            let Some(end) = found(false) else {
                return false;
            };
            (if statement { 1 } else { 4 }, end + 1)
        } else {
            return false;
        };
        self.finish_titled(kind, start, end, mention);
        true
    }

    /// The finder of the closing `]` / `>` (`definition`: `]:` / `>:`) of a statement's
    /// (`statement`) or an argument's title.
    fn next_of(&mut self, statement: bool, definition: bool) -> &mut Next {
        match (statement, definition) {
            (true, false) => &mut self.next_bracket,
            (true, true) => &mut self.next_definition,
            (false, false) => &mut self.next_angle,
            (false, true) => &mut self.next_argument_definition,
        }
    }

    fn finish_titled(&mut self, kind: u8, start: usize, end: usize, mention: bool) {
        let closing = match kind {
            0 | 3 => 2,
            _ => 1,
        };
        let title = self
            .text
            .get(start..end - closing)
            .unwrap_or_default()
            .trim()
            .to_string();
        let at = self.pos;
        self.pos = end;
        if mention && self.rest().starts_with([' ', '\t']) {
            self.pos += 1;
        }
        let image = self.text.get(at..self.pos).unwrap_or_default().to_string();
        let kind = match kind {
            0 => Kind::StatementDefinition(title),
            1 => Kind::StatementReference(title),
            2 => Kind::StatementMention(image),
            3 => Kind::ArgumentDefinition(title),
            4 => Kind::ArgumentReference(title),
            _ => Kind::ArgumentMention(image),
        };
        self.push(kind, at);
    }

    fn spaces(&mut self) -> bool {
        let rest = self.rest();
        let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        if n == 0 {
            return false;
        }
        self.pos += n;
        self.skipped = true;
        true
    }

    fn freestyle(&mut self) -> bool {
        let rest = self.rest();
        let n = rest.find(is_control).unwrap_or(rest.len());
        if n == 0 {
            return false;
        }
        let text = rest.get(..n).unwrap_or_default().to_string();
        let at = self.pos;
        self.pos += n;
        self.push(Kind::Text(text), at);
        true
    }

    /// One character as text (a control character Argdown gives no meaning here, with the
    /// space after it).
    fn text_char(&mut self) -> bool {
        let Some(c) = self.rest().chars().next() else {
            return false;
        };
        let at = self.pos;
        self.pos += c.len_utf8();
        let mut text = c.to_string();
        if self.rest().starts_with([' ', '\t']) {
            self.pos += 1;
            text.push(' ');
        }
        self.push(Kind::Text(text), at);
        true
    }

    fn inference_end(&mut self) -> bool {
        let rest = self.rest();
        let n = rest.len() - rest.trim_start_matches('-').len();
        if n < 2 {
            return false;
        }
        let at = self.pos;
        self.pos += n;
        self.push(Kind::InferenceEnd, at);
        self.inference = false;
        true
    }

    fn list_delimiter(&mut self) -> bool {
        if !self.rest().starts_with(',') {
            return false;
        }
        let at = self.pos;
        self.pos += 1;
        self.push(Kind::ListDelimiter, at);
        true
    }
}

const EMPHASIS: [(&str, Emph); 4] = [
    ("**", Emph::AsteriskBold),
    ("__", Emph::UnderscoreBold),
    ("*", Emph::AsteriskItalic),
    ("_", Emph::UnderscoreItalic),
];

/// The relation arrow at the start of `line` (after its indentation), in the lexer's order.
fn relation(line: &str) -> Option<(Rel, usize)> {
    let arrows: [(&str, Rel); 11] = [
        ("+>", Rel::SupportsChild),
        ("->", Rel::AttacksChild),
        ("<+", Rel::SupportsParent),
        ("+", Rel::SupportsParent),
        ("<-", Rel::AttacksParent),
        ("-", Rel::AttacksParent),
        ("><", Rel::Contradiction),
        ("_>", Rel::UndercutsChild),
        ("<_", Rel::UndercutsParent),
        ("_ ", Rel::UndercutsParent),
        ("_\t", Rel::UndercutsParent),
    ];
    if line.starts_with('_')
        && (line.len() == 1 || line.get(1..).is_some_and(|r| r.starts_with(['\n', '\r'])))
    {
        return Some((Rel::UndercutsParent, 1));
    }
    arrows
        .into_iter()
        .find(|(arrow, _)| line.starts_with(arrow))
        .map(|(arrow, rel)| (rel, arrow.trim_end().len()))
}

/// The spaces and tabs at the start of `text`: their length and what follows.
fn leading_blank(text: &str) -> (usize, &str) {
    let after = text.trim_start_matches([' ', '\t']);
    (text.len() - after.len(), after)
}

/// The length of the line break `text` starts with.
fn line_break(text: &str) -> Option<usize> {
    if text.starts_with("\r\n") {
        Some(2)
    } else if text.starts_with(['\n', '\r']) {
        Some(1)
    } else {
        None
    }
}

/// How many blank-or-white line ends `text` starts with, and their length.
fn blank_run(text: &str) -> (usize, usize) {
    let (mut n, mut len) = (0, 0);
    let mut rest = text;
    loop {
        let (blank, after) = leading_blank(rest);
        let Some(b) = line_break(after) else { break };
        n += 1;
        len += blank + b;
        rest = after.get(b..).unwrap_or_default();
    }
    (n, len)
}

fn blank_lines(text: &str) -> usize {
    blank_run(text).0
}

fn followed_by_space(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_whitespace)
}

/// The characters that end a run of plain text (Argdown's `Freestyle` excludes them).
fn is_control(c: char) -> bool {
    matches!(
        c,
        '\\' | '@'
            | '#'
            | '*'
            | '_'
            | '['
            | ']'
            | ','
            | '.'
            | ':'
            | ';'
            | '<'
            | '/'
            | '>'
            | '-'
            | '\r'
            | '\n'
            | '('
            | ')'
            | '{'
            | '}'
    )
}

/// A character of a `#tag`: Argdown's `[a-zA-z0-9-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]`
/// (`A-z` takes in `[ \ ] ^ _` and the backtick too).
fn is_tag_char(c: char) -> bool {
    matches!(c, 'A'..='z' | '0'..='9' | '-' | '\u{a0}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}')
}

/// Argdown's shortcodes (`.^.`, `:heart:`): the same name between dots or colons.
const SHORTCODES: &[(&str, &str)] = &[
    ("A", "∀"),
    ("E", "∃"),
    ("O", "𝗢"),
    ("P", "𝗣"),
    ("->", "→"),
    ("<->", "↔"),
    ("~", "¬"),
    ("^", "∧"),
    ("v", "∨"),
    ("v_", "⊻"),
    ("<>", "◇"),
    ("[]", "◻"),
    ("happy", "😀"),
    ("smile", "☺"),
    ("smiley", "☺"),
    ("laugh", "😆"),
    ("lol", "😆"),
    ("rofl", "🤣"),
    ("joy", "😂"),
    ("heart", "❤"),
    ("?", "❓"),
    ("question", "❓"),
    ("love", "😍"),
    ("wink", "😉"),
    ("shush", "🤫"),
    ("meh", "😐"),
    ("eye-roll", "🙄"),
    ("sad", "😢"),
    ("disappointed", "😞"),
    ("scream", "😱"),
    ("+1", "👍"),
    ("up", "👍"),
    ("-1", "👎"),
    ("down", "👎"),
    ("think", "🤔"),
    ("star", "⭐"),
    ("y", "✔"),
    ("agree", "✔"),
    ("n", "❌"),
    ("disagree", "❌"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        tokenize(text).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn relations_are_indented_under_their_parent() {
        assert_eq!(
            kinds("[A]: a\n  + [B]\n    -> <C>"),
            [
                Kind::StatementDefinition("A".into()),
                Kind::Text("a".into()),
                Kind::Newline,
                Kind::Indent,
                Kind::Rel(Rel::SupportsParent),
                Kind::StatementReference("B".into()),
                Kind::Newline,
                Kind::Indent,
                Kind::Rel(Rel::AttacksChild),
                Kind::ArgumentReference("C".into()),
                Kind::Dedent,
                Kind::Dedent,
            ]
        );
    }

    #[test]
    fn comments_data_and_escapes() {
        assert_eq!(
            kinds("a // c\nb /* x */ \\# {k: v}"),
            [
                Kind::Text("a ".into()),
                Kind::Newline,
                Kind::Text("b ".into()),
                Kind::Text("# ".into()),
                Kind::Data("{k: v}".into()),
            ]
        );
    }

    #[test]
    fn a_data_block_ends_at_a_brace_followed_by_space_and_text() {
        assert_eq!(
            kinds("{a: [{b: 1}, {c: 2}]} x"),
            [
                Kind::Data("{a: [{b: 1}, {c: 2}]}".into()),
                Kind::Text("x".into())
            ]
        );
    }

    #[test]
    fn inference_lines() {
        assert_eq!(
            kinds("----\n--\nrule, other\n--\n"),
            [
                Kind::InferenceStart,
                Kind::InferenceEnd,
                Kind::Newline,
                Kind::InferenceStart,
                Kind::Newline,
                Kind::Text("rule".into()),
                Kind::ListDelimiter,
                Kind::Text("other".into()),
                Kind::Newline,
                Kind::InferenceEnd,
                Kind::Newline,
            ]
        );
    }
}
