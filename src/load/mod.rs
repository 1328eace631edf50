//! Reading a map: the YAML file, then the corpus folder, into a resolved [`Map`].
//!
//! This is one of the two places (with `cli`) that touch the filesystem. Everything is read
//! through the [`Files`] trait so that a map can equally be loaded from disk or from a git
//! revision (see `diff`). Problems with the *content* (bad YAML, unknown fields, unreadable
//! corpus files) become diagnostics; only failing to reach the map or the corpus folder at all
//! is a [`LoadError`].

pub(crate) mod corpus;
pub mod git;
pub(crate) mod incremental;
pub mod limits;
pub(crate) mod raw;
mod resolve;
mod span;
mod split;
mod unknown;
mod yaml;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::model::Map;

pub use raw::json_schema;

/// A failure to reach the inputs at all (exit status 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The map file cannot be read.
    #[error(
        "cannot read map file {}: {source}",
        crate::diagnostic::display_path(path)
    )]
    Map {
        /// The map path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The map path is a directory.
    #[error(
        "{} is a directory, not a map file",
        crate::diagnostic::display_path(path)
    )]
    MapIsDirectory {
        /// The map path.
        path: PathBuf,
    },
    /// The map path names a source text or a document (`.txt`, `.md`, `.pdf`, ...).
    #[error("{} is a text, not a map file", crate::diagnostic::display_path(path))]
    MapIsText {
        /// The map path.
        path: PathBuf,
    },
    /// The corpus folder does not exist.
    #[error(
        "corpus folder {} does not exist{}{}",
        crate::diagnostic::display_path(path),
        written_at.as_ref().map(|at| format!(" (`corpus:` at {at})")).unwrap_or_default(),
        near.as_ref().map(|n| format!("; did you mean `{n}`?")).unwrap_or_default()
    )]
    CorpusMissing {
        /// The corpus path.
        path: PathBuf,
        /// Where the map sets `corpus:` (`claims.yaml:1:9`), when it does.
        written_at: Option<String>,
        /// A folder beside the map whose name is close to the one written.
        near: Option<String>,
    },
    /// The corpus folder cannot be listed.
    #[error(
        "cannot read corpus folder {}: {source}",
        crate::diagnostic::display_path(path)
    )]
    Corpus {
        /// The corpus path.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The corpus path is not a folder.
    #[error("corpus {} is not a folder", crate::diagnostic::display_path(path))]
    CorpusNotADirectory {
        /// The corpus path.
        path: PathBuf,
    },
}

impl LoadError {
    /// A one-line hint on how to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            LoadError::Map { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                "run claimgraph in the folder that holds claims.yaml, or pass the map's path"
            }
            LoadError::Map { .. } => "check the file's permissions",
            LoadError::MapIsDirectory { .. } => "pass the map file itself, e.g. DIR/claims.yaml",
            LoadError::MapIsText { .. } => {
                "pass the map (claims.yaml); the texts it quotes go in its corpus folder"
            }
            LoadError::Corpus { .. }
            | LoadError::CorpusMissing { .. }
            | LoadError::CorpusNotADirectory { .. } => {
                "create the folder, or set `corpus:` in the map to the folder holding the source texts"
            }
        }
    }
}

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file (or a symlink to one) of this many bytes.
    File(u64),
    /// A directory.
    Dir,
    /// Something else (socket, broken link, ...).
    Other,
}

/// Read-only access to the files a map is made of.
pub trait Files {
    /// What is at `path` (following symlinks).
    fn kind(&self, path: &Path) -> io::Result<Kind>;
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The names of the entries of a directory.
    fn list(&self, dir: &Path) -> io::Result<Vec<String>>;
    /// The path with symlinks resolved, used to keep sources inside the corpus folder.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
}

/// The real filesystem.
#[derive(Clone, Copy, Debug, Default)]
pub struct Disk;

impl Files for Disk {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        let meta = std::fs::metadata(path)?;
        Ok(if meta.is_file() {
            Kind::File(meta.len())
        } else if meta.is_dir() {
            Kind::Dir
        } else {
            Kind::Other
        })
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        // Bounded: a device or a pipe (`check /dev/zero`) reports no size but never ends. One
        // byte past the largest limit is enough for the caller to refuse the file.
        use std::io::Read;
        let limit = limits::MAX_MAP_BYTES.max(limits::MAX_SOURCE_BYTES) + 1;
        let file = std::fs::File::open(path)?;
        // Sized from the metadata: `Take` hides the file size from `read_to_end`, which would
        // then grow the buffer by doubling (up to twice the memory for a large map).
        let size = file.metadata().map_or(0, |m| m.len()).min(limit);
        let mut bytes = Vec::with_capacity(size as usize + 1);
        file.take(limit).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

/// Another [`Files`] with one file's content replaced: how a map is checked as it would be
/// after fixes (`check --fix`), or as an editor holds it unsaved, without writing it.
pub struct Overlay<'a> {
    base: &'a dyn Files,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl<'a> Overlay<'a> {
    /// `base`, except that the file at `path` (exactly as given) holds `bytes`.
    pub fn new(base: &'a dyn Files, path: &Path, bytes: Vec<u8>) -> Self {
        Overlay {
            base,
            path: path.to_path_buf(),
            bytes,
        }
    }
}

