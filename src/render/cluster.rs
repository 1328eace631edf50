//! A clustered layout for maps too big for one layered layout (issue 16).
//!
//! One layered layout of 10,000 claims is an unreadable strip, and past
//! [`layout::MAX_POINTS`] routing points it is refused outright. Big argument maps are made of
//! neighbourhoods (a conclusion and the reasons around it), so this layout finds them, draws
//! each with the layered layout, where it reads well, and packs the drawings side by side:
//! 1. communities by label propagation over the undirected graph, in node order (so the result
//!    is deterministic), a node joining a label only while that label has room: no community
//!    grows past [`MAX_CLUSTER`], so no layered layout gets big;
//! 2. communities smaller than [`MIN_CLUSTER`] merged into the neighbouring one they share most
//!    edges with; what cannot be merged (isolated nodes, leaves of a full hub) goes to shared
//!    "loose" clusters, drawn as a grid since a layered layout of unrelated boxes is one row;
//! 3. each cluster laid out on its own edges, on rayon's pool (results collected in order);
//! 4. clusters ordered breadth-first over the cluster graph from the most connected one, so
//!    clusters that share edges are drawn near each other, and shelf-packed into rows (every
//!    other row right to left, so neighbours in the order stay neighbours across a row break)
//!    aiming at a 16:10 drawing;
//! 5. edges between clusters drawn straight, border to border.
//!
//! Every step is linear or a sort: no all-pairs work, so 100,000 claims lay out in about a
//! second.

use rayon::prelude::*;

use super::RankDir;
use super::RenderError;
use super::layout::{self, Layout, Point, Route};

/// Most nodes in a cluster: a layered layout of this many stays legible and cheap.
const MAX_CLUSTER: usize = 120;
/// Communities smaller than this are merged into a neighbour or the loose clusters.
const MIN_CLUSTER: usize = 10;
/// Rounds of label propagation at most (it usually settles in 3–5).
const ROUNDS: usize = 10;
/// Padding between a cluster's frame and its nodes.
const FRAME_PAD: f64 = 16.0;
/// Space between cluster frames.
const CLUSTER_GAP: f64 = 40.0;
/// Space between boxes of a loose cluster's grid.
const GRID_GAP: f64 = 24.0;
/// Width over height the packing aims at.
const ASPECT: f64 = 1.6;
/// Packings tried to get near [`ASPECT`].
const PACKINGS: usize = 4;
/// The community of a node put in a loose cluster, while communities are merged.
const LOOSE: usize = usize::MAX;
/// Graphs with more nodes than this get the clustered layout.
const CLUSTER_ABOVE: usize = 2_000;

/// A cluster of the clustered layout: its members (indices into `sizes`) and its frame.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub members: Vec<usize>,
    /// Top-left corner and size of the frame around the members, in the layout's coordinates.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Whether a graph of this size should get the clustered layout rather than the layered one.
pub(crate) fn wants_clusters(nodes: usize, edges: usize) -> bool {
    // Past the threshold a layered layout is a strip many screens wide; a graph denser than
    // ~10 edges per node risks the point budget even below it.
    nodes > CLUSTER_ABOVE || edges > 10 * CLUSTER_ABOVE
}

/// A community before layout: its members (ascending) and whether it is a loose one (a grid).
struct Community {
    members: Vec<usize>,
    loose: bool,
}

/// A cluster laid out in its own coordinates (from 0, 0): centres by member, the routes of its
/// edges when laid out by the layered layout (none for a grid), its extent.
struct Local {
    centres: Vec<Point>,
    routes: Option<Vec<Route>>,
    width: f64,
    height: f64,
}

