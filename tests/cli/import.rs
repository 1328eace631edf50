//! `claimgraph import --from argdown`: the Argdown project's own samples against what the
//! Argdown CLI makes of them, round trips through our export, warnings at their line and
//! column, hostile text, and files that are not Argdown at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::export::argdown;
use crate::support::{claimgraph, copy_dir, root};

const SAMPLES: [&str; 3] = [
    "argdown-primer",
    "legalisation-softdrugs",
    "state-censorship",
];

fn sample(name: &str) -> PathBuf {
    root().join(format!("tests/fixtures/argdown-samples/{name}.argdown"))
}

/// `import FILE --from argdown --out DIR/NAME`: (the map, stdout, stderr); must succeed.
fn import(file: &Path, dir: &Path, name: &str) -> (PathBuf, String, String) {
    let out = dir.join(name);
    let output = claimgraph()
        .args(["import", "--from", "argdown", "--force", "--out"])
        .arg(&out)
        .arg(file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    (out.join("claims.yaml"), stdout, stderr)
}

/// `export --allow-errors -f argdown` (an imported map is uncited, so it has errors).
fn export(map: &Path, file: &Path) {
    claimgraph()
        .args(["export", "--allow-errors", "-f", "argdown", "-o"])
        .arg(file)
        .arg(map)
        .assert()
        .success();
}

/// The Argdown CLI's `json` export of `file`, which must parse without an error.
fn argdown_json(bin: &Path, file: &Path) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = Command::new(bin)
        .arg("json")
        .arg(file)
        .arg(dir.path())
        .output()
        .expect("the Argdown CLI runs");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !said.to_lowercase().contains("error"),
        "Argdown refused {}:\n{said}",
        file.display()
    );
    let stem = file.file_stem().expect("stem").to_string_lossy();
    let json = std::fs::read(dir.path().join(format!("{stem}.json"))).expect("argdown json");
    serde_json::from_slice(&json).expect("JSON from the Argdown CLI")
}

fn len(value: &Value) -> usize {
    value
        .as_object()
        .map(|o| o.len())
        .or(value.as_array().map(Vec::len))
        .unwrap_or(0)
}

/// The supports the documented mapping derives from the Argdown CLI's own reading of the
/// premise–conclusion structures: each conclusion is supported by the statements its
/// inference's `uses` numbers, else by every statement since the previous conclusion (that one
/// included); a titled argument supports its main conclusion.
fn structure_supports(document: &Value) -> usize {
    let mut pairs = BTreeSet::new();
    for (title, argument) in document["arguments"].as_object().into_iter().flatten() {
        let pcs = argument["pcs"].as_array().cloned().unwrap_or_default();
        let mut since = 0;
        for (i, statement) in pcs.iter().enumerate() {
            let role = statement["role"].as_str().unwrap_or_default();
            if !role.ends_with("conclusion") {
                continue;
            }
            let conclusion = statement["title"].as_str().unwrap_or_default();
            let uses = statement["inference"]["data"]["uses"].as_array();
            let premises: Vec<usize> = match uses {
                Some(uses) => uses
                    .iter()
                    .filter_map(Value::as_u64)
                    .map(|n| n as usize - 1)
                    .collect(),
                None => (since..i).collect(),
            };
            for p in premises {
                let premise = pcs[p]["title"].as_str().unwrap_or_default();
                pairs.insert((premise.to_string(), conclusion.to_string()));
            }
            since = i;
            if role == "main-conclusion" && !title.starts_with("Untitled") {
                pairs.insert((format!("<{title}>"), conclusion.to_string()));
            }
        }
    }
    pairs.len()
}

