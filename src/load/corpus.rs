//! The corpus folder: which files are sources, under which ids, and their text.
//!
//! Every `.txt`/`.md` file directly inside the folder is a source named by its file stem; a
//! `sources:` entry adds metadata or gives a file another id. A source is never read from
//! outside the folder: absolute paths, `..` and symlinks pointing out are refused.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::limits;
use super::raw::RawSource;
use super::span::spanned_span;
use super::{Files, Kind, LoadError};
use crate::model::{LineIndex, Source, SourceContent, SourceMeta};

fn is_source_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.starts_with('.') && (lower.ends_with(".txt") || lower.ends_with(".md"))
}

/// A document format claimgraph does not read, and how to get its text: (extension, name,
/// the command to suggest with `{in}` and `{out}` for the paths).
const UNSUPPORTED: &[(&str, &str, &str)] = &[
    ("pdf", "a PDF", "pdftotext -layout {in} {out}"),
    ("docx", "a Word document", "pandoc -t plain -o {out} {in}"),
    ("doc", "a Word document", "antiword {in} > {out}"),
    (
        "odt",
        "an OpenDocument text",
        "pandoc -t plain -o {out} {in}",
    ),
    ("rtf", "an RTF document", "pandoc -t plain -o {out} {in}"),
    ("html", "an HTML page", "pandoc -t plain -o {out} {in}"),
    ("htm", "an HTML page", "pandoc -t plain -o {out} {in}"),
    ("epub", "an EPUB book", "pandoc -t plain -o {out} {in}"),
];

/// What a corpus file in a format claimgraph does not read is, and the command that extracts
/// its text: `("a PDF", "pdftotext -layout …")`.
pub fn unsupported_format(name: &str) -> Option<(&'static str, &'static str)> {
    let lower = name.to_ascii_lowercase();
    let (_, ext) = lower.rsplit_once('.')?;
    UNSUPPORTED
        .iter()
        .find(|(e, _, _)| *e == ext)
        .map(|(_, what, command)| (*what, *command))
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

pub(super) fn load_sources(
    files: &dyn Files,
    corpus_dir: &Path,
    declared: Vec<RawSource>,
    yaml: &str,
    index: &LineIndex,
) -> Result<(Vec<Source>, Vec<String>), LoadError> {
    match files.kind(corpus_dir) {
        Ok(Kind::Dir) => {}
        Ok(_) => {
            return Err(LoadError::CorpusNotADirectory {
                path: corpus_dir.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(LoadError::Corpus {
                path: corpus_dir.to_path_buf(),
                source,
            });
        }
    }
    let all = files.list(corpus_dir).map_err(|source| LoadError::Corpus {
        path: corpus_dir.to_path_buf(),
        source,
    })?;
    let mut unsupported: Vec<String> = all
        .iter()
        .filter(|name| !name.starts_with('.') && unsupported_format(name).is_some())
        .cloned()
        .collect();
    unsupported.sort();
    let mut listed: Vec<String> = all
        .into_iter()
        .filter(|name| is_source_file(name))
        .collect();
    listed.sort();
    let canonical_corpus = files.canonicalize(corpus_dir).ok();

    // Sets, not lists: a corpus of thousands of files made these lookups quadratic.
    let listed_set: foldhash::HashSet<&str> = listed.iter().map(String::as_str).collect();
    let mut sources = Vec::with_capacity(listed.len() + declared.len());
    // `Path` equality (and hash) compares components, so `a.txt` and `./a.txt` differ as
    // before; only the quadratic scan is gone.
    let mut claimed_files: foldhash::HashSet<PathBuf> = foldhash::HashSet::default();
    for entry in declared {
        let id = entry.id.value.clone();
        let file = match &entry.file {
            Some(file) => file.value.clone(),
            None => {
                let md = format!("{id}.md");
                if !listed_set.contains(format!("{id}.txt").as_str())
                    && listed_set.contains(md.as_str())
                {
                    md
                } else {
                    format!("{id}.txt")
                }
            }
        };
        let (path, content) = locate(files, corpus_dir, canonical_corpus.as_deref(), &file);
        let meant = meant_name(files, corpus_dir, canonical_corpus.as_deref(), &file)
            .filter(|name| listed_set.contains(name.as_str()));
        // The file meant is this source's, not a second, implicit one of the same id.
        claimed_files.insert(PathBuf::from(meant.as_deref().unwrap_or(&file)));
        sources.push(Source {
            id,
            meant,
            file,
            path,
            meta: SourceMeta {
                declared_at: Some(spanned_span(yaml, index, &entry.id.referenced)),
                title: entry.title,
                authors: entry.authors,
                published: entry.published.map(|p| p.value),
                publisher: entry.publisher,
                url: entry.url,
                voice: entry.voice,
            },
            content,
        });
    }
    drop(listed_set);
    for name in listed {
        if claimed_files.contains(Path::new(&name)) {
            continue;
        }
        let (path, content) = locate(files, corpus_dir, canonical_corpus.as_deref(), &name);
        sources.push(Source {
            id: stem(&name).to_string(),
            meant: None,
            file: name,
            path,
            meta: SourceMeta::default(),
            content,
        });
    }
    Ok((sources, unsupported))
}

/// The name inside the corpus folder that a `file:` written from outside it means: an
/// absolute path into the folder, or a path that repeats the folder (`corpus/x.txt`, relative
/// to the map instead of the corpus). `None` for a name already inside it.
fn meant_name(
    files: &dyn Files,
    corpus_dir: &Path,
    canonical_corpus: Option<&Path>,
    file: &str,
) -> Option<String> {
    let written = Path::new(file);
    let inside = if written.is_absolute() {
        let real = files.canonicalize(written).ok()?;
        real.strip_prefix(canonical_corpus?).ok()?.to_path_buf()
    } else {
        let folder = corpus_dir.file_name()?;
        let unslashed = file.replace('\\', "/");
        Path::new(&unslashed)
            .strip_prefix(folder)
            .ok()?
            .to_path_buf()
    };
    let name = inside.to_str()?;
    (!name.is_empty() && inside.components().count() == 1).then(|| name.to_string())
}

/// Resolves `file` inside the corpus folder and reads it.
fn locate(
    files: &dyn Files,
    corpus_dir: &Path,
    canonical_corpus: Option<&Path>,
    file: &str,
) -> (PathBuf, SourceContent) {
    let relative = Path::new(file);
    let path = corpus_dir.join(relative);
    let escapes = relative.is_absolute()
        || file.starts_with('/')
        || file.starts_with('\\')
        || relative.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::RootDir | Component::Prefix(_)
            )
        });
    if escapes {
        return (path.clone(), SourceContent::OutsideCorpus(path));
    }
    if let (Some(corpus), Ok(real)) = (canonical_corpus, files.canonicalize(&path))
        && !real.starts_with(corpus)
    {
        return (path, SourceContent::OutsideCorpus(real));
    }
    let content = read_text(files, &path);
    (path, content)
}

