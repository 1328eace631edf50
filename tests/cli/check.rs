//! `claimgraph check`: every diagnostic code on a fixture, the anchoring rules, the output
//! formats and the exit statuses.

use insta::assert_snapshot;
use serde_json::Value;

use crate::support::{claimgraph, fixture};

/// Runs `check --format json` on a fixture and returns (exit status, document).
fn check_json(case: &str) -> (i32, Value) {
    let output = claimgraph()
        .args(["check", "--format", "json"])
        .arg(fixture(case))
        .output()
        .expect("claimgraph runs");
    let document = serde_json::from_slice(&output.stdout).expect("check --format json prints JSON");
    (output.status.code().unwrap_or(-1), document)
}

/// The (code, line, column) of every diagnostic.
fn findings(document: &Value) -> Vec<(String, Option<u64>, Option<u64>)> {
    document["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
                d["column"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn every_diagnostic_code_has_a_fixture_with_its_place() {
    // (fixture, code, line, column, exit status)
    type Case = (&'static str, &'static str, Option<u64>, Option<u64>, i32);
    let cases: &[Case] = &[
        ("check-yaml-syntax", "yaml-syntax", Some(3), Some(11), 1),
        ("check-schema", "schema", Some(7), Some(5), 1),
        ("check-limit", "limit", Some(3), Some(72), 1),
        ("check-duplicate-id", "duplicate-id", Some(13), Some(9), 1),
        ("check-invalid-id", "invalid-id", Some(2), Some(9), 1),
        ("check-unknown-claim", "unknown-claim", Some(7), Some(16), 1),
        (
            "check-unknown-source",
            "unknown-source",
            Some(11),
            Some(17),
            1,
        ),
        (
            "check-source-outside-corpus",
            "source-outside-corpus",
            Some(2),
            Some(9),
            1,
        ),
        (
            "check-unreadable-source",
            "unreadable-source",
            None,
            None,
            1,
        ),
        (
            "check-quote-not-found",
            "quote-not-found",
            Some(12),
            Some(16),
            1,
        ),
        ("check-uncited-claim", "uncited-claim", Some(13), Some(9), 1),
        ("check-empty-text", "empty-text", Some(9), Some(11), 1),
        (
            "check-self-reference",
            "self-reference",
            Some(7),
            Some(32),
            1,
        ),
        (
            "check-ambiguous-quote",
            "ambiguous-quote",
            Some(12),
            Some(16),
            0,
        ),
        ("check-support-cycle", "support-cycle", Some(7), Some(16), 0),
        (
            "check-conflicting-edges",
            "conflicting-edges",
            Some(8),
            Some(19),
            0,
        ),
        (
            "check-isolated-claim",
            "isolated-claim",
            Some(13),
            Some(9),
            0,
        ),
        ("check-unused-source", "unused-source", None, None, 0),
        (
            "check-duplicate-evidence",
            "duplicate-evidence",
            Some(14),
            Some(16),
            0,
        ),
        (
            "check-duplicate-edge",
            "duplicate-edge",
            Some(7),
            Some(32),
            0,
        ),
        ("check-long-claim", "long-claim", Some(9), Some(11), 0),
        (
            "check-duplicate-text",
            "duplicate-text",
            Some(14),
            Some(11),
            0,
        ),
        ("check-empty-corpus", "empty-corpus", None, None, 1),
        ("check-unused-allow", "unused-allow", Some(4), Some(13), 0),
        (
            "check-comment-in-value",
            "comment-in-value",
            Some(6),
            Some(51),
            0,
        ),
        ("check-duplicate-key", "duplicate-key", Some(8), Some(5), 1),
        (
            "check-unsupported-source",
            "unsupported-source",
            None,
            None,
            1,
        ),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for &(case, code, line, column, status) in cases {
        let (exit, document) = check_json(case);
        let found = findings(&document);
        assert!(
            found.contains(&(code.to_string(), line, column)),
            "{case}: expected {code} at {line:?}:{column:?}, got {found:?}"
        );
        assert_eq!(exit, status, "{case}: exit status");
        covered.insert(code);
    }
    for code in claimgraph::diagnostic::Code::ALL {
        assert!(
            covered.contains(code.as_str()),
            "no fixture covers `{code}`"
        );
    }
}

#[test]
fn clean_and_anchoring_fixtures_pass_with_every_quote_anchored() {
    for case in ["check-clean", "check-anchoring"] {
        let (exit, document) = check_json(case);
        assert_eq!(findings(&document), vec![], "{case}");
        assert_eq!(exit, 0, "{case}");
        let summary = &document["summary"];
        assert!(summary["quotes"].as_u64() > Some(0));
        assert_eq!(
            summary["quotes"], summary["anchored"],
            "{case}: every quote anchors"
        );
    }
}

#[test]
fn json_output_has_the_documented_shape() {
    let (_, document) = check_json("check-quote-not-found");
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&document), ["diagnostics", "summary"]);
    let d = &document["diagnostics"][0];
    for key in [
        "severity", "code", "message", "file", "line", "column", "help",
    ] {
        assert!(d.get(key).is_some(), "diagnostic lacks `{key}`: {d}");
    }
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["file"],
        "tests/fixtures/check-quote-not-found/claims.yaml"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap_or_default()
            .contains("closest passage (9"),
        "{d}"
    );
    assert_eq!(
        keys(&document["summary"]),
        [
            "anchored",
            "claims",
            "edges",
            "errors",
            "loaded",
            "quotes",
            "reporting",
            "sources",
            "warnings"
        ]
    );
}

fn human(case: &str, extra: &[&str]) -> String {
    let output = claimgraph()
        .arg("check")
        .arg(fixture(case))
        .args(extra)
        .output()
        .expect("claimgraph runs");
    // Findings are the report: on stdout, so `check > report.txt` keeps them.
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    assert_snapshot!(human("check-quote-not-found", &[]));
}

#[test]
fn unknown_field_suggests_a_fix() {
    assert_snapshot!(human("check-schema", &[]));
}

#[test]
fn support_cycle_names_the_whole_circle() {
    assert_snapshot!(human("check-support-cycle", &[]));
}

#[test]
fn duplicate_id_points_at_both() {
    assert_snapshot!(human("check-duplicate-id", &[]));
}

#[test]
fn unreadable_source_guesses_the_encoding() {
    let out = human("check-unreadable-source", &[]);
    // Fold the wrapping so the assertion does not depend on the terminal width.
    let out = out
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        out.contains("is not UTF-8 (first bad byte on line 1); it looks like Windows-1252"),
        "{out}"
    );
    assert!(out.contains("iconv -f WINDOWS-1252 -t UTF-8"), "{out}");
}

