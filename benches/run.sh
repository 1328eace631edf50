#!/usr/bin/env bash
# Wall time and peak memory of the release binary on generated maps, with Argdown 1.7.5 on the
# same maps in the same run; prints a Markdown table (see benches/README.md).
#
#   benches/run.sh                      # 1k, 10k and 100k claims
#   benches/run.sh 1000 10000           # chosen sizes
#   RUNS=5 TIMEOUT=300 WORK=/tmp/cgb benches/run.sh
#
# Needs: cargo, GNU time (/usr/bin/time; apt-get install time), node + npm (for Argdown; the
# Argdown rows are skipped without them). Each timing is the median of RUNS runs (default 5 for
# up to 10k claims, 1 above); peak RSS is the largest of those runs. Nothing is timed in tests.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/claimgraph-bench}
TIMEOUT=${TIMEOUT:-300}
SIZES=${*:-1000 10000 100000}
SEED=${SEED:-1}

cd "$ROOT"
cargo build --release --locked --bin claimgraph --example gen >&2
CG=$ROOT/target/release/claimgraph
GEN=$ROOT/target/release/examples/gen
AD=$ROOT/benches/argdown/node_modules/.bin/argdown
if [ ! -x "$AD" ] && command -v npm >/dev/null; then
  (cd benches/argdown && npm ci --no-audit --no-fund >&2)
fi
[ -x "$AD" ] || { echo "note: Argdown not installed; its rows are skipped" >&2; AD=; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }

# measure RUNS CMD... → "median_seconds peak_rss_kib status" (status: ok, exit N, timeout)
measure() {
  local runs=$1; shift
  local times=() rss=0 status=ok out
  for _ in $(seq "$runs"); do
    out=$(mktemp)
    # Wall time from the clock in milliseconds (GNU time's %e has 10 ms steps, too coarse for
    # the small maps); peak RSS from GNU time.
    local start end
    start=$(date +%s%N)
    if timeout "$TIMEOUT" /usr/bin/time -f "%M" -o "$out" "$@" >/dev/null 2>&1; then :; else
      local code=$?
      if [ "$code" -eq 124 ]; then status=timeout; rm -f "$out"; break; fi
      # check exits 1 on findings; the generated maps have warnings only, so 1 is a failure too
      status="exit $code"
    fi
    end=$(date +%s%N)
    local t m
    t=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    read -r m < <(tail -1 "$out")
    rm -f "$out"
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  if [ "${#times[@]}" -eq 0 ]; then echo "- - $status"; return; fi
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $rss $status"
}

row() { # claims input_bytes operation "median rss status" argdown_json_median
  local n=$1 input=$2 op=$3 result=$4 reference=${5:-}
  read -r median rss status <<<"$result"
  local per_k ratio mem note= mib
  mib=$(awk -v i="$input" 'BEGIN {printf "%.1f", i / 1048576}')
  if [ "$median" = "-" ]; then
    printf '| %s | %s | %s | – | – | – | – | %s |\n' "$n" "$mib" "$op" "$status"
    return
  fi
  [ "$status" = ok ] || note=" ($status)"
  per_k=$(awk -v t="$median" -v n="$n" 'BEGIN {printf "%.1f", t * 1000 * 1000 / n}')
  mem=$(awk -v r="$rss" -v i="$input" 'BEGIN {printf "%.1f×", r * 1024 / i}')
  if [ -n "$reference" ] && [ "$reference" != "-" ]; then
    ratio=$(awk -v a="$reference" -v t="$median" 'BEGIN {printf "%.1f×", a / t}')
  else
    ratio=–
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$n" "$mib" "$op" "$median" "$per_k" "$((rss / 1024))" "$mem" "$ratio$note"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uname -sr); $(rustc --version)"
[ -n "$AD" ] && echo "argdown: @argdown/cli $(node -p "require('$ROOT/benches/argdown/node_modules/@argdown/cli/package.json').version"), node $(node --version)"
echo
echo '| claims | input MiB | operation | median s | ms per 1k claims | peak RSS MiB | RSS / input | Argdown json ÷ this |'
echo '|---:|---:|---|---:|---:|---:|---:|---:|'
for n in $SIZES; do
  runs=${RUNS:-$([ "$n" -le 10000 ] && echo 5 || echo 1)}
  base=$WORK/$n
  rev=$WORK/$n-revised
  "$GEN" --claims "$n" --seed "$SEED" --out "$base" 2>/dev/null
  "$GEN" --claims "$n" --seed "$SEED" --revise 1 --out "$rev" 2>/dev/null
  input=$(du -sb "$base/claims.yaml" "$base/corpus" | awk '{s += $1} END {print s}')
  argdown_input=$(stat -c %s "$base/map.argdown")

  reference=-
  if [ -n "$AD" ]; then
    json=$(measure "$runs" "$AD" json "$base/map.argdown" "$base/argdown-json")
    read -r reference _ _ <<<"$json"
    # The comparison is void unless Argdown really parsed every statement.
    parsed=$(node -e "const d=require('$base/argdown-json/map.json'); console.log(Object.keys(d.statements).length + ' statements, ' + d.relations.length + ' relations')" 2>/dev/null || echo "no output")
    echo "argdown json at $n claims: $parsed" >&2
  fi
  row "$n" "$input" "claimgraph check" "$(measure "$runs" "$CG" check "$base/claims.yaml")" "$reference"
  row "$n" "$input" "claimgraph render --format dot" \
    "$(measure "$runs" "$CG" render --format dot -o "$base/map.dot" "$base/claims.yaml")"
  row "$n" "$input" "claimgraph render --format svg --engine builtin" \
    "$(measure "$runs" "$CG" render --format svg --engine builtin -o "$base/map.svg" "$base/claims.yaml")"
  row "$n" "$input" "claimgraph diff (1% of claims changed)" \
    "$(measure "$runs" "$CG" diff "$base/claims.yaml" "$rev/claims.yaml")"
  if [ -n "$AD" ]; then
    row "$n" "$argdown_input" "argdown json (parse; input = map.argdown)" "$json" "$reference"
    row "$n" "$argdown_input" "argdown map --format dot" \
      "$(measure "$runs" "$AD" map --format dot "$base/map.argdown" "$base/argdown-map")"
  fi
done
