//! Integration tests: diff. Each test builds a small git repository in a temporary folder,
//! commits a map, commits an edit of one kind, and checks what `claimgraph diff` says about it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::claimgraph;

const MAP: &str = "\
title: Harbour Road cycle lanes
sources:
  - id: council
    file: council.txt
    title: Report of the Transport Committee
    published: 2023-03
claims:
  - id: keep-lanes
    text: The Harbour Road cycle lanes should stay.
    tags: [policy]
    evidence:
      - source: council
        quote: The protected cycle lanes on Harbour Road opened in May 2022.
  - id: more-cycling
    text: More people cycle on Harbour Road since the lanes opened.
    tags: [usage]
    evidence:
      - source: council
        quote: the number of people cycling on the corridor rose by 38 percent
    supports: [keep-lanes]
  - id: safer
    text: The lanes made the road safer for cyclists.
    note: One year of data only.
    evidence:
      - source: council
        quote: Collisions involving cyclists on Harbour Road fell from 14 to 6
      - source: council
        quote: the sample is small and that a single year is not a trend
        stance: contradicts
    supports: [keep-lanes]
  - id: buses-slower
    text: The lanes slow down buses.
    evidence:
      - source: council
        quote: Journey times for buses on Harbour Road increased by an average of 40 seconds
    contradicts: [keep-lanes]
  - id: junction-to-blame
    text: The bus delay comes from the Mill Street junction, not the lanes.
    evidence:
      - source: council
        quote: attribute the delay to the narrowed junction at Mill Street
    contradicts: [buses-slower]
";

const COUNCIL: &str = "\
Report of the Transport Committee, March 2023.

The protected cycle lanes on Harbour Road opened in May 2022. In the twelve months that
followed, the number of people cycling on the corridor rose by 38 percent compared with the
year before.

Collisions involving cyclists on Harbour Road fell from 14 to 6 over the same period. The
committee notes that the sample is small and that a single year is not a trend.

Journey times for buses on Harbour Road increased by an average of 40 seconds at the evening
peak. Officers attribute the delay to the narrowed junction at Mill Street rather than to the
lanes themselves.
";

