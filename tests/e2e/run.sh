#!/usr/bin/env bash
# Browser end-to-end tests of the HTML view: generates the pages, then drives headless Chromium.
#
#   bash tests/e2e/run.sh            # from anywhere; screenshots land in a temporary folder
#   CLAIMGRAPH_E2E_DIR=out/e2e bash tests/e2e/run.sh   # keep pages, screenshots and a PDF there
#
# Needs: cargo, Graphviz `dot`, Node.js >= 20 with npm, and Debian's `chromium` at
# /usr/bin/chromium (or set CHROMIUM). playwright-core is installed from the committed lockfile;
# it never downloads a browser.
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
cargo build --release --quiet
bin=$root/target/release/claimgraph

# The pages: from the real `render --format html` when it exists, else from the Rust test that
# calls `render::html::page` on a Graphviz drawing of the fixture.
maps=("html-basic:tests/fixtures/html-basic/claims.yaml" "html-hostile:tests/fixtures/html-hostile/claims.yaml")
# The repository's own map, or a stand-in for measuring (CLAIMGRAPH_E2E_OWN_MAP=path/claims.yaml).
own=${CLAIMGRAPH_E2E_OWN_MAP:-claims.yaml}
[[ -f $own ]] && maps+=("own-map:$own")
if "$bin" render --help 2>/dev/null | grep -q html; then
  echo "pages: claimgraph render --format html"
  for entry in "${maps[@]}"; do
    name=${entry%%:*} map=${entry#*:}
    "$bin" render "$map" --format html -o "$pages/$name.html" >/dev/null 2>&1 \
      || "$bin" render "$map" --format html --allow-errors -o "$pages/$name.html" >/dev/null \
      || { echo "error: claimgraph render failed on $map" >&2; exit 1; }
  done
else
  echo "pages: render --format html is not available yet; using the test helper (tests/cli/html.rs)"
  CLAIMGRAPH_E2E_PAGES=$pages cargo test --release --quiet --test cli html::pages_for_the_browser_tests >/dev/null
fi

cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
node e2e.mjs "$pages" "$shots"