#[test]
fn argdown_samples_import_with_every_statement_argument_and_relation() {
    // (claims, supports, contradicts): statements + arguments; the CLI's support relations plus
    // those of the premise–conclusion structures; attacks, undercuts and contradictions.
    let expected = [(21, 8, 5), (18, 9, 10), (35, 30, 4)];
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = argdown("argdown_samples_import_with_every_statement_argument_and_relation");
    for (name, (claims, supports, contradicts)) in SAMPLES.into_iter().zip(expected) {
        let (map, said, _) = import(&sample(name), dir.path(), name);
        assert!(
            said.contains(&format!(
                "imported {claims} claims, {supports} supports, {contradicts} contradicts, 0 quotes"
            )),
            "{name}: {said}"
        );
        assert!(
            said.contains("the claims are uncited") && said.contains("add evidence"),
            "{said}"
        );
        let Some(bin) = &bin else { continue };
        // The numbers, independently: what the Argdown CLI itself reads in the sample.
        let original = argdown_json(bin, &sample(name));
        assert_eq!(
            len(&original["statements"]) + len(&original["arguments"]),
            claims,
            "{name}"
        );
        let relations = original["relations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let of = |kinds: &[&str]| {
            relations
                .iter()
                .filter(|r| kinds.contains(&r["relationType"].as_str().unwrap_or_default()))
                .count()
        };
        assert_eq!(
            of(&["support"]) + structure_supports(&original),
            supports,
            "{name}"
        );
        assert_eq!(
            of(&["attack", "undercut", "contradictory"]),
            contradicts,
            "{name}"
        );
        // The export of the import: one statement per claim, one relation per edge.
        let file = dir.path().join(format!("{name}.argdown"));
        export(&map, &file);
        let back = argdown_json(bin, &file);
        assert_eq!(len(&back["statements"]), claims, "{name}");
        assert_eq!(len(&back["relations"]), supports + contradicts, "{name}");
        assert_eq!(
            len(&back["relations"]),
            relations.len() + structure_supports(&original),
            "{name}: the CLI's relations and one support per premise and argument of each structure"
        );
    }
}

#[test]
fn an_imported_sample_checks_with_no_error_but_its_uncited_claims() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in SAMPLES {
        let (map, _, _) = import(&sample(name), dir.path(), name);
        assert!(map.with_file_name("corpus").is_dir());
        let output = claimgraph()
            .args(["check", "-f", "json"])
            .arg(&map)
            .output()
            .expect("runs");
        let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let errors: BTreeSet<&str> = document["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] == "error")
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert_eq!(errors, BTreeSet::from(["uncited-claim"]), "{name}");
        assert_eq!(
            document["summary"]["errors"], document["summary"]["claims"],
            "{name}"
        );
    }
}

#[test]
fn argdown_import_export_import_gives_the_same_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in SAMPLES {
        let (map, _, _) = import(&sample(name), dir.path(), name);
        let file = dir.path().join(format!("{name}.argdown"));
        export(&map, &file);
        let (again, _, warnings) = import(&file, dir.path(), &format!("{name}-again"));
        assert_eq!(
            warnings, "",
            "{name}: our own export imports without a warning"
        );
        assert_eq!(
            std::fs::read_to_string(&map).expect("read"),
            std::fs::read_to_string(&again).expect("read"),
            "{name}"
        );
    }
}

#[test]
fn own_map_exported_to_argdown_and_imported_keeps_claims_relations_and_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("own.argdown");
    claimgraph()
        .args(["export", "-f", "argdown", "-o"])
        .arg(&file)
        .arg("claims.yaml")
        .assert()
        .success();
    let (map, said, warnings) = import(&file, dir.path(), "own");
    assert_eq!(warnings, "");
    assert!(
        said.contains("imported 74 claims, 90 supports, 37 contradicts, 194 quotes"),
        "{said}"
    );
    assert!(
        said.contains("sources whose texts the file does not carry"),
        "{said}"
    );
    // With the corpus beside it, the map checks clean and is the own map but for formatting.
    copy_dir(&root().join("corpus"), &map.with_file_name("corpus"));
    let checked = claimgraph().arg("check").arg(&map).output().expect("runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
    let diff = claimgraph()
        .arg("diff")
        .arg("claims.yaml")
        .arg(&map)
        .output()
        .expect("runs");
    let diff = String::from_utf8_lossy(&diff.stdout);
    assert!(diff.contains("no semantic change"), "{diff}");
}

#[test]
fn what_argdown_import_cannot_hold_is_a_warning_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("debate.argdown");
    std::fs::write(
        &file,
        "===\ntitle: Debate\nauthor: Someone\n===\n\n# Economy\n\n[Aid]: Aid fails, see [the study](https://example.org). #aid\n  + <Taxed>: Aid is taxed. {color: red}\n  - \n\n+ [Orphan]\n\n[Cut]: Cuts work.\n",
    )
    .expect("write");
    let (map, said, warnings) = import(&file, dir.path(), "debate");
    let warnings = warnings.replace(&*file.to_string_lossy(), "debate.argdown");
    insta::assert_snapshot!(warnings, @r"
    debate.argdown:3:1: warning: front matter field `author` is not imported: the map has no place for it
    debate.argdown:8:23: warning: the target of link `the study` is not imported (its text is): https://example.org
    debate.argdown:9:28: warning: data field `color` is not imported: the map has no place for it
    debate.argdown:10:4: warning: expected a statement or an argument after the relation arrow, found the end of the indented lines
    debate.argdown:12:1: warning: a relation needs the statement or argument it belongs to on the line above it, found a relation line
    ");
    assert!(
        said.contains("not imported (the map format has no place for them): 1 data fields, 1 front matter fields, 1 link targets, 2 syntax errors"),
        "{said}"
    );
    let yaml = std::fs::read_to_string(map).expect("read");
    assert!(yaml.starts_with("# Imported from Argdown"), "{yaml}");
    assert!(yaml.contains("title: \"Debate\"\n"), "{yaml}");
    assert!(
        yaml.contains(
            "  - id: aid\n    text: \"Aid fails, see the study.\"\n    tags: [aid, economy]\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("  - id: taxed\n    text: \"Aid is taxed.\"\n    tags: [argument, economy]\n    supports: [aid]\n"),
        "{yaml}"
    );
    assert!(yaml.contains("  - id: cut\n"), "{yaml}");
}

