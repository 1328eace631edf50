//! A layered (Sugiyama) layout, so that SVG works on a machine without Graphviz.
//!
//! Argument maps are nearly trees of reasons under conclusions, which is what layered layout
//! draws best. The phases are the classic ones, kept simple and linear-ish so that thousands of
//! claims lay out in well under a second:
//! 1. cycles broken by reversing DFS back edges;
//! 2. layering by longest path to a sink, so that each reason sits right next to the claim it
//!    bears on and top-level conclusions line up;
//! 3. long edges split by dummy points, one per layer crossed;
//! 4. crossings reduced by barycenter sweeps from a depth-first order, each followed by
//!    transposition of neighbours, keeping the order with the fewest crossings seen (issue 16:
//!    the file's order and a fixed number of sweeps left far more crossings than Graphviz);
//! 5. positions within a layer: each node pulled toward its neighbours, order and spacing kept;
//! 6. edges routed through the gaps between layers and through their dummies' reserved slots,
//!    so that no edge crosses a node box; the gaps widen where edges run far sideways, and the
//!    curves cross them nearly straight, so that long edges do not share a level channel.
//!
//! (`rust-sugiyama` was tried first: it does not return the dummy positions, so edges could not
//! be kept out of node boxes, and it panics on some inputs.)

use super::RankDir;
use super::RenderError;

/// Most nodes plus dummy points the layout takes on; past it, the caller is told to draw less.
pub(crate) const MAX_POINTS: usize = 200_000;

/// Spacing between neighbours in a layer.
const NODE_GAP: f64 = 24.0;
/// Width reserved for an edge passing through a layer.
const DUMMY_SIZE: f64 = 10.0;
/// Least spacing between layers.
const RANK_GAP: f64 = 56.0;
/// Gap across a layer per unit its edges run sideways on average (see `gaps`).
const GAP_SLOPE: f64 = 0.2;
/// Widest gap between layers, in `RANK_GAP`s.
const MAX_GAP: f64 = 2.5;
/// How far along the flow a curve's control points are, as a share of the gap it crosses.
const CONTROL: f64 = 0.2;

/// A cubic segment (control, control, end) in layer coordinates (along, across).
type AbstractSegment = ((f64, f64), (f64, f64), (f64, f64));

/// A point on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Point {
    pub x: f64,
    pub y: f64,
}

/// A laid-out edge: a start, then cubic Bézier segments `(control, control, end)`.
#[derive(Clone, Debug)]
pub(crate) struct Route {
    pub start: Point,
    pub segments: Vec<(Point, Point, Point)>,
}

impl Route {
    /// The point the route ends at.
    pub fn end(&self) -> Point {
        self.segments.last().map_or(self.start, |s| s.2)
    }

    /// The direction of arrival (unit vector).
    pub fn arrival(&self) -> (f64, f64) {
        let Some(&(_, c2, end)) = self.segments.last() else {
            return (0.0, 1.0);
        };
        let previous = match self.segments.len() {
            0 | 1 => self.start,
            k => self.segments[k - 2].2,
        };
        let from = if c2 != end { c2 } else { previous };
        let (dx, dy) = (end.x - from.x, end.y - from.y);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1e-9 {
            (0.0, 1.0)
        } else {
            (dx / len, dy / len)
        }
    }
}

/// The layout: node centres (screen coordinates), edge routes and the drawing's size.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    pub centres: Vec<Point>,
    pub routes: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

