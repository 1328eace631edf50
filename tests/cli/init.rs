//! `claimgraph init`: a starter map that checks clean and draws, and never overwrites a map.

use crate::support::claimgraph;

#[test]
fn init_writes_a_starter_map_that_checks_clean_and_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("new-map");
    claimgraph().arg("init").arg(&target).assert().code(0);
    for file in [
        "claims.yaml",
        "claims.schema.json",
        "corpus/sample.txt",
        ".gitignore",
    ] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    let map = target.join("claims.yaml");
    let text = std::fs::read_to_string(&map).expect("read");
    assert!(text.starts_with("# yaml-language-server: $schema=claims.schema.json\n"));
    claimgraph()
        .args(["check", "--deny-warnings"])
        .arg(&map)
        .assert()
        .code(0);
    let schema = std::fs::read_to_string(target.join("claims.schema.json")).expect("read");
    assert_eq!(schema, claimgraph::load::json_schema());
    claimgraph().arg("build").arg(&map).assert().code(0);
    assert!(target.join("out/map.html").is_file());
}

#[test]
fn init_never_overwrites_a_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("claims.yaml");
    std::fs::write(&map, "claims: []\n").expect("write");
    let assert = claimgraph().arg("init").arg(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&map).expect("read"), "claims: []\n");
    assert!(!dir.path().join("corpus").exists());
}
