//! The corpus: every source readable, inside the corpus folder, and cited.

use std::path::Path;

use super::shown;
use crate::diagnostic::{Code, Diagnostic, display_path};
use crate::model::{Map, Source, SourceContent};

/// Where a finding about `source` is reported: its `sources:` entry, or the file itself.
fn place(map: &Map, source: &Source) -> (std::path::PathBuf, Option<crate::model::Span>) {
    match source.meta.declared_at {
        Some(span) => (map.path.clone(), Some(span)),
        None => (source.path.clone(), None),
    }
}

pub(super) fn check(map: &Map) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if map.sources.is_empty() {
        out.push(
            Diagnostic::new(
                Code::EmptyCorpus,
                &map.path,
                None,
                format!(
                    "the corpus folder {} has no .txt or .md files",
                    display_path(&map.corpus_dir)
                ),
            )
            .help("copy the source texts into the corpus folder, byte-identical to the originals"),
        );
    }
    for name in &map.unsupported {
        let Some((what, command)) = crate::load::corpus::unsupported_format(name) else {
            continue;
        };
        let file = map.corpus_dir.join(name);
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let text = map.corpus_dir.join(format!("{stem}.txt"));
        let command = command
            .replace("{in}", &display_path(&file))
            .replace("{out}", &display_path(&text));
        out.push(
            Diagnostic::new(
                Code::UnsupportedSource,
                &file,
                None,
                format!("{} is {what}: claimgraph reads only .txt and .md sources", display_file(name)),
            )
            .on_source(stem)
            .help(format!(
                "extract its text once, e.g. `{command}`, and cite it as `{stem}`; keep the extraction byte for byte"
            )),
        );
    }
    let cited = super::cited_sources(map);
    for source in &map.sources {
        let (file, span) = place(map, source);
        let shown_file = display_path(&source.path);
        let problem = match &source.content {
            SourceContent::Missing | SourceContent::OutsideCorpus(_) if source.meant.is_some() => {
                let name = source.meant.as_deref().unwrap_or_default();
                Some((
                    Code::UnreadableSource,
                    format!(
                        "source `{}`: `file:` names {} from outside the corpus folder",
                        shown(&source.id),
                        display_file(&source.file)
                    ),
                    format!(
                        "`file:` is relative to the corpus folder {}: write `file: {}`",
                        display_path(&map.corpus_dir),
                        shown(name)
                    ),
                ))
            }
            SourceContent::Text(_) => None,
            SourceContent::Missing => Some((
                Code::UnreadableSource,
                format!(
                    "source `{}`: file {shown_file} does not exist",
                    shown(&source.id)
                ),
                // A typo in a `sources:` entry's id names a file that is not there, while
                // the file it meant is in the corpus under its own stem.
                match crate::diagnostic::did_you_mean(
                    &source.id,
                    map.sources
                        .iter()
                        .filter(|s| s.meta.declared_at.is_none() && s.text().is_some())
                        .map(|s| s.id.as_str()),
                ) {
                    Some(best) => format!(
                        "did you mean `{best}`? the corpus has {}; correct the entry's id, or set `file:`",
                        display_path(std::path::Path::new(
                            &map.sources
                                .iter()
                                .find(|s| s.id == best)
                                .map_or(String::new(), |s| s.file.clone())
                        ))
                    ),
                    None => "put the text in the corpus folder under this name, or correct `file:`"
                        .to_string(),
                },
            )),
            SourceContent::NotUtf8 { line, guess, .. } => Some((
                Code::UnreadableSource,
                format!(
                    "source `{}` ({}) is not UTF-8 (first bad byte on line {line}){}",
                    shown(&source.id),
                    display_file(&source.file),
                    guess
                        .map(|g| format!("; it looks like {g}"))
                        .unwrap_or_default()
                ),
                format!(
                    "convert it once, e.g. `iconv -f {} -t UTF-8`, and quote the converted text",
                    guess.map_or("WINDOWS-1252", |g| if g == "UTF-16" {
                        "UTF-16"
                    } else {
                        "WINDOWS-1252"
                    })
                ),
            )),
            SourceContent::TooLarge(len) => Some((
                Code::UnreadableSource,
                format!(
                    "source `{}` ({}) is {} MiB, over the limit of {} MiB",
                    shown(&source.id),
                    display_file(&source.file),
                    len / (1024 * 1024),
                    crate::load::limits::MAX_SOURCE_BYTES / (1024 * 1024)
                ),
                "split the text into several sources".to_string(),
            )),
            SourceContent::Unreadable(why) => Some((
                Code::UnreadableSource,
                format!(
                    "source `{}`: cannot read {}: {why}",
                    shown(&source.id),
                    display_file(&source.file)
                ),
                "check that the file exists and can be read".to_string(),
            )),
            SourceContent::OutsideCorpus(real) => Some((
                Code::SourceOutsideCorpus,
                format!(
                    "source `{}` resolves to {}, outside the corpus folder {}",
                    shown(&source.id),
                    display_path(real),
                    display_path(&map.corpus_dir)
                ),
                "copy the text into the corpus folder and name it by its file name there"
                    .to_string(),
            )),
        };
        if let Some((code, message, help)) = problem {
            out.push(
                Diagnostic::new(code, &file, span, message)
                    .on_source(&source.id)
                    .help(help),
            );
        }
        // A missing file is an error already; "never cited" about it would only add noise.
        let missing = source.content == SourceContent::Missing;
        if !missing && !cited.contains(source.id.as_str()) {
            let d = Diagnostic::new(
                Code::UnusedSource,
                &file,
                span,
                format!(
                    "source `{}` ({}) is never cited",
                    shown(&source.id),
                    display_file(&source.file)
                ),
            )
            .on_source(&source.id)
            .help("cite it as evidence, or remove it from the corpus folder");
            out.push(d);
        }
    }
    out
}

fn display_file(file: &str) -> String {
    display_path(Path::new(file))
}