#[test]
fn hostile_text_survives_argdown_import_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hostile.argdown");
    std::fs::write(
        &file,
        "[hostile]: \\- \"q\" 'a' \\\\ \\</script\\> & café 😀 a\\: \\#1 \\* \\& \\[x\\] \\{y\\} \\/\\/ z {note: \"line\\nbreak: #x \\x7D -- *\"}\n  + [plain]: &anchor \\*alias ? key: value\n",
    )
    .expect("write");
    let (map, _, warnings) = import(&file, dir.path(), "hostile");
    assert_eq!(warnings, "");
    let checked = claimgraph::check(&map).expect("loads");
    let model = checked.map.expect("a map");
    let hostile = &model.claims[0];
    assert_eq!(
        hostile.text.value,
        "- \"q\" 'a' \\ </script> & café 😀 a: #1 * & [x] {y} // z"
    );
    assert_eq!(hostile.note.as_deref(), Some("line\nbreak: #x } -- *"));
    assert_eq!(model.claims[1].text.value, "&anchor *alias ? key: value");
    // Our export's hostile fixture, exported and imported: the texts as Argdown keeps them.
    let exported = dir.path().join("fixture.argdown");
    export(
        &root().join("tests/fixtures/export-hostile/claims.yaml"),
        &exported,
    );
    let (map, _, _) = import(&exported, dir.path(), "fixture");
    let model = claimgraph::check(&map).expect("loads").map.expect("a map");
    assert_eq!(
        model.claims[0].text.value,
        "</data><script>alert(1)</script> & \"q\" 'a' \\ ]]> <!-- x --> [2J café 😀 end '}) MATCH (n) DETACH DELETE n; // $x `b` \"\"\" ?s <urn:x> @en ^^xsd:string ;"
    );
    assert_eq!(
        model.claims[0].note.as_deref(),
        Some("a note with <tags> & \t tabs")
    );
    assert_eq!(
        model.claims[0].evidence[0].quote.value,
        "The <b>regime</b> & its \"allies\" said: ]]> </data> \\ done."
    );
}

#[test]
fn a_file_that_is_not_argdown_is_refused_with_its_place_and_a_help_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text, place) in [
        ("binary.argdown", "[A]: a\n\0\u{1}", ":2:1: a NUL byte"),
        ("empty.argdown", "\n\n", ":1:1: no statement or argument"),
        (
            "data.argdown",
            "{\"nodes\": []}\n",
            ":1:1: no statement or argument",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        let output = claimgraph()
            .args(["import", "--from", "argdown", "--out"])
            .arg(dir.path().join("out"))
            .arg(&file)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{name}{place}")),
            "{name}: {stderr}"
        );
        assert!(stderr.contains("help: pass an Argdown file"), "{stderr}");
        assert!(!dir.path().join("out/claims.yaml").exists());
    }
}

/// A claim of a generated map: (text words, plain tags, odd tags, note, evidence).
type GenClaim = (
    Vec<&'static str>,
    Vec<String>,
    Vec<String>,
    Option<String>,
    Vec<(String, bool)>,
);

