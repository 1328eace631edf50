//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `claimgraph` binary, run from the repository root, with colour off.
pub fn claimgraph() -> Command {
    let mut cmd = Command::cargo_bin("claimgraph").expect("the claimgraph binary is built");
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<case>/claims.yaml`, relative to the repository root.
pub fn fixture(case: &str) -> PathBuf {
    Path::new("tests/fixtures").join(case).join("claims.yaml")
}

/// Whether Graphviz `dot` is on PATH; prints a visible note when it is not.
pub fn have_dot(test: &str) -> bool {
    let ok = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED {test}: Graphviz `dot` is not installed (CI installs it)");
    }
    ok
}

/// Copies a folder recursively (a fixture into a scratch folder a test may change).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// A fixture copied into a scratch folder a test may change: (the folder, its `claims.yaml`).
pub fn scratch_copy(case: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("tests/fixtures").join(case), dir.path());
    let map = dir.path().join("claims.yaml");
    (dir, map)
}

/// `import FILE --from aif --out DIR`, which must succeed: (the map written, stdout).
pub fn import_aif_cli(file: &Path, out: &Path) -> (PathBuf, String) {
    let output = claimgraph()
        .args(["import", "--from", "aif", "--out"])
        .arg(out)
        .arg(file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (out.join("claims.yaml"), stdout)
}

/// A Python that can `import modules`: `CLAIMGRAPH_PYTHON`, the venv `.ci/run` makes, or
/// `python3`; `None`, with a SKIPPED line naming `needs`, when none can.
pub fn python_importing(modules: &str, needs: &str, test: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CLAIMGRAPH_PYTHON").map(PathBuf::from),
        Some(root().join("tests/formats/.venv/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    let found = candidates.into_iter().flatten().find(|python| {
        std::process::Command::new(python)
            .args(["-c", &format!("import {modules}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        eprintln!(
            "SKIPPED {test}: no Python with {needs} (pip install -r tests/formats/requirements.txt)"
        );
    }
    found
}
