//! The field's benchmark formats: reading an abstract framework as ICCMA gives it, and
//! answering ICCMA's tasks in ICCMA's output format, so the semantics can be checked against
//! reference results and other solvers.
//!
//! Inputs: ASPARTIX `.apx` (`arg(a).`, `att(a,b).`, one fact a line, `%` comments), trivial
//! graph format `.tgf` (argument names, a `#` line, then `a b` attack lines), both as ICCMA
//! 2019 and 2021 used them, and ICCMA 2023's numeric format (`p af N`, then `i j` lines with
//! `1 ≤ i, j ≤ N`, `#` comments). A malformed line is a [`ParseError`] with its line and column.
//!
//! Output follows ICCMA 2023 for every input: `SE` prints `w` and the extension's arguments
//! (`NO` when there is none), `DC` prints `YES` and a `w` line with an extension holding the
//! argument, or `NO`; `DS` prints `YES`, or `NO` and a `w` line with an extension without it.
//! ICCMA 2023 dropped `EE`; here it prints one `w` line per extension (sorted), or `NO`.
//! Arguments are printed by name: the numbers of a `p af` file, the names of an apx or tgf file.

use foldhash::HashMap;

use super::AnalyzeError;
use super::framework::Framework;
use super::semantics::{self, Label, Semantics};

/// Where an input file went wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
#[non_exhaustive]
pub struct ParseError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong, lowercase.
    pub message: String,
}

fn error(line: usize, column: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        line: line as u32,
        column: column as u32,
        message: message.into(),
    }
}

/// The input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// ASPARTIX facts.
    Apx,
    /// Trivial graph format.
    Tgf,
    /// ICCMA 2023 `p af N`.
    Iccma23,
}

impl InputFormat {
    /// The format of a file: by its first meaningful line (`p af`, `arg(`/`att(`), else TGF.
    pub fn sniff(text: &str) -> InputFormat {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('%') {
                continue;
            }
            if line.starts_with("p ") {
                return InputFormat::Iccma23;
            }
            if line.starts_with('#') {
                if line == "#" {
                    return InputFormat::Tgf;
                }
                continue;
            }
            if line.starts_with("arg(") || line.starts_with("att(") {
                return InputFormat::Apx;
            }
            return InputFormat::Tgf;
        }
        InputFormat::Tgf
    }
}

/// Reads a framework in the format its text is in (see [`InputFormat::sniff`]).
pub fn parse(text: &str) -> Result<Framework, ParseError> {
    parse_as(text, InputFormat::sniff(text))
}

/// Reads a framework in the given format.
pub fn parse_as(text: &str, format: InputFormat) -> Result<Framework, ParseError> {
    match format {
        InputFormat::Apx => parse_apx(text),
        InputFormat::Tgf => parse_tgf(text),
        InputFormat::Iccma23 => parse_iccma23(text),
    }
}

/// 1-based character column of byte `offset` in `line`.
fn column(line: &str, offset: usize) -> usize {
    line.get(..offset).map_or(1, |s| s.chars().count() + 1)
}

