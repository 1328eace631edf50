//! `stance: reports`, `holder:`, `questions:` and `voice:`: a passage that reports a view counts
//! for neither side, and says so in every output.

use serde_json::Value;

use crate::support::{claimgraph, fixture, scratch_copy};

fn stdout(args: &[&str]) -> String {
    let output = claimgraph().args(args).output().expect("runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn a_reported_view_is_counted_apart_in_check_show_and_the_drawings() {
    let map = fixture("reports-stance");
    let map = map.to_str().expect("utf-8 path");
    claimgraph()
        .args(["check", "--deny-warnings", map])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "4 of 4 quotes anchored, 1 only reporting a view",
        ));
    let show = stdout(&["show", "regime-needs-aid", map]);
    assert!(
        show.contains("[reports: held by most experts and diplomats in 2021] brief"),
        "{show}"
    );
    let dot = stdout(&["render", map, "-f", "dot", "--evidence", "show"]);
    assert!(
        dot.contains("class=\"edge evidence-link reports\""),
        "{dot}"
    );
    assert!(dot.contains("arrowhead=\"odot\""), "{dot}");
    let mermaid = stdout(&["render", map, "-f", "mermaid", "--evidence", "show"]);
    assert!(mermaid.contains("-.-o"), "{mermaid}");
    let json: Value = serde_json::from_str(&stdout(&["render", map, "-f", "json"])).expect("json");
    let text = json.to_string();
    assert!(text.contains("\"stance\":\"reports\""), "{text}");
    assert!(
        text.contains("\"holder\":\"most experts and diplomats in 2021\""),
        "{text}"
    );
    let summary: Value =
        serde_json::from_str(&stdout(&["check", "-f", "json", map])).expect("json");
    assert_eq!(summary["summary"]["reporting"], 1);
}

#[test]
fn analyze_reads_the_maps_questions_and_counts_sources_with_a_shared_author_as_one_voice() {
    let map = fixture("reports-stance");
    let map = map.to_str().expect("utf-8 path");
    let analysis: Value =
        serde_json::from_str(&stdout(&["analyze", map, "-f", "json"])).expect("json");
    assert_eq!(analysis["questions_by_fallback"], false);
    assert_eq!(
        analysis["reported_only"],
        serde_json::json!(["regime-needs-aid"])
    );
    let claims = analysis["claims"].as_array().expect("claims");
    let self_funded = claims
        .iter()
        .find(|c| c["id"] == "regime-self-funded")
        .expect("claim");
    // brief (Malejacq) and paper (Malejacq, Terpstra) share an author: one voice.
    assert_eq!(self_funded["evidence"]["supporting"], 2);
    assert_eq!(
        self_funded["evidence"]["supporting_voices"],
        serde_json::json!(["Niels Terpstra & Romain Malejacq"])
    );
    let needs_aid = claims
        .iter()
        .find(|c| c["id"] == "regime-needs-aid")
        .expect("claim");
    assert_eq!(needs_aid["evidence"]["supporting"], 0);
    assert_eq!(needs_aid["evidence"]["reporting"], 1);
    let text = stdout(&["analyze", map]);
    assert!(
        text.contains("only reported as someone's view, argued by no source (1): regime-needs-aid"),
        "{text}"
    );
}

#[test]
fn a_question_that_names_no_claim_is_an_unknown_claim_with_its_fix() {
    let (_dir, map) = scratch_copy("reports-stance");
    let yaml = std::fs::read_to_string(&map).expect("read");
    std::fs::write(
        &map,
        yaml.replace(
            "questions: [regime-needs-aid]",
            "questions: [regime-need-aid]",
        ),
    )
    .expect("write");
    claimgraph()
        .args(["check", "-f", "short"])
        .arg(&map)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "claims.yaml:1:13: error[unknown-claim] [*] unknown claim `regime-need-aid` in `questions`",
        ));
    claimgraph()
        .args(["check", "--fix", "--unsafe-fixes"])
        .arg(&map)
        .assert()
        .success();
    let fixed = std::fs::read_to_string(&map).expect("read");
    assert!(
        fixed.starts_with("questions: [regime-needs-aid]\n"),
        "{fixed}"
    );
}

#[test]
fn a_reported_view_keeps_its_stance_through_argdown_and_aif_and_its_holder_through_argdown() {
    let map = fixture("reports-stance");
    let dir = tempfile::tempdir().expect("tempdir");
    for (format, file, holder) in [("argdown", "map.argdown", true), ("aif", "map.json", false)] {
        let exported = dir.path().join(file);
        claimgraph()
            .args(["export", "-f", format, "-o"])
            .arg(&exported)
            .arg(&map)
            .assert()
            .success();
        let out = dir.path().join(format!("back-{format}"));
        claimgraph()
            .args(["import", "--from", format, "--out"])
            .arg(&out)
            .arg(&exported)
            .assert()
            .success();
        let yaml = std::fs::read_to_string(out.join("claims.yaml")).expect("imported map");
        assert_eq!(
            yaml.matches("stance: reports").count(),
            1,
            "{format}:\n{yaml}"
        );
        assert_eq!(
            yaml.contains("holder: \"most experts and diplomats in 2021\""),
            holder,
            "{format}:\n{yaml}"
        );
    }
}

#[test]
fn diff_reports_the_verdicts_a_change_turns() {
    let (dir, map) = scratch_copy("reports-stance");
    let old = dir.path().join("old.yaml");
    std::fs::copy(&map, &old).expect("copy");
    let yaml = std::fs::read_to_string(&map).expect("read");
    std::fs::write(
        &map,
        yaml.replace("    contradicts: [regime-needs-aid]\n", ""),
    )
    .expect("write");
    let text = String::from_utf8(
        claimgraph()
            .arg("diff")
            .arg(&old)
            .arg(&map)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("utf-8");
    assert!(text.contains("~ regime-needs-aid: out → in"), "{text}");
    let json: Value = serde_json::from_slice(
        &claimgraph()
            .args(["diff", "-f", "json"])
            .arg(&old)
            .arg(&map)
            .output()
            .expect("runs")
            .stdout,
    )
    .expect("json");
    assert_eq!(
        json["verdicts"][0],
        serde_json::json!({"id": "regime-needs-aid", "old": "out", "new": "in"})
    );
}

#[test]
fn the_page_shows_each_questions_verdict_and_what_it_hangs_on() {
    let map = fixture("reports-stance");
    let page = stdout(&["render", map.to_str().expect("utf-8"), "-f", "html"]);
    assert!(
        page.contains("question <a href=\"#regime-needs-aid\">regime-needs-aid</a>: <span class=\"cg-verdict out\">out</span> · hangs on <a href=\"#regime-self-funded\">regime-self-funded</a>"),
        "{}",
        page.lines().find(|l| l.contains("cg-question")).unwrap_or("no question line")
    );
    assert!(
        page.contains("\"verdict\":\"in\",\"crux_of\":[\"regime-needs-aid\"]"),
        "the crux's data"
    );
}
