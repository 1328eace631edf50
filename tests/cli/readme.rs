//! README.md's examples: every `$ claimgraph …` command shown in a ```text block with its output
//! is run, and must print exactly that output, so the README cannot drift from the binary; and
//! docs/format.md has the section every SARIF rule's helpUri points at.

use crate::support::{claimgraph, root};

/// Commands the README shows but this test cannot reproduce, and why.
const NOT_RUN: &[(&str, &str)] = &[(
    // Needs a commit that does not exist in this repository: the README's example is a scratch
    // clone in which a commit renamed a claim, reworded one, flipped two edges and edited a
    // corpus text, and its output names that commit's hash.
    "claimgraph diff HEAD~1",
    "depends on a scratch clone's git history",
)];

/// One example: the command line after `$ `, and the output shown under it.
struct Example {
    line: usize,
    command: String,
    output: String,
}

/// The `$ claimgraph …` commands of the README's ```text blocks, each with the lines below it up
/// to the next `$ ` line or the end of the block.
fn examples(readme: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    let mut in_text_block = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            found.extend(current.take());
            in_text_block = !in_text_block && line.trim() == "```text";
            continue;
        }
        if !in_text_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.extend(current.take());
            current = Some(Example {
                line: i + 1,
                command: command.to_string(),
                output: String::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.output.push_str(line);
            example.output.push('\n');
        }
    }
    found
}

/// Trailing whitespace of each line and trailing blank lines dropped: an editor or a Markdown
/// formatter may strip them; nothing else is forgiven.
fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out = lines.join("\n");
    out.truncate(out.trim_end().len());
    out
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md is readable");
    let examples = examples(&readme);
    let mut run = 0;
    for example in &examples {
        if NOT_RUN
            .iter()
            .any(|(command, _)| *command == example.command)
        {
            continue;
        }
        let words: Vec<&str> = example.command.split_whitespace().collect();
        assert_eq!(
            words.first(),
            Some(&"claimgraph"),
            "README.md:{}: an example runs `claimgraph`, not `{}`",
            example.line,
            example.command
        );
        assert!(
            !example
                .command
                .contains(['\'', '"', '|', '>', '<', '*', '$']),
            "README.md:{}: `{}` needs a shell; keep examples to plain arguments",
            example.line,
            example.command
        );
        let output = claimgraph()
            .args(&words[1..])
            .output()
            .expect("claimgraph runs");
        // What a terminal shows: stdout, then the summary lines some commands write to stderr.
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            normalise(&printed),
            normalise(&example.output),
            "README.md:{}: `{}` prints something else than the README shows; \
             paste its real output into the README",
            example.line,
            example.command
        );
        run += 1;
    }
    // Guard against the parser silently finding nothing (a changed fence, a changed prompt).
    assert!(
        run >= 5,
        "only {run} README examples were run; expected the check, show and fix examples"
    );
    for (command, why) in NOT_RUN {
        assert!(
            examples.iter().any(|e| e.command == *command),
            "`{command}` is listed as not run ({why}) but no longer in README.md: drop it from NOT_RUN"
        );
    }
}

/// The anchor GitHub gives a Markdown heading: lowercase, punctuation other than `-` and `_`
/// dropped, spaces made `-`.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn every_sarif_help_uri_points_at_a_section_of_docs_format_md() {
    let docs = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let mut in_code = false;
    let mut anchors = Vec::new();
    for line in docs.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && let Some(heading) = line.strip_prefix('#') {
            anchors.push(github_anchor(heading.trim_start_matches('#')));
        }
    }
    let output = claimgraph()
        .args([
            "check",
            "-f",
            "sarif",
            "tests/fixtures/check-clean/claims.yaml",
        ])
        .output()
        .expect("claimgraph runs");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("the SARIF driver lists its rules");
    assert!(rules.len() > 20, "a rule per code: {rules:?}");
    for rule in rules {
        let uri = rule["helpUri"].as_str().expect("every rule has a helpUri");
        let (page, anchor) = uri.split_once('#').expect("the helpUri names a section");
        assert!(page.ends_with("/docs/format.md"), "{uri}");
        assert_eq!(Some(anchor), rule["id"].as_str(), "{uri}");
        assert!(
            anchors.iter().any(|a| a == anchor),
            "docs/format.md has no heading whose anchor is `{anchor}` (write ### `{anchor}`)"
        );
    }
}

#[test]
fn the_complete_example_of_docs_format_md_checks_clean() {
    let docs = std::fs::read_to_string(root().join("docs/format.md")).expect("docs/format.md");
    let start = docs.find("## A complete example").expect("the section");
    let block = &docs[start..];
    let block = &block[block.find("```yaml\n").expect("its YAML block") + 8..];
    let yaml = &block[..block.find("```").expect("the block's end")];
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    // The example names two of the repository's sources under shorter ids.
    for (from, to) in [
        ("lawfare-2023-leverage-failed.txt", "lawfare-2023.txt"),
        (
            "us-taliban-alliance-2021.txt",
            "us-taliban-alliance-2021.txt",
        ),
    ] {
        std::fs::copy(
            root().join("corpus").join(from),
            dir.path().join("corpus").join(to),
        )
        .expect("copy a source");
    }
    std::fs::write(dir.path().join("claims.yaml"), yaml).expect("write");
    let output = claimgraph()
        .args(["check", "--deny-warnings", "-f", "short"])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("claimgraph runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn readme_tour_quotes_what_analyze_says_about_the_questions() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let output = claimgraph()
        .args(["analyze", "-f", "markdown"])
        .output()
        .expect("runs");
    let report = String::from_utf8(output.stdout).expect("utf-8");
    let questions = report
        .split("## Questions\n")
        .nth(1)
        .and_then(|rest| rest.split("## Claims").next())
        .expect("a questions section");
    let lines: Vec<&str> = questions.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "{report}");
    for line in lines {
        assert!(
            readme.contains(line),
            "the README's tour lacks `{line}`: run claimgraph analyze -f markdown and copy its questions"
        );
    }
}
