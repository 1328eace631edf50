//! The machine-readable findings formats, each read by what consumes it: SARIF by
//! Microsoft's SARIF Multitool (the SARIF spec rules and GitHub code scanning's ingestion
//! rules), GitLab Code Quality by the rules of GitLab's own report schema.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{claimgraph, fixture, root};

/// Fixtures whose findings together use related places, fixes, whole-file findings and
/// non-ASCII text.
const CASES: &[&str] = &[
    "check-support-cycle",
    "check-duplicate-id",
    "check-quote-not-found",
    "check-unreadable-source",
    "check-schema-many",
    "check-uppercase-id",
    "hostile-windows-1252",
];

fn report(format: &str, case: &str) -> String {
    let output = claimgraph()
        .args(["check", "-f", format])
        .arg(fixture(case))
        .output()
        .expect("claimgraph runs");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn sarif_output_validates_with_the_sarif_multitool() {
    let dir = tempfile::tempdir().expect("tempdir");
    let script = root().join("tests/formats/validate-sarif.sh");
    for case in CASES {
        let sarif = report("sarif", case);
        let log: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
        assert_eq!(log["version"], "2.1.0");
        let file = dir.path().join(format!("{case}.sarif"));
        std::fs::write(&file, &sarif).expect("write");
        let output = std::process::Command::new("bash")
            .arg(&script)
            .arg(&file)
            .output()
            .expect("bash runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        if output.status.code() == Some(3) {
            eprintln!("SKIPPED sarif_output_validates_with_the_sarif_multitool: {stdout}");
            return;
        }
        assert!(
            output.status.success(),
            "{case}: the SARIF Multitool rejects our SARIF:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn sarif_results_point_at_the_findings_with_fingerprints_and_fixes() {
    let log: Value = serde_json::from_str(&report("sarif", "check-duplicate-edge")).expect("JSON");
    let run = &log["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "duplicate-edge");
    let rule = &run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap_or(99) as usize];
    assert_eq!(rule["id"], "duplicate-edge");
    assert!(
        rule["helpUri"]
            .as_str()
            .is_some_and(|u| u.ends_with("docs/format.md#duplicate-edge"))
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(7), Some(32))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(46));
    assert_eq!(
        result["partialFingerprints"]["claimgraphIdentity/v1"]
            .as_str()
            .map(str::len),
        Some(32)
    );
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "");
}

/// The rules GitLab applies to each entry (`app/validators/json_schemas/codeclimate.json`
/// and the Code Quality documentation): a JSON array; `description`, `check_name`,
/// `fingerprint` and `severity` (one of GitLab's five) strings; `location.path` relative;
/// `location.lines.begin` an integer. GitLab keys entries by fingerprint, so fingerprints
/// must be unique in a report and stable across runs.
#[test]
fn gitlab_report_has_one_valid_entry_per_finding_with_a_stable_fingerprint() {
    for case in CASES {
        let text = report("gitlab", case);
        assert!(!text.starts_with('\u{feff}'), "{case}: a byte order mark");
        let entries: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
        let json: Value = serde_json::from_str(&report("json", case)).expect("JSON");
        let findings = json["diagnostics"].as_array().map_or(0, Vec::len);
        assert_eq!(entries.len(), findings, "{case}: one entry per finding");
        let mut fingerprints = BTreeSet::new();
        for entry in &entries {
            for field in ["description", "check_name", "fingerprint", "severity"] {
                assert!(entry[field].is_string(), "{case}: {field} in {entry}");
            }
            assert!(
                ["info", "minor", "major", "critical", "blocker"]
                    .contains(&entry["severity"].as_str().unwrap_or_default()),
                "{case}: {entry}"
            );
            let path = entry["location"]["path"].as_str().expect("a path");
            assert!(!path.starts_with('/') && !path.starts_with("./"), "{path}");
            assert!(entry["location"]["lines"]["begin"].is_u64(), "{entry}");
            fingerprints.insert(
                entry["fingerprint"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        // check-schema-many has four findings of one code on one map: their keys differ.
        assert_eq!(
            fingerprints.len(),
            entries.len(),
            "{case}: fingerprints repeat"
        );
        assert_eq!(text, report("gitlab", case), "{case}: not stable");
    }
}