/// Lays out `sizes.len()` nodes of the given (width, height) with `edges` (from, to), flowing in
/// `rankdir`. Self-loops get an empty route.
pub(crate) fn layout(
    sizes: &[(f64, f64)],
    edges: &[(usize, usize)],
    rankdir: RankDir,
) -> Result<Layout, RenderError> {
    let n = sizes.len();
    let across = matches!(rankdir, RankDir::LR | RankDir::RL);
    // (size along the layer, size across it)
    let dims: Vec<(f64, f64)> = sizes
        .iter()
        .map(|&(w, h)| if across { (h, w) } else { (w, h) })
        .collect();
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < n && b < n)
        .collect();

    let reversed = break_cycles(n, &edges);
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let rank = layer(n, &dag);

    // Dummy points: node ids n.. ; each DAG edge becomes a chain of unit segments.
    let mut node_rank = rank.clone();
    let mut node_dim = dims.clone();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(dag.len());
    for &(a, b) in &dag {
        let mut chain = vec![a];
        if a != b {
            for r in rank[a] + 1..rank[b] {
                node_rank.push(r);
                node_dim.push((DUMMY_SIZE, 0.0));
                chain.push(node_rank.len() - 1);
                if node_rank.len() > MAX_POINTS {
                    return Err(RenderError::TooLarge {
                        nodes: n,
                        edges: edges.len(),
                        limit: MAX_POINTS,
                    });
                }
            }
            chain.push(b);
        }
        chains.push(chain);
    }
    let total = node_rank.len();
    let ranks = node_rank.iter().copied().max().map_or(0, |m| m + 1);
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); total];
    for chain in &chains {
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }

    let layers = order(&node_rank, ranks, &up, &down);

    // Coordinates along the layer.
    let mut x = vec![0.0f64; total];
    for layer in &layers {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += gap(&node_dim, layer[i - 1], v);
            }
            x[v] = at;
        }
    }
    let passes = if total > 20_000 { 2 } else { 8 };
    for pass in 0..passes {
        let downward = pass % 2 == 0;
        let order: Vec<usize> = if downward {
            (0..ranks).collect()
        } else {
            (0..ranks).rev().collect()
        };
        for r in order {
            let layer = &layers[r];
            let desired: Vec<f64> = layer
                .iter()
                .map(|&v| {
                    let ns: Vec<usize> = if downward {
                        up[v].clone()
                    } else {
                        down[v].clone()
                    };
                    let ns = if ns.is_empty() {
                        up[v].iter().chain(&down[v]).copied().collect()
                    } else {
                        ns
                    };
                    if ns.is_empty() {
                        x[v]
                    } else {
                        ns.iter().map(|&u| x[u]).sum::<f64>() / ns.len() as f64
                    }
                })
                .collect();
            let placed = place(layer, &desired, &node_dim);
            for (&v, p) in layer.iter().zip(placed) {
                x[v] = p;
            }
        }
    }
    let min_x = (0..total)
        .map(|v| x[v] - node_dim[v].0 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() { -min_x } else { 0.0 };
    for value in &mut x {
        *value += shift;
    }
    let extent_x = (0..total)
        .map(|v| x[v] + node_dim[v].0 / 2.0)
        .fold(0.0, f64::max);

    // Layers across: each band as deep as its deepest node.
    let mut band = vec![0.0f64; ranks];
    for v in 0..total {
        band[node_rank[v]] = band[node_rank[v]].max(node_dim[v].1);
    }
    let gaps = gaps(ranks, &chains, &node_rank, &x);
    let mut band_top = vec![0.0f64; ranks];
    let mut at = 0.0;
    for r in 0..ranks {
        band_top[r] = at;
        at += band[r] + gaps[r];
    }
    let extent_y = (at - gaps.last().copied().unwrap_or(0.0)).max(0.0);
    let centre = |v: usize| band_top[node_rank[v]] + band[node_rank[v]] / 2.0;

    // Ports: edges leaving (entering) a node spread over the middle of its side, ordered by
    // where they go, so that they do not start on top of each other.
    let mut out_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); total];
    let mut in_ports: Vec<Vec<(f64, usize)>> = vec![Vec::new(); total];
    for (e, chain) in chains.iter().enumerate() {
        if chain.len() >= 2 {
            out_ports[chain[0]].push((x[chain[1]], e));
            in_ports[chain[chain.len() - 1]].push((x[chain[chain.len() - 2]], e));
        }
    }
    let port_x = |ports: &mut Vec<(f64, usize)>, v: usize| -> Vec<(usize, f64)> {
        ports.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let k = ports.len();
        let span = node_dim[v].0 * 0.6;
        ports
            .iter()
            .enumerate()
            .map(|(i, &(_, e))| {
                let offset = if k <= 1 {
                    0.0
                } else {
                    span * (i as f64 / (k - 1) as f64 - 0.5)
                };
                (e, x[v] + offset)
            })
            .collect()
    };
    let mut start_x = vec![0.0; chains.len()];
    let mut end_x = vec![0.0; chains.len()];
    for v in 0..total {
        for (e, px) in port_x(&mut out_ports[v], v) {
            start_x[e] = px;
        }
        for (e, px) in port_x(&mut in_ports[v], v) {
            end_x[e] = px;
        }
    }

    let to_screen = |p: (f64, f64)| -> Point {
        let (o, r) = p;
        match rankdir {
            RankDir::TB => Point { x: o, y: r },
            RankDir::BT => Point {
                x: o,
                y: extent_y - r,
            },
            RankDir::LR => Point { x: r, y: o },
            RankDir::RL => Point {
                x: extent_y - r,
                y: o,
            },
        }
    };
    let centres: Vec<Point> = (0..n).map(|v| to_screen((x[v], centre(v)))).collect();
    let mut routes = Vec::with_capacity(chains.len());
    for (e, chain) in chains.iter().enumerate() {
        if chain.len() < 2 {
            routes.push(Route {
                start: to_screen((x[chain[0]], centre(chain[0]))),
                segments: Vec::new(),
            });
            continue;
        }
        // Abstract polyline: vertical runs inside bands, Bézier curves across the gaps.
        let first = chain[0];
        let start = (start_x[e], centre(first) + node_dim[first].1 / 2.0);
        let mut segments: Vec<AbstractSegment> = Vec::new();
        let mut current = start;
        let line_to = |current: &mut (f64, f64), to: (f64, f64), segments: &mut Vec<_>| {
            if (to.1 - current.1).abs() > 1e-9 || (to.0 - current.0).abs() > 1e-9 {
                segments.push((to, to, to));
                *current = to;
            }
        };
        let band_bottom = |v: usize| band_top[node_rank[v]] + band[node_rank[v]];
        line_to(
            &mut current,
            (start_x[e], band_bottom(first)),
            &mut segments,
        );
        for (i, &v) in chain.iter().enumerate().skip(1) {
            let is_last = i == chain.len() - 1;
            let vx = if is_last { end_x[e] } else { x[v] };
            let top = band_top[node_rank[v]];
            // Control points a fifth of the way across the gap: the curve still leaves and
            // arrives straight along the flow, but crosses the gap nearly as a straight line.
            // Halfway across (the old choice), every long edge ran level through the middle
            // of the gap, and edges sharing that channel could not be told apart.
            let lead = (top - current.1) * CONTROL;
            segments.push(((current.0, current.1 + lead), (vx, top - lead), (vx, top)));
            current = (vx, top);
            if is_last {
                line_to(
                    &mut current,
                    (vx, centre(v) - node_dim[v].1 / 2.0),
                    &mut segments,
                );
            } else {
                line_to(&mut current, (vx, band_bottom(v)), &mut segments);
            }
        }
        let mut route = Route {
            start: to_screen(start),
            segments: segments
                .iter()
                .map(|&(a, b, c)| (to_screen(a), to_screen(b), to_screen(c)))
                .collect(),
        };
        if reversed[e] {
            route = reverse(&route);
        }
        routes.push(route);
    }
    let (width, height) = if across {
        (extent_y, extent_x)
    } else {
        (extent_x, extent_y)
    };
    Ok(Layout {
        centres,
        routes,
        width,
        height,
    })
}

