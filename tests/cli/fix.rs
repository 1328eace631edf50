//! Findings as data: every code's subject, and `check --fix`, `--unsafe-fixes` and `--diff`.

use std::path::Path;

use serde_json::Value;

use crate::support::{claimgraph, copy_dir, fixture, root};

fn json_of(map: &Path) -> Value {
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(map)
        .output()
        .expect("claimgraph runs");
    serde_json::from_slice(&output.stdout).expect("check -f json prints JSON")
}

fn codes(document: &Value) -> Vec<String> {
    document["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A fixture copied into a scratch folder a test may change.
fn scratch(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("tests/fixtures").join(case), dir.path());
    dir
}

#[test]
fn every_code_fixture_names_the_subject_its_rule_sets() {
    // (fixture, code, subject kind, subject id)
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        ("check-yaml-syntax", "yaml-syntax", "map", None),
        ("check-schema", "schema", "claim", Some("cohesion")),
        ("check-limit", "limit", "map", None),
        (
            "check-duplicate-id",
            "duplicate-id",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-invalid-id",
            "invalid-id",
            "claim",
            Some("Cohesion_First"),
        ),
        (
            "check-unknown-claim",
            "unknown-claim",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-unknown-source",
            "unknown-source",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-source-outside-corpus",
            "source-outside-corpus",
            "source",
            Some("secret"),
        ),
        (
            "check-unreadable-source",
            "unreadable-source",
            "source",
            Some("latin1"),
        ),
        (
            "check-quote-not-found",
            "quote-not-found",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-uncited-claim",
            "uncited-claim",
            "claim",
            Some("bare"),
        ),
        (
            "check-empty-text",
            "empty-text",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-self-reference",
            "self-reference",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-ambiguous-quote",
            "ambiguous-quote",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-support-cycle",
            "support-cycle",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-conflicting-edges",
            "conflicting-edges",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-isolated-claim",
            "isolated-claim",
            "claim",
            Some("loner"),
        ),
        (
            "check-unused-source",
            "unused-source",
            "source",
            Some("extra"),
        ),
        (
            "check-duplicate-evidence",
            "duplicate-evidence",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-duplicate-edge",
            "duplicate-edge",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-long-claim",
            "long-claim",
            "claim",
            Some("sanctions-fail"),
        ),
        (
            "check-duplicate-text",
            "duplicate-text",
            "claim",
            Some("cohesion-first"),
        ),
        ("check-empty-corpus", "empty-corpus", "map", None),
        (
            "check-unused-allow",
            "unused-allow",
            "claim",
            Some("cohesion"),
        ),
        (
            "check-comment-in-value",
            "comment-in-value",
            "claim",
            Some("route-7-busiest"),
        ),
        ("check-duplicate-key", "duplicate-key", "map", None),
        (
            "check-unsupported-source",
            "unsupported-source",
            "source",
            Some("report"),
        ),
    ];
    let all: Vec<&str> = cases.iter().map(|c| c.1).collect();
    for code in claimgraph::diagnostic::Code::ALL {
        assert!(all.contains(&code.as_str()), "no subject case for {code}");
    }
    for &(case, code, kind, id) in cases {
        let document = json_of(&fixture(case));
        let found = document["diagnostics"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["code"] == code))
            .unwrap_or_else(|| panic!("{case}: no {code}"));
        assert_eq!(found["subject"]["kind"], kind, "{case}");
        assert_eq!(found["subject"]["id"].as_str(), id, "{case}");
        assert_eq!(
            found["fingerprint"].as_str().map(str::len),
            Some(32),
            "{case}"
        );
    }
}

#[test]
fn every_fix_applies_and_the_map_then_checks_clean_of_it() {
    // (fixture, code, applicability): the fix removes the finding and adds none.
    let cases: &[(&str, &str, &str)] = &[
        ("check-duplicate-edge", "duplicate-edge", "safe"),
        ("check-duplicate-evidence", "duplicate-evidence", "safe"),
        ("check-unknown-claim", "unknown-claim", "unsafe"),
        ("check-unknown-source", "unknown-source", "unsafe"),
        ("check-invalid-id", "invalid-id", "unsafe"),
        ("check-uppercase-id", "invalid-id", "unsafe"),
        ("check-quote-not-found", "quote-not-found", "unsafe"),
        ("check-self-reference", "self-reference", "unsafe"),
        ("check-unused-allow", "unused-allow", "safe"),
    ];
    for &(case, code, applicability) in cases {
        let dir = scratch(case);
        let map = dir.path().join("claims.yaml");
        let before = json_of(&map);
        let finding = before["diagnostics"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["code"] == code))
            .unwrap_or_else(|| panic!("{case}: no {code}"));
        assert_eq!(
            finding["fixes"][0]["applicability"], applicability,
            "{case}"
        );
        let mut command = claimgraph();
        command.args(["check", "--fix"]).arg(&map);
        if applicability == "unsafe" {
            command.arg("--unsafe-fixes");
        }
        command.output().expect("claimgraph runs");
        let after = codes(&json_of(&map));
        assert!(!after.contains(&code.to_string()), "{case}: {after:?}");
        let earlier = codes(&before);
        for left in &after {
            assert!(earlier.contains(left), "{case}: the fix introduced {left}");
        }
    }
}