/// Names in order of declaration, and their indices.
#[derive(Default)]
struct Names {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Names {
    fn declare(&mut self, name: &str) {
        if !self.index.contains_key(name) {
            self.index.insert(name.to_string(), self.names.len());
            self.names.push(name.to_string());
        }
    }
}

fn parse_apx(text: &str) -> Result<Framework, ParseError> {
    let mut names = Names::default();
    let mut attacks = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let start = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        if body.is_empty() || body.starts_with('%') || body.starts_with('#') {
            continue;
        }
        let (kind, rest) = if let Some(rest) = body.strip_prefix("arg(") {
            ("arg", rest)
        } else if let Some(rest) = body.strip_prefix("att(") {
            ("att", rest)
        } else {
            return Err(error(
                line,
                column(raw, start),
                "expected `arg(NAME).` or `att(NAME,NAME).`",
            ));
        };
        let open = start + 4;
        let Some(close) = rest.find(')') else {
            return Err(error(
                line,
                column(raw, start + body.len()),
                format!("`{kind}(` is not closed with `).`"),
            ));
        };
        if rest.get(close + 1..).map(str::trim) != Some(".") {
            return Err(error(
                line,
                column(raw, open + close + 1),
                "expected `.` after `)`, and nothing else on the line",
            ));
        }
        let inner = rest.get(..close).unwrap_or_default();
        let parts: Vec<(usize, &str)> = {
            let mut offset = 0;
            inner
                .split(',')
                .map(|p| {
                    let at = offset + (p.len() - p.trim_start().len());
                    offset += p.len() + 1;
                    (open + at, p.trim())
                })
                .collect()
        };
        let want = if kind == "arg" { 1 } else { 2 };
        if parts.len() != want {
            return Err(error(
                line,
                column(raw, open),
                format!(
                    "`{kind}` takes {want} name{}",
                    if want == 1 { "" } else { "s" }
                ),
            ));
        }
        for &(at, name) in &parts {
            if name.is_empty() || name.contains(char::is_whitespace) || name.contains('(') {
                return Err(error(line, column(raw, at), "expected an argument name"));
            }
        }
        if kind == "arg" {
            names.declare(parts[0].1);
        } else {
            let mut ends = [0; 2];
            for (k, &(at, name)) in parts.iter().enumerate() {
                ends[k] = *names.index.get(name).ok_or_else(|| {
                    error(
                        line,
                        column(raw, at),
                        format!("`{name}` is not declared: add `arg({name}).` before this line"),
                    )
                })?;
            }
            attacks.push((ends[0], ends[1]));
        }
    }
    Ok(Framework::from_attacks(names.names, attacks))
}

fn parse_tgf(text: &str) -> Result<Framework, ParseError> {
    let mut names = Names::default();
    let mut attacks = Vec::new();
    let mut in_attacks = false;
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let body = raw.trim();
        if body.is_empty() {
            continue;
        }
        if body == "#" {
            if in_attacks {
                return Err(error(
                    line,
                    column(raw, raw.find('#').unwrap_or(0)),
                    "a second `#` line",
                ));
            }
            in_attacks = true;
            continue;
        }
        let mut tokens = raw.split_whitespace().map(|t| {
            let at = t.as_ptr() as usize - raw.as_ptr() as usize;
            (at, t)
        });
        if !in_attacks {
            // A node line: the id, optionally followed by a label, which is ignored.
            if let Some((_, id)) = tokens.next() {
                names.declare(id);
            }
            continue;
        }
        let (Some(from), Some(to)) = (tokens.next(), tokens.next()) else {
            return Err(error(
                line,
                column(raw, raw.len()),
                "expected two argument names: `ATTACKER TARGET`",
            ));
        };
        if let Some((at, _)) = tokens.next() {
            return Err(error(
                line,
                column(raw, at),
                "expected two argument names and nothing more",
            ));
        }
        let mut ends = [0; 2];
        for (k, (at, name)) in [from, to].into_iter().enumerate() {
            ends[k] = *names.index.get(name).ok_or_else(|| {
                error(
                    line,
                    column(raw, at),
                    format!("`{name}` is not declared above the `#` line"),
                )
            })?;
        }
        attacks.push((ends[0], ends[1]));
    }
    if !in_attacks && !names.names.is_empty() && text.lines().any(|l| l.contains('(')) {
        return Err(error(
            1,
            1,
            "not a framework: expected apx facts, a tgf file or `p af N`",
        ));
    }
    Ok(Framework::from_attacks(names.names, attacks))
}

