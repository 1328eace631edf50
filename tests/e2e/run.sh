#!/usr/bin/env bash
# Browser end-to-end tests of the HTML view: generates the pages, then drives headless Chromium;
# then the live page of `claimgraph serve` (serve.mjs).
#
#   bash tests/e2e/run.sh            # from anywhere; screenshots land in a temporary folder
#   CLAIMGRAPH_E2E_DIR=out/e2e bash tests/e2e/run.sh   # keep pages, screenshots and a PDF there
#   CLAIMGRAPH_BIN=target/debug/claimgraph bash tests/e2e/run.sh   # skip the release build
#
# Needs: cargo, Graphviz `dot`, Node.js >= 20 with npm, and Debian's `chromium` at
# /usr/bin/chromium (or set CHROMIUM). playwright-core, mermaid (its real parser and renderer, for
# the Mermaid output) and axe-core (accessibility rules) are installed from the committed lockfile;
# nothing downloads a browser.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${CLAIMGRAPH_E2E_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/claimgraph-e2e.XXXXXX")}
mkdir -p "$work"
work=$(cd "$work" && pwd)
pages=$work/pages
shots=$work/screenshots
rm -rf "$pages"
mkdir -p "$pages" "$shots"

for tool in node npm dot "${CHROMIUM:-/usr/bin/chromium}"; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed (see tests/e2e/run.sh)" >&2; exit 2; }
done

node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  echo "error: playwright-core needs Node.js >= 20, found $(node --version) (Debian bookworm ships 18: use NodeSource or bookworm-backports)" >&2
  exit 2
fi

cd "$root"
# CLAIMGRAPH_BIN reuses a binary already built (CI passes the one `cargo test` built).
if [[ -n ${CLAIMGRAPH_BIN:-} ]]; then
  bin=$(cd "$(dirname "$CLAIMGRAPH_BIN")" && pwd)/$(basename "$CLAIMGRAPH_BIN")
else
  cargo build --release --quiet
  bin=$root/target/release/claimgraph
fi

# The pages, from the real `claimgraph render --format html`. The basic fixture draws every
# evidence passage as a node (the tests click one); the others use build's defaults.
render() { # NAME MAP [OPTIONS...]
  local name=$1 map=$2
  shift 2
  "$bin" render "$map" --format html -o "$pages/$name.html" "$@" >/dev/null 2>&1 \
    || "$bin" render "$map" --format html --allow-errors -o "$pages/$name.html" "$@" >/dev/null \
    || { echo "error: claimgraph render failed on $map" >&2; exit 1; }
}
render html-basic tests/fixtures/html-basic/claims.yaml --evidence show
render html-hostile tests/fixtures/html-hostile/claims.yaml
# The diff view: two revisions of the basic fixture (a rename, an edit, a flip, an addition).
"$bin" diff tests/fixtures/html-diff/old.yaml tests/fixtures/html-diff/new.yaml --format html \
  --evidence show -o "$pages/diff.html" \
  || { echo "error: claimgraph diff --format html failed" >&2; exit 1; }
# The same edit with markup, an ampersand and quotes in the changed words.
"$bin" diff tests/fixtures/html-diff/old.yaml tests/fixtures/html-diff/hostile.yaml --format html \
  -o "$pages/diff-hostile.html" \
  || { echo "error: claimgraph diff --format html failed on the hostile revision" >&2; exit 1; }
# The canvas drawing of big maps: the hostile fixture drawn on a canvas, and a generated map of
# 1,000 claims with its evidence drawn (about 3,000 boxes: a canvas by default from 600, and
# clustered from 2,000), from the generator.
render canvas-hostile tests/fixtures/html-hostile/claims.yaml --drawing canvas
gen=${CLAIMGRAPH_GEN:-$(dirname "$bin")/examples/gen}
[[ -x $gen ]] || { cargo build --quiet --example gen && gen=$root/target/debug/examples/gen; }
"$gen" --claims 1000 --seed 1 --out "$work/gen-1k" >/dev/null
render canvas-1k "$work/gen-1k/claims.yaml" --evidence show
# The repository's own map, or a stand-in for measuring (CLAIMGRAPH_E2E_OWN_MAP=path/claims.yaml).
own=${CLAIMGRAPH_E2E_OWN_MAP:-claims.yaml}
[[ -f $own ]] && render own-map "$own"