/// Lays out big graphs: communities, each laid out by `layout::layout`, then packed.
pub(crate) fn layout(
    sizes: &[(f64, f64)],
    edges: &[(usize, usize)],
    rankdir: RankDir,
) -> Result<(Layout, Vec<Cluster>), RenderError> {
    let n = sizes.len();
    let adjacency = Adjacency::new(n, edges);
    let communities = communities(&adjacency, MAX_CLUSTER, MIN_CLUSTER);
    let mut cluster_of = vec![0usize; n];
    let mut local_index = vec![0usize; n];
    for (c, community) in communities.iter().enumerate() {
        for (i, &v) in community.members.iter().enumerate() {
            cluster_of[v] = c;
            local_index[v] = i;
        }
    }
    // Each edge inside a cluster, by cluster, and its index among that cluster's edges.
    let mut intra: Vec<Vec<(usize, usize)>> = vec![Vec::new(); communities.len()];
    let mut edge_local: Vec<Option<usize>> = vec![None; edges.len()];
    for (k, &(a, b)) in edges.iter().enumerate() {
        if a < n && b < n && cluster_of[a] == cluster_of[b] {
            let list = &mut intra[cluster_of[a]];
            edge_local[k] = Some(list.len());
            list.push((local_index[a], local_index[b]));
        }
    }
    let locals: Vec<Local> = communities
        .par_iter()
        .zip(&intra)
        .map(|(community, local_edges)| lay_out_cluster(sizes, community, local_edges, rankdir))
        .collect();

    let order = cluster_order(communities.len(), edges, &cluster_of, n);
    let frames: Vec<(f64, f64)> = order
        .iter()
        .map(|&c| {
            let l = &locals[c];
            (l.width + 2.0 * FRAME_PAD, l.height + 2.0 * FRAME_PAD)
        })
        .collect();
    let (corners, width, height) = shelf(&frames, CLUSTER_GAP, true);
    let mut clusters: Vec<Cluster> = Vec::with_capacity(order.len());
    let mut origin = vec![Point { x: 0.0, y: 0.0 }; communities.len()];
    for ((&c, &(x, y)), &(w, h)) in order.iter().zip(&corners).zip(&frames) {
        origin[c] = Point {
            x: x + FRAME_PAD,
            y: y + FRAME_PAD,
        };
        clusters.push(Cluster {
            members: communities[c].members.clone(),
            x,
            y,
            w,
            h,
        });
    }
    let centres: Vec<Point> = (0..n)
        .map(|v| {
            let (c, o) = (cluster_of[v], origin[cluster_of[v]]);
            let p = locals[c].centres[local_index[v]];
            shift(p, o)
        })
        .collect();
    let routes = edges
        .iter()
        .zip(&edge_local)
        .map(|(&(a, b), local)| {
            if a >= n || b >= n {
                return Route {
                    start: Point { x: 0.0, y: 0.0 },
                    segments: Vec::new(),
                };
            }
            let c = cluster_of[a];
            let laid = local.and_then(|j| locals[c].routes.as_ref()?.get(j));
            match laid {
                Some(route) => shift_route(route, origin[c]),
                None => straight(centres[a], sizes[a], centres[b], sizes[b], a == b),
            }
        })
        .collect();
    Ok((
        Layout {
            centres,
            routes,
            width,
            height,
        },
        clusters,
    ))
}

/// `p` moved by `by`.
fn shift(p: Point, by: Point) -> Point {
    Point {
        x: p.x + by.x,
        y: p.y + by.y,
    }
}

fn shift_route(route: &Route, by: Point) -> Route {
    Route {
        start: shift(route.start, by),
        segments: route
            .segments
            .iter()
            .map(|&(a, b, c)| (shift(a, by), shift(b, by), shift(c, by)))
            .collect(),
    }
}

/// A straight edge from the border of box `a` to the border of box `b`, as one cubic segment
/// whose controls lie on the line (so the arrowhead's direction is the line's). A self loop
/// gets an empty route, as in the layered layout.
fn straight(a: Point, size_a: (f64, f64), b: Point, size_b: (f64, f64), self_loop: bool) -> Route {
    if self_loop {
        return Route {
            start: a,
            segments: Vec::new(),
        };
    }
    let start = border(a, size_a, b);
    let end = border(b, size_b, a);
    let at = |t: f64| Point {
        x: start.x + (end.x - start.x) * t,
        y: start.y + (end.y - start.y) * t,
    };
    Route {
        start,
        segments: vec![(at(1.0 / 3.0), at(2.0 / 3.0), end)],
    }
}

