//! Mistakes a new curator makes in the first hour, each pinned after the symptom it had: a
//! run stopped by one slip, a message in the parser's words, a fix that did harm, or a map
//! that `check` called ok when it was not what the curator meant.

use serde_json::Value;

use crate::support::{claimgraph, fixture, scratch_copy};

/// `check -f json` on a fixture: (exit status, the findings as (code, line, column, message,
/// label, help)).
fn check(case: &str) -> (i32, Vec<Value>, Value) {
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(fixture(case))
        .output()
        .expect("claimgraph runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings = document["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (
        output.status.code().unwrap_or(-1),
        findings,
        document["summary"].clone(),
    )
}

fn at(d: &Value) -> (String, u64, u64) {
    (
        d["code"].as_str().unwrap_or_default().to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

fn human(case: &str) -> String {
    let output = claimgraph()
        .arg("check")
        .arg(fixture(case))
        .output()
        .expect("runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn map_written_as_a_bare_list_gets_one_error_not_one_per_line() {
    // It got 33 errors in the parser's words ("expected mapping start", "missing field
    // `claims`" on every entry).
    let (status, findings, summary) = check("mistake-bare-list");
    assert_eq!(status, 1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(at(&findings[0]), ("schema".into(), 2, 1));
    assert!(
        findings[0]["help"]
            .as_str()
            .unwrap_or_default()
            .contains("`claims:`")
    );
    assert_eq!(summary["loaded"], false);
    assert!(
        human("mistake-bare-list")
            .contains("the map could not be read, so nothing else was checked")
    );
}

#[test]
fn empty_list_entries_are_schema_errors_in_place_and_the_rest_is_checked() {
    // A bare `-` said "cannot deserialize null into string; use Option<String>" and the
    // summary read "0 claims"; `tags: [x, ~]` added 32 bogus errors; a blank `tags:` stopped
    // the run.
    let (status, findings, summary) = check("mistake-empty-entries");
    assert_eq!(status, 1);
    let places: Vec<_> = findings.iter().map(at).collect();
    assert_eq!(
        places,
        [
            ("schema".into(), 4, 22),
            ("schema".into(), 10, 7),
            ("unknown-claim".into(), 14, 16)
        ]
    );
    assert_eq!(
        findings[1]["message"],
        "empty entry in `supports` of claim `cohesion`"
    );
    assert_eq!(
        findings[1]["help"],
        "write a claim id here, or delete the entry"
    );
    assert_eq!(summary["claims"], 2);
}

#[test]
fn second_yaml_document_is_named_not_a_parser_limit() {
    // It said "map exceeds a parser limit (documents)" with help about alias bombs.
    let (_, findings, _) = check("mistake-second-document");
    assert_eq!(findings.len(), 1);
    assert_eq!(at(&findings[0]), ("yaml-syntax".into(), 7, 1));
    let message = findings[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("second YAML document"), "{message}");
    assert!(
        !findings[0]["help"]
            .as_str()
            .unwrap_or_default()
            .contains("alias")
    );
}

#[test]
fn look_alike_letter_in_an_id_is_named_and_fixed_to_the_latin_letter_not_a_dash() {
    // `cohesiоn` (Cyrillic о) got "write `cohesi-n`", and --unsafe-fixes renamed the claim
    // and its correct references to that.
    let (_, findings, _) = check("mistake-look-alike-id");
    let invalid = findings
        .iter()
        .find(|d| d["code"] == "invalid-id")
        .expect("invalid-id");
    assert!(
        invalid["label"]
            .as_str()
            .unwrap_or_default()
            .contains("U+043E"),
        "{invalid}"
    );
    assert!(
        invalid["help"]
            .as_str()
            .unwrap_or_default()
            .ends_with("write `cohesion`")
    );
    let unknown = findings
        .iter()
        .find(|d| d["code"] == "unknown-claim")
        .expect("unknown-claim");
    assert!(
        unknown["help"]
            .as_str()
            .unwrap_or_default()
            .contains("rename it `cohesion`")
    );
    let (_dir, map) = scratch_copy("mistake-look-alike-id");
    claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .assert()
        .success();
    let fixed = std::fs::read_to_string(&map).expect("read");
    assert!(
        fixed.contains("  - id: cohesion\n") && fixed.is_ascii(),
        "{fixed}"
    );
}

#[test]
fn impossible_published_date_is_a_schema_error_that_says_why() {
    // `published: 2023-13-45` passed, and `show` printed it.
    let (status, findings, _) = check("mistake-impossible-date");
    assert_eq!(status, 1);
    let labels: Vec<_> = findings
        .iter()
        .map(|d| d["label"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        labels,
        ["there is no month 13", "February 2021 has 28 days"]
    );
}

#[test]
fn fix_at_an_alias_is_declined_and_the_anchored_quote_is_fixed() {
    // Both findings offered a fix; the one at `*shared` would have replaced the evidence list
    // by a string, so every round was dropped: "fixed 0 findings (2 remaining)".
    let (_, findings, _) = check("mistake-alias-evidence");
    let fixable: Vec<u64> = findings
        .iter()
        .filter(|d| d["fixes"].as_array().is_some_and(|f| !f.is_empty()))
        .map(|d| d["line"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(fixable, [6]);
    let (_dir, map) = scratch_copy("mistake-alias-evidence");
    claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&map).expect("read");
    assert!(
        fixed.contains("evidence: *shared") && fixed.contains("foreign aid."),
        "{fixed}"
    );
}

#[test]
fn quote_from_an_empty_source_says_the_source_has_no_text() {
    // It got "quotes must be verbatim", sending the curator after a typo.
    let (_, findings, _) = check("mistake-empty-source");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["label"], "the source has no text");
    assert!(
        findings[0]["help"]
            .as_str()
            .unwrap_or_default()
            .contains("scanned.txt is empty")
    );
}

#[test]
fn claim_contradicting_the_claim_that_supports_it_is_a_warning() {
    // `cohesion` supports `sanctions-fail`, which contradicts `cohesion`: check said ok.
    let (status, findings, _) = check("mistake-reversed-edges");
    assert_eq!(status, 0);
    assert_eq!(findings.len(), 1);
    assert_eq!(at(&findings[0]), ("conflicting-edges".into(), 10, 19));
    assert_eq!(findings[0]["related"][0]["line"], 4);
}

#[test]
fn check_on_a_corpus_text_is_a_usage_error_not_a_yaml_error() {
    // `check corpus/x.txt` gave exit 1 and advice about quoting `: ` in YAML.
    let output = claimgraph()
        .arg("check")
        .arg("tests/fixtures/check-clean/corpus/brief.txt")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is a text, not a map file"), "{stderr}");
}

#[test]
fn file_written_relative_to_the_map_names_the_name_inside_the_corpus() {
    // `file: corpus/brief.txt` said "corpus/corpus/brief.txt does not exist" plus a
    // `duplicate-id` for the file itself; an absolute path into the corpus was called
    // "outside the corpus folder".
    let (_, findings, _) = check("mistake-file-relative-to-map");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(at(&findings[0]), ("unreadable-source".into(), 2, 9));
    assert_eq!(
        findings[0]["help"],
        "`file:` is relative to the corpus folder tests/fixtures/mistake-file-relative-to-map/corpus: write `file: brief.txt`"
    );
}

#[test]
fn id_differing_only_in_case_from_another_is_not_told_to_take_that_id() {
    // `Cohesion` beside `cohesion` got "write `cohesion`", an id already taken.
    let (_, findings, _) = check("mistake-case-collision");
    let invalid = findings
        .iter()
        .find(|d| d["code"] == "invalid-id")
        .expect("invalid-id");
    let help = invalid["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("`cohesion` is already the id of the claim at line 8"),
        "{help}"
    );
    assert!(invalid["fixes"].as_array().is_none_or(Vec::is_empty));
}

#[test]
fn evidence_written_without_its_dash_is_one_error_and_the_quote_is_still_checked() {
    // It said "expected sequence start", a false "did not find expected key" on a valid line
    // and a false `uncited-claim` for the claim whose citation lacked its `- `.
    let (_, findings, summary) = check("mistake-evidence-not-a-list");
    let places: Vec<_> = findings.iter().map(at).collect();
    assert_eq!(
        places,
        [("schema".into(), 6, 15), ("uncited-claim".into(), 8, 9)],
        "{findings:#?}"
    );
    assert_eq!(summary["anchored"], 1);
}

#[test]
fn merge_key_is_not_merged_silently_and_says_why() {
    // `<<: *base` (YAML 1.1) was merged, silently giving a claim another claim's edges,
    // though claimgraph reads YAML 1.2.
    let (_, findings, summary) = check("mistake-merge-key");
    assert_eq!(at(&findings[0]), ("schema".into(), 9, 5));
    let message = findings[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("YAML 1.1"), "{message}");
    assert_eq!(summary["edges"], 1);
}

#[test]
fn too_many_shape_problems_note_comes_after_the_problems_it_speaks_of() {
    // "more than 32 problems … fix the ones above" was printed first, above nothing.
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(
        &crate::support::root().join("tests/fixtures/check-clean/corpus"),
        &dir.path().join("corpus"),
    );
    let mut map = String::from("claims:\n");
    for i in 0..40 {
        map += &format!(
            "  - id: c{i}\n    text: Claim {i}.\n    supports: c{}\n",
            i + 1
        );
    }
    std::fs::write(dir.path().join("claims.yaml"), map).expect("write");
    let output = claimgraph()
        .args(["check", "-f", "short"])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() > 30, "{stdout}");
    let limit = lines
        .iter()
        .position(|l| l.contains("error[limit]"))
        .expect("a limit line");
    assert_eq!(limit, lines.len() - 2, "{stdout}");
}

#[test]
fn citation_indented_as_a_claim_is_named_as_one_not_three_parser_errors() {
    // It got "missing field `id`" twice and "expected mapping start" (a YAML event) between.
    let (_, findings, _) = check("mistake-citation-as-claim");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(at(&findings[0]), ("schema".into(), 7, 3));
    let message = findings[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("looks like a citation indented as a claim"),
        "{message}"
    );
}

#[test]
fn misspelled_corpus_folder_names_its_line_and_the_folder_meant() {
    // `corpus: corpsu` said "cannot read corpus folder corpsu: No such file or directory
    // (os error 2)", with no line and no did-you-mean.
    let (dir, map) = scratch_copy("check-clean");
    let text = std::fs::read_to_string(&map).expect("read");
    std::fs::write(&map, format!("corpus: corpsu\n{text}")).expect("write");
    let output = claimgraph()
        .arg("check")
        .arg(&map)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not exist (`corpus:` at "), "{stderr}");
    assert!(stderr.contains(":1:9); did you mean `corpus`?"), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}