cd "$here"
if [[ ! -d node_modules/playwright-core || ! -d node_modules/mermaid || ! -d node_modules/axe-core ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
node e2e.mjs "$pages" "$shots"
# The live page of `claimgraph serve` on a copy of the basic fixture, edited on disk while open.
node serve.mjs "$bin" "$root/tests/fixtures/html-basic" "$shots"

# The Mermaid output through the real mermaid parser and renderer (tests/e2e/mermaid.mjs): the
# hostile fixture with every option that changes the printer's output, the other fixtures, the
# own map, and a made-up map over mermaid's 500-edge limit, which claimgraph must warn about.
cd "$root"
mmd=$work/mermaid
rm -rf "$mmd"
mkdir -p "$mmd"
mermaid() { # NAME MAP [OPTIONS...]: NAME.mmd, NAME.json (same selection) and NAME.stderr
  local name=$1 map=$2
  shift 2
  "$bin" render "$map" --allow-errors --format mermaid -o "$mmd/$name.mmd" "$@" 2>"$mmd/$name.stderr" \
    && "$bin" render "$map" --allow-errors --format json -o "$mmd/$name.json" "$@" 2>/dev/null \
    || { echo "error: claimgraph render --format mermaid failed on $map" >&2; exit 1; }
}
mermaid hostile tests/fixtures/mermaid-hostile/claims.yaml
mermaid hostile-notes tests/fixtures/mermaid-hostile/claims.yaml --evidence show --group-by tag --rankdir LR
mermaid hostile-focus tests/fixtures/mermaid-hostile/claims.yaml --focus end-x --depth 2
# Only the claim whose text is a well-formed init directive: mermaid applies it when it can.
mermaid hostile-directive tests/fixtures/mermaid-hostile/claims.yaml --focus end --depth 0
mermaid render-hostile tests/fixtures/render-hostile/claims.yaml --evidence show --group-by tag
mermaid html-hostile tests/fixtures/html-hostile/claims.yaml
mermaid basic tests/fixtures/render-basic/claims.yaml
[[ -f $own ]] && mermaid own-map "$own"
# Over the limit: N claims in a chain, each supporting the next two (2N-3 edges).
big=$work/over-limit
mkdir -p "$big/corpus"
: >"$big/corpus/passages.txt"
{
  echo "claims:"
  for i in $(seq 1 260); do
    echo "Passage number $i of the made-up corpus." >>"$big/corpus/passages.txt"
    printf '  - id: c%d\n    text: Claim %d of a map over the limit.\n    evidence:\n      - source: passages\n        quote: Passage number %d of\n    supports: [%s]\n' \
      "$i" "$i" "$i" "$( ((i < 259)) && echo "c$((i + 1)), c$((i + 2))" || { ((i < 260)) && echo "c$((i + 1))"; } )"
  done
} >"$big/claims.yaml"
mermaid over-limit "$big/claims.yaml"
cd "$here"
node mermaid.mjs "$mmd"

# claimgraph lsp in Neovim in a real terminal (tmux), drawn by Chromium: the screenshots of
# docs/nvim-diagnostic.png and docs/nvim-hover.png come from here (tests/e2e/nvim_shot.mjs).
if command -v nvim >/dev/null && command -v tmux >/dev/null; then
  shotmap=$work/nvim-map
  rm -rf "$shotmap"
  mkdir -p "$shotmap"
  cp "$root/claims.yaml" "$shotmap/"
  cp -r "$root/corpus" "$shotmap/"
  (cd "$here" && node nvim_shot.mjs "$bin" "$shotmap" "$shots")
else
  echo "SKIPPED the Neovim screenshots: needs nvim and tmux (apt-get install neovim tmux)"
fi