/// Where the line from the centre `c` of a box of size `(w, h)` toward `to` leaves the box.
fn border(c: Point, (w, h): (f64, f64), to: Point) -> Point {
    let (dx, dy) = (to.x - c.x, to.y - c.y);
    let along = |half: f64, d: f64| {
        if d.abs() > 1e-9 {
            half / d.abs()
        } else {
            f64::INFINITY
        }
    };
    let t = along(w / 2.0, dx).min(along(h / 2.0, dy));
    if !t.is_finite() {
        return c;
    }
    Point {
        x: c.x + dx * t,
        y: c.y + dy * t,
    }
}

/// One cluster laid out from (0, 0): by the layered layout on its edges, or as a grid when it
/// is a loose cluster or the layered layout refuses it (edges then drawn straight).
fn lay_out_cluster(
    sizes: &[(f64, f64)],
    community: &Community,
    edges: &[(usize, usize)],
    rankdir: RankDir,
) -> Local {
    let local_sizes: Vec<(f64, f64)> = community
        .members
        .iter()
        .map(|&v| sizes.get(v).copied().unwrap_or((0.0, 0.0)))
        .collect();
    if !community.loose
        && let Ok(laid) = layout::layout(&local_sizes, edges, rankdir)
    {
        return Local {
            centres: laid.centres,
            routes: Some(laid.routes),
            width: laid.width,
            height: laid.height,
        };
    }
    let (corners, width, height) = shelf(&local_sizes, GRID_GAP, false);
    let centres = corners
        .iter()
        .zip(&local_sizes)
        .map(|(&(x, y), &(w, h))| Point {
            x: x + w / 2.0,
            y: y + h / 2.0,
        })
        .collect();
    Local {
        centres,
        routes: None,
        width,
        height,
    }
}

/// Top-left corners of `items` (width, height) packed into rows `gap` apart, in order, the rows
/// as wide as makes the whole about [`ASPECT`]; with `snake`, every other row runs right to
/// left. Also the packing's width and height.
fn shelf(items: &[(f64, f64)], gap: f64, snake: bool) -> (Vec<(f64, f64)>, f64, f64) {
    let area: f64 = items.iter().map(|&(w, h)| (w + gap) * (h + gap)).sum();
    let widest = items.iter().map(|i| i.0).fold(0.0, f64::max);
    // Rows are as tall as their tallest item, so the first packing comes out taller than the
    // area predicts: widen the rows by the shortfall, a few times, and keep the closest.
    let mut row_width = (area * ASPECT).sqrt().max(widest);
    let mut best = (f64::INFINITY, row_width);
    for _ in 0..PACKINGS {
        let (_, w, h) = pack(items, gap, row_width);
        let aspect = if h > 0.0 { w / h } else { ASPECT };
        let miss = (aspect / ASPECT).ln().abs();
        if miss < best.0 {
            best = (miss, row_width);
        }
        row_width = (row_width * (ASPECT / aspect).sqrt()).max(widest);
    }
    let (mut corners, width, height) = pack(items, gap, best.1);
    if snake {
        snake_rows(&mut corners, items, width);
    }
    (corners, width, height)
}

/// Items placed left to right in rows of at most `row_width` (an item wider than that gets a
/// row of its own): top-left corners, the width and the height.
fn pack(items: &[(f64, f64)], gap: f64, row_width: f64) -> (Vec<(f64, f64)>, f64, f64) {
    let mut corners = Vec::with_capacity(items.len());
    let (mut x, mut y, mut row_height) = (0.0f64, 0.0f64, 0.0f64);
    for &(w, h) in items {
        if x > 0.0 && x + w > row_width {
            (x, y, row_height) = (0.0, y + row_height + gap, 0.0);
        }
        corners.push((x, y));
        x += w + gap;
        row_height = row_height.max(h);
    }
    let width = corners
        .iter()
        .zip(items)
        .map(|(c, i)| c.0 + i.0)
        .fold(0.0, f64::max);
    (corners, width, y + row_height)
}