fn parse_iccma23(text: &str) -> Result<Framework, ParseError> {
    let mut size: Option<usize> = None;
    let mut attacks = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let body = raw.trim();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let tokens: Vec<(usize, &str)> = raw
            .split_whitespace()
            .map(|t| (t.as_ptr() as usize - raw.as_ptr() as usize, t))
            .collect();
        let Some(n_args) = size else {
            if tokens.len() != 3 || tokens[0].1 != "p" || tokens[1].1 != "af" {
                return Err(error(
                    line,
                    column(raw, tokens[0].0),
                    "expected the header `p af N` first",
                ));
            }
            let count: usize = tokens[2].1.parse().map_err(|_| {
                error(
                    line,
                    column(raw, tokens[2].0),
                    format!("`{}` is not a number of arguments", tokens[2].1),
                )
            })?;
            if count > u32::MAX as usize / 2 {
                return Err(error(line, column(raw, tokens[2].0), "too many arguments"));
            }
            size = Some(count);
            continue;
        };
        if tokens[0].1 == "p" {
            return Err(error(
                line,
                column(raw, tokens[0].0),
                "a second `p af` header",
            ));
        }
        if tokens.len() != 2 {
            let at = tokens.get(2).map_or(raw.len(), |t| t.0);
            return Err(error(
                line,
                column(raw, at),
                "expected an attack: two argument numbers `i j`",
            ));
        }
        let mut ends = [0; 2];
        for (k, &(at, token)) in tokens.iter().enumerate() {
            match token.parse::<usize>() {
                Ok(i) if (1..=n_args).contains(&i) => ends[k] = i - 1,
                _ => {
                    return Err(error(
                        line,
                        column(raw, at),
                        format!("`{token}` is not an argument: arguments are 1 to {n_args}"),
                    ));
                }
            }
        }
        attacks.push((ends[0], ends[1]));
    }
    let Some(n_args) = size else {
        return Err(error(1, 1, "expected the header `p af N`"));
    };
    Ok(Framework::from_attacks(
        (1..=n_args).map(|i| i.to_string()).collect(),
        attacks,
    ))
}

/// An ICCMA task: a problem under a semantics, e.g. `EE-PR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Task {
    /// What is asked.
    pub problem: Problem,
    /// Under which semantics.
    pub semantics: Semantics,
}

/// ICCMA's problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// Enumerate every extension.
    EE,
    /// Some extension.
    SE,
    /// Is the argument in some extension (credulous)?
    DC,
    /// Is the argument in every extension (sceptical)?
    DS,
}

impl std::str::FromStr for Task {
    type Err = String;

    /// `EE-PR`, `SE-ST`, `DC-GR`, `DS-CO`, …
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.to_ascii_uppercase();
        let (p, sem) = upper
            .split_once('-')
            .ok_or_else(|| format!("`{s}` is not a task like EE-PR"))?;
        let problem = match p {
            "EE" => Problem::EE,
            "SE" => Problem::SE,
            "DC" => Problem::DC,
            "DS" => Problem::DS,
            _ => return Err(format!("unknown problem `{p}`: use EE, SE, DC or DS")),
        };
        let semantics = match sem {
            "GR" => Semantics::Grounded,
            "CO" => Semantics::Complete,
            "PR" => Semantics::Preferred,
            "ST" => Semantics::Stable,
            _ => return Err(format!("unknown semantics `{sem}`: use GR, CO, PR or ST")),
        };
        Ok(Task { problem, semantics })
    }
}

impl Task {
    /// Whether the task needs a query argument (`DC`, `DS`).
    pub fn needs_argument(&self) -> bool {
        matches!(self.problem, Problem::DC | Problem::DS)
    }
}

fn witness(af: &Framework, extension: &[usize]) -> String {
    let mut line = String::from("w");
    for &a in extension {
        line.push(' ');
        line.push_str(af.name(a));
    }
    line.push('\n');
    line
}