/// A git repository in a temporary folder, with deterministic commits.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A repository whose first commit holds `MAP` and its corpus.
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.write("claims.yaml", MAP);
        repo.write("corpus/council.txt", COUNCIL);
        repo.commit("first");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let output = self.try_git(args);
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn try_git(&self, args: &[&str]) -> std::process::Output {
        Command::new("git")
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.autocrlf=false",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("git runs")
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.path().join(file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path().join(file)).expect("read")
    }

    /// Replaces `from` (which must occur) with `to` in `file`.
    fn edit(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        assert!(text.contains(from), "{from:?} is not in {file}");
        self.write(file, &text.replacen(from, to, 1));
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// Runs `claimgraph diff ARGS` in the repository.
    fn diff(&self, args: &[&str]) -> std::process::Output {
        claimgraph()
            .current_dir(self.path())
            .arg("diff")
            .args(args)
            .output()
            .expect("claimgraph runs")
    }

    /// The text output of a successful diff, with commit ids replaced by `<id>`.
    fn text(&self, args: &[&str]) -> String {
        let output = self.diff(args);
        assert!(
            output.status.code() == Some(0) || output.status.code() == Some(1),
            "diff {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut text = String::from_utf8(output.stdout).expect("utf-8");
        for rev in ["HEAD", "HEAD~1", "HEAD~2"] {
            let output = self.try_git(&["rev-parse", "--short=7", rev]);
            if output.status.success() {
                let id = String::from_utf8_lossy(&output.stdout).trim().to_string();
                text = text.replace(&id, "<id>");
            }
        }
        text
    }

    /// The JSON document of `diff ARGS --format json`.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        let output = self.diff(&all);
        assert!(
            output.status.success(),
            "diff failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("valid json")
    }
}

fn summary(doc: &Value, key: &str) -> u64 {
    doc["summary"][key]
        .as_u64()
        .unwrap_or_else(|| panic!("no summary.{key}"))
}

fn claim<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["claims"]
        .as_array()
        .and_then(|claims| claims.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no claim {id} in {doc:#}"))
}

#[test]
fn reorder_only_commit_is_no_change() {
    let repo = Repo::new();
    // Claims in reverse order, a list reordered, comments, flow/block styles and quoting.
    let text = repo.read("claims.yaml");
    let (head, claims) = text.split_once("claims:\n").expect("claims");
    let mut blocks: Vec<String> = claims
        .split("  - id: ")
        .skip(1)
        .map(|b| format!("  - id: {b}"))
        .collect();
    blocks.reverse();
    let mut reordered = format!("# a comment\n{head}claims:\n{}", blocks.concat());
    reordered = reordered
        .replace(
            "text: The lanes slow down buses.",
            "text: 'The lanes slow down buses.'  # quoted",
        )
        .replace(
            "text: More people cycle on Harbour Road since the lanes opened.",
            "text: >\n      More people cycle on Harbour Road\n      since the lanes opened.",
        )
        .replace("tags: [policy]", "tags:\n      - policy");
    // The two evidence items of `safer` swapped.
    reordered = reordered.replace(
        "      - source: council\n        quote: Collisions involving cyclists on Harbour Road fell from 14 to 6\n      - source: council\n        quote: the sample is small and that a single year is not a trend\n        stance: contradicts\n",
        "      - quote: \"the sample is small and that a single year is not a trend\"\n        stance: contradicts\n        source: council\n      - source: council\n        quote: Collisions involving cyclists on Harbour Road fell from 14 to 6\n",
    );
    assert_ne!(reordered, text);
    repo.write("claims.yaml", &reordered);
    repo.commit("reformat");

    let output = repo.diff(&["HEAD~1", "HEAD", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(
            "no semantic change (the files differ only in formatting, order or comments)"
        ),
        "{stdout}"
    );
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(doc["changed"], false);
    assert_eq!(doc["bytes_differ"], true);
}

#[test]
fn identical_revisions_are_no_change() {
    let repo = Repo::new();
    let output = repo.diff(&["HEAD", "--exit-code"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("no change"));
}

#[test]
fn rename_is_reported_once_and_edges_follow_it() {
    let repo = Repo::new();
    // `keep-lanes` → `lanes-should-stay`: its id and every reference to it change.
    let text = repo
        .read("claims.yaml")
        .replace("keep-lanes", "lanes-should-stay");
    repo.write("claims.yaml", &text);
    // `safer` → `safety-improved` with a reworded text but the same evidence.
    repo.edit("claims.yaml", "id: safer", "id: safety-improved");
    repo.edit(
        "claims.yaml",
        "text: The lanes made the road safer for cyclists.",
        "text: Harbour Road is safer for people on bikes since the lanes.",
    );
    repo.commit("rename");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "claims_renamed"), 2, "{doc:#}");
    assert_eq!(summary(&doc, "claims_added"), 0);
    assert_eq!(summary(&doc, "claims_removed"), 0);
    assert_eq!(summary(&doc, "edges_added"), 0, "edges follow renames");
    assert_eq!(summary(&doc, "edges_removed"), 0);
    let keep = claim(&doc, "lanes-should-stay");
    assert_eq!(keep["status"], "renamed");
    assert_eq!(keep["old_id"], "keep-lanes");
    assert_eq!(keep["rename"]["basis"], "same-text");
    let safer = claim(&doc, "safety-improved");
    assert_eq!(safer["rename"]["basis"], "same-evidence");
    assert!(safer["text_change"]["words"].is_array());
    // Renaming fixes nothing and breaks nothing.
    assert_eq!(summary(&doc, "findings_introduced"), 0);

    let text = repo.text(&["HEAD~1", "HEAD"]);
    assert!(
        text.contains("~ renamed keep-lanes → lanes-should-stay"),
        "{text}"
    );
    assert!(text.contains("2 renamed"), "{text}");
}

#[test]
fn claims_added_and_removed_with_their_edges() {
    let repo = Repo::new();
    repo.edit(
        "claims.yaml",
        "  - id: junction-to-blame\n    text: The bus delay comes from the Mill Street junction, not the lanes.\n    evidence:\n      - source: council\n        quote: attribute the delay to the narrowed junction at Mill Street\n    contradicts: [buses-slower]\n",
        "",
    );
    let mut text = repo.read("claims.yaml");
    text.push_str(
        "  - id: trend-unclear\n    text: One year is too short to judge.\n    evidence:\n      - source: council\n        quote: a single year is not a trend\n    contradicts: [safer, more-cycling]\n",
    );
    repo.write("claims.yaml", &text);
    repo.commit("add and remove");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "claims_added"), 1, "{doc:#}");
    assert_eq!(summary(&doc, "claims_removed"), 1);
    assert_eq!(summary(&doc, "edges_added"), 2);
    assert_eq!(summary(&doc, "edges_removed"), 1);
    assert_eq!(claim(&doc, "trend-unclear")["status"], "added");
    assert_eq!(claim(&doc, "junction-to-blame")["status"], "removed");
    let edges = doc["edges"].as_array().expect("edges");
    assert!(edges.iter().any(|e| e["status"] == "removed"
        && e["from"] == "junction-to-blame"
        && e["to"] == "buses-slower"
        && e["kind"] == "contradicts"));
    let text = repo.text(&["HEAD~1", "HEAD"]);
    assert!(
        text.contains("+1 claim, -1 claim, 2 edges added, 1 removed"),
        "{text}"
    );
}