/// Every other row mirrored, so that it runs right to left.
fn snake_rows(corners: &mut [(f64, f64)], items: &[(f64, f64)], width: f64) {
    let mut row = 0usize;
    let mut row_y = corners.first().map_or(0.0, |c| c.1);
    for (corner, &(w, _)) in corners.iter_mut().zip(items) {
        if corner.1 != row_y {
            (row, row_y) = (row + 1, corner.1);
        }
        if row % 2 == 1 {
            corner.0 = (width - corner.0 - w).max(0.0);
        }
    }
}

/// The undirected graph without self loops, as compressed adjacency lists.
struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<usize>,
}

impl Adjacency {
    fn new(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        let valid = || {
            edges
                .iter()
                .copied()
                .filter(|&(a, b)| a < n && b < n && a != b)
        };
        let mut offsets = vec![0usize; n + 1];
        for (a, b) in valid() {
            offsets[a + 1] += 1;
            offsets[b + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut fill = offsets.clone();
        let mut targets = vec![0usize; offsets[n]];
        for (a, b) in valid() {
            targets[fill[a]] = b;
            fill[a] += 1;
            targets[fill[b]] = a;
            fill[b] += 1;
        }
        Adjacency { offsets, targets }
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn neighbours(&self, v: usize) -> &[usize] {
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }
}

/// The communities: label propagation under a size cap, then small ones merged, then the rest
/// in loose clusters of at most `cap` nodes.
fn communities(graph: &Adjacency, cap: usize, min: usize) -> Vec<Community> {
    let labels = propagate(graph, cap);
    // Renumber labels in order of first appearance, so communities come in node order.
    let mut id = vec![usize::MAX; graph.len()];
    let mut community = vec![0usize; graph.len()];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (v, &label) in labels.iter().enumerate() {
        if id[label] == usize::MAX {
            id[label] = members.len();
            members.push(Vec::new());
        }
        community[v] = id[label];
        members[id[label]].push(v);
    }
    let mut loose: Vec<usize> = Vec::new();
    for c in 0..members.len() {
        let size = members[c].len();
        if size == 0 || size >= min {
            continue;
        }
        match merge_target(graph, &members[c], &community, &members, cap) {
            Some(t) => {
                let moved = std::mem::take(&mut members[c]);
                for &v in &moved {
                    community[v] = t;
                }
                members[t].extend(moved);
            }
            None => {
                for &v in &members[c] {
                    community[v] = LOOSE;
                }
                loose.append(&mut members[c]);
            }
        }
    }
    loose.sort_unstable();
    let mut out: Vec<Community> = members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|mut m| {
            m.sort_unstable();
            Community {
                members: m,
                loose: false,
            }
        })
        .collect();
    out.extend(loose.chunks(cap.max(1)).map(|chunk| Community {
        members: chunk.to_vec(),
        loose: true,
    }));
    out
}

/// The neighbouring community that `group` shares most edges with and that has room for it
/// (ties to the lowest id), if any.
fn merge_target(
    graph: &Adjacency,
    group: &[usize],
    community: &[usize],
    members: &[Vec<usize>],
    cap: usize,
) -> Option<usize> {
    let own = community[*group.first()?];
    let mut around: Vec<usize> = group
        .iter()
        .flat_map(|&v| graph.neighbours(v))
        .map(|&u| community[u])
        .filter(|&c| c != own && c != LOOSE && members[c].len() + group.len() <= cap)
        .collect();
    around.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for run in around.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(count, _)| run.len() > count) {
            best = Some((run.len(), run[0]));
        }
    }
    best.map(|(_, c)| c)
}