impl Files for Overlay<'_> {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        if path == self.path {
            return Ok(Kind::File(self.bytes.len() as u64));
        }
        self.base.kind(path)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if path == self.path {
            return Ok(self.bytes.clone());
        }
        self.base.read(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        self.base.list(dir)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.base.canonicalize(path)
    }
}

/// The result of loading: the map when the YAML could be understood, and the findings so far.
#[derive(Debug)]
pub struct Loaded {
    /// The resolved map; `None` when the file is not a valid map (see diagnostics).
    pub map: Option<Map>,
    /// The map file's text (for snippets), even when it did not parse.
    pub yaml: Arc<String>,
    /// Syntax, schema and limit findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// For the differential fuzz target `split` (not part of the API): whether parsing a big map's
/// claims list in `parts` pieces on as many threads gives exactly what parsing the file whole
/// gives (or the split is declined).
#[doc(hidden)]
pub fn split_agrees_with_whole(text: &str, parts: usize) -> bool {
    split::agrees_with_whole(text, parts)
}

/// Loads the map at `path` from disk.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    load_with(&Disk, path)
}

/// Extensions of texts and documents that a map file never has: `check corpus/x.txt` is a
/// slip of the shell, not a map with a syntax error.
const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "pdf", "docx", "doc", "html", "htm", "rtf",
];

/// Loads the map at `path` through `files`.
pub fn load_with(files: &dyn Files, path: &Path) -> Result<Loaded, LoadError> {
    load_inner(files, path, false).map(|(loaded, _)| loaded)
}

/// [`load_with`], and where the claims list's entries stand when the map can be re-parsed in
/// part after an edit (see `incremental`).
pub(crate) fn load_with_layout(
    files: &dyn Files,
    path: &Path,
) -> Result<(Loaded, Option<incremental::Layout>), LoadError> {
    load_inner(files, path, true)
}

fn load_inner(
    files: &dyn Files,
    path: &Path,
    want_layout: bool,
) -> Result<(Loaded, Option<incremental::Layout>), LoadError> {
    let map_error = |source| LoadError::Map {
        path: path.to_path_buf(),
        source,
    };
    let text_like = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    if text_like {
        return Err(LoadError::MapIsText {
            path: path.to_path_buf(),
        });
    }
    match files.kind(path).map_err(map_error)? {
        Kind::Dir => {
            return Err(LoadError::MapIsDirectory {
                path: path.to_path_buf(),
            });
        }
        Kind::File(len) if len > limits::MAX_MAP_BYTES => {
            let diagnostic = yaml::too_large(path, len);
            return Ok((
                Loaded {
                    map: None,
                    yaml: Arc::new(String::new()),
                    diagnostics: vec![diagnostic],
                },
                None,
            ));
        }
        _ => {}
    }
    let bytes = files.read(path).map_err(map_error)?;
    if bytes.len() as u64 > limits::MAX_MAP_BYTES {
        // Not a regular file (a device, a pipe), or one that grew since its size was taken.
        return Ok((
            Loaded {
                map: None,
                yaml: Arc::new(String::new()),
                diagnostics: vec![yaml::too_large(path, bytes.len() as u64)],
            },
            None,
        ));
    }
    let parsed = yaml::parse(path, bytes);
    let Some(raw) = parsed.raw else {
        return Ok((
            Loaded {
                map: None,
                yaml: parsed.text,
                diagnostics: parsed.diagnostics,
            },
            None,
        ));
    };
    // Only a clean parse (nothing masked, no unknown key) can be re-parsed in part.
    let layout = (want_layout && parsed.diagnostics.is_empty())
        .then(|| incremental::layout(&parsed.text, &raw))
        .flatten();
    let mut diagnostics = parsed.diagnostics;
    let map = resolve::resolve(files, path, parsed.text.clone(), raw, &mut diagnostics)?;
    // A slip in a claim is reported by the resolver; its claim would need it again.
    let layout = layout.filter(|_| diagnostics.iter().all(|d| d.subject.claim().is_none()));
    Ok((
        Loaded {
            map: Some(map),
            yaml: parsed.text,
            diagnostics,
        },
        layout,
    ))
}
