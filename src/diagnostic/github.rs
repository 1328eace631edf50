//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
//! changed lines (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).

use std::fmt::Write as _;

use super::{Diagnostic, Positions, SourceLookup, display_path};

/// Renders one workflow command per finding.
pub fn to_github(diagnostics: &[Diagnostic], lookup: &dyn SourceLookup) -> String {
    let mut positions = Positions::new(lookup);
    let mut out = String::new();
    for d in diagnostics {
        let mut props = format!("file={}", escape_property(&display_path(&d.file)));
        if let Some(span) = d.span {
            let (end_line, end_column) = positions.end(&d.file, span);
            let _ = write!(props, ",line={},col={}", span.line, span.column);
            let _ = write!(props, ",endLine={end_line},endColumn={end_column}");
        }
        let _ = write!(props, ",title={}", escape_property(d.code.as_str()));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity.as_str(),
            props,
            escape_data(&message)
        );
    }
    out
}

/// Workflow commands end at a line break, and `%` starts an escape.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Properties also end at `,` and their name at `:`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::model::Span;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn github_annotations_escape_newlines_and_commas() {
        let d = Diagnostic::new(
            Code::QuoteNotFound,
            Path::new("./a,b.yaml"),
            Some(Span {
                start: 4,
                len: 3,
                line: 2,
                column: 1,
            }),
            "quote not found\nsecond line",
        )
        .help("50% similar");
        let text = Arc::new("x: \nabc\n".to_string());
        let lookup = move |_: &Path| Some(text.clone());
        let out = to_github(&[d], &lookup);
        assert_eq!(
            out,
            "::error file=a%2Cb.yaml,line=2,col=1,endLine=2,endColumn=4,title=quote-not-found::quote not found%0Asecond line%0Ahelp: 50%25 similar\n"
        );
    }
}
