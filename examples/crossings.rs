//! Readability of a drawn map: edge crossings and the share of edge length in shared channels.
//!
//! `cargo run --release --example crossings -- A.svg [B.svg ...]` (issue 16, benches/README.md).
//!
//! It reads SVG rather than calling the layout, so that one counter serves the builtin engine
//! and Graphviz alike: both draw an edge as `<g class="edge ..."><title>FROM .. TO</title>` and
//! a `<path d="M.. C..">`. Each cubic is flattened to 8 pieces; a crossing is a proper
//! intersection of pieces of two edges that share no endpoint claim (edges into one claim meet
//! at it by design); the shared-channel share is the edge length, sampled every unit or so,
//! lying within 3 units of another edge's pieces. Only std: the SVG is our own and Graphviz's,
//! regular enough for string searching.

use std::collections::HashMap;

/// Distance under which two edges share a channel.
const NEAR: f64 = 3.0;
/// Pieces per cubic segment.
const PIECES: usize = 8;
/// Side of the grid cells pieces are bucketed in.
const CELL: f64 = 24.0;

type P = (f64, f64);

/// One drawn edge: its endpoints' names and its flattened polyline.
struct Edge {
    ends: (String, String),
    points: Vec<P>,
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: crossings A.svg [B.svg ...]");
        std::process::exit(2);
    }
    for path in paths {
        let Ok(svg) = std::fs::read_to_string(&path) else {
            eprintln!("crossings: cannot read {path}");
            std::process::exit(2);
        };
        let edges = parse(&svg);
        let (crossings, near, total) = measure(&edges);
        let share = if total > 0.0 { near / total } else { 0.0 };
        println!(
            "{path}: {} edges, {crossings} crossings, {:.1}% of {total:.0} units of edge length within {NEAR} of another edge",
            edges.len(),
            share * 100.0
        );
    }
}

/// The edges of an SVG drawn by either engine.
fn parse(svg: &str) -> Vec<Edge> {
    let mut edges = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("class=\"edge") {
        rest = rest.get(at + 1..).unwrap_or("");
        let next = rest.find("class=\"edge").unwrap_or(rest.len());
        let group = rest.get(..next).unwrap_or("");
        let title = between(group, "<title>", "</title>").map(unescape);
        let d = group
            .find("<path")
            .and_then(|p| group.get(p..))
            .and_then(|p| between(p, " d=\"", "\""));
        if let (Some(title), Some(d)) = (title, d) {
            let points = flatten(d);
            if points.len() >= 2 {
                edges.push(Edge {
                    ends: ends(&title),
                    points,
                });
            }
        }
    }
    edges
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let tail = s.get(start..)?;
    tail.get(..tail.find(close)?)
}

fn unescape(s: &str) -> String {
    s.replace("&#45;", "-")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&")
}

/// Endpoint names: `a supports b` (builtin) or `claim-a->claim-b` (Graphviz, maybe with ports).
fn ends(title: &str) -> (String, String) {
    let clean = |s: &str| {
        let s = s.trim();
        let s = s.split(':').next().unwrap_or(s);
        s.strip_prefix("claim-").unwrap_or(s).to_string()
    };
    if let Some((a, b)) = title.split_once("->") {
        return (clean(a), clean(b));
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    match (words.first(), words.last()) {
        (Some(a), Some(b)) => (clean(a), clean(b)),
        _ => (String::new(), String::new()),
    }
}

/// The polyline of a path of absolute M, L, H, V and C commands.
fn flatten(d: &str) -> Vec<P> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut number = String::new();
    let flush = |number: &mut String, tokens: &mut Vec<Token>| {
        if let Ok(v) = number.parse::<f64>() {
            tokens.push(Token::Num(v));
        }
        number.clear();
    };
    for c in d.chars() {
        if c.is_ascii_digit() || c == '.' || (c == '-' && number.is_empty()) || c == 'e' {
            number.push(c);
        } else {
            flush(&mut number, &mut tokens);
            if c == '-' {
                number.push(c);
            } else if c.is_ascii_alphabetic() {
                tokens.push(Token::Cmd(c));
            }
        }
    }
    flush(&mut number, &mut tokens);
    walk(&tokens)
}

enum Token {
    Cmd(char),
    Num(f64),
}