#[test]
fn edge_and_stance_flips() {
    let repo = Repo::new();
    repo.edit(
        "claims.yaml",
        "contradicts: [buses-slower]",
        "supports: [buses-slower]",
    );
    repo.edit(
        "claims.yaml",
        "        quote: the sample is small and that a single year is not a trend\n        stance: contradicts\n",
        "        quote: the sample is small and that a single year is not a trend\n",
    );
    repo.commit("flip");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "edges_flipped"), 1, "{doc:#}");
    assert_eq!(summary(&doc, "edges_added"), 0);
    assert_eq!(summary(&doc, "edges_removed"), 0);
    assert_eq!(summary(&doc, "stances_flipped"), 1);
    let edge = &doc["edges"][0];
    assert_eq!(edge["status"], "flipped");
    assert_eq!(edge["old_kind"], "contradicts");
    assert_eq!(edge["kind"], "supports");
    let evidence = &claim(&doc, "safer")["evidence"][0];
    assert_eq!(evidence["changes"], serde_json::json!(["stance-flipped"]));
    assert_eq!(evidence["old"]["stance"], "contradicts");
    assert_eq!(evidence["new"]["stance"], "supports");
}

#[test]
fn text_tags_note_and_quote_edits() {
    let repo = Repo::new();
    repo.edit(
        "claims.yaml",
        "text: The lanes slow down buses.",
        "text: The lanes slow buses down at the evening peak.",
    );
    repo.edit("claims.yaml", "tags: [usage]", "tags: [usage, data]");
    repo.edit(
        "claims.yaml",
        "note: One year of data only.",
        "note: One year of data only; wait for 2024.",
    );
    // Reworded quote that still anchors (an elision), and one that no longer does.
    repo.edit(
        "claims.yaml",
        "quote: Journey times for buses on Harbour Road increased by an average of 40 seconds",
        "quote: Journey times for buses ... increased by an average of 40 seconds",
    );
    repo.edit(
        "claims.yaml",
        "quote: the number of people cycling on the corridor rose by 38 percent",
        "quote: the number of people cycling on the corridor rose by 83 percent",
    );
    repo.commit("edits");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    let buses = claim(&doc, "buses-slower");
    assert_eq!(
        buses["text_change"]["old"], "The lanes slow down buses.",
        "{doc:#}"
    );
    assert_eq!(
        buses["evidence"][0]["changes"],
        serde_json::json!(["quote-edited"])
    );
    let cycling = claim(&doc, "more-cycling");
    assert_eq!(cycling["tags"]["added"], serde_json::json!(["data"]));
    assert_eq!(
        cycling["evidence"][0]["changes"],
        serde_json::json!(["quote-edited", "broken"])
    );
    assert_eq!(
        claim(&doc, "safer")["note"]["new"],
        "One year of data only; wait for 2024."
    );
    assert_eq!(summary(&doc, "claims_edited"), 3);
    assert_eq!(summary(&doc, "quotes_edited"), 2);
    assert_eq!(summary(&doc, "quotes_broken"), 1);
    assert_eq!(summary(&doc, "findings_introduced"), 1);
    assert_eq!(doc["findings"]["introduced"][0]["code"], "quote-not-found");

    let text = repo.text(&["HEAD~1", "HEAD"]);
    assert!(
        text.contains("text: The lanes slow {+buses+} down [-buses.-] {+at the evening peak.+}"),
        "{text}"
    );
}

