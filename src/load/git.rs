//! Reading a map as it was at a git revision: a [`Files`] over a git tree.
//!
//! `claimgraph diff REV` must anchor the quotes of that time against the corpus of that time, so
//! both the map file and the corpus folder are read from the revision's tree, in-process with gix
//! (pure Rust: no `git` executable, no libgit2, no C toolchain). Paths are given exactly as for
//! the disk (relative to the current directory, or absolute) and mapped to paths inside the
//! repository's work tree, so the loader needs no change to read a revision. Symlinks stored in
//! the tree are followed inside the tree; nothing outside it is ever read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use gix::ObjectId;
use gix::objs::tree::EntryKind;

use super::{Files, Kind};
use crate::diagnostic::display_path;

/// How many symlinks one lookup may follow (like the kernel's `ELOOP` limit).
const MAX_SYMLINK_HOPS: usize = 40;

/// Why a revision could not be opened (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The map's folder is not inside a git repository.
    #[error("{} is not inside a git repository", display_path(path))]
    NotARepository {
        /// The folder that was searched from.
        path: PathBuf,
    },
    /// The repository has no work tree to map paths into.
    #[error("the git repository at {} has no work tree", display_path(path))]
    Bare {
        /// The repository's git folder.
        path: PathBuf,
    },
    /// The revision does not name a commit or tree.
    // gix's wording (`couldn't parse revision, input="v1"`) is kept in `reason` for programs,
    // not shown: what the curator needs is what was tried.
    #[error("`{rev}` is neither a file nor a revision of this git repository")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
        /// What gix said.
        reason: String,
    },
}

impl GitError {
    /// A one-line hint on how to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            GitError::NotARepository { .. } => {
                "give two map files (`claimgraph diff OLD NEW`), or run inside the map's repository"
            }
            GitError::Bare { .. } => "run claimgraph in a clone with a work tree",
            GitError::UnknownRevision { .. } => {
                "name a commit, branch or tag (`git log --oneline` lists them); an argument is a path only when that file exists"
            }
        }
    }
}

/// One entry of a tree, owned.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    kind: EntryKind,
    id: ObjectId,
}

/// The files of one git revision, read through the [`Files`] trait.
pub struct GitTree {
    repo: gix::Repository,
    tree: ObjectId,
    /// The id the revision resolved to (commit, tag or tree).
    resolved: ObjectId,
    revision: String,
    /// The work tree root, canonical: paths are mapped relative to it.
    root: PathBuf,
    /// The current directory, canonical: relative paths start here.
    cwd: PathBuf,
    /// Decoded trees by repository-relative path.
    dirs: RefCell<HashMap<Vec<String>, Rc<Vec<Entry>>>>,
}

