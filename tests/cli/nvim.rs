//! `claimgraph lsp` in a real editor: Neovim's built-in LSP client, headless, scripted by
//! tests/e2e/nvim_lsp.lua on a copy of the repository's map.

use std::process::Command;

use crate::support::{copy_dir, root};

#[test]
fn neovim_shows_a_misspelt_reference_hovers_jumps_and_applies_the_fix() {
    let nvim = std::env::var("CLAIMGRAPH_NVIM").unwrap_or_else(|_| "nvim".to_string());
    if !Command::new(&nvim)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("SKIPPED neovim_shows_a_misspelt_reference: no Neovim (apt install neovim)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(root().join("claims.yaml"), dir.path().join("claims.yaml")).expect("copy map");
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    let results = dir.path().join("results.json");
    let output = Command::new(&nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!(
            "luafile {}",
            root().join("tests/e2e/nvim_lsp.lua").display()
        ))
        .env("CLAIMGRAPH_BIN", assert_cmd::cargo::cargo_bin("claimgraph"))
        .env("CLAIMGRAPH_NVIM_MAP", dir.path().join("claims.yaml"))
        .env("CLAIMGRAPH_NVIM_OUT", &results)
        .env("HOME", dir.path())
        .output()
        .expect("nvim runs");
    let text = std::fs::read_to_string(&results).unwrap_or_else(|_| {
        panic!(
            "the script wrote no results; nvim said:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let steps: serde_json::Value = serde_json::from_str(&text).expect("results JSON");
    let steps = steps.as_array().expect("a list of steps");
    let names: Vec<&str> = steps.iter().filter_map(|s| s["name"].as_str()).collect();
    for step in steps {
        eprintln!("{}: {} {}", step["name"], step["ok"], step["detail"]);
        assert_eq!(
            step["ok"], true,
            "step failed: {step}\nall steps: {names:?}"
        );
    }
    assert_eq!(steps.len(), 10, "every step ran: {names:?}");
}