#[test]
fn unsafe_fixes_need_asking_for() {
    let dir = scratch("check-quote-not-found");
    let map = dir.path().join("claims.yaml");
    let original = std::fs::read(&map).expect("read");
    let output = claimgraph()
        .args(["check", "--fix"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    assert_eq!(std::fs::read(&map).expect("read"), original);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fixed 0 findings"), "{stderr}");
    assert!(stderr.contains("with --unsafe-fixes"), "{stderr}");
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    let dir = scratch("check-uppercase-id");
    let map = dir.path().join("claims.yaml");
    for _ in 0..2 {
        claimgraph()
            .args(["check", "--fix", "--unsafe-fixes"])
            .arg(&map)
            .output()
            .expect("claimgraph runs");
    }
    let once = std::fs::read(&map).expect("read");
    let output = claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    assert_eq!(std::fs::read(&map).expect("read"), once);
    assert!(String::from_utf8_lossy(&output.stderr).contains("fixed 0 findings"));
}

#[test]
fn diff_prints_the_fix_as_a_unified_diff_and_writes_nothing() {
    let dir = scratch("check-duplicate-edge");
    let map = dir.path().join("claims.yaml");
    let original = std::fs::read(&map).expect("read");
    let output = claimgraph()
        .args(["check", "--diff"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    assert_eq!(
        std::fs::read(&map).expect("read"),
        original,
        "--diff wrote the map"
    );
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains("-    supports: [sanctions-fail, sanctions-fail]"),
        "{diff}"
    );
    assert!(diff.contains("+    supports: [sanctions-fail]"), "{diff}");
    assert_eq!(
        diff.lines().filter(|l| l.starts_with(['+', '-'])).count(),
        4,
        "{diff}"
    );
}

#[test]
fn fix_never_writes_a_map_with_merge_conflict_markers() {
    let dir = scratch("hostile-merge-conflict");
    let map = dir.path().join("claims.yaml");
    let original = std::fs::read(&map).expect("read");
    claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&map).expect("read"), original);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "a temporary file was left: {names:?}");
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_maps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("check-duplicate-edge");
    let map = dir.path().join("claims.yaml");
    std::fs::set_permissions(&map, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    claimgraph()
        .args(["check", "--fix"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    let mode = std::fs::metadata(&map).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(!codes(&json_of(&map)).contains(&"duplicate-edge".to_string()));
}

/// Ten fixable mistakes planted in a copy of the repository's own map: (what is there, what
/// the mistake makes of it).
const PLANTED: &[(&str, &str)] = &[
    // duplicate-edge (safe), twice
    (
        "    contradicts: [aid-gives-west-leverage]\n",
        "    contradicts: [aid-gives-west-leverage, aid-gives-west-leverage]\n",
    ),
    (
        "    contradicts: [engagement-moderates-taliban]\n",
        "    contradicts: [engagement-moderates-taliban, engagement-moderates-taliban]\n",
    ),
    // duplicate-evidence (safe)
    (
        "      - source: barro-2021-little-leverage\n        quote: Since the group took power in Kabul, we have seen women banned anew from Afghan schools, universities, and city governments\n",
        "      - source: barro-2021-little-leverage\n        quote: Since the group took power in Kabul, we have seen women banned anew from Afghan schools, universities, and city governments\n      - source: barro-2021-little-leverage\n        quote: Since the group took power in Kabul, we have seen women banned anew from Afghan schools, universities, and city governments\n",
    ),
    // unknown-claim (unsafe did-you-mean), twice
    (
        "    supports: [pressure-changes-taliban]\n",
        "    supports: [pressure-changes-talibna]\n",
    ),
    (
        "    supports: [neighbours-challenged]\n",
        "    supports: [neighbors-challenged]\n",
    ),
    // unknown-source (unsafe did-you-mean)
    (
        "      - source: lawfare-2023-leverage-failed\n        quote: So far, though,",
        "      - source: lawfare-2023-leverage-faild\n        quote: So far, though,",
    ),
    // quote-not-found: case and one word (unsafe)
    (
        "quote: Three years in, these countries have little to show for it.",
        "quote: three years in, these countries have very little to show for it.",
    ),
    // invalid-id: the claim renamed back, with no reference to follow (unsafe)
    ("  - id: demands-rebuffed\n", "  - id: Demands_Rebuffed\n"),
    // self-reference (unsafe)
    (
        "    supports: [flawed-assumptions]\n",
        "    supports: [flawed-assumptions, cohesion-over-aid-recognition]\n",
    ),
    // unused-allow (safe)
    (
        "  - id: dialogue-needed\n",
        "  - id: dialogue-needed\n    allow: [long-claim]\n",
    ),
];

#[test]
fn fix_on_the_own_map_with_planted_mistakes_touches_only_their_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("corpus"), &dir.path().join("corpus"));
    let original = std::fs::read_to_string(root().join("claims.yaml")).expect("the own map");
    let mut planted = original.clone();
    for (was, mistake) in PLANTED {
        assert_eq!(
            planted.matches(was).count(),
            1,
            "plant site not unique: {was}"
        );
        planted = planted.replacen(was, mistake, 1);
    }
    let map = dir.path().join("claims.yaml");
    std::fs::write(&map, &planted).expect("write");
    let before = codes(&json_of(&map));
    for code in [
        "duplicate-edge",
        "duplicate-evidence",
        "unknown-claim",
        "unknown-source",
        "quote-not-found",
        "invalid-id",
        "self-reference",
        "unused-allow",
    ] {
        assert!(
            before.contains(&code.to_string()),
            "{code} not planted: {before:?}"
        );
    }

    // --diff shows what --fix will write, and writes nothing.
    let preview = claimgraph()
        .args(["check", "--diff", "--unsafe-fixes"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    assert_eq!(std::fs::read_to_string(&map).expect("read"), planted);
    claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&map).expect("read");
    let expected_diff = similar::TextDiff::from_lines(&planted, &fixed)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", map.display()),
            &format!("b/{}", map.display()),
        )
        .to_string();
    assert_eq!(String::from_utf8_lossy(&preview.stdout), expected_diff);

    // Against the original map, only the quote fix's line differs (it is written quoted).
    let changed: Vec<(String, String)> = similar::TextDiff::from_lines(&original, &fixed)
        .ops()
        .iter()
        .flat_map(|op| {
            let old = original
                .lines()
                .skip(op.old_range().start)
                .take(op.old_range().len());
            let new = fixed
                .lines()
                .skip(op.new_range().start)
                .take(op.new_range().len());
            old.zip(new).map(|(a, b)| (a.to_string(), b.to_string()))
        })
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "        quote: Three years in, these countries have little to show for it."
                .to_string(),
            "        quote: \"Three years in, these countries have little to show for it.\""
                .to_string()
        )],
        "{fixed}"
    );
    assert_eq!(codes(&json_of(&map)), Vec::<String>::new());
}