/// Solves `task` on `af` (with the query argument's index for `DC`/`DS`) and prints the
/// answer in ICCMA 2023's output format.
pub fn solve(
    af: &Framework,
    task: Task,
    argument: Option<usize>,
    budget: u64,
) -> Result<String, AnalyzeError> {
    let extensions = if task.semantics == Semantics::Grounded {
        let labels = semantics::grounded(af);
        vec![(0..af.len()).filter(|&i| labels[i] == Label::In).collect()]
    } else {
        semantics::extensions(af, task.semantics, budget)?
    };
    let mut out = String::new();
    match task.problem {
        Problem::EE => {
            if extensions.is_empty() {
                out.push_str("NO\n");
            }
            for e in &extensions {
                out.push_str(&witness(af, e));
            }
        }
        Problem::SE => match extensions.first() {
            Some(e) => out.push_str(&witness(af, e)),
            None => out.push_str("NO\n"),
        },
        Problem::DC | Problem::DS => {
            let a = argument.ok_or(AnalyzeError::NoArgument)?;
            if task.problem == Problem::DC {
                match extensions.iter().find(|e| e.contains(&a)) {
                    Some(e) => {
                        out.push_str("YES\n");
                        out.push_str(&witness(af, e));
                    }
                    None => out.push_str("NO\n"),
                }
            } else {
                match extensions.iter().find(|e| !e.contains(&a)) {
                    Some(e) => {
                        out.push_str("NO\n");
                        out.push_str(&witness(af, e));
                    }
                    None => out.push_str("YES\n"),
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, task: &str, arg: Option<&str>) -> String {
        let af = parse(text).expect("parses");
        let a = arg.map(|name| af.index_of(name).expect("argument"));
        solve(
            &af,
            task.parse().expect("task"),
            a,
            semantics::DEFAULT_BUDGET,
        )
        .expect("solves")
    }

    /// The example of the ICCMA 2023 rules' `p af` format: 1 attacks 2, 2 and 3 attack each
    /// other, 3 attacks 4, 4 attacks itself... as a small known case.
    const P_AF: &str = "p af 4\n# a comment\n1 2\n2 3\n3 2\n3 4\n4 4\n";

    #[test]
    fn iccma23_example_answers() {
        assert_eq!(run(P_AF, "SE-GR", None), "w 1 3\n");
        assert_eq!(run(P_AF, "EE-PR", None), "w 1 3\n");
        assert_eq!(run(P_AF, "EE-ST", None), "w 1 3\n");
        assert_eq!(run(P_AF, "EE-CO", None), "w 1 3\n");
        assert_eq!(run(P_AF, "DC-PR", Some("3")), "YES\nw 1 3\n");
        assert_eq!(run(P_AF, "DS-PR", Some("2")), "NO\nw 1 3\n");
    }

    #[test]
    fn apx_and_tgf_of_the_same_framework_agree() {
        let apx = "arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,a).\natt(b,c).\n";
        let tgf = "a\nb\nc\n#\na b\nb a\nb c\n";
        for text in [apx, tgf] {
            assert_eq!(run(text, "EE-PR", None), "w a c\nw b\n");
            assert_eq!(run(text, "EE-GR", None), "w\n");
            assert_eq!(run(text, "DS-PR", Some("c")), "NO\nw b\n");
            assert_eq!(run(text, "DC-ST", Some("c")), "YES\nw a c\n");
        }
    }

    #[test]
    fn no_stable_extension_is_no() {
        let odd = "p af 3\n1 2\n2 3\n3 1\n";
        assert_eq!(run(odd, "SE-ST", None), "NO\n");
        assert_eq!(run(odd, "EE-ST", None), "NO\n");
        // Sceptical acceptance over no extension at all holds, as in ICCMA.
        assert_eq!(run(odd, "DS-ST", Some("1")), "YES\n");
        assert_eq!(run(odd, "EE-PR", None), "w\n");
    }

    #[test]
    fn malformed_files_point_at_line_and_column() {
        let e = parse("p af 3\n1 2\n2  4\n").expect_err("4 is out of range");
        assert_eq!((e.line, e.column), (3, 4));
        assert!(e.message.contains("arguments are 1 to 3"), "{e}");
        let e = parse("arg(a).\natt(a,b).\n").expect_err("b is undeclared");
        assert_eq!((e.line, e.column), (2, 7));
        let e = parse("arg(a)\n").expect_err("no dot");
        assert_eq!((e.line, e.column), (1, 7));
        let e = parse_as("a\n#\na\n", InputFormat::Tgf).expect_err("one name");
        assert_eq!(e.line, 3);
        let e = parse("1 2\n")
            .map(|_| ())
            .and_then(|()| parse_as("1 2\n", InputFormat::Iccma23).map(|_| ()));
        assert!(e.is_err());
    }
}