fn generated_map()
-> impl proptest::strategy::Strategy<Value = (Vec<GenClaim>, Vec<(usize, usize, bool)>)> {
    use proptest::prelude::*;
    let words = proptest::sample::select(vec![
        "aid",
        "fails",
        "\"q\"",
        "'a'",
        "\\",
        "</script>",
        "&",
        "café",
        "😀",
        "a:",
        "#1",
        "-x",
        "*y",
        "&z",
        "[t]",
        "<u>",
        "{v}",
        "//",
        "/*",
        "+",
        "->",
        "><",
        "_w_",
        "~",
        "`c`",
        "(p)",
        "=",
        "@[m]",
        "end.",
        "x,",
        "?",
    ]);
    let text = proptest::collection::vec(words, 1..8);
    let plain = proptest::collection::vec("[a-z0-9]{1,5}(-[a-z0-9]{1,3})?", 0..3);
    let odd = proptest::collection::vec("[A-Z][a-z]{0,3} [a-z#{}:]{1,4}", 0..2);
    let note = proptest::option::of("[a-z \"\\\\{}#:\n\t-]{1,20}");
    let evidence = proptest::collection::vec(("[a-zA-Z \"'{}#:-]{1,20}", any::<bool>()), 0..3);
    let claim = (text, plain, odd, note, evidence);
    proptest::collection::vec(claim, 1..6).prop_flat_map(|claims| {
        let n = claims.len();
        let edges = proptest::collection::vec((0..n, 0..n, any::<bool>()), 0..8);
        (Just(claims), edges)
    })
}

/// A generated map's text: claims `c0`, `c1`, … citing the one source `s`.
fn generated_yaml(claims: &[GenClaim], edges: &[(usize, usize, bool)]) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("json string");
    let mut yaml = String::from("claims:\n");
    for (i, (words, plain, odd, note, evidence)) in claims.iter().enumerate() {
        yaml += &format!("  - id: c{i}\n    text: {}\n", q(&words.join(" ")));
        let mut tags: Vec<String> = plain.iter().chain(odd).map(|t| q(t)).collect();
        tags.dedup();
        if !tags.is_empty() {
            yaml += &format!("    tags: [{}]\n", tags.join(", "));
        }
        if let Some(note) = note {
            yaml += &format!("    note: {}\n", q(note));
        }
        for (key, kind) in [("supports", true), ("contradicts", false)] {
            let targets: BTreeSet<String> = edges
                .iter()
                .filter(|(from, to, k)| *from == i && from != to && *k == kind)
                .map(|(_, to, _)| format!("c{to}"))
                .collect();
            if !targets.is_empty() {
                yaml += &format!(
                    "    {key}: [{}]\n",
                    targets.into_iter().collect::<Vec<_>>().join(", ")
                );
            }
        }
        if !evidence.is_empty() {
            yaml += "    evidence:\n";
            for (quote, contradicts) in evidence {
                yaml += &format!("      - source: s\n        quote: {}\n", q(quote));
                if *contradicts {
                    yaml += "        stance: contradicts\n";
                }
            }
        }
    }
    yaml
}

/// What a round trip must keep of a map: per claim its text, tags, note, edges and evidence.
fn essence(map: &claimgraph::model::Map) -> Vec<String> {
    map.claims
        .iter()
        .map(|c| {
            let mut tags: Vec<&str> = c.tags.iter().map(|t| t.value.as_str()).collect();
            tags.sort();
            let ids = |list: &[claimgraph::model::Located<String>]| {
                let mut ids: Vec<&str> = list.iter().map(|t| t.value.as_str()).collect();
                ids.sort();
                ids.join(",")
            };
            let evidence: Vec<String> = c
                .evidence
                .iter()
                .map(|e| format!("{}|{}|{}", e.source.value, e.quote.value, e.stance.as_str()))
                .collect();
            format!(
                "{} {:?} {tags:?} {:?} +{} -{} {evidence:?}",
                c.id.value,
                c.text.value,
                c.note,
                ids(&c.supports),
                ids(&c.contradicts)
            )
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(48))]
    #[test]
    fn generated_maps_keep_claims_relations_and_evidence_through_argdown(
        (claims, edges) in generated_map()
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("mkdir");
        std::fs::write(dir.path().join("corpus/s.txt"), "a source\n").expect("write");
        let original = dir.path().join("claims.yaml");
        std::fs::write(&original, generated_yaml(&claims, &edges)).expect("write");
        let map = claimgraph::check(&original).expect("loads").map.expect("a map");
        let options = claimgraph::interchange::ExportOptions::default();
        let argdown = claimgraph::interchange::export(&map, claimgraph::interchange::ExportFormat::Argdown, &options);
        let imported = claimgraph::interchange::import_argdown(&argdown).expect("our export is Argdown");
        proptest::prop_assert!(imported.warnings.is_empty(), "{:?}\n{argdown}", imported.warnings);
        let back_dir = dir.path().join("back");
        std::fs::create_dir_all(back_dir.join("corpus")).expect("mkdir");
        std::fs::write(back_dir.join("claims.yaml"), &imported.yaml).expect("write");
        let back = claimgraph::check(&back_dir.join("claims.yaml")).expect("loads").map.expect("a map");
        proptest::prop_assert_eq!(essence(&map), essence(&back), "{}\n{}", argdown, imported.yaml);
    }
}