/// The order of each layer, with few crossings: a depth-first start, then barycenter sweeps,
/// each followed by transposition of neighbours, keeping the best order seen. The sweeps and
/// passes are capped by the graph's size, so that big maps still lay out in well under a
/// second (a sweep and its transposition are each linear in the edges, up to a log).
fn order(
    node_rank: &[usize],
    ranks: usize,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let total = node_rank.len();
    let (sweeps, transposes) = if total > 20_000 {
        (3, 1)
    } else if total > 2_000 {
        (8, 3)
    } else {
        (24, 6)
    };
    let mut layers = initial_order(node_rank, ranks, up, down);
    let mut pos = vec![0usize; total];
    set_positions(&layers, &mut pos);
    let mut best = layers.clone();
    let mut best_crossings = crossings(&layers, down, &pos);
    // Sweeps that do not improve on the best are allowed a few times: barycenter sweeps
    // oscillate, and a worse order is sometimes the way to a better one.
    let mut stale = 0;
    for sweep in 0..sweeps {
        if best_crossings == 0 || stale >= 4 {
            break;
        }
        barycenter_sweep(&mut layers, &mut pos, up, down, sweep % 2 == 0);
        transpose(&mut layers, &mut pos, up, down, transposes);
        let now = crossings(&layers, down, &pos);
        if now < best_crossings {
            best_crossings = now;
            best.clone_from(&layers);
            stale = 0;
        } else {
            stale += 1;
        }
    }
    best
}