/// Label propagation in node order: each node takes the label most of its neighbours carry,
/// among labels with fewer than `cap` nodes (or its own); ties keep its own label, else go to
/// the lowest. Deterministic, and no label ends up on more than `cap` nodes.
fn propagate(graph: &Adjacency, cap: usize) -> Vec<usize> {
    let n = graph.len();
    let mut label: Vec<usize> = (0..n).collect();
    let mut size = vec![1usize; n];
    let mut around: Vec<usize> = Vec::new();
    for _ in 0..ROUNDS {
        let mut moved = 0usize;
        for v in 0..n {
            around.clear();
            around.extend(graph.neighbours(v).iter().map(|&u| label[u]));
            around.sort_unstable();
            let current = label[v];
            let own = around.iter().filter(|&&l| l == current).count();
            let mut best = (own, current);
            for run in around.chunk_by(|a, b| a == b) {
                let l = run[0];
                if l != current && size[l] < cap && run.len() > best.0 {
                    best = (run.len(), l);
                }
            }
            if best.1 != current {
                size[current] -= 1;
                size[best.1] += 1;
                label[v] = best.1;
                moved += 1;
            }
        }
        if moved == 0 {
            break;
        }
    }
    label
}

/// Clusters in drawing order: breadth-first over the cluster graph (clusters joined by the
/// edges between them), each component from its most connected cluster, neighbours by the
/// number of edges to them; components by their most connected cluster.
fn cluster_order(
    count: usize,
    edges: &[(usize, usize)],
    cluster_of: &[usize],
    n: usize,
) -> Vec<usize> {
    let mut pairs: Vec<(usize, usize)> = edges
        .iter()
        .filter(|&&(a, b)| a < n && b < n && cluster_of[a] != cluster_of[b])
        .map(|&(a, b)| {
            let (x, y) = (cluster_of[a], cluster_of[b]);
            (x.min(y), x.max(y))
        })
        .collect();
    pairs.sort_unstable();
    let mut links: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    let mut total = vec![0usize; count];
    for run in pairs.chunk_by(|p, q| p == q) {
        let (x, y) = run[0];
        links[x].push((run.len(), y));
        links[y].push((run.len(), x));
        total[x] += run.len();
        total[y] += run.len();
    }
    for list in &mut links {
        list.sort_unstable_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)));
    }
    let mut seeds: Vec<usize> = (0..count).collect();
    seeds.sort_by(|&p, &q| total[q].cmp(&total[p]).then(p.cmp(&q)));
    let mut seen = vec![false; count];
    let mut order = Vec::with_capacity(count);
    for seed in seeds {
        if seen[seed] {
            continue;
        }
        seen[seed] = true;
        let start = order.len();
        order.push(seed);
        let mut next = start;
        while let Some(&c) = order.get(next) {
            next += 1;
            for &(_, d) in &links[c] {
                if !seen[d] {
                    seen[d] = true;
                    order.push(d);
                }
            }
        }
    }
    order
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::needless_range_loop)]
mod tests {
    use super::*;

    /// Box sizes and edges.
    type Graph = (Vec<(f64, f64)>, Vec<(usize, usize)>);

