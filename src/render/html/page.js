// claimgraph HTML view: side panel, hover, search, tag filters, pan and zoom, deep links.
// Plain JavaScript for one page, no framework. Every text from the map is hostile input: it is
// only ever written with textContent or createTextNode, never parsed as markup. A page served
// by `claimgraph serve` (data.live) also follows the server's update stream and swaps in the
// new drawing and data in place (see "Live" at the end); the offline page makes no request.
(function () {
  'use strict';

  // A big map's page carries its data and drawing deflated and in base64 (a third of the
  // size); the browser inflates them itself (DecompressionStream), with no request.
  function decode(el) {
    if (el.getAttribute('data-encoding') !== 'deflate-base64') return JSON.parse(el.textContent);
    var bin = atob(el.textContent.trim());
    // The text is tens of megabytes on a big map and is not needed again.
    el.textContent = '';
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text().then(JSON.parse);
  }
  var dataEl = document.getElementById('cg-data');
  var sceneEl = document.getElementById('cg-scene');
  if (!dataEl) return;
  // Said in the hint's place when a big map's data cannot be read (a browser without
  // DecompressionStream, or a damaged file): better than a blank drawing.
  function unreadable() {
    var hint = document.getElementById('cg-hint');
    if (!hint) return;
    hint.textContent = 'This page could not read its map: it needs a browser that can inflate compressed data (Chromium 80, Firefox 113, Safari 16.4 or later).';
    hint.hidden = false;
  }
  try {
    var first = decode(dataEl), drawn = sceneEl ? decode(sceneEl) : null;
    if (first && typeof first.then === 'function') Promise.all([first, drawn]).then(function (r) { main(r[0], r[1]); }, unreadable);
    else main(first, drawn);
  } catch (e) {
    if (sceneEl) unreadable();
    return;
  }

  function main(data, scene) {
  var claims, sources;
  // The data leaves out empty lists and usual values, and who supports and contradicts a
  // claim (the other claims' lists say it): filled in here, once, from the index `claims`.
  function complete() {
    data.claims.forEach(function (c) {
      ['tags', 'evidence', 'supports', 'contradicts'].forEach(function (k) { if (!c[k]) c[k] = []; });
      c.supported_by = [];
      c.contradicted_by = [];
      c.evidence.forEach(function (e) {
        if (!e.status) e.status = 'anchored';
        if (e.occurrences === undefined) e.occurrences = e.status === 'anchored' ? 1 : 0;
        if (!e.end_line) e.end_line = e.line;
        if (e.context && !e.context.passage) e.context.passage = [[e.quote, true]];
      });
    });
    data.claims.forEach(function (c) {
      [['supports', 'supported_by'], ['contradicts', 'contradicted_by']].forEach(function (k) {
        c[k[0]].forEach(function (to) {
          var t = claims.get(to);
          if (t && t[k[1]].indexOf(c.id) < 0) t[k[1]].push(c.id);
        });
      });
    });
  }
  function index() {
    claims = new Map();
    data.claims.forEach(function (c) { if (!claims.has(c.id)) claims.set(c.id, c); });
    complete();
    sources = new Map();
    data.sources.forEach(function (s) { if (!sources.has(s.id)) sources.set(s.id, s); });
  }
  index();
  var diagram = document.getElementById('cg-diagram');
  var svg = diagram && diagram.querySelector('svg');
  // A big map is drawn on a canvas from `scene` instead (see "The canvas drawing").
  var canvas = diagram && scene ? diagram.querySelector('#cg-canvas') : null;
  var sc = canvas ? scene : null;
  var hot = document.getElementById('cg-hot');
  // What the pointer and the wheel act on: the SVG, or the diagram holding the canvas.
  var surface = svg || (sc ? diagram : null);
  var panel = document.getElementById('cg-panel');
  var tools = document.getElementById('cg-tools');
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // ---- Small DOM helpers (text only, never markup) ----
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'class') el.className = v;
        else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(el, c); });
    else if (typeof child === 'string' || typeof child === 'number') el.appendChild(document.createTextNode(String(child)));
    else el.appendChild(child);
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }
  function hashOf(id) { return '#' + encodeURIComponent(id); }
  function claimLink(id) {
    var c = claims.get(id);
    if (!c) return h('span', { class: 'cg-none' }, 'unknown claim ', h('code', null, id));
    return h('a', { href: hashOf(id), 'data-claim': id }, c.text, ' ', h('code', null, id));
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  // ---- Find the drawing's parts by id (both engines follow the same id conventions) ----
  var nodes = new Map();     // claim id -> <g>
  var evidence = new Map();  // claim id -> [{el, index}]
  var edges = [];            // {from, to, kind, el}
  function shownText(g) {
    return Array.from(g.querySelectorAll('text')).map(function (t) { return t.textContent.trim(); })
      .filter(Boolean).join(' ');
  }
  function byId(id) {
    var el = document.getElementById(id);
    return el && svg && svg.contains(el) ? el : null;
  }
  function findParts() {
    nodes = new Map();
    evidence = new Map();
    edges = [];
    if (sc) {
      // Claims and notes by box: the first box of a claim is its box (an id drawn twice is
      // drawn once, as in the SVG).
      sc.boxes.forEach(function (b, i) {
        var c = data.claims[b[0]];
        if (!c) return;
        if (b[1] < 0) { if (!nodes.has(c.id)) nodes.set(c.id, i); return; }
        if (!evidence.has(c.id)) evidence.set(c.id, []);
        evidence.get(c.id).push({ box: i, index: b[1] });
      });
      return;
    }
    if (!svg) return;
    claims.forEach(function (c, id) {
      var g = byId('claim-' + id);
      if (g) {
        nodes.set(id, g);
        g.classList.add('cg-item', 'cg-claim');
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
        // The name is what the box shows, badges included (WCAG 2.5.3: a speech user says what
        // they see), given by the <title> (also the tooltip) rather than aria-label: an
        // aria-label is held against whatever part of the box is on screen, and a box cut by
        // the window's edge shows lines that are not one run of the name. A label cut short
        // gets the full text as its description.
        var shown = shownText(g) || c.text + ' (' + id + ')';
        var title = g.querySelector(':scope > title');
        if (!title) title = g.insertBefore(document.createElementNS('http://www.w3.org/2000/svg', 'title'), g.firstChild);
        title.textContent = shown;
        if (shown.indexOf(c.text) < 0) g.setAttribute('aria-description', c.text);
      }
      var found = [];
      for (var i = 0; i < c.evidence.length; i++) {
        var el = byId('evidence-' + id + '-' + i);
        if (el) {
          el.classList.add('cg-item', 'cg-evidence');
          found.push({ el: el, index: i });
        }
      }
      evidence.set(id, found);
      ['supports', 'contradicts'].forEach(function (kind) {
        c[kind].forEach(function (to) {
          var e = byId('edge-' + id + '-' + kind + '-' + to);
          if (e) {
            e.classList.add('cg-item');
            edges.push({ from: id, to: to, kind: kind, el: e });
          }
        });
      });
    });
  }
  findParts();

  // ---- The canvas drawing of a big map ----
  // `scene` (render/canvas.rs) holds the builtin layout's boxes, routes and clusters. Level of
  // detail keeps a frame cheap at any zoom: far out, the clusters with their counts and the
  // links between them; then every box without text and edges as straight lines; close up,
  // boxes with their text and the routed edges. A grid over the drawing finds what is under the
  // pointer, and the claims in view get focusable elements (`#cg-hot`) so that the keyboard and
  // screen readers reach them as they reach the SVG's.
  var CELL = 256, LINKS_SHOWN = 3;
  var cv = null;
  function setupCanvas() {
    var n = sc.boxes.length;
    cv = {
      ctx: canvas.getContext('2d'), dpr: 1, raf: 0, hover: null, selected: null,
      near: null, filter: null, hits: false, hot: new Map(), mini: null,
      x0: new Float64Array(n), y0: new Float64Array(n), x1: new Float64Array(n), y1: new Float64Array(n),
      claimOf: new Int32Array(n), edgesOf: [], grid: new Map(), clusterOf: new Int32Array(n).fill(-1),
      links: []
    };
    sc.boxes.forEach(function (b, i) {
      cv.x0[i] = b[2] - b[4] / 2; cv.y0[i] = b[3] - b[5] / 2;
      cv.x1[i] = b[2] + b[4] / 2; cv.y1[i] = b[3] + b[5] / 2;
      cv.claimOf[i] = b[0];
      cv.edgesOf.push([]);
      for (var gx = Math.floor(cv.x0[i] / CELL); gx <= Math.floor(cv.x1[i] / CELL); gx++) {
        for (var gy = Math.floor(cv.y0[i] / CELL); gy <= Math.floor(cv.y1[i] / CELL); gy++) {
          var key = gx * 65536 + gy, list = cv.grid.get(key);
          if (list) list.push(i); else cv.grid.set(key, [i]);
        }
      }
    });
    sc.edges.forEach(function (e, k) {
      if (cv.edgesOf[e[0]]) cv.edgesOf[e[0]].push(k);
      if (cv.edgesOf[e[1]]) cv.edgesOf[e[1]].push(k);
    });
    // Members are boxes (claims and drawn notes); a cluster counts its claims.
    cv.clusterClaims = sc.clusters.map(function (c, ci) {
      var claimsIn = 0;
      c[5].forEach(function (m) {
        if (m >= n) return;
        cv.clusterOf[m] = ci;
        if (sc.boxes[m][1] < 0) claimsIn++;
      });
      return claimsIn;
    });
    // The links between clusters, counted, for the far view.
    var counted = new Map();
    sc.edges.forEach(function (e) {
      var a = cv.clusterOf[e[0]], b = cv.clusterOf[e[1]];
      if (a < 0 || b < 0 || a === b) return;
      var key = Math.min(a, b) * 1048576 + Math.max(a, b);
      counted.set(key, (counted.get(key) || 0) + 1);
    });
    counted.forEach(function (count, key) { cv.links.push([Math.floor(key / 1048576), key % 1048576, count]); });
    // Far out, each cluster shows its strongest links only (every pair would be a hairball on
    // a map whose claims link far and wide): the LINKS_SHOWN heaviest of each cluster.
    cv.links.sort(function (a, b) { return b[2] - a[2] || a[0] - b[0] || a[1] - b[1]; });
    var shown = new Int32Array(sc.clusters.length);
    cv.links = cv.links.filter(function (l) {
      var keep = shown[l[0]] < LINKS_SHOWN || shown[l[1]] < LINKS_SHOWN;
      if (keep) { shown[l[0]]++; shown[l[1]]++; }
      return keep;
    });
  }
  // Boxes whose frame meets the rectangle (drawing units), each once.
  function boxesIn(x0, y0, x1, y1) {
    var out = [], seen = new Set();
    var gx0 = Math.floor(x0 / CELL), gx1 = Math.floor(x1 / CELL), gy0 = Math.floor(y0 / CELL), gy1 = Math.floor(y1 / CELL);
    if ((gx1 - gx0 + 1) * (gy1 - gy0 + 1) > cv.grid.size) {
      for (var i = 0; i < sc.boxes.length; i++) if (cv.x1[i] >= x0 && cv.x0[i] <= x1 && cv.y1[i] >= y0 && cv.y0[i] <= y1) out.push(i);
      return out;
    }
    for (var gx = gx0; gx <= gx1; gx++) {
      for (var gy = gy0; gy <= gy1; gy++) {
        var list = cv.grid.get(gx * 65536 + gy);
        if (!list) continue;
        for (var k = 0; k < list.length; k++) {
          var b = list[k];
          if (seen.has(b)) continue;
          seen.add(b);
          if (cv.x1[b] >= x0 && cv.x0[b] <= x1 && cv.y1[b] >= y0 && cv.y0[b] <= y1) out.push(b);
        }
      }
    }
    return out;
  }
  function boxAt(clientX, clientY) {
    var p = toSvgPoint(clientX, clientY);
    var found = boxesIn(p.x, p.y, p.x, p.y);
    return found.length ? found[found.length - 1] : -1;
  }
  function claimIdOf(b) {
    var c = data.claims[cv.claimOf[b]];
    return c ? c.id : null;
  }
  function requestPaint() {
    if (cv && !cv.raf) cv.raf = requestAnimationFrame(paint);
  }
  function sizeCanvas() {
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(1, Math.round(box.w * dpr)), hh = Math.max(1, Math.round(box.h * dpr));
    if (canvas.width !== w || canvas.height !== hh) { canvas.width = w; canvas.height = hh; }
    canvas.style.width = box.w + 'px';
    canvas.style.height = box.h + 'px';
    cv.dpr = dpr;
  }
  function levelOf(s, visible) {
    var px = claimFont * s;
    // Far: so many boxes in view that each is a few pixels (measured: 4,000 rectangles and
    // their links still draw in a frame on this machine's 2 cores).
    if (sc.clusters.length && (px < 0.35 || visible > 4000)) return 'far';
    return px >= 5.5 ? 'near' : 'mid';
  }
  function paint() {
    cv.raf = 0;
    if (!view || !box.w) return;
    sizeCanvas();
    var ctx = cv.ctx, s = box.w / view.w, d = cv.dpr;
    ctx.setTransform(d, 0, 0, d, 0, 0);
    ctx.clearRect(0, 0, box.w, box.h);
    ctx.setTransform(d * s, 0, 0, d * s, -view.x * s * d, -view.y * s * d);
    var vis = boxesIn(view.x, view.y, view.x + view.w, view.y + view.h);
    // The level painted is the one the pointer acts on (hover, cursor, click).
    var level = cv.level = levelOf(s, vis.length);
    if (level === 'far') {
      paintLinks(ctx, s);
      paintFrames(ctx, s, level);
      paintMarks(ctx, s);
    } else {
      paintFrames(ctx, s, level);
      paintEdges(ctx, s, level, edgesAt(vis));
      paintBoxes(ctx, s, vis, level);
    }
    paintLabels(ctx, s, level);
    // The claims in view are focusable at the middle level too, while they are few enough.
    syncHot(level === 'far' ? [] : vis);
  }
  // Whether a box belongs to the search and tag filter (every box when there is none).
  function matched(b) {
    return !cv.filter || cv.filter.has(claimIdOf(b));
  }
  // Faded: outside the filter, or outside the hovered claim's neighbourhood.
  function dimmed(b) {
    return !matched(b) || (cv.near !== null && !cv.near.has(b));
  }
  function paintFrames(ctx, s, level) {
    if (!sc.clusters.length) return;
    ctx.lineWidth = 1 / s;
    sc.clusters.forEach(function (c) {
      if (c[0] > view.x + view.w || c[1] > view.y + view.h || c[0] + c[2] < view.x || c[1] + c[3] < view.y) return;
      ctx.fillStyle = level === 'far' ? '#e8eef8' : '#f5f7fb';
      ctx.strokeStyle = '#b8c4d8';
      ctx.fillRect(c[0], c[1], c[2], c[3]);
      ctx.strokeRect(c[0], c[1], c[2], c[3]);
    });
  }
  function paintLinks(ctx, s) {
    ctx.strokeStyle = 'rgba(74, 85, 104, 0.45)';
    cv.links.forEach(function (l) {
      var a = sc.clusters[l[0]], b = sc.clusters[l[1]];
      ctx.lineWidth = Math.min(4, 0.5 + Math.log2(l[2]) / 2) / s;
      ctx.beginPath();
      ctx.moveTo(a[0] + a[2] / 2, a[1] + a[3] / 2);
      ctx.lineTo(b[0] + b[2] / 2, b[1] + b[3] / 2);
      ctx.stroke();
    });
  }
  // Far out: where the open claim, the hovered one and the matches are.
  function paintMarks(ctx, s) {
    var r = 4 / s;
    function dot(b, colour) {
      ctx.fillStyle = colour;
      ctx.fillRect((cv.x0[b] + cv.x1[b]) / 2 - r, (cv.y0[b] + cv.y1[b]) / 2 - r, 2 * r, 2 * r);
    }
    if (cv.filter && cv.filter.size < 5000) {
      cv.filter.forEach(function (id) { if (nodes.has(id)) dot(nodes.get(id), '#f0a500'); });
    }
    questionBoxes().forEach(function (b) { dot(b, '#6b46c1'); });
    if (cv.selected !== null && nodes.has(cv.selected)) dot(nodes.get(cv.selected), '#1f5fbf');
  }
  function questionBoxes() {
    return (data.questions || []).map(function (q) { return nodes.get(q.id); }).filter(function (b) { return b !== undefined; });
  }
  // The edges to draw: those of the boxes in view, each once, plus the open claim's. An edge
  // that only passes through the view is left out: on a big map thousands of long links
  // between clusters cross any view, and drawing them cost most of a frame (100k claims:
  // 470 ms a wheel step) for lines that lead nowhere in sight.
  function edgesAt(vis) {
    if (!cv.edgeMark) cv.edgeMark = new Int32Array(sc.edges.length);
    var gen = cv.edgeGen = (cv.edgeGen || 0) + 1, out = [];
    function add(list) {
      for (var i = 0; i < list.length; i++) {
        var k = list[i];
        if (cv.edgeMark[k] !== gen) { cv.edgeMark[k] = gen; out.push(k); }
      }
    }
    vis.forEach(function (b) { add(cv.edgesOf[b]); });
    if (cv.selected !== null && nodes.has(cv.selected)) add(cv.edgesOf[nodes.get(cv.selected)]);
    out.sort(function (a, b) { return a - b; });
    return out;
  }
  function paintEdges(ctx, s, level, ks) {
    if (level !== 'near') return paintLines(ctx, s, ks);
    var linked = cv.selected !== null && nodes.has(cv.selected) ? new Set(cv.edgesOf[nodes.get(cv.selected)]) : null;
    ks.forEach(function (k) {
      var e = sc.edges[k];
      var st = sc.edgeStyles[e[2]] || ['#4a5568', 1, 0, 's'], p = e[3];
      var dim = dimmed(e[0]) || dimmed(e[1]);
      // Links between clusters run straight and long: faint unless they are the open or the
      // hovered claim's.
      var across = cv.clusterOf[e[0]] !== cv.clusterOf[e[1]] && !(linked && linked.has(k)) && !(cv.near && !dim);
      ctx.globalAlpha = dim ? 0.12 : across ? 0.25 : 1;
      ctx.strokeStyle = st[0];
      ctx.lineWidth = (linked && linked.has(k) ? 3 : st[1]) / (level === 'near' ? 1 : Math.max(s, 0.5));
      ctx.setLineDash(st[2] && level === 'near' ? [5, 3] : []);
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      if (level === 'near') {
        for (var j = 2; j + 5 < p.length; j += 6) ctx.bezierCurveTo(p[j], p[j + 1], p[j + 2], p[j + 3], p[j + 4], p[j + 5]);
      } else {
        ctx.lineTo(p[p.length - 2], p[p.length - 1]);
      }
      ctx.stroke();
      if (level === 'near') head(ctx, p, st);
    });
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }
  // The middle level: every edge in view as a straight line, one path per style and emphasis
  // (a stroke per edge would cost a frame at a few thousand).
  function paintLines(ctx, s, ks) {
    var linked = cv.selected !== null && nodes.has(cv.selected) ? new Set(cv.edgesOf[nodes.get(cv.selected)]) : null;
    var groups = new Map();
    ks.forEach(function (k) {
      var e = sc.edges[k];
      var dim = dimmed(e[0]) || dimmed(e[1]);
      var strong = linked && linked.has(k);
      var across = !strong && cv.clusterOf[e[0]] !== cv.clusterOf[e[1]] && !(cv.near && !dim);
      var key = e[2] * 8 + (dim ? 1 : across ? 2 : strong ? 3 : 0);
      var list = groups.get(key);
      if (!list) groups.set(key, list = []);
      list.push(e[3]);
    });
    groups.forEach(function (list, key) {
      var st = sc.edgeStyles[key >> 3] || ['#4a5568', 1, 0, 's'], kind = key & 7;
      ctx.globalAlpha = kind === 1 ? 0.12 : kind === 2 ? 0.25 : 1;
      ctx.strokeStyle = st[0];
      ctx.lineWidth = (kind === 3 ? 3 : st[1]) / Math.max(s, 0.5);
      ctx.beginPath();
      list.forEach(function (p) {
        ctx.moveTo(p[0], p[1]);
        ctx.lineTo(p[p.length - 2], p[p.length - 1]);
      });
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
  }
  // The arrowhead: a triangle for support, a bar for contradiction, a ring for a report.
  function head(ctx, p, st) {
    var n = p.length, tx = p[n - 2], ty = p[n - 1], fx = p[n - 4], fy = p[n - 3];
    if (fx === tx && fy === ty && n >= 8) { fx = p[n - 6]; fy = p[n - 5]; }
    var dx = tx - fx, dy = ty - fy, len = Math.hypot(dx, dy) || 1;
    dx /= len; dy /= len;
    var px = -dy, py = dx;
    ctx.fillStyle = st[0];
    ctx.beginPath();
    if (st[3] === 'c') {
      ctx.moveTo(tx - dx * 2 + px * 6, ty - dy * 2 + py * 6);
      ctx.lineTo(tx - dx * 2 - px * 6, ty - dy * 2 - py * 6);
      ctx.lineWidth = 2;
      ctx.stroke();
    } else if (st[3] === 'r') {
      ctx.arc(tx - dx * 4, ty - dy * 4, 3.5, 0, 2 * Math.PI);
      ctx.stroke();
    } else {
      ctx.moveTo(tx, ty);
      ctx.lineTo(tx - dx * 9 + px * 4.5, ty - dy * 9 + py * 4.5);
      ctx.lineTo(tx - dx * 9 - px * 4.5, ty - dy * 9 - py * 4.5);
      ctx.closePath();
      ctx.fill();
    }
  }
  function roundRect(ctx, x, y, w, hh, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + hh, r);
    ctx.arcTo(x + w, y + hh, x, y + hh, r);
    ctx.arcTo(x, y + hh, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }
  function paintBoxes(ctx, s, vis, level) {
    if (level !== 'near') outlineBoxes(ctx, s, vis);
    var t = sc.text, sel = cv.selected !== null ? nodes.get(cv.selected) : undefined;
    var hovered = cv.hover !== null ? nodes.get(cv.hover) : undefined;
    var questions = new Set(questionBoxes());
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    vis.forEach(function (b) {
      var bx = sc.boxes[b], st = sc.styles[bx[6]] || ['#4a5568', '#ffffff', 1.2, 0, 0];
      var x = cv.x0[b], y = cv.y0[b], w = bx[4], hh = bx[5];
      ctx.globalAlpha = dimmed(b) ? 0.12 : 1;
      ctx.fillStyle = st[1];
      ctx.strokeStyle = st[0];
      var width = st[2], emphasis = true;
      if (b === sel) { ctx.strokeStyle = '#1f5fbf'; width = 3.5; }
      else if (cv.hits && matched(b) && bx[1] < 0) { ctx.strokeStyle = '#f0a500'; width = 3; }
      else if (b === hovered) width = 2;
      else if (questions.has(b)) { ctx.strokeStyle = '#6b46c1'; width = 3; }
      else emphasis = false;
      if (level !== 'near') {
        // Filled and outlined with their style already; only the emphasis is drawn here.
        if (emphasis) {
          ctx.lineWidth = Math.max(width, 1.5 / s);
          ctx.strokeRect(x, y, w, hh);
        }
        return;
      }
      roundRect(ctx, x, y, w, hh, st[4] ? 0 : 7);
      ctx.fill();
      ctx.lineWidth = width;
      ctx.setLineDash(st[3] ? [5, 3] : []);
      ctx.stroke();
      ctx.setLineDash([]);
      var base = y + t.pad[1], note = st[4], body = note ? t.note : t.claim;
      ctx.fillStyle = '#1a202c';
      ctx.font = (note ? 'italic ' : '') + body[0] + 'px Helvetica, Arial, sans-serif';
      bx[7].forEach(function (line) {
        base += body[1];
        ctx.fillText(line, bx[2], base - body[1] * 0.25);
      });
      if (bx[8]) {
        base += t.small[1];
        ctx.fillStyle = '#4a5568';
        ctx.font = t.small[0] + 'px Helvetica, Arial, sans-serif';
        ctx.fillText(bx[8], bx[2], base - t.small[1] * 0.25);
      }
    });
    ctx.globalAlpha = 1;
  }
  // The middle level's outlines, one path per style (the emphasised ones are drawn singly).
  function outlineBoxes(ctx, s, vis) {
    var groups = new Map();
    vis.forEach(function (b) {
      var key = sc.boxes[b][6] * 2 + (dimmed(b) ? 1 : 0);
      var list = groups.get(key);
      if (!list) groups.set(key, list = []);
      list.push(b);
    });
    groups.forEach(function (list, key) {
      var st = sc.styles[key >> 1] || ['#4a5568', '#ffffff', 1.2, 0, 0];
      ctx.globalAlpha = key & 1 ? 0.12 : 1;
      ctx.fillStyle = st[1];
      ctx.beginPath();
      list.forEach(function (b) { ctx.rect(cv.x0[b], cv.y0[b], cv.x1[b] - cv.x0[b], cv.y1[b] - cv.y0[b]); });
      ctx.fill();
      ctx.strokeStyle = st[0];
      ctx.lineWidth = Math.max(st[2], 1 / s);
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
  }
  // Cluster labels in screen pixels, where a cluster is wide enough to hold one.
  function paintLabels(ctx, s, level) {
    if (!sc.clusters.length || level === 'near') return;
    ctx.save();
    ctx.setTransform(cv.dpr, 0, 0, cv.dpr, 0, 0);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.font = '12px Helvetica, Arial, sans-serif';
    sc.clusters.forEach(function (c, ci) {
      var x = (c[0] - view.x) * s, y = (c[1] - view.y) * s, w = c[2] * s;
      if (w < 48 || x > box.w || y > box.h || x + w < 0 || y + c[3] * s < 0) return;
      var lx = Math.max(x, 0) + 4, ly = Math.max(y, 0) + 4;
      var label = fitText(ctx, c[4], w - 8), count = c[3] * s >= 34 ? plural(cv.clusterClaims[ci], 'claim') : '';
      // On a light ground, so that the boxes under a label do not garble it.
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(lx - 2, ly - 1, Math.max(ctx.measureText(label).width, count ? ctx.measureText(count).width : 0) + 4, count ? 31 : 16);
      ctx.fillStyle = '#1a202c';
      ctx.fillText(label, lx, ly);
      if (count) {
        ctx.fillStyle = '#4a5568';
        ctx.fillText(count, lx, ly + 15);
      }
    });
    ctx.restore();
  }
  function fitText(ctx, text, w) {
    if (ctx.measureText(text).width <= w) return text;
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= w) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + '\u2026';
  }
  // Focusable, named elements over the claims in view (at most HOT_MAX), kept by claim so that
  // the focused one survives a redraw; the keyboard's Tab goes through them in reading order.
  var HOT_MAX = 400;
  function syncHot(vis) {
    if (!hot) return;
    var s = box.w / view.w, keep = new Map(), active = document.activeElement;
    var claimsIn = vis.filter(function (b) { return sc.boxes[b][1] < 0; });
    if (claimsIn.length > HOT_MAX) claimsIn = [];
    // Reading order: rows by the boxes' centre line, then left to right.
    claimsIn.sort(function (a, b) { return sc.boxes[a][3] - sc.boxes[b][3] || sc.boxes[a][2] - sc.boxes[b][2]; });
    var order = [];
    claimsIn.forEach(function (b) {
      var id = claimIdOf(b);
      if (id === null || keep.has(id)) return;
      keep.set(id, b);
      if (!cv.hot.has(id)) cv.hot.set(id, hotElement(id, b));
      order.push(cv.hot.get(id));
    });
    // The focused element is never moved in the DOM (that would drop its focus): the others
    // are placed around it.
    var at = order.indexOf(active);
    if (at < 0 || active.parentNode !== hot) {
      placeRun(order, hot.firstChild);
    } else {
      placeRun(order.slice(0, at), active);
      placeRun(order.slice(at + 1), active.nextSibling);
    }
    cv.hot.forEach(function (el, id) {
      if (!keep.has(id) && el !== active) { el.remove(); cv.hot.delete(id); return; }
      // A focused claim out of the list keeps its element, on its box (off screen when the box
      // is), and lets the pointer through to what is drawn there now.
      var b = keep.has(id) ? keep.get(id) : nodes.get(id);
      el.style.pointerEvents = keep.has(id) ? '' : 'none';
      el.style.transform = 'translate(' + ((cv.x0[b] - view.x) * s) + 'px,' + ((cv.y0[b] - view.y) * s) + 'px)';
      el.style.width = (sc.boxes[b][4] * s) + 'px';
      el.style.height = (sc.boxes[b][5] * s) + 'px';
      el.classList.toggle('cg-selected', id === cv.selected);
    });
  }
  // Puts `els` in order in the layer, just before `next` (null: at the end), moving only those
  // out of place.
  function placeRun(els, next) {
    for (var i = els.length - 1; i >= 0; i--) {
      var el = els[i];
      if (el.parentNode !== hot || el.nextSibling !== next) hot.insertBefore(el, next);
      next = el;
    }
  }
  function hotElement(id, b) {
    var c = claims.get(id), bx = sc.boxes[b];
    var shown = bx[7].join(' ') + (bx[8] ? ' ' + bx[8] : '');
    var el = h('div', { class: 'cg-hot cg-claim', role: 'button', tabindex: '0', 'data-claim': id, 'aria-label': shown });
    if (c && shown.indexOf(c.text) < 0) el.setAttribute('aria-description', c.text);
    bindClaim(el, id);
    return el;
  }
  // The box of a claim in drawing units, from either drawing.
  function claimBox(id) {
    if (!nodes.has(id)) return null;
    if (!sc) return svg.getScreenCTM() ? boxOf(nodes.get(id)) : null;
    var b = nodes.get(id);
    return { x: cv.x0[b], y: cv.y0[b], w: cv.x1[b] - cv.x0[b], h: cv.y1[b] - cv.y0[b] };
  }
  // The canvas's own pointer work: hover and click where no focusable element covers a box
  // (the far and middle levels), by the grid.
  function bindCanvas() {
    var pending = null;
    diagram.addEventListener('pointermove', function (e) {
      if (drag && drag.moved) return;
      if (e.target !== canvas) return;
      pending = e;
      if (cv.hoverRaf) return;
      cv.hoverRaf = requestAnimationFrame(function () {
        cv.hoverRaf = 0;
        var b = pending ? boxAt(pending.clientX, pending.clientY) : -1;
        var id = b >= 0 && cv.level !== 'far' ? claimIdOf(b) : null;
        canvas.style.cursor = id ? 'pointer' : '';
        if (id !== hovered) hover(id);
      });
    });
    canvas.addEventListener('pointerleave', function () {
      pending = null;
      if (cv.hoverRaf) { cancelAnimationFrame(cv.hoverRaf); cv.hoverRaf = 0; }
      if (hovered && !cv.hot.has(hovered)) hover(null);
    });
    canvas.addEventListener('click', function (e) {
      if (cv.level === 'far') {
        var p = toSvgPoint(e.clientX, e.clientY);
        var ci = clusterAt(p);
        if (ci >= 0) drill(ci);
        return;
      }
      var b = boxAt(e.clientX, e.clientY);
      if (b < 0) return;
      var id = claimIdOf(b);
      if (id) go(id, sc.boxes[b][1] >= 0 ? { focusPanel: false, evidence: sc.boxes[b][1] } : { focusPanel: false });
    });
  }
  function clusterAt(p) {
    for (var i = 0; i < sc.clusters.length; i++) {
      var c = sc.clusters[i];
      if (p.x >= c[0] && p.x <= c[0] + c[2] && p.y >= c[1] && p.y <= c[1] + c[3]) return i;
    }
    return -1;
  }
  // Into a cluster: its frame filling the view, or legible text if that is closer.
  function drill(ci) {
    var c = sc.clusters[ci];
    touched = true;
    var said = document.getElementById('cg-cluster-said');
    if (said) said.textContent = 'Showing ' + (c[4] || 'cluster ' + (ci + 1)) + ', ' + plural(cv.clusterClaims[ci], 'claim') + '; Tab reaches its claims in view.';
    var w = Math.max(c[2], c[3] / aspect()) * 1.08;
    w = Math.min(w, box.w / scaleFor(START_PX));
    animateTo(around({ x: c[0] + c[2] / 2, y: c[1] + c[3] / 2 }, w));
  }
  // The overview in the corner: the clusters (or boxes) drawn once, small, and the view framed.
  function buildCanvasOverview() {
    if (overview) overview.box.remove();
    overview = null;
    if (!stage) return;
    var w = 220, hh = w * content.h / content.w;
    if (hh > 140) { hh = 140; w = hh * content.w / content.h; }
    if (hh < 30) hh = 30;
    // Drawn at the screen's pixel density, so that it is sharp on a high-density display.
    var dpr = window.devicePixelRatio || 1;
    var mini = h('canvas', { width: String(Math.round(w * dpr)), height: String(Math.round(hh * dpr)) });
    mini.style.width = Math.round(w) + 'px';
    mini.style.height = Math.round(hh) + 'px';
    var img = document.createElement('canvas');
    img.width = mini.width; img.height = mini.height;
    var k = Math.min(mini.width / content.w, mini.height / content.h);
    var g = img.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, img.width, img.height);
    g.fillStyle = '#9fb3d1';
    if (sc.clusters.length) sc.clusters.forEach(function (c) { g.fillRect(c[0] * k, c[1] * k, Math.max(1, c[2] * k), Math.max(1, c[3] * k)); });
    else for (var i = 0; i < sc.boxes.length; i++) g.fillRect(cv.x0[i] * k, cv.y0[i] * k, Math.max(1, (cv.x1[i] - cv.x0[i]) * k), Math.max(1, (cv.y1[i] - cv.y0[i]) * k));
    overview = { box: h('div', { id: 'cg-overview', 'aria-hidden': 'true', title: 'Overview: click or drag to move the view' }), mini: mini, img: img, k: k, dpr: dpr };
    overview.box.appendChild(mini);
    stage.appendChild(overview.box);
    followPointer(mini, function (e) {
      var r = mini.getBoundingClientRect();
      return { x: (e.clientX - r.left) * mini.width / r.width / k, y: (e.clientY - r.top) * mini.height / r.height / k };
    });
  }
  function showCanvasView() {
    var g = overview.mini.getContext('2d'), k = overview.k;
    g.drawImage(overview.img, 0, 0);
    g.fillStyle = 'rgba(31, 95, 191, 0.12)';
    g.strokeStyle = '#1f5fbf';
    g.lineWidth = 2 * overview.dpr;
    g.fillRect(view.x * k, view.y * k, view.w * k, view.h * k);
    g.strokeRect(view.x * k, view.y * k, view.w * k, view.h * k);
  }
  // The clusters as a list, largest first: the overview for the keyboard and screen readers,
  // each entry drilling into its cluster.
  function buildClusterList() {
    var guide = document.getElementById('cg-guide');
    if (!guide || !sc.clusters.length) return;
    var order = sc.clusters.map(function (c, i) { return i; });
    order.sort(function (a, b) { return cv.clusterClaims[b] - cv.clusterClaims[a] || a - b; });
    var list = h('ol', { class: 'cg-cluster-list' }, order.map(function (ci) {
      var c = sc.clusters[ci];
      var name = c[4] || 'cluster ' + (ci + 1);
      return h('li', null, h('span', { class: 'cg-n' }, plural(cv.clusterClaims[ci], 'claim')), ' ',
        h('button', { type: 'button', title: name, onclick: function () { drill(ci); } }, name));
    }));
    var details = h('details', { id: 'cg-clusters' },
      h('summary', null, 'Overview: ' + plural(sc.clusters.length, 'cluster') + ' of ' + plural(claims.size, 'claim')), list,
      // Where a drill took the view, for screen readers (the view itself is a picture).
      h('p', { id: 'cg-cluster-said', class: 'cg-said', role: 'status' }));
    guide.appendChild(details);
  }
  // Where a big map opens: its first question, else its most connected claim, legible (as a
  // small map opens); Fit and the overview show the clusters around it.
  function canvasStart() {
    var id = firstQuestion();
    if (id === null) {
      var best = -1;
      claims.forEach(function (c, cid) {
        var d = c.supports.length + c.contradicts.length + c.supported_by.length + c.contradicted_by.length;
        if (d > best && nodes.has(cid)) { best = d; id = cid; }
      });
    }
    if (id === null) return whole();
    var b = claimBox(id);
    return around({ x: b.x + b.w / 2, y: b.y + b.h / 2 }, Math.min(whole().w, box.w / scaleFor(START_PX)));
  }

  // ---- Pan and zoom, by moving the viewBox ----
  // The viewBox always has the aspect ratio of the diagram's box, so that it is exactly the
  // visible area; `content` is the drawing's own extent.
  var content = null;
  var view = null;
  var printing = null; // the screen view while the drawing is fitted to paper
  var box = { w: 0, h: 0 };
  // Screen pixels per drawing unit at the drawing's natural size (Graphviz draws in points).
  var NATURAL = 96 / 72; // (the canvas draws at 1 pixel per unit)
  // Claim text is legible from FLOOR_PX up: Fit never zooms out past it, and a map opens at
  // START_PX (CSS pixels of the claims' font). The overview shows the rest of a large map.
  var FLOOR_PX = 10, START_PX = 11;
  var claimFont = 12;
  var stage = document.getElementById('cg-stage') || (diagram && diagram.parentNode);
  var overview = null;
  // The drawing's extent, sizes and overview, for the drawing in `svg` (again after a live
  // update brought a new one).
  function setupDrawing() {
    if (sc) {
      content = { x: 0, y: 0, w: Math.max(sc.w, 1), h: Math.max(sc.h, 1) };
      claimFont = sc.text.claim[0];
      NATURAL = 1;
      measure();
      buildCanvasOverview();
      return;
    }
    var vb = (svg.getAttribute('viewBox') || '').trim().split(/[\s,]+/).map(Number);
    if (vb.length === 4 && vb.every(isFinite) && vb[2] > 0 && vb[3] > 0) {
      content = { x: vb[0], y: vb[1], w: vb[2], h: vb[3] };
    } else {
      try {
        var bb = svg.getBBox();
        content = { x: bb.x, y: bb.y, w: Math.max(bb.width, 1), h: Math.max(bb.height, 1) };
      } catch (e) {
        content = { x: 0, y: 0, w: 1000, h: 1000 };
      }
    }
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    claimFont = fontOfClaims() || 12;
    buildOverview();
    measure();
  }
  if (sc) {
    setupCanvas();
    bindCanvas();
    // Focus on a claim at the edge must not scroll the diagram under its drawing (overflow:
    // clip prevents it where supported).
    diagram.addEventListener('scroll', function () { diagram.scrollTop = 0; diagram.scrollLeft = 0; });
  }
  if (surface) {
    setupDrawing();
    setView(initial());
  }
  if (diagram && window.ResizeObserver) new ResizeObserver(syncSize).observe(diagram);
  // Until the reader moves the drawing or opens a claim, it stays fitted to its box (the header
  // settles, the window is resized); after that the zoom is kept when the box changes (the panel
  // opens, the phone turns): same units per pixel, same top-left corner.
  var touched = false;
  function syncSize() {
    if (printing || !surface) return;
    var before = box;
    measure();
    if (before.w === box.w && before.h === box.h) return;
    if (!touched || !before.w || !before.h || !box.w || !box.h) setView(initial());
    else setView({ x: view.x, y: view.y, w: view.w * box.w / before.w, h: view.h * box.h / before.h });
  }
  function measure() {
    var r = diagram.getBoundingClientRect();
    box = { w: r.width, h: r.height };
  }
  function aspect() { return box.w > 0 && box.h > 0 ? box.h / box.w : content.h / content.w; }
  // The font size of claim text in drawing units: the largest in the first claim's box (the
  // small line under it is smaller).
  function fontOfClaims() {
    var first = nodes.values().next().value;
    if (!first) return 0;
    return Math.max.apply(null, [0].concat(Array.from(first.querySelectorAll('text')).map(function (t) {
      return Number(t.getAttribute('font-size')) || 0;
    })));
  }
  // Screen pixels per drawing unit at which claim text is `px` CSS pixels.
  function scaleFor(px) { return px / claimFont; }
  // The whole drawing, centred, with a small margin; or, when that would make claim text
  // smaller than the floor, as much as stays legible around `centre` (default: the middle).
  function fitted(centre) {
    var w = whole().w;
    var most = box.w ? box.w / scaleFor(FLOOR_PX) : Infinity;
    if (w <= most) return whole();
    return around(centre || { x: content.x + content.w / 2, y: content.y + content.h / 2 }, most);
  }
  // The whole drawing, centred, with a small margin.
  function whole() {
    var pad = Math.max(content.w, content.h) * 0.02;
    var w = content.w + 2 * pad, hh = content.h + 2 * pad;
    var a = aspect();
    if (hh / w < a) hh = w * a; else w = hh / a;
    // Small maps are not blown up beyond twice their natural size.
    var least = box.w ? box.w / (2 * NATURAL) : 0;
    if (w < least) { w = least; hh = w * a; }
    return { x: content.x + content.w / 2 - w / 2, y: content.y + content.h / 2 - hh / 2, w: w, h: hh };
  }
  // A view `w` units wide centred on `centre`, but never past the drawing's edges where the
  // drawing is larger than the view.
  function around(centre, w) {
    var hh = w * aspect();
    function place(c, size, lo, extent) {
      if (size >= extent) return lo + extent / 2 - size / 2;
      return Math.min(Math.max(c - size / 2, lo), lo + extent - size);
    }
    return { x: place(centre.x, w, content.x, content.w), y: place(centre.y, hh, content.y, content.h), w: w, h: hh };
  }
  // The first view: the whole drawing while its text stays legible. A large map would shrink to
  // a strip of illegible boxes, so it opens at a readable size on its first question (the
  // map's `questions:`, else by convention its first claim) instead; the overview shows where
  // that is in the whole.
  function initial() {
    if (sc) return box.w ? canvasStart() : whole();
    var all = whole();
    var first = data.claims.length ? nodes.get(startClaim()) : null;
    if (!box.w || all.w <= box.w / scaleFor(FLOOR_PX) || !first || !svg.getScreenCTM()) return all;
    var b = boxOf(first);
    return around({ x: b.x + b.w / 2, y: b.y + b.h / 2 }, box.w / scaleFor(START_PX));
  }
  // The claim a map opens on: its first question that is drawn, else its first claim.
  function startClaim() {
    var id = firstQuestion();
    return id !== null ? id : (data.claims.length ? data.claims[0].id : null);
  }
  // The map's first question (`questions:`) that is drawn, or null.
  function firstQuestion() {
    var q = (data.questions || []).find(function (x) { return nodes.has(x.id); });
    return q ? q.id : null;
  }
  function limits(w) {
    var most = Math.max(content.w, content.h / aspect()) * 4;
    var least = box.w ? box.w / (8 * NATURAL) : content.w / 40;
    return Math.min(Math.max(w, Math.min(least, most)), most);
  }
  function setView(v) {
    var w = limits(v.w);
    var hh = w * aspect();
    var cx = v.x + v.w / 2;
    var cy = v.y + v.h / 2;
    view = { x: cx - w / 2, y: cy - hh / 2, w: w, h: hh };
    if (svg) svg.setAttribute('viewBox', view.x + ' ' + view.y + ' ' + view.w + ' ' + view.h);
    else requestPaint();
    showView();
  }

  // ---- The overview: the whole map small, with the visible part framed ----
  // A live copy of the drawing (`<use>`), so it costs no second drawing to keep in step. It is
  // for the mouse and touch (aria-hidden, not focusable); the keyboard has the same moves in
  // the arrow keys and Fit.
  function buildOverview() {
    if (overview) overview.box.remove();
    overview = null;
    var root = svg.querySelector('g[id]');
    if (!root || !stage) return;
    var ns = 'http://www.w3.org/2000/svg';
    var mini = document.createElementNS(ns, 'svg');
    mini.setAttribute('viewBox', content.x + ' ' + content.y + ' ' + content.w + ' ' + content.h);
    mini.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    var copy = document.createElementNS(ns, 'use');
    copy.setAttribute('href', '#' + root.id);
    var frame = document.createElementNS(ns, 'rect');
    frame.setAttribute('class', 'cg-overview-view');
    mini.appendChild(copy);
    mini.appendChild(frame);
    // At most 220 x 140 px, in the drawing's proportions.
    var w = 220, hh = w * content.h / content.w;
    if (hh > 140) { hh = 140; w = hh * content.w / content.h; }
    if (hh < 30) hh = 30;
    mini.setAttribute('width', String(Math.round(w)));
    mini.setAttribute('height', String(Math.round(hh)));
    overview = { box: h('div', { id: 'cg-overview', 'aria-hidden': 'true', title: 'Overview: click or drag to move the view' }), svg: mini, frame: frame };
    overview.box.appendChild(mini);
    stage.appendChild(overview.box);
    followPointer(mini, function (e) {
      var m = mini.getScreenCTM();
      return m ? new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse()) : null;
    });
  }
  // A click or drag in the overview centres the view on the point under the pointer
  // (`toPoint` gives it in drawing units, or null).
  function followPointer(mini, toPoint) {
    var dragging = false;
    function follow(e) {
      var p = toPoint(e);
      if (!p) return;
      cancelAnimationFrame(animation);
      touched = true;
      setView({ x: p.x - view.w / 2, y: p.y - view.h / 2, w: view.w, h: view.h });
    }
    mini.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      dragging = true;
      try { mini.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      follow(e);
      e.preventDefault();
    });
    mini.addEventListener('pointermove', function (e) { if (dragging) follow(e); });
    mini.addEventListener('pointerup', function () { dragging = false; });
    mini.addEventListener('pointercancel', function () { dragging = false; });
  }
  // Frames the visible part; the overview hides while the whole map is in view.
  function showView() {
    if (!overview) return;
    if (sc) {
      showCanvasView();
      overview.box.hidden = view.x <= content.x + 1 && view.y <= content.y + 1 &&
        view.x + view.w >= content.x + content.w - 1 && view.y + view.h >= content.y + content.h - 1;
      return;
    }
    var f = overview.frame;
    f.setAttribute('x', String(view.x));
    f.setAttribute('y', String(view.y));
    f.setAttribute('width', String(view.w));
    f.setAttribute('height', String(view.h));
    var all = view.x <= content.x + 1 && view.y <= content.y + 1 &&
      view.x + view.w >= content.x + content.w - 1 && view.y + view.h >= content.y + content.h - 1;
    overview.box.hidden = all;
  }
  var animation = 0;
  function animateTo(target) {
    cancelAnimationFrame(animation);
    if (reduceMotion) { setView(target); return; }
    var from = view;
    var start = performance.now();
    function step(now) {
      var t = Math.min(1, (now - start) / 280);
      var e = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
      setView({
        x: from.x + (target.x - from.x) * e,
        y: from.y + (target.y - from.y) * e,
        w: from.w + (target.w - from.w) * e,
        h: from.h + (target.h - from.h) * e
      });
      if (t < 1) animation = requestAnimationFrame(step);
    }
    animation = requestAnimationFrame(step);
  }
  function toSvgPoint(clientX, clientY) {
    // The canvas's own box: what is drawn is where it is, whatever its container does.
    var r = (canvas || surface).getBoundingClientRect();
    if (!r.width || !r.height) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    return { x: view.x + (clientX - r.left) / r.width * view.w, y: view.y + (clientY - r.top) / r.height * view.h };
  }
  function zoomAt(factor, point) {
    cancelAnimationFrame(animation);
    touched = true;
    var w = limits(view.w * factor);
    var k = w / view.w;
    setView({ x: point.x - (point.x - view.x) * k, y: point.y - (point.y - view.y) * k, w: w, h: view.h * k });
  }
  function zoomCentre(factor) {
    zoomAt(factor, { x: view.x + view.w / 2, y: view.y + view.h / 2 });
  }
  function pan(dxPixels, dyPixels) {
    cancelAnimationFrame(animation);
    touched = true;
    var u = box.w ? view.w / box.w : 1;
    setView({ x: view.x - dxPixels * u, y: view.y - dyPixels * u, w: view.w, h: view.h });
  }
  function fit() {
    touched = false;
    // The canvas can show a whole big map legibly as its clusters: Fit shows all of it.
    animateTo(sc ? whole() : fitted({ x: view.x + view.w / 2, y: view.y + view.h / 2 }));
  }
  // The box of an element in the drawing's coordinates.
  function boxOf(el) {
    var b = el.getBBox();
    var m = svg.getScreenCTM().inverse().multiply(el.getScreenCTM());
    var xs = [], ys = [];
    [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].forEach(function (p) {
      var q = new DOMPoint(p[0], p[1]).matrixTransform(m);
      xs.push(q.x); ys.push(q.y);
    });
    var x = Math.min.apply(null, xs), y = Math.min.apply(null, ys);
    return { x: x, y: y, w: Math.max.apply(null, xs) - x, h: Math.max.apply(null, ys) - y };
  }
  // Brings a claim into view: always when navigating to it, else only if it is not fully
  // visible. Zooms in to natural size when the drawing is too small to read, and out when the
  // claim would not fit.
  function centreOn(id, always) {
    syncSize();
    var b = box.w ? claimBox(id) : null;
    if (!b) return;
    touched = true;
    // On a phone the panel is a sheet over the bottom of the drawing: aim above it.
    var cover = panelCover();
    var clearH = Math.max(box.h - cover, box.h * 0.3);
    var v = { x: view.x, y: view.y, w: view.w, h: view.h * clearH / box.h };
    var inside = b.x >= v.x && b.y >= v.y && b.x + b.w <= v.x + v.w && b.y + b.h <= v.y + v.h;
    if (inside && !always) return;
    var scale = box.w / view.w;
    if (always && scale < scaleFor(FLOOR_PX)) scale = scaleFor(START_PX);
    scale = Math.min(scale, box.w * 0.9 / b.w, clearH * 0.9 / b.h);
    var w = box.w / scale, hh = box.h / scale;
    var cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    animateTo({ x: cx - w / 2, y: cy - clearH / 2 / scale, w: w, h: hh });
  }
  function panelCover() {
    if (panel.hidden || getComputedStyle(panel).position !== 'absolute') return 0;
    var d = diagram.getBoundingClientRect(), p = panel.getBoundingClientRect();
    return Math.max(0, d.bottom - p.top);
  }


  var pointers = new Map();
  var drag = null;
  var suppressClick = false;
  // The mouse, touch and wheel on the drawing in `svg` (again for each new drawing).
  function bindDrawing() {
    pointers = new Map();
    drag = null;
    suppressClick = false;
    surface.addEventListener('wheel', function (e) {
      e.preventDefault();
      var delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      var factor = Math.exp(Math.max(-1, Math.min(1, delta * 0.0015)));
      zoomAt(factor, toSvgPoint(e.clientX, e.clientY));
    }, { passive: false });
    surface.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      drag = { x: e.clientX, y: e.clientY, moved: false, spread: spread() };
    });
    surface.addEventListener('pointermove', function (e) {
      var last = pointers.get(e.pointerId);
      if (!last || !drag) return;
      var now = { x: e.clientX, y: e.clientY };
      if (!drag.moved && Math.abs(now.x - drag.x) + Math.abs(now.y - drag.y) < 4) return;
      if (!drag.moved) {
        drag.moved = true;
        surface.classList.add('cg-dragging');
        try { surface.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
      }
      pointers.set(e.pointerId, now);
      if (pointers.size === 2) {
        var s = spread();
        if (drag.spread && s) {
          var mid = midpoint();
          zoomAt(drag.spread / s, toSvgPoint(mid.x, mid.y));
        }
        drag.spread = s;
      } else {
        pan((now.x - last.x) / pointers.size, (now.y - last.y) / pointers.size);
      }
    });
    function endPointer(e) {
      pointers.delete(e.pointerId);
      if (drag && drag.moved) suppressClick = true;
      if (pointers.size === 0) {
        drag = null;
        surface.classList.remove('cg-dragging');
      } else if (drag) {
        drag.spread = spread();
      }
    }
    surface.addEventListener('pointerup', endPointer);
    surface.addEventListener('pointercancel', endPointer);
    // A drag ends with a click on whatever is under the pointer: swallow it.
    surface.addEventListener('click', function (e) {
      if (suppressClick) {
        suppressClick = false;
        e.stopPropagation();
        e.preventDefault();
      }
    }, true);
  }
  function spread() {
    if (pointers.size !== 2) return 0;
    var p = Array.from(pointers.values());
    return Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
  }
  function midpoint() {
    var p = Array.from(pointers.values());
    return { x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2 };
  }
  if (surface) bindDrawing();
  if (diagram) {
    diagram.addEventListener('keydown', function (e) {
      if (!surface || e.altKey || e.ctrlKey || e.metaKey) return;
      var step = 60;
      switch (e.key) {
        case 'ArrowLeft': pan(step, 0); break;
        case 'ArrowRight': pan(-step, 0); break;
        case 'ArrowUp': pan(0, step); break;
        case 'ArrowDown': pan(0, -step); break;
        case '+': case '=': zoomCentre(1 / 1.25); break;
        case '-': case '_': zoomCentre(1.25); break;
        case '0': fit(); break;
        default: return;
      }
      e.preventDefault();
    });
  }

  // ---- Highlighting: hover neighbourhood, selection ----
  function neighbourhood(id) {
    var c = claims.get(id);
    var set = new Set([id]);
    if (c) [c.supports, c.contradicts, c.supported_by, c.contradicted_by].forEach(function (l) { l.forEach(function (x) { set.add(x); }); });
    var els = [];
    set.forEach(function (x) {
      if (nodes.has(x)) els.push(nodes.get(x));
    });
    (evidence.get(id) || []).forEach(function (e) { els.push(e.el); });
    edges.forEach(function (e) { if (e.from === id || e.to === id) els.push(e.el); });
    return els;
  }
  var hovered = null;
  var selected = null;
  function showNeighbourhood(id) {
    if (sc) {
      cv.hover = id;
      cv.near = null;
      if (id !== null && nodes.has(id)) {
        var c = claims.get(id), near = new Set();
        [[id], c.supports, c.contradicts, c.supported_by, c.contradicted_by].forEach(function (l) {
          l.forEach(function (x) { if (nodes.has(x)) near.add(nodes.get(x)); });
        });
        (evidence.get(id) || []).forEach(function (e) { near.add(e.box); });
        cv.near = near;
      }
      requestPaint();
      return;
    }
    svg.querySelectorAll('.cg-near').forEach(function (el) { el.classList.remove('cg-near'); });
    if (id === null) {
      svg.classList.remove('cg-hovering');
      return;
    }
    neighbourhood(id).forEach(function (el) { el.classList.add('cg-near'); });
    svg.classList.add('cg-hovering');
  }
  function hover(id) {
    hovered = id;
    showNeighbourhood(id);
  }
  // The open claim's links stay emphasised (without dimming the rest, which is the filters' job).
  function markSelected(id) {
    if (sc) {
      cv.selected = id;
      requestPaint();
      return;
    }
    svg.querySelectorAll('.cg-selected, .cg-linked').forEach(function (el) { el.classList.remove('cg-selected', 'cg-linked'); });
    if (id === null) return;
    if (nodes.has(id)) nodes.get(id).classList.add('cg-selected');
    edges.forEach(function (e) { if (e.from === id || e.to === id) e.el.classList.add('cg-linked'); });
    (evidence.get(id) || []).forEach(function (e) { e.el.classList.add('cg-linked'); });
  }

  // The claims' and passages' own handlers (again for each new drawing).
  // What a claim's element does, in the SVG (its group) and over the canvas (its focusable
  // element): click and Enter open it, hover and focus show its neighbourhood.
  function bindClaim(el, id) {
    el.addEventListener('click', function () { go(id, { focusPanel: false }); });
    el.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        go(id, { focusPanel: true });
      }
    });
    el.addEventListener('mouseenter', function () { hover(id); });
    el.addEventListener('mouseleave', function () { if (hovered === id) hover(null); });
    el.addEventListener('focus', function () { hover(id); centreOn(id, false); });
    el.addEventListener('blur', function () { if (hovered === id) hover(null); });
  }
  function bindParts() {
    if (sc) return;
    nodes.forEach(bindClaim);
    evidence.forEach(function (list, id) {
      list.forEach(function (item) {
        item.el.addEventListener('click', function () { go(id, { focusPanel: false, evidence: item.index }); });
        item.el.addEventListener('mouseenter', function () { hover(id); });
        item.el.addEventListener('mouseleave', function () { if (hovered === id) hover(null); });
      });
    });
  }
  bindParts();

  // ---- Navigation: the URL fragment is the open claim ----
  // Opening is immediate; the fragment is then updated for deep links and the back button, and
  // the hashchange that follows finds the claim already open.
  function go(id, how) {
    open(id, how || {});
    if (decodeHash() !== id) location.hash = hashOf(id);
  }
  function decodeHash() {
    var raw = location.hash.slice(1);
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }
  function route() {
    var id = decodeHash();
    if (id && claims.has(id)) {
      if (id !== selected || panel.hidden) open(id, { focusPanel: true, centre: true });
    } else if (!id) {
      close(false);
    }
  }
  window.addEventListener('hashchange', route);

  // ---- The side panel ----
  function open(id, how) {
    var c = claims.get(id);
    selected = id;
    touched = true;
    fillPanel(c);
    panel.hidden = false;
    document.body.classList.add('cg-open');
    if (surface) {
      markSelected(id);
      requestAnimationFrame(function () { centreOn(id, !!how.centre); });
    }
    if (how.evidence !== undefined) {
      var item = panel.querySelectorAll('.cg-evidence-item')[how.evidence];
      if (item) {
        item.scrollIntoView({ block: 'nearest' });
        item.classList.add('cg-flash');
        setTimeout(function () { item.classList.remove('cg-flash'); }, 1200);
      }
    } else {
      panel.scrollTop = 0;
    }
    if (how.focusPanel) panel.focus({ preventScroll: true });
  }
  function close(restoreFocus) {
    if (panel.hidden) return;
    var was = selected;
    selected = null;
    panel.hidden = true;
    document.body.classList.remove('cg-open');
    if (surface) markSelected(null);
    if (location.hash) {
      try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { location.hash = ''; }
    }
    if (restoreFocus && was && nodes.has(was)) {
      if (!sc) nodes.get(was).focus({ preventScroll: true });
      else (cv.hot.get(was) || diagram).focus({ preventScroll: true });
    }
  }
  function fillPanel(c) {
    clear(panel);
    panel.setAttribute('aria-labelledby', 'cg-panel-title');
    var head = h('div', { class: 'cg-panel-head' },
      h('button', { type: 'button', class: 'cg-close', 'aria-label': 'Close details (Esc)', title: 'Close (Esc)', onclick: function () { close(true); } }, '\u00d7'),
      h('p', { class: 'cg-id' }, 'claim ', h('code', null, c.id)),
      h('h2', { id: 'cg-panel-title' }, c.text));
    if (c.tags.length) {
      head.appendChild(h('ul', { class: 'cg-taglist', 'aria-label': 'Tags' }, c.tags.map(function (t) {
        return h('li', null, h('button', { type: 'button', class: 'cg-tag', 'data-tag': t, 'aria-pressed': activeTags.has(t) ? 'true' : 'false', onclick: function () { toggleTag(t); } }, t));
      })));
    }
    if (c.note) head.appendChild(h('p', { class: 'cg-note' }, c.note));
    // What `claimgraph analyze` makes of it; searching `verdict:out` or `crux` finds the like.
    if (c.verdict) {
      head.appendChild(h('p', { class: 'cg-analysis' },
        h('span', { class: 'cg-verdict ' + c.verdict, title: 'grounded label (claimgraph analyze)' }, c.verdict),
        c.crux_of && c.crux_of.length ? [' crux of ', c.crux_of.map(function (q, i) { return [i ? ', ' : '', claimLink(q)]; })] : null));
    }
    panel.appendChild(head);

    var findings = data.diagnostics.filter(function (d) { return d.subject.kind === 'claim' && d.subject.id === c.id; });
    if (findings.length) {
      panel.appendChild(h('ul', { class: 'cg-claim-findings', 'aria-label': 'Findings' }, findings.map(function (d) {
        return h('li', null, h('span', { class: 'cg-code' }, d.severity + '[' + d.code + ']'), ' ', d.message);
      })));
    }

    // On a diff page: this claim's changes, in the words of `claimgraph diff`.
    var change = data.changes ? data.changes.claims.filter(function (x) { return x.id === c.id; })[0] : null;
    if (change) {
      panel.appendChild(h('h3', null, 'Change: ' + change.status));
      panel.appendChild(h('pre', { class: 'cg-change ' + change.status }, change.lines.map(function (line, i) {
        return [i ? '\n' : null, line.map(changeRun)];
      })));
    }

    panel.appendChild(h('h3', null, 'Evidence (' + c.evidence.length + ')'));
    if (!c.evidence.length) panel.appendChild(h('p', { class: 'cg-none' }, 'No evidence cited.'));
    panel.appendChild(h('ol', { class: 'cg-evidence-list' }, c.evidence.map(evidenceItem)));

    panel.appendChild(h('h3', null, 'Relations'));
    var rel = h('dl', { class: 'cg-relations' });
    [['supports', 'Supports', c.supports], ['contradicts', 'Contradicts', c.contradicts],
      ['supports', 'Supported by', c.supported_by], ['contradicts', 'Contradicted by', c.contradicted_by]].forEach(function (r) {
      rel.appendChild(h('dt', { class: r[0] }, r[1]));
      rel.appendChild(h('dd', null, r[2].length ? h('ul', null, r[2].map(function (id) { return h('li', null, claimLink(id)); })) : h('span', { class: 'cg-none' }, 'none')));
    });
    panel.appendChild(rel);
  }
  // A word diff's removed words struck through, its added words underlined (not colour alone).
  function changeRun(run) {
    if (run.op === 'delete') return h('del', null, run.text);
    if (run.op === 'insert') return h('ins', null, run.text);
    return run.text;
  }
  function evidenceItem(e) {
    // A reporting passage says who holds the view, and counts for neither side.
    var li = h('li', { class: 'cg-evidence-item ' + e.stance },
      h('span', { class: 'cg-stance' }, e.stance === 'reports' ? 'reports a view' : e.stance),
      e.holder ? h('span', { class: 'cg-holder' }, ' held by ' + e.holder) : null);
    var quote = h('blockquote');
    if (e.context) {
      quote.appendChild(h('span', { class: 'cg-context' }, e.context.before));
      e.context.passage.forEach(function (run) {
        quote.appendChild(run[1] ? h('mark', null, run[0]) : h('span', { class: 'cg-elided' }, run[0]));
      });
      quote.appendChild(h('span', { class: 'cg-context' }, e.context.after));
    } else {
      quote.appendChild(h('mark', null, e.quote));
    }
    li.appendChild(quote);
    var src = sources.get(e.source);
    if (e.status === 'not-found') {
      li.appendChild(h('p', { class: 'cg-unanchored' }, 'This quote does not occur in the source' +
        (e.closest_line ? ' (closest passage at line ' + e.closest_line + ')' : '') + '.'));
    } else if (e.status === 'unchecked') {
      li.appendChild(h('p', { class: 'cg-unanchored' }, 'The source could not be read, so this quote is unchecked.'));
    } else if (e.occurrences > 1) {
      li.appendChild(h('p', { class: 'cg-unanchored' }, 'This quote occurs ' + e.occurrences + ' times in the source; the first is shown.'));
    }
    li.appendChild(citation(e, src));
    return li;
  }
  function citation(e, src) {
    var p = h('p', { class: 'cg-cite' });
    var parts = [];
    if (src && src.title) parts.push(h('span', { class: 'cg-source-title' }, src.title));
    if (src && src.authors.length) parts.push(src.authors.join(', '));
    if (src && src.publisher) parts.push(src.publisher);
    if (src && src.published) parts.push(src.published);
    var where = (src ? src.file : e.source);
    if (e.line) where += ', line ' + e.line + (e.end_line && e.end_line !== e.line ? '\u2013' + e.end_line : '');
    parts.push(h('code', null, where));
    if (src && src.url && /^https?:\/\//i.test(src.url)) {
      parts.push(h('a', { href: src.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original'));
    }
    parts.forEach(function (part, i) {
      if (i) p.appendChild(document.createTextNode(' \u00b7 '));
      append(p, part);
    });
    if (!src) p.appendChild(document.createTextNode(' (unknown source)'));
    return p;
  }

  // ---- Search and tag filters ----
  var haystacks, tagCounts;
  function indexSearch() {
    haystacks = new Map();
    claims.forEach(function (c, id) {
      var parts = [id, c.text, c.note || ''].concat(c.tags);
      if (c.verdict) parts.push('verdict:' + c.verdict);
      if (c.crux_of && c.crux_of.length) parts.push('crux');
      c.evidence.forEach(function (e) {
        parts.push(e.quote, e.source);
        var s = sources.get(e.source);
        if (s && s.title) parts.push(s.title);
      });
      haystacks.set(id, fold(parts.join('\n')));
    });
    tagCounts = new Map();
    claims.forEach(function (c) { c.tags.forEach(function (t) { tagCounts.set(t, (tagCounts.get(t) || 0) + 1); }); });
  }
  indexSearch();
  function fold(s) {
    return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  }
  var activeTags = new Set();
  var searchInput, results, count, tagBox, zoomBox;
  // The tag filters, one button a tag (again after a live update, keeping the pressed ones
  // that still exist).
  function buildTags() {
    activeTags.forEach(function (t) { if (!tagCounts.has(t)) activeTags.delete(t); });
    var old = tagBox;
    tagBox = null;
    if (tagCounts.size) {
      tagBox = h('div', { id: 'cg-tags', role: 'group', 'aria-label': 'Show only claims tagged' });
      Array.from(tagCounts.keys()).sort().forEach(function (t) {
        tagBox.appendChild(h('button', { type: 'button', class: 'cg-tag', 'data-tag': t, 'aria-pressed': activeTags.has(t) ? 'true' : 'false', onclick: function () { toggleTag(t); } },
          t, ' ', h('span', { class: 'cg-n' }, String(tagCounts.get(t)))));
      });
    }
    if (old && tagBox) old.replaceWith(tagBox);
    else if (old) old.remove();
    else if (tagBox) tools.appendChild(tagBox);
  }
  // Over the drawing's corner, with the overview: the controls of the view sit on it.
  function buildZoom() {
    if (zoomBox || !surface) return;
    zoomBox = h('div', { class: 'cg-zoom', role: 'group', 'aria-label': 'Zoom' },
      h('button', { type: 'button', title: 'Zoom in (+)', 'aria-label': 'Zoom in', onclick: function () { zoomCentre(1 / 1.25); } }, '+'),
      h('button', { type: 'button', title: 'Zoom out (\u2212)', 'aria-label': 'Zoom out', onclick: function () { zoomCentre(1.25); } }, '\u2212'),
      h('button', { type: 'button', title: sc ? 'Fit: the whole map, as its clusters (0)' : 'Fit: as much of the map as stays legible (0)', onclick: fit }, 'Fit'));
    (stage || tools).appendChild(zoomBox);
  }

  if (tools) {
    searchInput = h('input', {
      type: 'search', id: 'cg-search', placeholder: 'Search claims and quotes', title: 'Search claim texts, ids, tags and quotes (shortcut: /)', autocomplete: 'off', spellcheck: 'false',
      'aria-label': 'Search claims, ids and quotes', 'aria-controls': 'cg-results'
    });
    count = h('span', { id: 'cg-count', 'aria-live': 'polite' });
    results = h('ul', { id: 'cg-results', hidden: true, 'aria-label': 'Matching claims' });
    tools.appendChild(h('div', { class: 'cg-search', role: 'search' }, searchInput, count, results));
    buildTags();
    buildZoom();
    searchInput.addEventListener('input', applyFilter);
    searchInput.addEventListener('focus', function () { if (searchInput.value.trim()) results.hidden = false; });
    searchInput.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        var first = results.querySelector('a');
        if (first) { e.preventDefault(); results.hidden = true; go(first.getAttribute('data-claim'), { focusPanel: true, centre: true }); }
      } else if (e.key === 'ArrowDown') {
        var a = results.querySelector('a');
        if (a) { e.preventDefault(); a.focus(); }
      }
    });
    results.addEventListener('keydown', function (e) {
      var links = Array.from(results.querySelectorAll('a'));
      var i = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? links[i - 1] : searchInput).focus(); }
    });
    results.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a[data-claim]');
      if (!a) return;
      e.preventDefault();
      results.hidden = true;
      go(a.getAttribute('data-claim'), { focusPanel: false, centre: true });
    });
    document.addEventListener('click', function (e) {
      if (!e.target.closest || !e.target.closest('.cg-search')) results.hidden = true;
    });
  }
  function toggleTag(t) {
    if (activeTags.has(t)) activeTags.delete(t); else activeTags.add(t);
    document.querySelectorAll('.cg-tag').forEach(function (b) {
      var tag = b.getAttribute('data-tag') || b.textContent;
      b.setAttribute('aria-pressed', activeTags.has(tag) ? 'true' : 'false');
    });
    applyFilter();
  }
  function applyFilter() {
    var words = searchInput ? fold(searchInput.value).split(/\s+/).filter(Boolean) : [];
    var filtering = words.length > 0 || activeTags.size > 0;
    var matched = [];
    claims.forEach(function (c, id) {
      var ok = words.every(function (w) { return haystacks.get(id).indexOf(w) >= 0; }) &&
        (activeTags.size === 0 || c.tags.some(function (t) { return activeTags.has(t); }));
      if (ok) matched.push(id);
    });
    var set = new Set(matched);
    if (sc) {
      cv.filter = filtering ? set : null;
      cv.hits = words.length > 0;
      requestPaint();
    } else if (svg) {
      svg.classList.toggle('cg-filtering', filtering);
      nodes.forEach(function (g, id) {
        g.classList.toggle('cg-match', set.has(id));
        g.classList.toggle('cg-hit', words.length > 0 && set.has(id));
      });
      evidence.forEach(function (list, id) { list.forEach(function (e) { e.el.classList.toggle('cg-match', set.has(id)); }); });
      edges.forEach(function (e) { e.el.classList.toggle('cg-match', set.has(e.from) && set.has(e.to)); });
    }
    if (!count) return;
    count.textContent = filtering ? matched.length + ' of ' + plural(claims.size, 'claim') : '';
    clear(results);
    if (words.length) {
      matched.slice(0, 30).forEach(function (id) {
        var c = claims.get(id);
        results.appendChild(h('li', null, h('a', { href: hashOf(id), 'data-claim': id }, c.text, ' ', h('code', null, id))));
      });
      if (!matched.length) results.appendChild(h('li', { class: 'cg-none' }, h('span', { class: 'cg-none' }, '\u00a0 no claim matches')));
      results.hidden = false;
    } else {
      results.hidden = true;
    }
  }

  // ---- Global keys ----
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      if (searchInput && document.activeElement && (document.activeElement === searchInput || results.contains(document.activeElement)) && (searchInput.value || !results.hidden)) {
        searchInput.value = '';
        applyFilter();
        searchInput.focus();
      } else if (!panel.hidden) {
        close(true);
      }
      return;
    }
    if (e.key === '/' && searchInput && !/^(INPUT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      searchInput.focus();
    }
  });

  // ---- Print: a fitted diagram, then every claim with its evidence ----
  function buildPrint() {
    var section = document.getElementById('cg-print');
    if (!section || section.firstChild) return;
    section.appendChild(h('h2', null, 'Claims'));
    data.claims.forEach(function (c) {
      var art = h('article', null, h('h3', null, c.text, ' ', h('code', null, '[' + c.id + ']')));
      if (c.tags.length) art.appendChild(h('p', null, 'Tags: ' + c.tags.join(', ')));
      if (c.note) art.appendChild(h('p', null, h('em', null, c.note)));
      c.evidence.forEach(function (e) {
        var src = sources.get(e.source);
        art.appendChild(h('blockquote', null, e.stance + ': \u201c' + e.quote + '\u201d \u2014 ' +
          (src && src.title ? src.title : e.source) + (e.line ? ', line ' + e.line : '')));
      });
      [['supports', c.supports], ['contradicts', c.contradicts]].forEach(function (r) {
        if (!r[1].length) return;
        art.appendChild(h('p', null, r[0] + ': ' + r[1].map(function (id) {
          var other = claims.get(id);
          return (other ? other.text + ' ' : '') + '[' + id + ']';
        }).join('; ')));
      });
      section.appendChild(art);
    });
  }
  window.addEventListener('beforeprint', function () {
    buildPrint();
    if (svg) {
      cancelAnimationFrame(animation);
      printing = view;
      svg.setAttribute('viewBox', content.x + ' ' + content.y + ' ' + content.w + ' ' + content.h);
    } else if (sc) {
      // The canvas prints as the picture it holds: the whole map (its clusters), drawn now,
      // since no animation frame comes before the printout.
      cancelAnimationFrame(animation);
      var was = view;
      setView(whole());
      if (cv.raf) { cancelAnimationFrame(cv.raf); cv.raf = 0; }
      paint();
      printing = was;
    }
  });
  window.addEventListener('afterprint', function () {
    if (sc && printing) {
      var back = printing;
      printing = null;
      setView(back);
    } else if (svg && printing) {
      var was = printing;
      printing = null;
      measure();
      setView(was);
    }
  });
  // A big map's list is made only when it is printed (a hundred thousand articles at load
  // would cost more than the whole drawing).
  if (claims.size <= 2000) setTimeout(buildPrint, 0);

  // ---- Start: open the claim named in the URL ----
  var hint = document.getElementById('cg-hint');
  if (hint && surface && nodes.size) hint.hidden = false;
  if (sc) buildClusterList();
  if (location.hash) route();
  if (data.live) live();
  document.documentElement.setAttribute('data-cg-ready', '');

  // ---- Live: a page served by `claimgraph serve` follows the map as it is saved ----
  // The server's stream at /events sends {version, problem} on connecting and after every
  // save; when the version differs from the page's, the page fetches / again and swaps in its
  // header, legend, drawing and data, keeping the open claim, the view, the search and the
  // tag filters. The new page is parsed by DOMParser, which runs none of its scripts; its
  // drawing went through the same sanitizer as this one. A problem (the map does not parse)
  // is written on top as text; the drawing stays the last good one.
  function live() {
    var header = document.getElementById('cg-header');
    if (!header || !window.EventSource || !window.fetch || !window.DOMParser) return;
    var status = h('p', { id: 'cg-live', role: 'status' });
    var problem = h('div', { id: 'cg-problem', role: 'alert' });
    var bar = header.querySelector('.cg-titlebar') || header;
    bar.appendChild(status);
    header.insertBefore(problem, header.firstChild);
    var wanted = data.live.version;
    var fetching = false;
    function say(text, lost) {
      status.textContent = text;
      status.classList.toggle('cg-lost', !!lost);
    }
    function showProblem(p) {
      clear(problem);
      problem.hidden = !p;
      if (!p) return;
      problem.appendChild(h('p', { class: 'cg-problem-title' }, p.title));
      if (p.lines && p.lines.length) problem.appendChild(h('ul', null, p.lines.map(function (line) { return h('li', null, h('code', null, line)); })));
    }
    showProblem(null);
    say('live: connecting\u2026');
    document.documentElement.setAttribute('data-cg-version', data.live.version);
    function refresh() {
      if (fetching || wanted === data.live.version) return;
      fetching = true;
      fetch('/', { cache: 'no-store', credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
        .then(function (html) { swap(new DOMParser().parseFromString(html, 'text/html')); })
        .catch(function () { say('update failed: reload the page to see the latest drawing', true); })
        .then(function () { fetching = false; refresh(); });
    }
    var source = new EventSource('/events');
    source.addEventListener('open', function () { say('live: the drawing follows the map as it is saved'); });
    source.addEventListener('state', function (e) {
      var state;
      try { state = JSON.parse(e.data); } catch (err) { return; }
      showProblem(state.problem || null);
      if (typeof state.version === 'string') wanted = state.version;
      refresh();
    });
    source.addEventListener('error', function () {
      say('connection lost: claimgraph serve has stopped; this is the last drawing it sent (the page reconnects when it runs again)', true);
    });
  }
  // Swaps in the parts of a newer page, then puts back what the reader had: the open claim (if
  // the map still has it), the view, the search, the pressed tags, the focus.
  function swap(doc) {
    // A big map's canvas page (before or after the save) is loaded again instead: its data is
    // inflated asynchronously and its drawing state is built from it; the URL keeps the open
    // claim.
    if (sc || doc.getElementById('cg-scene')) {
      location.reload();
      return;
    }
    var next;
    try { next = JSON.parse(doc.getElementById('cg-data').textContent); } catch (e) { return; }
    if (!next || !Array.isArray(next.claims) || !next.live) return;
    ['cg-stats', 'cg-status'].forEach(function (id) {
      var old = document.getElementById(id), fresh = doc.getElementById(id);
      if (!old || !fresh) return;
      fresh = document.importNode(fresh, true);
      if (old.open && 'open' in fresh) fresh.open = true;
      old.replaceWith(fresh);
    });
    var title = document.querySelector('#cg-header h1'), freshTitle = doc.querySelector('#cg-header h1');
    if (title && freshTitle) title.textContent = freshTitle.textContent;
    document.title = doc.title;
    var guide = document.getElementById('cg-guide'), freshGuide = doc.getElementById('cg-guide');
    if (guide && freshGuide) {
      Array.from(guide.children).forEach(function (el) { if (el !== hint) el.remove(); });
      Array.from(freshGuide.children).forEach(function (el) { if (el.id !== 'cg-hint') guide.appendChild(document.importNode(el, true)); });
    }
    var fresh = doc.querySelector('#cg-diagram > svg');
    adopt(next, fresh ? document.importNode(fresh, true) : null);
  }
  function adopt(next, fresh) {
    var active = document.activeElement;
    var focusClaim = null;
    nodes.forEach(function (g, id) { if (g === active) focusClaim = id; });
    var focusPanel = panel.contains(active);
    var was = { selected: panel.hidden ? null : selected, scroll: panel.scrollTop, view: view, touched: touched };
    cancelAnimationFrame(animation);
    data = next;
    index();
    if (svg && fresh) svg.replaceWith(fresh);
    else if (svg) svg.remove();
    else if (fresh && diagram) diagram.appendChild(fresh);
    svg = fresh && diagram ? fresh : null;
    hovered = null;
    findParts();
    if (svg) {
      setupDrawing();
      bindDrawing();
      bindParts();
      if (tools) buildZoom();
      setView(was.touched && was.view ? was.view : initial());
    } else if (overview) {
      overview.box.remove();
      overview = null;
    }
    if (zoomBox) zoomBox.hidden = !svg;
    touched = was.touched;
    if (was.selected && claims.has(was.selected)) {
      selected = was.selected;
      fillPanel(claims.get(selected));
      if (svg) markSelected(selected);
      panel.scrollTop = was.scroll;
    } else if (was.selected) {
      close(false);
    }
    indexSearch();
    if (tools) buildTags();
    applyFilter();
    if (results && document.activeElement !== searchInput) results.hidden = true;
    if (hint) hint.hidden = !(svg && nodes.size);
    var print = document.getElementById('cg-print');
    if (print && print.firstChild) {
      clear(print);
      buildPrint();
    }
    if (focusClaim && nodes.has(focusClaim)) nodes.get(focusClaim).focus({ preventScroll: true });
    else if (focusPanel && !panel.hidden) panel.focus({ preventScroll: true });
    document.documentElement.setAttribute('data-cg-version', data.live.version);
  }
  }
})();