/// Each layer in depth-first order from the first nodes: a chain's dummies start next to
/// their ends, and a claim's reasons next to each other, instead of the file's order.
fn initial_order(
    node_rank: &[usize],
    ranks: usize,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let total = node_rank.len();
    let mut seen = vec![false; total];
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    let mut stack = Vec::new();
    for root in 0..total {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        stack.push(root);
        while let Some(v) = stack.pop() {
            layers[node_rank[v]].push(v);
            // Reversed so that the first neighbour is visited first.
            for &w in up[v].iter().chain(&down[v]).rev() {
                if !seen[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
    }
    layers
}

fn set_positions(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
}

/// One sweep down (each layer sorted by its upper neighbours' mean position) or up.
fn barycenter_sweep(
    layers: &mut [Vec<usize>],
    pos: &mut [usize],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    downward: bool,
) {
    let ranks = layers.len();
    let neighbours = if downward { up } else { down };
    let order: Vec<usize> = if downward {
        (1..ranks).collect()
    } else {
        (0..ranks.saturating_sub(1)).rev().collect()
    };
    for r in order {
        // A node without neighbours on that side keeps its place.
        let mut keyed: Vec<(f64, usize)> = layers[r]
            .iter()
            .map(|&v| {
                let ns = &neighbours[v];
                let key = if ns.is_empty() {
                    pos[v] as f64
                } else {
                    ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                };
                (key, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        layers[r] = keyed.into_iter().map(|(_, v)| v).collect();
        for (i, &v) in layers[r].iter().enumerate() {
            pos[v] = i;
        }
    }
}

/// Swaps neighbours in a layer while that removes crossings with both adjacent layers, for at
/// most `passes` passes over the layers.
fn transpose(
    layers: &mut [Vec<usize>],
    pos: &mut [usize],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    passes: usize,
) {
    for _ in 0..passes {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 1..layer.len() {
                let (u, v) = (layer[i - 1], layer[i]);
                let kept = pair_crossings(u, v, up, pos) + pair_crossings(u, v, down, pos);
                let swapped = pair_crossings(v, u, up, pos) + pair_crossings(v, u, down, pos);
                if swapped < kept {
                    layer.swap(i - 1, i);
                    pos[u] = i;
                    pos[v] = i - 1;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the edges of `u` and of `v` to one adjacent layer when `u` is left of
/// `v`: the pairs whose ends are in the opposite order.
fn pair_crossings(u: usize, v: usize, neighbours: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut a: Vec<usize> = neighbours[u].iter().map(|&w| pos[w]).collect();
    let mut b: Vec<usize> = neighbours[v].iter().map(|&w| pos[w]).collect();
    a.sort_unstable();
    b.sort_unstable();
    // For each end of u's, the ends of v's strictly left of it.
    let mut count = 0;
    let mut j = 0;
    for &x in &a {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        count += j;
    }
    count
}

/// Crossings between all adjacent layers: for each pair of layers, the inversions among the
/// lower ends of the edges sorted by their upper ends (counted with a Fenwick tree).
fn crossings(layers: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for pair in layers.windows(2) {
        let mut ends: Vec<(usize, usize)> = pair[0]
            .iter()
            .flat_map(|&u| down[u].iter().map(move |&w| (u, w)))
            .map(|(u, w)| (pos[u], pos[w]))
            .collect();
        ends.sort_unstable();
        let mut tree = vec![0usize; pair[1].len() + 1];
        for (seen, &(_, lower)) in ends.iter().enumerate() {
            // Edges already seen whose lower end is at or left of this one do not cross it.
            let mut at_or_left = 0;
            let mut i = lower + 1;
            while i > 0 {
                at_or_left += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - at_or_left;
            let mut i = lower + 1;
            while i < tree.len() {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// The gap after each layer: wider where the edges crossing it run far sideways, so that they
/// cross it steeply enough to be told apart, instead of side by side in a shallow channel.
fn gaps(ranks: usize, chains: &[Vec<usize>], node_rank: &[usize], x: &[f64]) -> Vec<f64> {
    let mut sideways = vec![(0.0f64, 0usize); ranks];
    for chain in chains {
        for pair in chain.windows(2) {
            let entry = &mut sideways[node_rank[pair[0]]];
            entry.0 += (x[pair[1]] - x[pair[0]]).abs();
            entry.1 += 1;
        }
    }
    sideways
        .iter()
        .map(|&(sum, k)| {
            let mean = if k == 0 { 0.0 } else { sum / k as f64 };
            (mean * GAP_SLOPE).clamp(RANK_GAP, RANK_GAP * MAX_GAP)
        })
        .collect()
}

/// The same route walked backwards.
fn reverse(route: &Route) -> Route {
    let mut segments = Vec::with_capacity(route.segments.len());
    let mut starts: Vec<Point> = vec![route.start];
    starts.extend(route.segments.iter().map(|s| s.2));
    for (i, &(c1, c2, _)) in route.segments.iter().enumerate().rev() {
        segments.push((c2, c1, starts[i]));
    }
    Route {
        start: route.end(),
        segments,
    }
}

/// Minimum distance between the centres of neighbours `a` and `b` in a layer.
fn gap(dims: &[(f64, f64)], a: usize, b: usize) -> f64 {
    let spacing = if dims[a].1 == 0.0 || dims[b].1 == 0.0 {
        NODE_GAP / 3.0
    } else {
        NODE_GAP
    };
    (dims[a].0 + dims[b].0) / 2.0 + spacing
}

/// Positions as close to `desired` as the layer's order and spacing allow: the mean of the
/// leftmost and the rightmost feasible placements (both feasible, so the mean is too).
fn place(layer: &[usize], desired: &[f64], dims: &[(f64, f64)]) -> Vec<f64> {
    let k = layer.len();
    let mut left = vec![0.0; k];
    for i in 0..k {
        left[i] = if i == 0 {
            desired[0]
        } else {
            desired[i].max(left[i - 1] + gap(dims, layer[i - 1], layer[i]))
        };
    }
    let mut right = vec![0.0; k];
    for i in (0..k).rev() {
        right[i] = if i + 1 == k {
            desired[i]
        } else {
            desired[i].min(right[i + 1] - gap(dims, layer[i], layer[i + 1]))
        };
    }
    left.iter()
        .zip(&right)
        .map(|(l, r)| (l + r) / 2.0)
        .collect()
}

/// Which edges to reverse so that the graph has no cycle: the back edges of an iterative DFS
/// in index order (self-loops are left alone).
fn break_cycles(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        out[a].push((b, e));
    }
    let mut reversed = vec![false; edges.len()];
    // 0 unvisited, 1 on stack, 2 done
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&(w, e)) = out[v].get(*next) {
                *next += 1;
                if w == v {
                    continue;
                }
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Layer of each node: sinks (conclusions) on the last layer, every other node one layer before
/// its earliest target.
fn layer(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for &(a, b) in dag {
        if a != b {
            out[a].push(b);
            indegree[b] += 1;
        }
    }
    // Topological order (Kahn), then heights in reverse.
    let mut order: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut i = 0;
    while i < order.len() {
        let v = order[i];
        for &w in &out[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                order.push(w);
            }
        }
        i += 1;
    }
    let mut height = vec![0usize; n];
    for &v in order.iter().rev() {
        height[v] = out[v].iter().map(|&w| height[w] + 1).max().unwrap_or(0);
    }
    let max = height.iter().copied().max().unwrap_or(0);
    // Sources are pulled down next to their targets: a reason with one target sits one layer
    // before it, not on the first layer.
    let mut rank: Vec<usize> = height.iter().map(|&h| max - h).collect();
    for &v in order.iter().rev() {
        if let Some(min_target) = out[v].iter().map(|&w| rank[w]).min() {
            rank[v] = rank[v].max(min_target.saturating_sub(1));
        }
    }
    rank
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::needless_range_loop)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_broken_and_laid_out() {
        let sizes = vec![(50.0, 20.0); 3];
        let layout = layout(&sizes, &[(0, 1), (1, 2), (2, 0)], RankDir::TB).unwrap();
        assert_eq!(layout.routes.len(), 3);
        assert_eq!(layout.centres.len(), 3);
    }

    #[test]
    fn targets_sit_after_their_sources() {
        let sizes = vec![(50.0, 20.0); 3];
        let layout = layout(&sizes, &[(0, 2), (1, 2)], RankDir::TB).unwrap();
        assert!(layout.centres[0].y < layout.centres[2].y);
        let bt = super::layout(&sizes, &[(0, 2), (1, 2)], RankDir::BT).unwrap();
        assert!(bt.centres[0].y > bt.centres[2].y);
    }

    fn inside(p: Point, centre: Point, (w, h): (f64, f64)) -> bool {
        (p.x - centre.x).abs() < w / 2.0 - 1.0 && (p.y - centre.y).abs() < h / 2.0 - 1.0
    }

    fn bezier(a: Point, b: Point, c: Point, d: Point, t: f64) -> Point {
        let u = 1.0 - t;
        let f = |a: f64, b: f64, c: f64, d: f64| {
            u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
        };
        Point {
            x: f(a.x, b.x, c.x, d.x),
            y: f(a.y, b.y, c.y, d.y),
        }
    }

    proptest::proptest! {
        #[test]
        fn nodes_do_not_overlap_and_edges_avoid_boxes(
            sizes in proptest::collection::vec((30.0f64..300.0, 20.0f64..120.0), 1..40),
            raw_edges in proptest::collection::vec((0usize..40, 0usize..40), 0..80),
            dir in 0usize..4,
        ) {
            let n = sizes.len();
            let edges: Vec<(usize, usize)> = raw_edges.iter().map(|&(a, b)| (a % n, b % n)).collect();
            let rankdir = [RankDir::TB, RankDir::BT, RankDir::LR, RankDir::RL][dir];
            let laid = layout(&sizes, &edges, rankdir).unwrap();
            for i in 0..n {
                for j in i + 1..n {
                    let (a, b) = (laid.centres[i], laid.centres[j]);
                    let apart = (a.x - b.x).abs() >= (sizes[i].0 + sizes[j].0) / 2.0 - 0.01
                        || (a.y - b.y).abs() >= (sizes[i].1 + sizes[j].1) / 2.0 - 0.01;
                    proptest::prop_assert!(apart, "nodes {} and {} overlap", i, j);
                }
            }
            for (e, route) in laid.routes.iter().enumerate() {
                let mut from = route.start;
                for &(c1, c2, end) in &route.segments {
                    for step in 0..=20 {
                        let p = bezier(from, c1, c2, end, step as f64 / 20.0);
                        for v in 0..n {
                            proptest::prop_assert!(
                                !inside(p, laid.centres[v], sizes[v]),
                                "edge {} {:?} runs through node {}", e, edges[e], v
                            );
                        }
                    }
                    from = end;
                }
            }
        }
    }

    /// Crossings between the drawn routes of edges that share no node, each cubic flattened.
    fn drawn_crossings(laid: &Layout, edges: &[(usize, usize)]) -> usize {
        let lines: Vec<Vec<Point>> = laid
            .routes
            .iter()
            .map(|route| {
                let mut points = vec![route.start];
                let mut from = route.start;
                for &(c1, c2, end) in &route.segments {
                    for step in 1..=8 {
                        points.push(bezier(from, c1, c2, end, step as f64 / 8.0));
                    }
                    from = end;
                }
                points
            })
            .collect();
        let cross =
            |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
        let mut count = 0;
        for e in 0..edges.len() {
            for f in e + 1..edges.len() {
                let (a, b) = (edges[e], edges[f]);
                if a.0 == b.0 || a.0 == b.1 || a.1 == b.0 || a.1 == b.1 {
                    continue;
                }
                for p in lines[e].windows(2) {
                    for q in lines[f].windows(2) {
                        if cross(q[0], q[1], p[0]) * cross(q[0], q[1], p[1]) < 0.0
                            && cross(p[0], p[1], q[0]) * cross(p[0], p[1], q[1]) < 0.0
                        {
                            count += 1;
                        }
                    }
                }
            }
        }
        count
    }

    #[test]
    fn crossings_between_layers_are_counted() {
        // a b over c d, with a–d and b–c: one crossing; a–c and b–d: none.
        let layers = vec![vec![0, 1], vec![2, 3]];
        let pos = vec![0, 1, 0, 1];
        let crossed = vec![vec![3], vec![2], vec![], vec![]];
        assert_eq!(crossings(&layers, &crossed, &pos), 1);
        let parallel = vec![vec![2], vec![3], vec![], vec![]];
        assert_eq!(crossings(&layers, &parallel, &pos), 0);
        let k33 = vec![
            vec![3, 4, 5],
            vec![3, 4, 5],
            vec![3, 4, 5],
            vec![],
            vec![],
            vec![],
        ];
        let layers = vec![vec![0, 1, 2], vec![3, 4, 5]];
        assert_eq!(crossings(&layers, &k33, &[0, 1, 2, 0, 1, 2]), 9);
    }

    #[test]
    fn reasons_listed_out_of_order_do_not_cross() {
        // Four conclusions, each with two reasons and a sub-reason, listed interleaved (the
        // file's order crossed almost every edge); a tree always has a drawing without any.
        let sizes = vec![(80.0, 30.0); 16];
        let mut edges = Vec::new();
        for i in 0..8 {
            edges.push((4 + i, (i * 3) % 4));
        }
        for i in 0..4 {
            edges.push((12 + i, 4 + (i * 5 + 2) % 8));
        }
        // A long edge, skipping a layer: 12 supports 6, which supports 2.
        edges.push((12, 2));
        let laid = layout(&sizes, &edges, RankDir::TB).unwrap();
        assert_eq!(drawn_crossings(&laid, &edges), 0);
    }

    #[test]
    fn a_scrambled_matching_draws_without_crossings() {
        let sizes = vec![(60.0, 20.0); 20];
        let edges: Vec<(usize, usize)> = (0..10).map(|i| (i, 10 + (i * 7) % 10)).collect();
        let laid = layout(&sizes, &edges, RankDir::LR).unwrap();
        assert_eq!(drawn_crossings(&laid, &edges), 0);
    }

    #[test]
    fn empty_graph_lays_out() {
        let layout = layout(&[], &[], RankDir::LR).unwrap();
        assert!(layout.centres.is_empty());
    }
}