    /// A graph like the generator's: each node supports one or two of the 200 before it, now
    /// and then one anywhere before it; sizes vary. Deterministic for a seed.
    fn generated(n: usize, seed: u64) -> Graph {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below.max(1) as u64) as usize
        };
        let sizes = (0..n)
            .map(|_| (60.0 + next(200) as f64, 30.0 + next(60) as f64))
            .collect();
        let mut edges = Vec::new();
        for i in 1..n {
            for _ in 0..1 + next(2) {
                let target = if next(100) < 85 {
                    i - 1 - next(i.min(200))
                } else {
                    next(i)
                };
                edges.push((i, target));
            }
        }
        (sizes, edges)
    }

    fn overlaps(a: Point, sa: (f64, f64), b: Point, sb: (f64, f64)) -> bool {
        (a.x - b.x).abs() < (sa.0 + sb.0) / 2.0 - 0.01
            && (a.y - b.y).abs() < (sa.1 + sb.1) / 2.0 - 0.01
    }

    /// Whether `p` lies on the border of the box of size `s` centred at `c` (within 1 px).
    fn on_border(p: Point, c: Point, s: (f64, f64)) -> bool {
        let (dx, dy) = ((p.x - c.x).abs(), (p.y - c.y).abs());
        let (hw, hh) = (s.0 / 2.0, s.1 / 2.0);
        let within = dx <= hw + 1.0 && dy <= hh + 1.0;
        within && (dx >= hw - 1.0 || dy >= hh - 1.0)
    }

    /// Every property the consumers rely on; nodes compared within a sweep over x, so that the
    /// check itself stays fast on big graphs.
    fn check(sizes: &[(f64, f64)], edges: &[(usize, usize)], rankdir: RankDir) {
        let (laid, clusters) = layout(sizes, edges, rankdir).unwrap();
        let n = sizes.len();
        assert_eq!(laid.centres.len(), n);
        assert_eq!(laid.routes.len(), edges.len());
        let mut seen = vec![0usize; n];
        for c in &clusters {
            for &v in &c.members {
                seen[v] += 1;
                let (p, (w, h)) = (laid.centres[v], sizes[v]);
                assert!(p.x - w / 2.0 >= c.x - 0.01 && p.x + w / 2.0 <= c.x + c.w + 0.01);
                assert!(p.y - h / 2.0 >= c.y - 0.01 && p.y + h / 2.0 <= c.y + c.h + 0.01);
            }
            assert!(c.x >= 0.0 && c.y >= 0.0);
            assert!(c.x + c.w <= laid.width + 0.01 && c.y + c.h <= laid.height + 0.01);
        }
        assert!(seen.iter().all(|&s| s == 1), "each node in one cluster");
        let frames: Vec<(Point, (f64, f64))> = clusters
            .iter()
            .map(|c| {
                let centre = Point {
                    x: c.x + c.w / 2.0,
                    y: c.y + c.h / 2.0,
                };
                (centre, (c.w, c.h))
            })
            .collect();
        assert_no_overlap(&frames, "frames");
        let boxes: Vec<(Point, (f64, f64))> = laid
            .centres
            .iter()
            .copied()
            .zip(sizes.iter().copied())
            .collect();
        assert_no_overlap(&boxes, "nodes");
        for (k, (&(a, b), route)) in edges.iter().zip(&laid.routes).enumerate() {
            if a == b {
                assert!(route.segments.is_empty());
                continue;
            }
            assert!(!route.segments.is_empty(), "edge {k} has a route");
            assert!(
                on_border(route.start, laid.centres[a], sizes[a]),
                "edge {k} start"
            );
            assert!(
                on_border(route.end(), laid.centres[b], sizes[b]),
                "edge {k} end"
            );
        }
    }

    fn assert_no_overlap(boxes: &[(Point, (f64, f64))], what: &str) {
        let mut by_left: Vec<usize> = (0..boxes.len()).collect();
        let left = |i: usize| boxes[i].0.x - boxes[i].1.0 / 2.0;
        by_left.sort_by(|&i, &j| left(i).total_cmp(&left(j)));
        for (k, &i) in by_left.iter().enumerate() {
            let right = boxes[i].0.x + boxes[i].1.0 / 2.0;
            for &j in by_left[k + 1..].iter().take_while(|&&j| left(j) < right) {
                assert!(
                    !overlaps(boxes[i].0, boxes[i].1, boxes[j].0, boxes[j].1),
                    "{what} {i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn a_big_generated_graph_lays_out_within_its_clusters() {
        let (sizes, edges) = generated(6_000, 1);
        check(&sizes, &edges, RankDir::TB);
        let (laid, clusters) = layout(&sizes, &edges, RankDir::TB).unwrap();
        assert!(clusters.iter().all(|c| c.members.len() <= MAX_CLUSTER));
        let aspect = laid.width / laid.height;
        assert!((1.2..2.1).contains(&aspect), "aspect {aspect}");
        assert!(clusters.len() >= 6_000 / MAX_CLUSTER);
    }

    #[test]
    fn every_direction_keeps_the_properties() {
        let (sizes, edges) = generated(800, 7);
        for rankdir in [RankDir::TB, RankDir::BT, RankDir::LR, RankDir::RL] {
            check(&sizes, &edges, rankdir);
        }
    }

    #[test]
    fn the_same_input_lays_out_the_same() {
        let (sizes, edges) = generated(3_000, 3);
        let (a, ca) = layout(&sizes, &edges, RankDir::TB).unwrap();
        let (b, cb) = layout(&sizes, &edges, RankDir::TB).unwrap();
        assert_eq!(a.centres, b.centres);
        assert_eq!((a.width, a.height), (b.width, b.height));
        let points = |l: &Layout| -> Vec<Point> {
            l.routes
                .iter()
                .flat_map(|r| std::iter::once(r.start).chain(r.segments.iter().map(|s| s.2)))
                .collect()
        };
        assert_eq!(points(&a), points(&b));
        let frames = |c: &[Cluster]| -> Vec<(Vec<usize>, [f64; 4])> {
            c.iter()
                .map(|c| (c.members.clone(), [c.x, c.y, c.w, c.h]))
                .collect()
        };
        assert_eq!(frames(&ca), frames(&cb));
        // And on one thread, as rayon's pool may have any size.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (c, _) = pool.install(|| layout(&sizes, &edges, RankDir::TB).unwrap());
        assert_eq!(a.centres, c.centres);
    }

    #[test]
    fn isolated_nodes_self_loops_and_the_empty_graph() {
        check(&[], &[], RankDir::TB);
        let (laid, clusters) = layout(&[], &[], RankDir::LR).unwrap();
        assert!(laid.centres.is_empty() && clusters.is_empty());
        let sizes = vec![(80.0, 40.0); 500];
        check(&sizes, &[], RankDir::TB);
        let (laid, clusters) = layout(&sizes, &[], RankDir::TB).unwrap();
        assert!(clusters.iter().all(|c| c.members.len() <= MAX_CLUSTER));
        // A grid, not a strip: roughly the aimed-at aspect.
        let aspect = laid.width / laid.height;
        assert!((0.8..3.2).contains(&aspect), "aspect {aspect}");
        let (mut sizes, mut edges) = generated(400, 5);
        sizes.extend([(50.0, 30.0); 30]);
        edges.extend([(3, 3), (410, 410), (420, 2), (1, 425)]);
        check(&sizes, &edges, RankDir::TB);
    }

    #[test]
    fn a_hub_too_big_for_one_cluster_is_split() {
        let sizes = vec![(70.0, 30.0); 1_000];
        let edges: Vec<(usize, usize)> = (1..1_000).map(|i| (i, 0)).collect();
        check(&sizes, &edges, RankDir::TB);
    }

    #[test]
    fn edges_out_of_range_get_empty_routes() {
        let sizes = vec![(50.0, 20.0); 3];
        let (laid, _) = layout(&sizes, &[(0, 1), (0, 9)], RankDir::TB).unwrap();
        assert_eq!(laid.routes.len(), 2);
        assert!(laid.routes[1].segments.is_empty());
    }

    #[test]
    fn wants_clusters_past_the_threshold() {
        assert!(!wants_clusters(66, 90));
        assert!(wants_clusters(10_000, 22_000));
    }

    proptest::proptest! {
        #[test]
        fn random_graphs_keep_the_properties(
            sizes in proptest::collection::vec((30.0f64..300.0, 20.0f64..120.0), 0..300),
            raw_edges in proptest::collection::vec((0usize..300, 0usize..300), 0..600),
            dir in 0usize..4,
        ) {
            let n = sizes.len().max(1);
            let edges: Vec<(usize, usize)> = if sizes.is_empty() {
                Vec::new()
            } else {
                raw_edges.iter().map(|&(a, b)| (a % n, b % n)).collect()
            };
            let rankdir = [RankDir::TB, RankDir::BT, RankDir::LR, RankDir::RL][dir];
            check(&sizes, &edges, rankdir);
        }
    }
}