#[test]
fn quote_drift_from_a_corpus_edit() {
    let repo = Repo::new();
    // One quoted sentence is reworded (its quote breaks), the bus paragraph moves to the top
    // (its quotes anchor elsewhere), and a line inserted above the rest shifts it without
    // moving it.
    let council = COUNCIL
        .replace("opened in May 2022", "opened in spring 2022")
        .replace(
            "\nJourney times for buses on Harbour Road increased by an average of 40 seconds at the evening\npeak. Officers attribute the delay to the narrowed junction at Mill Street rather than to the\nlanes themselves.\n",
            "",
        )
        .replace(
            "Report of the Transport Committee, March 2023.\n",
            "Report of the Transport Committee, March 2023.\n\nJourney times for buses on Harbour Road increased by an average of 40 seconds at the evening\npeak. Officers attribute the delay to the narrowed junction at Mill Street rather than to the\nlanes themselves.\n\nA line added by the editor.\n",
        );
    repo.write("corpus/council.txt", &council);
    repo.commit("corpus edit");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "quotes_broken"), 1, "{doc:#}");
    assert_eq!(summary(&doc, "quotes_moved"), 2, "{doc:#}");
    assert_eq!(summary(&doc, "sources_changed"), 1);
    assert_eq!(summary(&doc, "claims_edited"), 0);
    let keep = claim(&doc, "keep-lanes");
    assert_eq!(
        keep["evidence"][0]["changes"],
        serde_json::json!(["broken"])
    );
    assert_eq!(keep["evidence"][0]["old"]["anchor"]["state"], "anchored");
    assert_eq!(keep["evidence"][0]["new"]["anchor"]["state"], "not-found");
    let buses = claim(&doc, "buses-slower");
    assert_eq!(
        buses["evidence"][0]["changes"],
        serde_json::json!(["moved"])
    );
    assert_eq!(buses["evidence"][0]["old"]["anchor"]["line"], 10);
    assert_eq!(buses["evidence"][0]["new"]["anchor"]["line"], 3);
    let source = &doc["sources"][0];
    assert_eq!(source["id"], "council");
    assert_eq!(source["text"]["quotes_broken"], 1);
    assert_eq!(source["text"]["quotes_moved"], 2);

    insta::assert_snapshot!(repo.text(&["HEAD~1", "HEAD"]));
}

#[test]
fn sources_added_removed_and_metadata() {
    let repo = Repo::new();
    repo.edit(
        "claims.yaml",
        "    title: Report of the Transport Committee\n",
        "    title: Report of the Transport Committee (final)\n    publisher: City Council\n",
    );
    repo.write("corpus/letter.txt", "An open letter.\n");
    repo.commit("sources");
    std::fs::remove_file(repo.path().join("corpus/letter.txt")).expect("rm");
    repo.write("corpus/study.md", "A footfall study.\n");
    repo.commit("swap");

    let doc = repo.json(&["HEAD~2", "HEAD~1"]);
    assert_eq!(summary(&doc, "sources_added"), 1, "{doc:#}");
    assert_eq!(summary(&doc, "sources_changed"), 1);
    let council = doc["sources"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["id"] == "council"))
        .expect("council changed");
    let fields: Vec<&str> = council["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert_eq!(fields, ["title", "publisher"]);
    // The new file is an unused source: a warning the change introduced.
    assert_eq!(doc["findings"]["introduced"][0]["code"], "unused-source");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "sources_added"), 1, "{doc:#}");
    assert_eq!(summary(&doc, "sources_removed"), 1);
}

#[test]
fn check_findings_introduced_and_fixed() {
    let repo = Repo::new();
    // Break: a dangling edge. Fix nothing yet.
    repo.edit(
        "claims.yaml",
        "supports: [keep-lanes]",
        "supports: [keep-lane]",
    );
    repo.commit("break");
    // Fix it again, and introduce a warning (an isolated claim).
    repo.edit(
        "claims.yaml",
        "supports: [keep-lane]",
        "supports: [keep-lanes]",
    );
    let mut text = repo.read("claims.yaml");
    text.push_str(
        "  - id: alone\n    text: A claim on its own.\n    evidence:\n      - source: council\n        quote: over the same period\n",
    );
    repo.write("claims.yaml", &text);
    repo.commit("fix");

    let broke = repo.json(&["HEAD~2", "HEAD~1"]);
    assert_eq!(broke["findings"]["introduced"][0]["code"], "unknown-claim");
    assert_eq!(broke["findings"]["new_counts"]["errors"], 1);
    let fixed = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(fixed["findings"]["fixed"][0]["code"], "unknown-claim");
    assert_eq!(fixed["findings"]["introduced"][0]["code"], "isolated-claim");
    let text = repo.text(&["HEAD~1", "HEAD"]);
    assert!(
        text.contains("check: 1 → 0 errors, 0 → 1 warnings"),
        "{text}"
    );
}