fn walk(tokens: &[Token]) -> Vec<P> {
    let mut points: Vec<P> = Vec::new();
    let mut cmd = 'M';
    let mut nums: Vec<f64> = Vec::new();
    let mut at = (0.0, 0.0);
    let mut apply = |cmd: char, nums: &mut Vec<f64>, points: &mut Vec<P>| {
        let need = match cmd {
            'M' | 'L' => 2,
            'H' | 'V' => 1,
            'C' => 6,
            _ => usize::MAX,
        };
        if nums.len() < need {
            return;
        }
        match cmd {
            'M' | 'L' => at = (nums[0], nums[1]),
            'H' => at = (nums[0], at.1),
            'V' => at = (at.0, nums[0]),
            _ => {
                let (a, b, c, d) = (
                    at,
                    (nums[0], nums[1]),
                    (nums[2], nums[3]),
                    (nums[4], nums[5]),
                );
                for k in 1..PIECES {
                    points.push(cubic(a, b, c, d, k as f64 / PIECES as f64));
                }
                at = d;
            }
        }
        points.push(at);
        nums.clear();
    };
    for token in tokens {
        match *token {
            Token::Cmd(c) => {
                cmd = c;
                nums.clear();
            }
            Token::Num(v) => {
                nums.push(v);
                apply(cmd, &mut nums, &mut points);
            }
        }
    }
    points.dedup();
    points
}

fn cubic(a: P, b: P, c: P, d: P, t: f64) -> P {
    let u = 1.0 - t;
    let f = |a: f64, b: f64, c: f64, d: f64| {
        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
    };
    (f(a.0, b.0, c.0, d.0), f(a.1, b.1, c.1, d.1))
}

/// Pieces bucketed by the grid cells their bounding boxes (grown by `NEAR`) touch.
fn grid(edges: &[Edge]) -> HashMap<(i64, i64), Vec<(usize, usize)>> {
    let mut cells: HashMap<(i64, i64), Vec<(usize, usize)>> = HashMap::new();
    for (e, edge) in edges.iter().enumerate() {
        for (i, w) in edge.points.windows(2).enumerate() {
            let (x0, x1) = (w[0].0.min(w[1].0) - NEAR, w[0].0.max(w[1].0) + NEAR);
            let (y0, y1) = (w[0].1.min(w[1].1) - NEAR, w[0].1.max(w[1].1) + NEAR);
            for cx in cell(x0)..=cell(x1) {
                for cy in cell(y0)..=cell(y1) {
                    cells.entry((cx, cy)).or_default().push((e, i));
                }
            }
        }
    }
    cells
}

fn cell(v: f64) -> i64 {
    (v / CELL).floor() as i64
}

/// (crossings, length near another edge, total length).
fn measure(edges: &[Edge]) -> (usize, f64, f64) {
    let cells = grid(edges);
    let piece = |e: usize, i: usize| (edges[e].points[i], edges[e].points[i + 1]);
    let mut crossing_pairs = std::collections::HashSet::new();
    for bucket in cells.values() {
        for (k, &(e, i)) in bucket.iter().enumerate() {
            for &(f, j) in &bucket[k + 1..] {
                if e == f || share_end(&edges[e], &edges[f]) {
                    continue;
                }
                let (a, b) = piece(e, i);
                let (c, d) = piece(f, j);
                if intersect(a, b, c, d) {
                    crossing_pairs.insert(((e, i), (f, j)).min(((f, j), (e, i))));
                }
            }
        }
    }
    let (mut near, mut total) = (0.0, 0.0);
    for (e, edge) in edges.iter().enumerate() {
        for w in edge.points.windows(2) {
            let length = dist(w[0], w[1]);
            let steps = length.ceil().max(1.0) as usize;
            for s in 0..steps {
                let t = (s as f64 + 0.5) / steps as f64;
                let p = (
                    w[0].0 + t * (w[1].0 - w[0].0),
                    w[0].1 + t * (w[1].1 - w[0].1),
                );
                let close = cells.get(&(cell(p.0), cell(p.1))).is_some_and(|bucket| {
                    bucket.iter().any(|&(f, j)| {
                        let (c, d) = piece(f, j);
                        f != e && point_segment(p, c, d) < NEAR
                    })
                });
                if close {
                    near += length / steps as f64;
                }
            }
            total += length;
        }
    }
    (crossing_pairs.len(), near, total)
}

fn share_end(a: &Edge, b: &Edge) -> bool {
    let (a0, a1) = (&a.ends.0, &a.ends.1);
    let (b0, b1) = (&b.ends.0, &b.ends.1);
    a0 == b0 || a0 == b1 || a1 == b0 || a1 == b1
}

fn dist(a: P, b: P) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

fn cross(o: P, a: P, b: P) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// Whether pieces ab and cd properly cross (touching and collinear overlaps do not count).
fn intersect(a: P, b: P, c: P, d: P) -> bool {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

fn point_segment(p: P, a: P, b: P) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 < 1e-12 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    dist(p, (a.0 + t * dx, a.1 + t * dy))
}
