//! Writes a realistic generated map, for benchmarks and scale tests.
//!
//! ```text
//! cargo run --release --example gen -- --claims 10000 --seed 1 --out /tmp/map-10k
//! cargo run --release --example gen -- --claims 10000 --seed 1 --revise 1 --out /tmp/map-10k-r
//! ```
//!
//! DIR gets `claims.yaml`, `corpus/` and `map.argdown` (the same claims and relations in Argdown,
//! so Argdown can be measured on the same work). N claims with wrapped text, about 2N edges of
//! both kinds, 1–3 verbatim quotes per claim (some wrapped across lines of the source, some
//! through typographic apostrophes and dashes) from a corpus of about 1 KB per claim over N/50
//! sources, tags, and exactly the deliberate warnings in [`DELIBERATE_WARNINGS`] (for N ≥ 20).
//! `--revise P` changes P% of the claims (reworded text, a dropped or added edge), the rest
//! byte-identical, for `claimgraph diff`. Output is a pure function of the arguments.
//!
//! The generator is this one file, with no dependencies beyond std: the criterion benches
//! include it with `#[path]`, and its own tests (run by `cargo test`, `test = true` in
//! Cargo.toml) check that a generated map passes `claimgraph::check` with only the deliberate
//! warnings.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The warning codes a generated map of at least 20 claims has, one finding each.
pub const DELIBERATE_WARNINGS: [&str; 5] = [
    "ambiguous-quote",
    "isolated-claim",
    "long-claim",
    "support-cycle",
    "unused-source",
];

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of claims.
    pub claims: usize,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
    /// Percentage of claims changed relative to the unrevised map of the same seed (0 = none).
    pub revise: f64,
}

/// A generated map: every file, relative to the output folder.
pub struct Generated {
    /// `(relative path, content)`.
    pub files: Vec<(PathBuf, String)>,
    /// Number of relations written (supports + contradicts).
    pub edges: usize,
}

impl Generated {
    /// Writes every file under `dir` (created as needed).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (path, content) in &self.files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, content)?;
        }
        Ok(())
    }
}

/// splitmix64: tiny, fast, good enough, and no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "was",
    "it",
    "from",
    "at",
    "are",
    "be",
    "this",
    "which",
    "or",
    "has",
    "have",
    "not",
    "but",
    "its",
    "their",
    "were",
    "had",
    "been",
    "more",
    "than",
    "also",
    "would",
    "after",
    "into",
    "they",
    "government",
    "aid",
    "policy",
    "regime",
    "leverage",
    "sanctions",
    "recognition",
    "donors",
    "women",
    "education",
    "economy",
    "security",
    "cohesion",
    "leadership",
    "movement",
    "country",
    "international",
    "humanitarian",
    "assistance",
    "engagement",
    "conditions",
    "pressure",
    "negotiations",
    "officials",
    "ministry",
    "province",
    "district",
    "council",
    "elders",
    "support",
    "funding",
    "access",
    "rights",
    "schools",
    "markets",
    "prices",
    "banks",
    "reserves",
    "famine",
    "drought",
    "refugees",
    "border",
    "trade",
    "revenue",
    "taxes",
    "customs",
    "officers",
    "commanders",
    "fighters",
    "clerics",
    "decrees",
    "courts",
    "justice",
    "media",
    "journalists",
    "analysts",
    "observers",
    "diplomats",
    "envoys",
    "talks",
    "meetings",
    "statements",
    "reports",
    "years",
    "months",
    "weeks",
    "since",
    "until",
    "before",
    "during",
    "while",
    "because",
    "however",
    "therefore",
    "although",
    "despite",
    "without",
    "against",
    "between",
    "among",
];

const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "ten", "sa", "lu", "dor", "vin", "ta", "ne", "bar", "el", "is", "an", "ko",
    "ri", "mas", "tul", "pe", "go", "ham", "zi", "qua", "ber", "nol", "fa", "shi", "ur", "den",
    "lia", "mor", "vek", "sun", "tra", "hel", "od", "pra", "gim", "yo", "xen",
];

