//! The map loader and the whole check (load → anchor → validate) on arbitrary bytes.
//!
//! The input is `claims.yaml`, then a NUL byte, then the text of `corpus/a.txt` (NUL bytes are
//! refused in a map anyway, so nothing is lost). Everything is in memory: see `MemFiles`.
#![no_main]

use std::io;
use std::path::{Path, PathBuf};

use claimgraph::load::{Files, Kind};
use libfuzzer_sys::fuzz_target;

struct MemFiles {
    map: Vec<u8>,
    source: Vec<u8>,
}

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

impl MemFiles {
    fn get(&self, path: &Path) -> Option<&[u8]> {
        if path == Path::new("m/claims.yaml") {
            Some(&self.map)
        } else if path == Path::new("m/corpus/a.txt") {
            Some(&self.source)
        } else {
            None
        }
    }
}

impl Files for MemFiles {
    fn kind(&self, path: &Path) -> io::Result<Kind> {
        if path == Path::new("m/corpus") || path == Path::new("m") {
            return Ok(Kind::Dir);
        }
        self.get(path)
            .map(|b| Kind::File(b.len() as u64))
            .ok_or_else(not_found)
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.get(path).map(<[u8]>::to_vec).ok_or_else(not_found)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        if dir == Path::new("m/corpus") {
            Ok(vec!["a.txt".to_string(), "b.md".to_string()])
        } else {
            Err(not_found())
        }
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        // Lexical only: `..` is kept, so a path climbing out of the corpus is seen as outside.
        Ok(Path::new("/").join(path))
    }
}

fuzz_target!(|data: &[u8]| {
    let (map, source) = match memchr_nul(data) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"The quick brown fox jumps over the lazy dog."[..]),
    };
    let files = MemFiles {
        map: map.to_vec(),
        source: source.to_vec(),
    };
    if let Ok(checked) = claimgraph::check_with(&files, Path::new("m/claims.yaml")) {
        // Every span must point inside the text it names.
        for d in &checked.diagnostics {
            if let (Some(span), Some(text)) = (d.span, checked.text_of(&d.file)) {
                assert!(span.range().end <= text.len(), "{d:?}");
            }
        }
        let _ = checked.summary();
    }
});

fn memchr_nul(data: &[u8]) -> Option<usize> {
    data.iter().position(|&b| b == 0)
}
