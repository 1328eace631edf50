#!/usr/bin/env bash
# The interactive-page benchmark (benches/page.mjs): makes the HTML pages of the repository's own
# map and of generated maps with the release binary, then drives headless Chromium over them and
# prints a Markdown table (see benches/README.md, "Interactive page").
#
#   benches/page.sh                       # own map, 1k, 5k and 10k claims
#   benches/page.sh 1000 5000             # chosen sizes (the own map is always first)
#   ENGINE=builtin RENDER_TIMEOUT=300 WORK=/tmp/cgpage CLICKS=10 benches/page.sh
#
# Needs: cargo, Node.js >= 20, Debian's chromium at /usr/bin/chromium (or CHROMIUM), and
# playwright-core from tests/e2e's committed lockfile (installed there with `npm ci` when
# missing; nothing downloads a browser). Generated maps are drawn with ENGINE (default builtin,
# as Graphviz takes minutes past 1k claims); the own map with build's default engine. A size
# whose page cannot be rendered within RENDER_TIMEOUT seconds (or that the engine refuses) is
# left out with a note. Set CG to use a binary already built.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/claimgraph-page-bench}
SIZES=${*:-1000 5000 10000}
SEED=${SEED:-1}
ENGINE=${ENGINE:-builtin}
RENDER_TIMEOUT=${RENDER_TIMEOUT:-300}

cd "$ROOT"
target=${CARGO_TARGET_DIR:-$ROOT/target}
if [[ -z ${CG:-} ]]; then
  cargo build --release --locked --bin claimgraph --example gen >&2
  CG=$target/release/claimgraph
fi
GEN=${GEN:-$(dirname "$CG")/examples/gen}
if [[ ! -d tests/e2e/node_modules/playwright-core ]]; then
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
fi
mkdir -p "$WORK"

pages=()
render() { # NAME MAP [OPTIONS...]: WORK/NAME.html, timed
  local name=$1 map=$2 start end
  shift 2
  start=$(date +%s%N)
  if timeout "$RENDER_TIMEOUT" "$CG" render "$map" --format html -o "$WORK/$name.html" "$@" >/dev/null 2>"$WORK/$name.stderr"; then
    end=$(date +%s%N)
    echo "render $name: $(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", (b - a) / 1e9}') s" >&2
    pages+=("$name=$WORK/$name.html")
  else
    echo "note: $name not rendered (exit $?): $(tail -1 "$WORK/$name.stderr")" >&2
  fi
}
render own claims.yaml
for n in $SIZES; do
  "$GEN" --claims "$n" --seed "$SEED" --out "$WORK/g$n" >/dev/null 2>&1
  render "$n" "$WORK/g$n/claims.yaml" --engine "$ENGINE"
done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -sr); node $(node --version)"
node benches/page.mjs "${pages[@]}"