impl std::fmt::Debug for GitTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitTree")
            .field("revision", &self.revision)
            .field("tree", &self.tree)
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl GitTree {
    /// Opens the repository that holds `near` (a path on disk, which need not exist any more)
    /// and resolves `revision` to its tree.
    pub fn open(near: &Path, revision: &str) -> Result<GitTree, GitError> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .unwrap_or_else(|_| PathBuf::from("."));
        let absolute = normalize(&cwd.join(near));
        // Search from the nearest folder that exists (the map may be gone from the work tree).
        let mut start = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        while !start.is_dir() {
            match start.parent() {
                Some(parent) => start = parent.to_path_buf(),
                None => break,
            }
        }
        let not_a_repo = || GitError::NotARepository {
            path: start.clone(),
        };
        let repo = gix::discover(&start).map_err(|_| not_a_repo())?;
        let root = match repo.workdir() {
            Some(dir) => std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            None => {
                return Err(GitError::Bare {
                    path: repo.git_dir().to_path_buf(),
                });
            }
        };
        let unknown = |reason: String| GitError::UnknownRevision {
            rev: revision.to_string(),
            reason,
        };
        let id = repo
            .rev_parse_single(revision)
            .map_err(|e| unknown(first_line(&e.to_string())))?;
        let resolved = id.detach();
        let tree = id
            .object()
            .and_then(|object| object.peel_to_tree())
            .map_err(|e| unknown(first_line(&e.to_string())))?
            .id;
        Ok(GitTree {
            repo,
            tree,
            resolved,
            revision: revision.to_string(),
            root,
            cwd,
            dirs: RefCell::new(HashMap::new()),
        })
    }

    /// The revision as given.
    pub fn revision(&self) -> &str {
        &self.revision
    }

    /// The abbreviated id the revision resolved to (7 hex digits).
    pub fn short_id(&self) -> String {
        let mut hex = self.resolved.to_hex().to_string();
        hex.truncate(7);
        hex
    }

    /// The work tree root of the repository (canonical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` as components relative to the work tree root, when it lies inside it.
    fn relative(&self, path: &Path) -> Option<Vec<String>> {
        let absolute = normalize(&self.cwd.join(path));
        let inside = absolute.strip_prefix(&self.root).ok()?;
        Some(
            inside
                .components()
                .filter_map(|c| match c {
                    Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect(),
        )
    }

    /// The entries of the tree at `dir` (components of real trees, no symlinks).
    fn dir(&self, dir: &[String]) -> io::Result<Rc<Vec<Entry>>> {
        if let Some(entries) = self.dirs.borrow().get(dir) {
            return Ok(entries.clone());
        }
        let id = match dir.split_last() {
            None => self.tree,
            Some((name, parent)) => {
                let entries = self.dir(parent)?;
                match entries.iter().find(|e| &e.name == name) {
                    Some(entry) if entry.kind == EntryKind::Tree => entry.id,
                    Some(_) => return Err(not_a_directory()),
                    None => return Err(not_found()),
                }
            }
        };
        let tree = self.repo.find_tree(id).map_err(object_error)?;
        let mut entries = Vec::new();
        for entry in tree.iter() {
            let entry = entry.map_err(object_error)?;
            entries.push(Entry {
                name: String::from_utf8_lossy(entry.inner.filename).into_owned(),
                kind: entry.inner.mode.kind(),
                id: entry.inner.oid.to_owned(),
            });
        }
        let entries = Rc::new(entries);
        self.dirs.borrow_mut().insert(dir.to_vec(), entries.clone());
        Ok(entries)
    }

    /// Follows `path` through the tree, symlinks included: the real path and its entry
    /// (`None` for the root).
    fn resolve(&self, path: &Path) -> io::Result<(Vec<String>, Option<Entry>)> {
        let mut rest: Vec<String> = self.relative(path).ok_or_else(not_found)?;
        rest.reverse();
        let mut done: Vec<String> = Vec::new();
        let mut last: Option<Entry> = None;
        let mut hops = 0;
        while let Some(name) = rest.pop() {
            if let Some(entry) = &last
                && entry.kind != EntryKind::Tree
            {
                return Err(not_a_directory());
            }
            let entries = self.dir(&done)?;
            let entry = entries
                .iter()
                .find(|e| e.name == name)
                .cloned()
                .ok_or_else(not_found)?;
            if entry.kind == EntryKind::Link {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(io::Error::other("too many levels of symbolic links"));
                }
                let target = self.blob(entry.id)?;
                let target = PathBuf::from(String::from_utf8_lossy(&target).into_owned());
                let base = self.root.join(done.iter().collect::<PathBuf>());
                let mut components = self.relative(&base.join(target)).ok_or_else(not_found)?;
                // Start again from the root with the target, then what was left to walk.
                components.reverse();
                rest.extend(components);
                done.clear();
                last = None;
                continue;
            }
            done.push(name);
            last = Some(entry);
        }
        Ok((done, last))
    }

    fn blob(&self, id: ObjectId) -> io::Result<Vec<u8>> {
        let mut blob = self.repo.find_blob(id).map_err(object_error)?;
        Ok(blob.take_data())
    }
}

impl Files for GitTree {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        let (_, entry) = self.resolve(path)?;
        Ok(match entry.map(|e| (e.kind, e.id)) {
            None | Some((EntryKind::Tree, _)) => Kind::Dir,
            Some((EntryKind::Blob | EntryKind::BlobExecutable, id)) => {
                let header = self.repo.find_header(id).map_err(object_error)?;
                Kind::File(header.size())
            }
            Some(_) => Kind::Other,
        })
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.resolve(path)? {
            (_, Some(entry))
                if matches!(entry.kind, EntryKind::Blob | EntryKind::BlobExecutable) =>
            {
                self.blob(entry.id)
            }
            _ => Err(io::Error::other("not a regular file")),
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        match self.resolve(dir)? {
            (real, None) => Ok(self.dir(&real)?.iter().map(|e| e.name.clone()).collect()),
            (real, Some(entry)) if entry.kind == EntryKind::Tree => {
                Ok(self.dir(&real)?.iter().map(|e| e.name.clone()).collect())
            }
            _ => Err(not_a_directory()),
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        let (real, _) = self.resolve(path)?;
        Ok(self.root.join(real.iter().collect::<PathBuf>()))
    }
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn not_found() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file at this revision")
}

fn not_a_directory() -> io::Error {
    io::Error::other("not a directory")
}

fn object_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("cannot read git object: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_lexically() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(normalize(Path::new("/a/../../b")), PathBuf::from("/b"));
    }
}