fn read_text(files: &dyn Files, path: &Path) -> SourceContent {
    match files.kind(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return SourceContent::Missing,
        Err(e) => return SourceContent::Unreadable(e.to_string()),
        Ok(Kind::Dir) => return SourceContent::Unreadable("it is a directory".into()),
        Ok(Kind::Other) => return SourceContent::Unreadable("it is not a regular file".into()),
        Ok(Kind::File(len)) if len > limits::MAX_SOURCE_BYTES => {
            return SourceContent::TooLarge(len);
        }
        Ok(Kind::File(_)) => {}
    }
    let bytes = match files.read(path) {
        Ok(bytes) => bytes,
        Err(e) => return SourceContent::Unreadable(e.to_string()),
    };
    decode(bytes)
}

/// UTF-8 text, or where and (at a guess) why it is not.
pub(crate) fn decode(bytes: Vec<u8>) -> SourceContent {
    match String::from_utf8(bytes) {
        Ok(text) => SourceContent::Text(Arc::new(text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u32;
            let guess = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                Some("UTF-16")
            } else if bytes
                .iter()
                .any(|&b| (0x80..=0x9F).contains(&b) || b >= 0xA0)
            {
                Some("Windows-1252")
            } else {
                None
            };
            SourceContent::NotUtf8 {
                offset,
                line,
                guess,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_guessed() {
        let content = decode(b"caf\xe9 \x93quoted\x94".to_vec());
        assert_eq!(
            content,
            SourceContent::NotUtf8 {
                offset: 3,
                line: 1,
                guess: Some("Windows-1252")
            }
        );
    }

    #[test]
    fn only_text_files_are_sources() {
        assert!(is_source_file("a.txt") && is_source_file("B.MD"));
        assert!(!is_source_file(".hidden.txt") && !is_source_file("notes.pdf"));
        assert_eq!(stem("lawfare-2023.txt"), "lawfare-2023");
    }
}