const TAGS: &[&str] = &[
    "aid",
    "leverage",
    "sanctions",
    "recognition",
    "education",
    "women",
    "economy",
    "security",
    "diplomacy",
    "humanitarian",
    "governance",
    "history",
    "regional",
    "banking",
    "trade",
    "refugees",
    "media",
    "justice",
    "religion",
    "negotiation",
];

const AMBIGUOUS: &str = "This passage appears twice in the same source on purpose.";

fn word(rng: &mut Rng) -> String {
    if rng.chance(65) {
        return COMMON[rng.below(COMMON.len())].to_string();
    }
    let mut w = String::new();
    for _ in 0..rng.between(2, 3) {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    if rng.chance(8) {
        // Capitalised names, some with a typographic possessive.
        let mut c = w.chars();
        let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
        w = format!("{first}{}", c.as_str());
        if rng.chance(30) {
            w.push_str("\u{2019}s");
        }
    }
    w
}

/// A source: its tokens (joined by one space they are its normalised text) and the text as
/// written, wrapped at about 72 columns into paragraphs.
struct SourceText {
    tokens: Vec<String>,
    text: String,
}

fn source_text(rng: &mut Rng, bytes: usize, with_ambiguous: bool) -> SourceText {
    let mut tokens: Vec<String> = Vec::new();
    let mut size = 0;
    let mut inserted = 0;
    while size < bytes {
        let sentence_words = rng.between(8, 28);
        for i in 0..sentence_words {
            let mut w = word(rng);
            if i == 0 {
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
                w = format!("{first}{}", c.as_str());
            }
            if i + 1 == sentence_words {
                w.push('.');
            } else if i > 2 && i + 3 < sentence_words && rng.chance(6) {
                w.push(',');
            } else if i > 2 && i + 3 < sentence_words && rng.chance(2) {
                size += w.len() + 1;
                tokens.push(w);
                w = "\u{2014}".to_string();
            }
            size += w.len() + 1;
            tokens.push(w);
        }
        if with_ambiguous && inserted < 2 && size > bytes * (inserted + 1) / 3 {
            tokens.extend(AMBIGUOUS.split(' ').map(str::to_string));
            inserted += 1;
        }
    }
    let mut text = String::with_capacity(size + size / 8);
    let mut column = 0;
    let mut in_paragraph = 0;
    let mut new_paragraph = false;
    for (i, token) in tokens.iter().enumerate() {
        if new_paragraph {
            text.push_str("\n\n");
            column = 0;
            new_paragraph = false;
        } else if i > 0 {
            if column + 1 + token.len() > 72 {
                text.push('\n');
                column = 0;
            } else {
                text.push(' ');
                column += 1;
            }
        }
        text.push_str(token);
        column += token.chars().count();
        in_paragraph += 1;
        if token.ends_with('.') && in_paragraph > 90 {
            new_paragraph = true;
            in_paragraph = 0;
        }
    }
    text.push('\n');
    SourceText { tokens, text }
}

/// How a quote is written in the map: typographic apostrophes and dashes typed as ASCII, as a
/// curator would (normalisation makes them match).
fn as_typed(token: &str) -> String {
    token.replace('\u{2019}', "'").replace('\u{2014}', "-")
}

fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Wraps `text` into folded-block lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for w in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Claim {
    id: String,
    text: String,
    tags: Vec<&'static str>,
    /// (source id, quote as typed)
    evidence: Vec<(String, String)>,
    supports: Vec<usize>,
    contradicts: Vec<usize>,
}

/// Generates the map described by `options`.
pub fn generate(options: &Options) -> Generated {
    let n = options.claims.max(1);
    let deliberate = n >= 20;
    let mut rng = Rng(options.seed ^ 0x00C1_A1C6_4A9F);
    let source_count = (n / 50).max(1);
    let bytes_per_source = n * 1024 / source_count;

    let mut sources: Vec<(String, SourceText)> = Vec::with_capacity(source_count);
    for s in 0..source_count {
        let id = format!("source-{:04}", s + 1);
        let text = source_text(&mut rng, bytes_per_source, deliberate && s == 0);
        sources.push((id, text));
    }

    let mut used_ids = std::collections::HashSet::new();
    let mut claims: Vec<Claim> = Vec::with_capacity(n);
    for i in 0..n {
        let words = if deliberate && i == 3 {
            45
        } else {
            rng.between(6, 24)
        };
        let mut text_words: Vec<String> = (0..words).map(|_| word(&mut rng)).collect();
        if let Some(first) = text_words.first_mut() {
            let mut c = first.chars();
            let f = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('X');
            *first = format!("{f}{}", c.as_str());
        }
        let text = format!("{}.", as_typed(&text_words.join(" ")));
        let mut id = format!(
            "{}-{}",
            as_typed(&text_words[0].to_lowercase()).replace('\'', ""),
            as_typed(&text_words[words / 2].to_lowercase()).replace('\'', "")
        );
        id.retain(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let id = if used_ids.insert(id.clone()) {
            id
        } else {
            let numbered = format!("{id}-{}", i + 1);
            used_ids.insert(numbered.clone());
            numbered
        };
        let tags: Vec<&'static str> = {
            let mut t: Vec<&'static str> = (0..rng.between(1, 3))
                .map(|_| TAGS[rng.below(TAGS.len())])
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        };
        let home = i * source_count / n;
        let mut evidence = Vec::new();
        for q in 0..rng.between(1, 3) {
            let s = if q > 0 && rng.chance(25) {
                rng.below(source_count)
            } else {
                home
            };
            let tokens = &sources[s].1.tokens;
            let len = rng.between(8, 30).min(tokens.len());
            let start = rng.below(tokens.len() - len + 1);
            let quote = as_typed(&tokens[start..start + len].join(" "));
            if quote.contains("...") || quote.contains(AMBIGUOUS) {
                continue;
            }
            evidence.push((sources[s].0.clone(), quote));
        }
        if evidence.is_empty() {
            let tokens = &sources[home].1.tokens;
            let len = 12.min(tokens.len());
            evidence.push((sources[home].0.clone(), as_typed(&tokens[..len].join(" "))));
        }
        // Edges only point to earlier claims (no accidental cycles), each claim but the
        // first and the deliberately isolated last one has at least one; ~2 per claim.
        let mut supports = Vec::new();
        let mut contradicts = Vec::new();
        let isolated = deliberate && i == n - 1;
        if i > 0 && !isolated {
            let k = rng.between(1, 2);
            for _ in 0..k {
                let target = if i < 10 { i - 1 } else { nearish(&mut rng, i) };
                if !supports.contains(&target) {
                    supports.push(target);
                }
            }
            let k = if rng.chance(70) { 1 } else { 0 };
            for _ in 0..k {
                let target = nearish(&mut rng, i);
                if !supports.contains(&target) && !contradicts.contains(&target) {
                    contradicts.push(target);
                }
            }
        }
        claims.push(Claim {
            id,
            text,
            tags,
            evidence,
            supports,
            contradicts,
        });
    }
    if deliberate {
        // 0 → 2 → 1 → 0: one support cycle (claim 1 supports 0 and 2 supports 1 above).
        claims[0].supports = vec![2];
        claims[2].supports = vec![1];
        claims[1].supports = vec![0];
        claims[2].contradicts.retain(|&t| t != 1);
        claims[1].contradicts.retain(|&t| t != 0);
        // One quote that occurs twice in its source.
        claims[5].evidence[0] = (sources[0].0.clone(), AMBIGUOUS.to_string());
    }
    if options.revise > 0.0 {
        revise(&mut claims, options);
    }

    let mut files = Vec::new();
    let mut edges = 0;
    let mut yaml = String::with_capacity(n * 700);
    yaml.push_str("# yaml-language-server: $schema=claims.schema.json\n");
    let _ = writeln!(yaml, "# Generated: claims {n}, seed {}", options.seed);
    yaml.push_str("version: 1\ntitle: Generated map\ncorpus: corpus\n\nsources:\n");
    for (s, (id, _)) in sources.iter().enumerate() {
        let _ = writeln!(
            yaml,
            "  - id: {id}\n    title: Generated report number {}\n    authors: [Analyst {}]\n    published: {}-{:02}",
            s + 1,
            s % 17 + 1,
            2015 + s % 10,
            s % 12 + 1
        );
    }
    yaml.push_str("\nclaims:\n");
    for claim in &claims {
        let _ = writeln!(yaml, "  - id: {}", claim.id);
        yaml.push_str("    text: >-\n");
        for line in wrap(&claim.text, 76) {
            let _ = writeln!(yaml, "      {line}");
        }
        let _ = writeln!(yaml, "    tags: [{}]", claim.tags.join(", "));
        yaml.push_str("    evidence:\n");
        for (source, quote) in &claim.evidence {
            let _ = writeln!(
                yaml,
                "      - source: {source}\n        quote: {}",
                yaml_string(quote)
            );
        }
        for (key, list) in [
            ("supports", &claim.supports),
            ("contradicts", &claim.contradicts),
        ] {
            if !list.is_empty() {
                let ids: Vec<&str> = list.iter().map(|&t| claims[t].id.as_str()).collect();
                let _ = writeln!(yaml, "    {key}: [{}]", ids.join(", "));
                edges += list.len();
            }
        }
    }
    files.push((PathBuf::from("claims.yaml"), yaml));
    files.push((PathBuf::from("map.argdown"), argdown(&claims)));
    for (id, text) in sources {
        files.push((PathBuf::from(format!("corpus/{id}.txt")), text.text));
    }
    if deliberate {
        let mut appendix = Rng(options.seed ^ 0xA99E);
        let text = source_text(&mut appendix, 2048, false).text;
        files.push((PathBuf::from("corpus/unused-appendix.txt"), text));
    }
    Generated { files, edges }
}

/// A target among the ~200 claims before `i` (arguments are local), or any earlier one.
fn nearish(rng: &mut Rng, i: usize) -> usize {
    if rng.chance(85) {
        i - 1 - rng.below(i.min(200))
    } else {
        rng.below(i)
    }
}

/// Rewords `revise`% of the claims and moves an edge on half of them.
fn revise(claims: &mut [Claim], options: &Options) {
    let mut rng = Rng(options.seed ^ 0x5EED_0F2E);
    let n = claims.len();
    // Keep the deliberate claims (0..6 and the last) as they are.
    let candidates: Vec<usize> = if n >= 20 {
        (6..n - 1).collect()
    } else {
        (0..n).collect()
    };
    let count = ((n as f64 * options.revise / 100.0).round() as usize).clamp(1, candidates.len());
    let mut picked = std::collections::BTreeSet::new();
    while picked.len() < count {
        picked.insert(candidates[rng.below(candidates.len())]);
    }
    for i in picked {
        let claim = &mut claims[i];
        claim.text = format!(
            "{} (revised)",
            claim
                .text
                .trim_end_matches('.')
                .replacen(" the ", " this ", 1)
        );
        // Half of them also lose their contradiction, or gain one when they had none.
        if rng.chance(50) && claim.contradicts.pop().is_none() && i > 1 {
            let target = i - 1 - rng.below(i.min(50));
            if !claim.supports.contains(&target) {
                claim.contradicts.push(target);
            }
        }
    }
}

/// The same claims and relations in Argdown: `[id]: text #tag` statements, with the claims
/// that support (`+`) or attack (`-`) each one listed under it.
fn argdown(claims: &[Claim]) -> String {
    let mut incoming: Vec<Vec<(char, usize)>> = vec![Vec::new(); claims.len()];
    for (i, claim) in claims.iter().enumerate() {
        for &t in &claim.supports {
            incoming[t].push(('+', i));
        }
        for &t in &claim.contradicts {
            incoming[t].push(('-', i));
        }
    }
    let mut out = String::with_capacity(claims.len() * 200);
    out.push_str("===\ntitle: Generated map\n===\n\n");
    for (i, claim) in claims.iter().enumerate() {
        let tags: Vec<String> = claim.tags.iter().map(|t| format!("#{t}")).collect();
        let _ = writeln!(out, "[{}]: {} {}", claim.id, claim.text, tags.join(" "));
        for (kind, from) in &incoming[i] {
            let _ = writeln!(out, "  {kind} [{}]", claims[*from].id);
        }
        out.push('\n');
    }
    out
}

fn parse_args() -> Result<(Options, PathBuf), String> {
    let mut options = Options {
        claims: 1000,
        seed: 1,
        revise: 0.0,
    };
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--claims" => {
                options.claims = value()?.parse().map_err(|e| format!("--claims: {e}"))?
            }
            "--seed" => options.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--revise" => {
                options.revise = value()?.parse().map_err(|e| format!("--revise: {e}"))?
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: gen --claims N --seed S [--revise PERCENT] --out DIR".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok((options, out.ok_or("--out DIR is required")?))
}