#[test]
fn exit_codes_follow_git_diff() {
    let repo = Repo::new();
    repo.edit("claims.yaml", "tags: [policy]", "tags: [policy, vote]");
    // Working tree against HEAD: changes, exit 0 without --exit-code, 1 with it.
    assert_eq!(repo.diff(&["HEAD"]).status.code(), Some(0));
    assert_eq!(repo.diff(&["HEAD", "--exit-code"]).status.code(), Some(1));
    // Errors are 2 either way.
    let unknown = repo.diff(&["no-such-rev", "--exit-code"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains(
            "error: `no-such-rev` is neither a file nor a revision of this git repository"
        ),
        "{stderr}"
    );
    // gix's own wording says nothing of what was tried.
    assert!(!stderr.contains("couldn't parse revision"), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");
    let missing = repo.diff(&["HEAD", "--map", "maps/claims.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn map_missing_at_the_revision_is_an_error() {
    let repo = Repo::new();
    repo.git(&["mv", "claims.yaml", "argument.yaml"]);
    repo.commit("move");
    let output = repo.diff(&["HEAD~1", "--map", "argument.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("argument.yaml does not exist at revision `HEAD~1`"),
        "{stderr}"
    );
}

#[test]
fn outside_a_repository_revisions_are_an_error_but_files_work() {
    let dir = tempfile::tempdir().expect("tempdir");
    for side in ["old", "new"] {
        std::fs::create_dir_all(dir.path().join(side).join("corpus")).expect("mkdir");
        std::fs::write(dir.path().join(side).join("corpus/council.txt"), COUNCIL).expect("w");
    }
    std::fs::write(dir.path().join("old/claims.yaml"), MAP).expect("w");
    std::fs::write(
        dir.path().join("new/claims.yaml"),
        MAP.replace("tags: [usage]", "tags: [usage, data]"),
    )
    .expect("w");
    let run = |args: &[&str]| {
        claimgraph()
            .current_dir(dir.path())
            .arg("diff")
            .args(args)
            .output()
            .expect("runs")
    };
    let output = run(&["HEAD", "--map", "old/claims.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is not inside a git repository"),
        "{stderr}"
    );

    let output = run(&["old/claims.yaml", "new/claims.yaml", "--exit-code"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("diff old/claims.yaml → new/claims.yaml"),
        "{stdout}"
    );
    assert!(stdout.contains("tags: +data"), "{stdout}");
    let same = run(&["old/claims.yaml", "old/claims.yaml", "--exit-code"]);
    assert_eq!(same.status.code(), Some(0));
}

#[test]
fn map_in_a_subfolder_and_a_working_tree_side() {
    let repo = Repo::new();
    std::fs::create_dir_all(repo.path().join("maps")).expect("mkdir");
    repo.git(&["mv", "claims.yaml", "maps/claims.yaml"]);
    repo.git(&["mv", "corpus", "maps/corpus"]);
    repo.commit("move into maps/");
    repo.edit("maps/claims.yaml", "tags: [policy]", "tags: [vote]");
    let doc = repo.json(&["HEAD", "--map", "maps/claims.yaml"]);
    assert_eq!(summary(&doc, "claims_edited"), 1, "{doc:#}");
    assert_eq!(doc["new"], "working tree (maps/claims.yaml)");
    // From inside the subfolder, with a relative map path.
    let output = claimgraph()
        .current_dir(repo.path().join("maps"))
        .args(["diff", "HEAD", "--map", "claims.yaml", "--exit-code"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn markdown_and_text_of_a_mixed_change() {
    let repo = Repo::new();
    let text = repo
        .read("claims.yaml")
        .replace("junction-to-blame", "junction-delay");
    repo.write("claims.yaml", &text);
    repo.edit(
        "claims.yaml",
        "text: The lanes slow down buses.",
        "text: The lanes slow buses down.",
    );
    repo.edit(
        "claims.yaml",
        "contradicts: [buses-slower]",
        "supports: [buses-slower]",
    );
    repo.edit("claims.yaml", "tags: [usage]", "tags: [usage, data]");
    let mut text = repo.read("claims.yaml");
    text.push_str(
        "  - id: trend-unclear\n    text: One year is too short to judge *anything* | really.\n    evidence:\n      - source: council\n        quote: a single year is not a trend\n    contradicts: [safer]\n",
    );
    repo.write("claims.yaml", &text);
    repo.edit(
        "corpus/council.txt",
        "fell from 14 to 6",
        "fell from 14 to 5",
    );
    repo.commit("mixed");

    insta::assert_snapshot!("mixed_text", repo.text(&["HEAD~1", "HEAD"]));
    insta::assert_snapshot!(
        "mixed_markdown",
        repo.text(&["HEAD~1", "HEAD", "--format", "markdown"])
    );
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(doc["schema"], "claimgraph-diff/1");
    assert_eq!(doc["changed"], true);
}

#[test]
fn dot_draws_the_union_with_marks() {
    let repo = Repo::new();
    repo.edit(
        "claims.yaml",
        "  - id: junction-to-blame\n    text: The bus delay comes from the Mill Street junction, not the lanes.\n    evidence:\n      - source: council\n        quote: attribute the delay to the narrowed junction at Mill Street\n    contradicts: [buses-slower]\n",
        "",
    );
    repo.edit(
        "claims.yaml",
        "text: The lanes slow down buses.",
        "text: The lanes slow buses.",
    );
    let mut text = repo.read("claims.yaml");
    text.push_str(
        "  - id: trend-unclear\n    text: One year is too short to judge.\n    evidence:\n      - source: council\n        quote: a single year is not a trend\n    contradicts: [safer]\n",
    );
    repo.write("claims.yaml", &text);
    repo.commit("for the picture");
    let output = repo.diff(&["HEAD~1", "HEAD", "--format", "dot"]);
    assert!(output.status.success(), "{output:?}");
    let dot = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "claim-junction-to-blame",
        "edge-junction-to-blame-contradicts-buses-slower",
        "edge-trend-unclear-contradicts-safer",
        "#c53030",
        "#2f855a",
        "#dd6b20",
    ] {
        assert!(dot.contains(expected), "{expected} missing from:\n{dot}");
    }
    let svg = repo.diff(&["HEAD~1", "HEAD", "--format", "svg", "--engine", "builtin"]);
    assert!(svg.status.success(), "{svg:?}");
    assert!(String::from_utf8_lossy(&svg.stdout).contains("<svg"));
}

#[test]
fn diff_of_this_repository_against_head() {
    // The project's own map, at HEAD against the working tree: must load from git objects.
    let root: PathBuf = crate::support::root();
    if !root.join(".git").exists() {
        eprintln!("SKIPPED diff_of_this_repository_against_head: not a git checkout");
        return;
    }
    let output = claimgraph()
        .args(["diff", "HEAD", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let doc: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(doc["old_parsed"], true);
}

#[cfg(unix)]
#[test]
fn symlinks_in_the_committed_corpus_resolve_like_on_disk() {
    let repo = Repo::new();
    std::os::unix::fs::symlink("council.txt", repo.path().join("corpus/alias.txt")).expect("ln");
    std::os::unix::fs::symlink("../claims.yaml", repo.path().join("corpus/escape.txt"))
        .expect("ln");
    repo.commit("links");
    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(summary(&doc, "sources_added"), 2, "{doc:#}");
    let codes: Vec<&str> = doc["findings"]["introduced"]
        .as_array()
        .expect("introduced")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    // The committed link inside the corpus reads the committed text; the one pointing out of
    // the corpus is refused, exactly as `check` does on disk.
    assert_eq!(
        codes,
        ["unused-source", "source-outside-corpus", "unused-source"]
    );
    let on_disk = repo.json(&["HEAD"]);
    assert_eq!(on_disk["changed"], false, "{on_disk:#}");
}

#[test]
fn evidence_added_removed_repaired_and_title() {
    let repo = Repo::new();
    // A corpus edit breaks a quote, so that the next commit can repair it by restoring the text.
    repo.edit(
        "corpus/council.txt",
        "fell from 14 to 6",
        "fell from 14 to 7",
    );
    repo.commit("broken quote");
    repo.edit(
        "corpus/council.txt",
        "fell from 14 to 7",
        "fell from 14 to 6",
    );
    repo.edit(
        "claims.yaml",
        "title: Harbour Road cycle lanes",
        "title: The Harbour Road lanes",
    );
    repo.edit(
        "claims.yaml",
        "        quote: the number of people cycling on the corridor rose by 38 percent\n",
        "        quote: the number of people cycling on the corridor rose by 38 percent\n      - source: council\n        quote: compared with the year before\n",
    );
    repo.edit(
        "claims.yaml",
        "      - source: council\n        quote: the sample is small and that a single year is not a trend\n        stance: contradicts\n",
        "",
    );
    repo.commit("evidence");

    let doc = repo.json(&["HEAD~1", "HEAD"]);
    assert_eq!(doc["title"]["new"], "The Harbour Road lanes", "{doc:#}");
    assert_eq!(summary(&doc, "title_changed"), 1);
    assert_eq!(summary(&doc, "quotes_added"), 1);
    assert_eq!(summary(&doc, "quotes_removed"), 1);
    assert_eq!(summary(&doc, "quotes_repaired"), 1);
    assert_eq!(summary(&doc, "quotes_edited"), 0);
    assert_eq!(summary(&doc, "findings_fixed"), 1);
    let added = &claim(&doc, "more-cycling")["evidence"][0];
    assert_eq!(added["changes"], serde_json::json!(["added"]));
    // The quote anchors across a line break of the source.
    assert_eq!(added["new"]["anchor"]["state"], "anchored");
    assert_eq!(added["new"]["anchor"]["line"], 4);
    assert_eq!(summary(&doc, "findings_introduced"), 0);
    let safer = &claim(&doc, "safer")["evidence"];
    assert_eq!(safer[0]["changes"], serde_json::json!(["repaired"]));
    assert_eq!(safer[1]["changes"], serde_json::json!(["removed"]));
}

#[test]
fn html_lists_the_changes_and_carries_them_to_the_panel() {
    let output = claimgraph()
        .args([
            "diff",
            "tests/fixtures/html-diff/old.yaml",
            "tests/fixtures/html-diff/new.yaml",
            "--format",
            "html",
        ])
        .output()
        .expect("claimgraph runs");
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(page.contains(
        "<summary>changes: +1 claim, 1 renamed, 1 edited, 1 edge added, 1 flipped, 1 quote added</summary>"
    ));
    for (status, id) in [
        ("modified", "safer"),
        ("renamed", "mill-street-junction"),
        ("modified", "loading-bays"),
        ("added", "not-consulted"),
    ] {
        assert!(
            page.contains(&format!(
                "<li class=\"{status}\"><span class=\"cg-code\">{status}</span> <a href=\"#{id}\">{id}</a></li>"
            )),
            "{status} {id}"
        );
    }
    let start = page.find("id=\"cg-data\">").expect("the page data") + "id=\"cg-data\">".len();
    let end = start + page[start..].find("</script>").expect("its end");
    let data: Value = serde_json::from_str(&page[start..end]).expect("JSON");
    let renamed = &data["changes"]["claims"][1];
    assert_eq!(renamed["status"], "renamed");
    assert_eq!(
        renamed["lines"][0][0]["text"],
        "~ renamed junction-to-blame → mill-street-junction (line 80, same text)"
    );
    // The drawing marks the added claim (either engine writes its classes after the id).
    let at = page
        .find("id=\"claim-not-consulted\"")
        .expect("the added claim is drawn");
    let class = &page[at..][..page[at..].find('>').expect("its tag ends")];
    assert!(class.contains(" added"), "{class}");
}

/// A fixture copied into a scratch folder, its map also saved as `old.yaml`: (folder, old
/// map, new map, the map's text).
fn old_and_new(case: &str) -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(
        &crate::support::root().join("tests/fixtures").join(case),
        dir.path(),
    );
    let new = dir.path().join("claims.yaml");
    let old = dir.path().join("old.yaml");
    let text = std::fs::read_to_string(&new).expect("read");
    std::fs::write(&old, &text).expect("write");
    (dir, old, new, text)
}

#[test]
fn two_file_diff_of_an_unchanged_warning_says_check_unchanged() {
    // The symptom: `diff old.yaml claims.yaml` reported the same warning as introduced (in
    // claims.yaml) and fixed (in old.yaml), because findings were matched by file name and
    // message text. They are matched by code, subject and key now.
    let (_dir, old, new, text) = old_and_new("check-isolated-claim");
    // Reword the isolated claim and move it down a line: still the same finding.
    std::fs::write(
        &new,
        format!("# moved\n{}", text.replace("text: ", "text: Reworded ")),
    )
    .expect("write");
    let output = claimgraph()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .expect("claimgraph runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("check: unchanged (0 errors, 1 warning)"),
        "{out}"
    );
    assert!(
        !out.contains("introduced") && !out.contains("(fixed)"),
        "{out}"
    );
    let json = claimgraph()
        .args(["diff", "-f", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .expect("claimgraph runs");
    let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(summary(&doc, "findings_introduced"), 0);
    assert_eq!(summary(&doc, "findings_fixed"), 0);
}

#[test]
fn a_renamed_claim_keeps_its_findings_across_a_diff() {
    let (_dir, old, new, text) = old_and_new("check-isolated-claim");
    std::fs::write(&new, text.replace("id: loner", "id: lone-wolf")).expect("write");
    let json = claimgraph()
        .args(["diff", "-f", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .expect("claimgraph runs");
    let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(summary(&doc, "findings_introduced"), 0, "{doc}");
    assert_eq!(summary(&doc, "findings_fixed"), 0, "{doc}");
}

#[test]
fn reordering_claims_keeps_an_unknown_field_the_same_finding() {
    let (_dir, old, new, text) = old_and_new("check-schema");
    // Swap the two claims: the `suports:` typo moves from the first entry to the second.
    let at = text
        .find("  - id: sanctions-fail")
        .expect("the second claim");
    let (head, first) = text[..at].split_at(text.find("  - id:").expect("the first claim"));
    std::fs::write(&new, format!("{head}{}{first}", &text[at..])).expect("write");
    let json = claimgraph()
        .args(["diff", "-f", "json"])
        .arg(&old)
        .arg(&new)
        .output()
        .expect("claimgraph runs");
    let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(summary(&doc, "findings_introduced"), 0, "{doc}");
    assert_eq!(summary(&doc, "findings_fixed"), 0, "{doc}");
}

#[test]
fn a_map_file_without_a_corpus_beside_it_borrows_the_other_sides() {
    // `claimgraph diff /tmp/old.yaml claims.yaml` failed with exit 2: /tmp has no corpus.
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.yaml");
    std::fs::copy(crate::support::root().join("claims.yaml"), &old).expect("copy");
    let output = claimgraph()
        .arg("diff")
        .arg(&old)
        .arg("claims.yaml")
        .output()
        .expect("claimgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("has no corpus folder"), "{stderr}");
    assert!(stderr.contains("--corpus DIR"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("no change"));
    // --corpus names the folder outright, and then nothing needs saying.
    let output = claimgraph()
        .args(["diff", "--corpus", "corpus"])
        .arg(&old)
        .arg("claims.yaml")
        .output()
        .expect("claimgraph runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("note:"));
}

#[test]
fn focus_on_the_old_id_of_a_renamed_claim_draws_it() {
    // `diff … --focus OLD-ID` of a renamed claim failed: the drawing knows only the new id.
    let output = claimgraph()
        .args([
            "diff",
            "tests/fixtures/html-diff/old.yaml",
            "tests/fixtures/html-diff/new.yaml",
            "-f",
            "dot",
            "--focus",
            "junction-to-blame",
        ])
        .output()
        .expect("claimgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("`junction-to-blame` is renamed `mill-street-junction`"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("claim-mill-street-junction"));
}

/// `claimgraph diff tests/fixtures/html-diff/old.yaml tests/fixtures/html-diff/NEW` with extra
/// arguments: its output.
fn fixture_diff(new: &str, extra: &[&str]) -> String {
    let output = claimgraph()
        .args(["diff", "tests/fixtures/html-diff/old.yaml"])
        .arg(format!("tests/fixtures/html-diff/{new}"))
        .args(extra)
        .output()
        .expect("claimgraph runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The page data of a diff page.
fn page_data(page: &str) -> Value {
    let start = page.find("id=\"cg-data\">").expect("the page data") + "id=\"cg-data\">".len();
    let end = start + page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..end]).expect("JSON")
}

/// The (op, text) runs of line `line` of changed claim `id` in a diff page's data.
fn change_runs(data: &Value, id: &str, line: usize) -> Vec<(String, String)> {
    let claims = data["changes"]["claims"]
        .as_array()
        .expect("changed claims");
    let claim = claims
        .iter()
        .find(|c| c["id"] == id)
        .expect("the claim changed");
    claim["lines"][line]
        .as_array()
        .expect("a line of runs")
        .iter()
        .map(|run| {
            let field = |k: &str| run[k].as_str().unwrap_or_default().to_string();
            (field("op"), field("text"))
        })
        .collect()
}

#[test]
fn diff_panel_shows_word_diffs_as_struck_and_inserted_runs_not_git_notation() {
    let page = fixture_diff("new.yaml", &["--format", "html"]);
    let runs = change_runs(&page_data(&page), "safer", 1);
    let want = [
        ("equal", "  text: The lanes made "),
        ("delete", "the road"),
        ("equal", " "),
        ("insert", "Harbour Road"),
        ("equal", " safer for cyclists."),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(op, text)| (op.to_string(), text.to_string()))
        .collect();
    assert_eq!(runs, want);
    assert!(!page.contains("[-the road-]") && !page.contains("{+Harbour"));
}

#[test]
fn diff_panel_word_diffs_of_hostile_text_stay_text() {
    let page = fixture_diff("hostile.yaml", &["--format", "html"]);
    let runs = change_runs(&page_data(&page), "safer", 1);
    let inserted: Vec<&str> = runs
        .iter()
        .filter(|(op, _)| op == "insert")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(
        inserted,
        ["<script>alert('diff')</script> & \"Harbour\" Road"]
    );
    // Only the page's own two scripts: the words travel escaped, in the JSON and the drawing.
    assert_eq!(page.matches("<script").count(), 2, "{page}");
    assert!(!page.contains("<script>alert"));
}

#[test]
fn diff_svg_draws_unchanged_edges_in_their_kinds_colour_muted() {
    // Unchanged edges were all grey, so a diff lost which edges support and which contradict.
    let svg = fixture_diff("new.yaml", &["--format", "svg", "--engine", "builtin"]);
    let stroke_of = |id: &str| {
        let at = svg
            .find(&format!("<g id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} is drawn"));
        let group = &svg[at..at + svg[at..].find("</g>").expect("the group ends")];
        let stroke = group.find("stroke=\"").expect("a stroke") + "stroke=\"".len();
        group[stroke..stroke + 7].to_string()
    };
    assert_eq!(
        stroke_of("edge-more-cycling-supports-keep-lanes"),
        "#a1c8b5"
    );
    assert_eq!(
        stroke_of("edge-shops-suffer-contradicts-keep-lanes"),
        "#e5a2a2"
    );
    assert!(
        !svg.contains("stroke=\"#a0aec0\" stroke-width=\"1.2\""),
        "a grey edge"
    );
}