#[test]
fn a_hash_in_a_plain_quote_no_longer_cuts_it_short_silently() {
    // `quote: … busiest line #1 for commuters, …` was read as «… busiest line» and passed.
    let dir = scratch("check-comment-in-value");
    let map = dir.path().join("claims.yaml");
    let before = json_of(&map);
    let found: Vec<(&str, &str)> = before["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["fixes"][0]["applicability"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    // The quote's fuller form is in its source, so quoting it is safe; the claim text's
    // trailing `# …` may be a real comment, so quoting it is only offered.
    assert_eq!(
        found,
        [("comment-in-value", "safe"), ("comment-in-value", "unsafe")]
    );
    claimgraph()
        .args(["check", "--fix"])
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    let text = std::fs::read_to_string(&map).expect("read");
    assert!(
        text.contains(r#"quote: "Route 7 is the city's busiest line #1 for commuters, and it carries 9,000 people a day.""#),
        "{text}"
    );
    assert!(text.contains("text: Buses run often. # checked against the 2024 timetable"));
    assert_eq!(codes(&json_of(&map)), ["comment-in-value"]);
}

#[test]
fn duplicate_evidence_fix_does_not_panic_on_a_quote_ending_in_a_multibyte_char() {
    // The removal looks up the line of the item's last byte, which is inside the final `é`.
    let dir = scratch("check-duplicate-evidence");
    let map = dir.path().join("claims.yaml");
    let yaml = std::fs::read_to_string(&map).expect("read the map");
    let yaml = yaml
        .replace(
            "quote: Sanctions have not changed their policies so far.",
            "quote: Sanctions have not changed their policies so far, caf\u{e9}",
        )
        .replace(
            "quote: \"Sanctions have not changed\\n their policies so far.\"",
            "quote: Sanctions have not changed their policies so far, caf\u{e9}",
        );
    std::fs::write(&map, yaml).expect("write the map");
    let document = json_of(&map);
    assert!(
        codes(&document).contains(&"duplicate-evidence".to_string()),
        "{document}"
    );
}
