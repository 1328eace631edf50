//! `claimgraph analyze`: the report on the repository's own map, its exit statuses, and the
//! semantics checked against two independent implementations on ICCMA frameworks.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use claimgraph::analyze::{self, Semantics, iccma};
use insta::assert_snapshot;
use serde_json::Value;

use crate::support::{claimgraph, fixture, python_importing, root};

fn stdout_of(args: &[&str]) -> (i32, String, String) {
    let output = claimgraph().args(args).output().expect("claimgraph runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_own_map_in_text() {
    let (code, out, err) = stdout_of(&["analyze", "claims.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert_snapshot!(out);
}

#[test]
fn the_own_map_as_json_and_markdown_agree_with_text() {
    let (code, out, _) = stdout_of(&["analyze", "--format", "json", "claims.yaml"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["semantics"], "grounded");
    let claims = json["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 74);
    let label = |id: &str| {
        claims
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["label"].clone())
    };
    assert_eq!(label("engagement-over-isolation"), Some("in".into()));
    assert_eq!(label("pressure-changes-taliban"), Some("out".into()));
    let (code, md, _) = stdout_of(&["analyze", "--format", "markdown", "claims.yaml"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# Analysis of claims.yaml\n"), "{md}");
    assert!(md.contains("| pressure-changes-taliban | out |"), "{md}");
}

#[test]
fn preferred_and_stable_agree_with_grounded_on_the_acyclic_own_map() {
    // Nothing in the own map's flattened framework is left undecided by grounded, so every
    // semantics gives the one extension.
    let (_, grounded, _) = stdout_of(&["analyze", "--format", "json", "claims.yaml"]);
    for semantics in ["preferred", "stable"] {
        let (code, out, err) = stdout_of(&[
            "analyze",
            "--format",
            "json",
            "--semantics",
            semantics,
            "claims.yaml",
        ]);
        assert_eq!(code, 0, "{err}");
        let a: Value = serde_json::from_str(&grounded).expect("JSON");
        let b: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(b["extensions"], 1);
        for (x, y) in a["claims"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(b["claims"].as_array().into_iter().flatten())
        {
            assert_eq!(x["label"], y["label"], "{}", x["id"]);
        }
    }
}

#[test]
fn a_question_and_a_discredited_source() {
    let (code, out, err) = stdout_of(&[
        "analyze",
        "--question",
        "us-should-normalise",
        "--without",
        "transatlanticist-2021-nato-engage",
        "claims.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("questions\n  us-should-normalise: out\n"),
        "{out}"
    );
    assert!(
        out.contains("\nwithout transatlanticist-2021-nato-engage\n"),
        "{out}"
    );
    assert!(out.contains("left uncited, so taken out ("), "{out}");
}

#[test]
fn unknown_ids_are_usage_errors_with_a_suggestion() {
    let (code, _, err) = stdout_of(&[
        "analyze",
        "--question",
        "pressure-change-taliban",
        "claims.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: no claim has the id `pressure-change-taliban`"),
        "{err}"
    );
    assert!(
        err.contains("help: did you mean `pressure-changes-taliban`?"),
        "{err}"
    );
    let (code, _, err) = stdout_of(&[
        "analyze",
        "--without",
        "lawfare-2032-leverage-failed",
        "claims.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("help: did you mean `lawfare-2023-leverage-failed`?"),
        "{err}"
    );
}

#[test]
fn a_map_with_check_errors_is_refused_unless_allowed() {
    let map = fixture("check-unknown-claim");
    let map = map.to_str().expect("UTF-8 path");
    let (code, _, err) = stdout_of(&["analyze", map]);
    assert_eq!(code, 1);
    assert!(
        err.contains("help: fix the errors, or analyze anyway with --allow-errors"),
        "{err}"
    );
    let (code, out, err) = stdout_of(&["analyze", "--allow-errors", map]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: analyzing"), "{err}");
    assert!(out.contains(" claims: "), "{out}");
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn a_malformed_framework_names_file_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "bad.af", "p af 2\n1 2\n2 x\n");
    let output = claimgraph()
        .args(["analyze", "--task", "EE-GR", "--framework"])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("bad.af:3:3: `x` is not an argument: arguments are 1 to 2"),
        "{err}"
    );
    assert!(err.contains("  help: the formats are apx"), "{err}");
}

#[test]
fn a_search_past_its_budget_stops_with_a_help_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 30 mutual attacks: 2^30 preferred extensions.
    let mut text = String::from("p af 60\n");
    for i in 0..30 {
        let _ = writeln!(
            text,
            "{} {}\n{} {}",
            2 * i + 1,
            2 * i + 2,
            2 * i + 2,
            2 * i + 1
        );
    }
    let file = write(dir.path(), "big.af", &text);
    let output = claimgraph()
        .args([
            "analyze",
            "--task",
            "EE-PR",
            "--budget",
            "100000",
            "--framework",
        ])
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("error: the search for extensions stopped after 100000 steps"),
        "{err}"
    );
    assert!(err.contains("help: use --semantics grounded"), "{err}");
}

/// A Python with both oracles (see [`python_importing`]).
fn python_with_oracles(test: &str) -> Option<PathBuf> {
    python_importing(
        "argumentation, py_arg",
        "formal-argumentation and python-argumentation",
        test,
    )
}

/// xorshift64*: the frameworks are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const FRAMEWORKS: usize = 1000;

/// 1,000 random frameworks (1 to 12 arguments, attack densities from 5% to 50%, self-attacks
/// included), half written as ICCMA 2023 `p af`, half as apx. Grounded, preferred and stable
/// extensions must equal PyArg's for all of them, and formal-argumentation's brute force for
/// those with at most 9 arguments. The library answers for every framework; the binary, through
/// `analyze --framework`, for every tenth (a process per call would take most of the time).
#[test]
fn extensions_equal_two_independent_implementations_on_random_frameworks() {
    let Some(python) = python_with_oracles("extensions_equal_two_independent_implementations")
    else {
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rng = Rng(0x0005_eed1_ccfa_2023);
    let densities = [5, 10, 20, 30, 40, 50];
    let mut files = Vec::new();
    for k in 0..FRAMEWORKS {
        let n = 1 + rng.below(12) as usize;
        let density = densities[rng.below(densities.len() as u64) as usize];
        let mut attacks = Vec::new();
        for a in 1..=n {
            for b in 1..=n {
                if rng.below(100) < density {
                    attacks.push((a, b));
                }
            }
        }
        let (name, text) = if k % 2 == 0 {
            let mut t = format!("p af {n}\n# framework {k}\n");
            for (a, b) in &attacks {
                let _ = writeln!(t, "{a} {b}");
            }
            (format!("{k:04}.af"), t)
        } else {
            let mut t = String::new();
            for a in 1..=n {
                let _ = writeln!(t, "arg(a{a}).");
            }
            for (a, b) in &attacks {
                let _ = writeln!(t, "att(a{a},a{b}).");
            }
            (format!("{k:04}.apx"), t)
        };
        write(dir.path(), &name, &text);
        files.push((name, text));
    }
    let output = Command::new(&python)
        .arg(root().join("tests/formats/af_oracle.py"))
        .arg(dir.path())
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "the oracles failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let oracle: Value = serde_json::from_slice(&output.stdout).expect("JSON from af_oracle.py");
    let python_took = started.elapsed();

    let mut compared = 0usize;
    let mut brute = 0usize;
    for (k, (name, text)) in files.iter().enumerate() {
        let af = iccma::parse(text).expect("our own file parses");
        let expected = &oracle[name.as_str()];
        if expected["by"].as_array().is_some_and(|by| by.len() == 2) {
            brute += 1;
        }
        for (key, semantics, task) in [
            ("GR", Semantics::Grounded, "EE-GR"),
            ("PR", Semantics::Preferred, "EE-PR"),
            ("ST", Semantics::Stable, "EE-ST"),
        ] {
            let ours: Vec<Vec<String>> = {
                let mut e: Vec<Vec<String>> =
                    analyze::extensions(&af, semantics, analyze::DEFAULT_BUDGET)
                        .expect("within budget")
                        .into_iter()
                        .map(|ext| {
                            let mut names: Vec<String> =
                                ext.into_iter().map(|i| af.name(i).to_string()).collect();
                            names.sort();
                            names
                        })
                        .collect();
                e.sort();
                e
            };
            let theirs: Vec<Vec<String>> =
                serde_json::from_value(expected[key].clone()).expect("extensions");
            assert_eq!(ours, theirs, "{name} {key}:\n{text}");
            compared += ours.len();
            if k % 10 == 0 {
                let out = claimgraph()
                    .args(["analyze", "--task", task, "--framework"])
                    .arg(dir.path().join(name))
                    .output()
                    .expect("runs");
                assert!(
                    out.status.success(),
                    "claimgraph analyze --framework {name} --task {task}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let mut printed: Vec<Vec<String>> = String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter(|l| *l != "NO")
                    .map(|l| {
                        let mut names: Vec<String> =
                            l.split_whitespace().skip(1).map(str::to_string).collect();
                        names.sort();
                        names
                    })
                    .collect();
                printed.sort();
                assert_eq!(
                    printed, theirs,
                    "claimgraph analyze --framework {name} --task {task}"
                );
            }
        }
    }
    eprintln!(
        "differential: {FRAMEWORKS} frameworks, {compared} extensions compared ({brute} frameworks also by brute force), oracles {:.1} s, total {:.1} s",
        python_took.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(compared > FRAMEWORKS);
}

/// A question contradicted by `b`, which `c` contradicts and `d` supports: `c` is the one crux
/// (without it `b` stands and the question falls); without `b` or `d` the question stays in.
#[test]
fn a_crux_is_found_with_the_path_to_its_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("corpus");
    write(
        &dir.path().join("corpus"),
        "s.txt",
        "Alpha holds. Beta holds. Gamma holds. Delta holds.\n",
    );
    let quote = |q: &str| format!("    evidence:\n      - source: s\n        quote: {q} holds.\n");
    let map = format!(
        "claims:\n  - id: a\n    text: A.\n{}  - id: b\n    text: B.\n{}    contradicts: [a]\n  - id: c\n    text: C.\n{}    contradicts: [b]\n  - id: d\n    text: D.\n{}    supports: [b]\n",
        quote("Alpha"),
        quote("Beta"),
        quote("Gamma"),
        quote("Delta")
    );
    let file = write(dir.path(), "claims.yaml", &map);
    let output = claimgraph()
        .args(["analyze", "--question", "a"])
        .arg(&file)
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        out.contains("questions\n  a: in\n    cruxes:\n      c: without it out\n        c contradicts b, b contradicts a\n\n"),
        "{out}"
    );
}