#[test]
fn github_format_prints_annotations() {
    let output = claimgraph()
        .args(["check", "--format", "github"])
        .arg(fixture("check-unknown-claim"))
        .output()
        .expect("claimgraph runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "::error file=tests/fixtures/check-unknown-claim/claims.yaml,line=7,col=16,endLine=7,endColumn=31,title=unknown-claim::unknown claim `sanctions-fails`"
        ),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    claimgraph()
        .arg("check")
        .arg(fixture("check-isolated-claim"))
        .assert()
        .code(0);
    claimgraph()
        .args(["check", "--deny-warnings"])
        .arg(fixture("check-isolated-claim"))
        .assert()
        .code(1);
}

#[test]
fn missing_map_is_an_io_error_with_a_hint() {
    let assert = claimgraph()
        .args(["check", "tests/fixtures/no-such-map.yaml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: cannot read map file tests/fixtures/no-such-map.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("help: "), "{stderr}");
}

#[test]
fn map_that_is_a_directory_is_an_io_error() {
    claimgraph()
        .args(["check", "tests/fixtures"])
        .assert()
        .code(2);
}

#[test]
fn usage_error_exits_2() {
    claimgraph()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn no_colour_when_not_a_terminal() {
    let out = human("check-quote-not-found", &["--color", "auto"]);
    assert!(!out.contains('\u{1b}'), "escape codes in piped output");
    let coloured = human("check-quote-not-found", &["--color", "always"]);
    assert!(coloured.contains('\u{1b}'));
}

#[test]
fn show_prints_evidence_in_context_and_relations() {
    let output = claimgraph()
        .args(["show", "cohesion"])
        .arg(fixture("check-clean"))
        .output()
        .expect("claimgraph runs");
    assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn show_unknown_id_suggests_one() {
    let assert = claimgraph()
        .args(["show", "cohesian"])
        .arg(fixture("check-clean"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("did you mean `cohesion`?"), "{stderr}");
}

#[test]
fn committed_schema_matches_the_rust_types() {
    let output = claimgraph()
        .arg("schema")
        .output()
        .expect("claimgraph runs");
    let committed = std::fs::read_to_string(crate::support::root().join("claims.schema.json"))
        .expect("claims.schema.json is committed");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        committed,
        "claims.schema.json is stale: run `cargo run -- schema > claims.schema.json`"
    );
}

#[test]
fn schema_typo_hid_every_other_finding() {
    // One misspelt key used to stop the load, so a curator fixed the map one error per run.
    let (exit, document) = check_json("check-schema-many");
    let found = findings(&document);
    let expected = [
        ("schema", 1, 1),
        ("isolated-claim", 3, 9),
        ("schema", 8, 9),
        ("schema", 9, 5),
        ("schema", 10, 56),
        ("unknown-claim", 10, 85),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(code, line, column)| (code.to_string(), Some(line), Some(column)))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(exit, 1);
    let helps: Vec<&str> = document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "schema")
        .filter_map(|d| d["help"].as_str())
        .collect();
    for (help, meant) in helps.iter().zip(["title", "stance", "supports", "tags"]) {
        assert!(
            help.starts_with(&format!("did you mean `{meant}`?")),
            "{help}"
        );
    }
    assert_eq!(document["summary"]["claims"], 2, "the map still loads");
}

#[test]
fn unknown_claim_pointed_at_the_right_reference_when_the_id_was_misspelt() {
    // The reference `cohesion-first` is right; the claim's id `Cohesion-First` is what to fix.
    let (exit, document) = check_json("check-uppercase-id");
    let diagnostics = document["diagnostics"].as_array().expect("diagnostics");
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-claim")
        .expect("an unknown-claim finding");
    assert_eq!(
        unknown["help"],
        "the claim is written `Cohesion-First`, which breaks the id rule: rename it `cohesion-first`"
    );
    assert!(diagnostics.iter().any(|d| d["code"] == "invalid-id"));
    assert_eq!(exit, 1);
}

#[test]
fn allow_silences_warnings_but_not_errors_and_names_unknown_codes() {
    let (exit, document) = check_json("check-allow");
    assert_eq!(exit, 1);
    let found: Vec<(String, Option<u64>, Option<u64>)> = findings(&document);
    // The map-wide `unused-source` and the claim's `isolated-claim` are silenced; the
    // uncited claim stays an error; the two bad entries are schema errors at their places.
    assert_eq!(
        found,
        [
            ("uncited-claim".to_string(), Some(15), Some(9)),
            ("schema".to_string(), Some(17), Some(29)),
            ("schema".to_string(), Some(17), Some(44)),
        ]
    );
    let helps: Vec<&str> = document["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(
        helps.contains(&"did you mean `isolated-claim`?"),
        "{helps:?}"
    );
}

#[test]
fn short_format_prints_one_line_per_finding_and_marks_the_fixable() {
    let output = claimgraph()
        .args(["check", "-f", "short"])
        .arg(fixture("check-unknown-claim"))
        .output()
        .expect("claimgraph runs");
    assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn statistics_count_findings_per_code() {
    let output = claimgraph()
        .args(["check", "--statistics"])
        .arg(fixture("check-schema-many"))
        .output()
        .expect("claimgraph runs");
    assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn human_findings_begin_with_severity_and_code() {
    let out = human("check-schema-many", &[]);
    for line in out.lines().filter(|l| l.starts_with(['e', 'w'])) {
        assert!(
            line.starts_with("error[") || line.starts_with("warning["),
            "{line}"
        );
    }
    assert!(out.contains("error[schema]: unknown field"), "{out}");
}

#[test]
fn a_quote_differing_only_in_case_says_so_and_never_claims_100_percent() {
    let (_dir, map) = crate::support::scratch_copy("check-quote-not-found");
    let text = std::fs::read_to_string(&map).expect("read");
    let long = "The Taliban value internal cohesion above foreign aid. ".repeat(25);
    let text = text
        .replace(
            "quote: Sanctions have not changed the policies so far.",
            "quote: SANCTIONS HAVE NOT CHANGED THEIR POLICIES SO FAR.",
        )
        .replace(
            "        quote: The Taliban value internal cohesion above foreign aid.",
            &format!("        quote: {} x", long.trim()),
        );
    std::fs::write(&map, text).expect("write");
    let output = claimgraph()
        .arg("check")
        .arg(&map)
        .output()
        .expect("claimgraph runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("the quote differs from the source only in letter case"),
        "{out}"
    );
    assert!(!out.contains("100% similar"), "{out}");
    assert!(
        out.contains("fix: quote the source's wording (line 2)"),
        "{out}"
    );
    // A 1,375-character quote is underlined over a bounded stretch, not its whole length.
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let underline = out
        .lines()
        .map(|l| l.matches('━').count())
        .max()
        .unwrap_or(0);
    assert!(underline <= 72, "{underline} characters underlined:\n{out}");
    assert!(longest < 400, "a line of {longest} characters:\n{out}");
}

#[test]
fn a_miscopied_word_is_named_beside_the_closest_passage() {
    let out = human("check-quote-not-found", &[]);
    assert!(
        out.contains("differs from the source: `the` → `their`"),
        "{out}"
    );
}

#[test]
fn statistics_as_json_and_unsafe_fixes_alone_is_a_usage_error() {
    let output = claimgraph()
        .args(["check", "--statistics", "-f", "json"])
        .arg(fixture("check-schema-many"))
        .output()
        .expect("claimgraph runs");
    let rows: Value = serde_json::from_slice(&output.stdout).expect("--statistics -f json is JSON");
    assert_eq!(rows[0]["code"], "schema");
    assert_eq!(rows[0]["count"], 4);
    let assert = claimgraph()
        .args(["check", "--unsafe-fixes"])
        .arg(fixture("check-clean"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("add --fix"), "{stderr}");
}

#[test]
fn unused_allow_cannot_itself_be_allowed() {
    let (_dir, map) = crate::support::scratch_copy("check-unused-allow");
    let text = std::fs::read_to_string(&map).expect("read");
    std::fs::write(&map, format!("allow: [unused-allow]\n{text}")).expect("write");
    let output = claimgraph()
        .args(["check", "-f", "short"])
        .arg(&map)
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(":1:9: error[schema] `unused-allow` cannot be allowed"),
        "{out}"
    );
    assert!(out.contains("warning[unused-allow]"), "{out}");
}

#[test]
fn an_empty_text_or_quote_value_is_empty_text_and_the_run_goes_on() {
    // `text:` with nothing after it said "cannot deserialize null into string; use
    // Option<String>" and stopped the run.
    let (_dir, map) = crate::support::scratch_copy("check-clean");
    let text = std::fs::read_to_string(&map)
        .expect("read")
        .replacen("    text: Sanctions do not work.\n", "    text:\n", 1)
        .replacen(
            "        quote: Sanctions have not changed their policies so far.\n",
            "        quote:\n",
            1,
        );
    std::fs::write(&map, text).expect("write");
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(&map)
        .output()
        .expect("runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        findings(&document),
        [
            ("empty-text".to_string(), Some(9), Some(9)),
            ("empty-text".to_string(), Some(12), Some(14)),
        ]
    );
    assert_eq!(
        document["summary"]["claims"], 2,
        "the rest of the map is still checked"
    );
    let raw = String::from_utf8_lossy(&output.stdout);
    for leak in ["Option<", "deserialize", "null into"] {
        assert!(!raw.contains(leak), "{leak} in {raw}");
    }
}

#[test]
fn no_message_names_a_rust_type_a_parser_option_or_a_yaml_event() {
    // "duplicate mapping key: tags, set DuplicateKeyPolicy in Options if acceptable" and
    // "cannot deserialize null into string; use Option<String>" reached curators.
    let leaks = [
        "DuplicateKeyPolicy",
        "Options",
        "Option<",
        "Vec<",
        "String>",
        "serde",
        "saphyr",
        "deserializ",
        "MappingStart",
        "SequenceStart",
        "Scalar(",
        "invalid type:",
        "mapping start",
        "sequence start",
        "string scalar",
        "only valid inside a block",
    ];
    let fixtures = crate::support::root().join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .flatten()
        .filter(|e| e.path().join("claims.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() > 30);
    for case in &cases {
        for format in ["human", "json"] {
            let output = claimgraph()
                .args(["check", "-f", format])
                .arg(fixture(case))
                .output()
                .expect("claimgraph runs");
            let out = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            for leak in leaks {
                assert!(
                    !out.contains(leak),
                    "{case} ({format}) says {leak:?}:\n{out}"
                );
            }
        }
    }
}

#[test]
fn a_wrongly_typed_value_is_a_schema_error_in_place_and_the_rest_is_still_checked() {
    // `supports: some-id` or `stance: contradict` stopped the run: every other finding
    // vanished and the summary read "0 claims … 0 of 0 quotes anchored".
    let (_dir, map) = crate::support::scratch_copy("check-clean");
    let mut text = std::fs::read_to_string(&map)
        .expect("read")
        .replacen("    supports: [sanctions-fail]\n", "    supports: sanctions-fail\n", 1)
        .replacen(
            "        quote: Sanctions have not changed their policies so far.\n",
            "        quote: Sanctions have not changed their policies so far.\n        stance: contradict\n",
            1,
        );
    text.push_str("  - id: bad\n    text: Unsupported\n    supports: [nowhere]\n");
    std::fs::write(&map, text).expect("write");
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(&map)
        .output()
        .expect("runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let found = findings(&document);
    for expected in [
        ("schema", Some(7), Some(15)),
        ("schema", Some(13), Some(17)),
        ("uncited-claim", Some(14), Some(9)),
        ("unknown-claim", Some(16), Some(16)),
    ] {
        let expected = (expected.0.to_string(), expected.1, expected.2);
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    assert_eq!(document["summary"]["claims"], 3);
    let helps: Vec<&str> = document["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(
        helps.contains(&"write it as a list: supports: [sanctions-fail]"),
        "{helps:?}"
    );
    assert!(
        helps
            .iter()
            .any(|h| h.starts_with("did you mean `contradicts`?")),
        "{helps:?}"
    );
}

#[test]
fn claims_written_as_a_single_value_is_named_in_the_curators_words() {
    // `claims: 3` said "expected sequence start".
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/s.txt"), "x\n").expect("write");
    std::fs::write(dir.path().join("claims.yaml"), "claims: 3\n").expect("write");
    let output = claimgraph()
        .args(["check", "-f", "short"])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(":1:9: error[schema] `claims` holds a list, not a single value"),
        "{out}"
    );
    assert!(!out.contains("sequence"), "{out}");
}

#[test]
fn the_json_schema_refuses_an_id_over_the_limit_as_check_does() {
    // A 10,000-byte id passed the schema (no maxLength) while check refused it.
    let schema: Value =
        serde_json::from_str(&claimgraph::load::json_schema()).expect("the schema is JSON");
    let id = &schema["$defs"]["RawClaim"]["properties"]["id"];
    assert_eq!(id["maxLength"], 128, "{id}");
}

#[test]
fn a_typo_in_a_sources_id_gets_a_did_you_mean_and_no_never_cited_warning() {
    // `sources: - id: brif` (for brief.txt) said only that brif.txt does not exist, and
    // warned that the file that does not exist is never cited.
    let (_dir, map) = crate::support::scratch_copy("check-clean");
    let text = std::fs::read_to_string(&map).expect("read");
    std::fs::write(
        &map,
        format!("sources:\n  - id: brif\n    title: The brief\n{text}"),
    )
    .expect("write");
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(&map)
        .output()
        .expect("runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        findings(&document),
        [("unreadable-source".to_string(), Some(2), Some(9))]
    );
    let help = document["diagnostics"][0]["help"]
        .as_str()
        .unwrap_or_default();
    assert!(help.starts_with("did you mean `brief`?"), "{help}");
}

#[test]
fn a_tab_in_the_indentation_is_named_at_the_tab() {
    // It was reported on the line before, with help about `: ` and quoting.
    let (_dir, map) = crate::support::scratch_copy("check-clean");
    let text = std::fs::read_to_string(&map).expect("read").replacen(
        "    supports: [sanctions-fail]\n",
        "\tsupports: [sanctions-fail]\n",
        1,
    );
    std::fs::write(&map, text).expect("write");
    let output = claimgraph()
        .args(["check", "-f", "short"])
        .arg(&map)
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(
            ":7:1: error[yaml-syntax] a tab indents this line: YAML indents with spaces only"
        ),
        "{out}"
    );
}

#[test]
fn a_renamed_corpus_file_gives_one_grouped_finding_and_says_renamed() {
    // A renamed corpus file without a `sources:` entry produced one identical unknown-source
    // error per quote plus an unused-source warning for the new name.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    std::fs::write(
        dir.path().join("corpus/barro-2021.txt"),
        "Alpha one. Beta two. Gamma three. Delta four.\n",
    )
    .expect("write");
    let mut map = String::from("claims:\n");
    for (i, quote) in ["Alpha one.", "Beta two.", "Gamma three.", "Delta four."]
        .iter()
        .enumerate()
    {
        map.push_str(&format!(
            "  - id: c{i}\n    text: Claim {i}.\n    evidence: [{{source: barro-2021-little-leverage, quote: {quote}}}]\n    contradicts: [c{}]\n",
            (i + 1) % 4
        ));
    }
    std::fs::write(dir.path().join("claims.yaml"), map).expect("write");
    let human = claimgraph()
        .arg("check")
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&human.stdout);
    assert_eq!(out.matches("error[unknown-source]").count(), 1, "{out}");
    assert!(
        out.contains(
            "note: 3 more findings like it (`barro-2021-little-leverage`), at lines 8, 12, 16"
        ),
        "{out}"
    );
    assert!(out.contains("renamed? barro-2021.txt is never cited: add `- id: barro-2021-little-leverage` with `file: barro-2021.txt` under `sources:`"), "{out}");
    // JSON keeps one finding per place.
    let json = claimgraph()
        .args(["check", "-f", "json"])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("runs");
    let document: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let unknown = findings(&document)
        .into_iter()
        .filter(|f| f.0 == "unknown-source")
        .count();
    assert_eq!(unknown, 4);
}

#[test]
fn check_piped_into_head_exits_with_its_code_not_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("corpus")).expect("a corpus folder");
    let mut map = String::from("claims:\n");
    for i in 0..3000 {
        map += &format!("  - id: claim-{i}\n    text: Claim {i} cites nothing.\n");
    }
    std::fs::write(dir.path().join("claims.yaml"), map).expect("the map is written");
    for format in ["json", "human", "sarif"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimgraph"))
            .args(["check", "--format", format, "claims.yaml"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("claimgraph starts");
        // The reader goes away before the output (well over a pipe's 64 KiB) is written.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("claimgraph ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "-f {format}: {stderr}");
        assert!(!stderr.contains("panicked"), "-f {format}: {stderr}");
    }
}