fn main() -> std::process::ExitCode {
    let (options, out) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("gen: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let generated = generate(&options);
    // A stale corpus file from a bigger earlier run would become an unused source.
    let _ = std::fs::remove_dir_all(out.join("corpus"));
    if let Err(e) = generated.write(&out) {
        eprintln!("gen: cannot write {}: {e}", out.display());
        return std::process::ExitCode::from(2);
    }
    let bytes: usize = generated.files.iter().map(|(_, c)| c.len()).sum();
    eprintln!(
        "gen: wrote {} claims, {} edges, {} files, {} bytes to {}",
        options.claims,
        generated.edges,
        generated.files.len(),
        bytes,
        out.display()
    );
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    // (Unused when the benches include this file: their test build has no `#[test]`s.)
    #[allow(unused_imports)]
    use super::*;

    #[test]
    fn generated_map_checks_with_only_the_deliberate_warnings() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let generated = generate(&Options {
            claims: 200,
            seed: 7,
            revise: 0.0,
        });
        generated.write(dir.path()).expect("write the map");
        let checked = claimgraph::check(&dir.path().join("claims.yaml")).expect("loads");
        let found: Vec<(&str, &str)> = checked
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.as_str()))
            .collect();
        let mut codes: Vec<&str> = found.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        assert_eq!(codes, DELIBERATE_WARNINGS, "{found:#?}");
        let summary = checked.summary();
        assert_eq!(summary.claims, 200);
        assert_eq!(summary.anchored, summary.quotes, "every quote anchors");
        assert!((300..=500).contains(&summary.edges), "{}", summary.edges);
        // Some quotes really are wrapped across lines of their source.
        let map = checked.map.expect("a map");
        let wrapped = map
            .claims
            .iter()
            .flat_map(|c| &c.evidence)
            .filter_map(|e| e.anchor.found())
            .filter(|a| a.end_line > a.line)
            .count();
        assert!(wrapped > 20, "{wrapped} wrapped quotes");

        let argdown = &generated.files[1];
        assert_eq!(argdown.0, Path::new("map.argdown"));
        let statements = argdown.1.lines().filter(|l| l.starts_with('[')).count();
        assert_eq!(statements, 200);
        let relations = argdown.1.lines().filter(|l| l.starts_with("  ")).count();
        assert_eq!(relations, summary.edges);
    }

    #[test]
    fn same_seed_same_bytes_and_revision_changes_one_percent() {
        let options = Options {
            claims: 300,
            seed: 3,
            revise: 0.0,
        };
        let a = generate(&options);
        let b = generate(&options);
        assert!(a.files == b.files);
        let revised = generate(&Options {
            revise: 1.0,
            ..options
        });
        let changed = revised.files[0]
            .1
            .lines()
            .filter(|l| l.contains("(revised)"))
            .count();
        assert_eq!(changed, 3);
        assert!(a.files[2..] == revised.files[2..], "the corpus is the same");
    }
}
