#!/usr/bin/env bash
# Validate one SARIF 2.1.0 log with Microsoft's SARIF Multitool (@microsoft/sarif-multitool,
# the validator behind the SARIF web validator): the SARIF spec rules plus GitHub
# code-scanning ingestion rules (GH*), configured by sarif-validation.xml beside this script.
#
#   validate-sarif.sh FILE.sarif
#
# Exit status:
#   0  valid: no error and no warning result (notes are not reported)
#   1  invalid: the multitool's error/warning findings are printed
#   2  usage error, or the multitool itself failed (its output is printed)
#   3  SKIPPED: the multitool is not installed (run `npm ci --prefix tests/formats`)
#
# Set SARIF_ALLOW_WARNINGS=1 to exit 0 when there are warnings but no errors.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
config="$here/sarif-validation.xml"

if [ "$#" -ne 1 ]; then
    echo "usage: $0 FILE.sarif" >&2
    exit 2
fi
file="$1"
if [ ! -f "$file" ]; then
    echo "validate-sarif.sh: no such file: $file" >&2
    exit 2
fi

if [ ! -f "$bin" ]; then
    echo "SKIPPED: SARIF Multitool not installed ($bin missing); run: npm ci --prefix tests/formats"
    exit 3
fi
if ! command -v node >/dev/null 2>&1; then
    echo "SKIPPED: node not found (needed to read the SARIF Multitool's output)"
    exit 3
fi
# The package's postinstall only does `chmod u+x`; npm 11 skips install scripts unless allowed.
[ -x "$bin" ] || chmod u+x "$bin"
version="$(node -p 'require(process.argv[1]).version' "$(dirname "$bin")/package.json")"
tool="SARIF Multitool $version, rule kinds Sarif;Ghas"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Call the native binary directly: the npm wrapper (node_modules/.bin/sarif-multitool) runs
# it through a shell, which splits arguments such as "Sarif;Ghas" at the semicolon.
# Invariant globalization: .NET otherwise aborts at start when libicu is not installed.
status=0
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    "$bin" validate "$file" \
    --config "$config" \
    --rule-kind "Sarif;Ghas" \
    --output "$tmp/out.sarif" \
    --log ForceOverwrite \
    >"$tmp/console.txt" 2>&1 || status=$?

if [ "$status" -ne 0 ] || [ ! -s "$tmp/out.sarif" ]; then
    cat "$tmp/console.txt" >&2
    echo "validate-sarif.sh: SARIF Multitool failed on $file (exit $status)" >&2
    exit 2
fi

# The verdict is in the output log, not in the exit code (0 whatever the findings):
# runs[].results[] are the findings, each with a level (error, warning; absent means warning);
# invocations[] report the tool's own trouble (executionSuccessful, notifications of level error).
cat >"$tmp/verdict.js" <<'JS'
const fs = require('fs');
const [out, allowWarnings] = process.argv.slice(2);
const log = JSON.parse(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
let errors = 0, warnings = 0;
const toolErrors = [];
for (const run of log.runs || []) {
  for (const r of run.results || []) {
    const level = r.level || 'warning';
    if (level === 'error') errors++;
    else if (level === 'warning') warnings++;
  }
  for (const inv of run.invocations || []) {
    if (inv.executionSuccessful === false) toolErrors.push('executionSuccessful: false');
    const notes = [...(inv.toolExecutionNotifications || []), ...(inv.toolConfigurationNotifications || [])];
    for (const n of notes) {
      if (n.level === 'error') toolErrors.push(`${(n.descriptor && n.descriptor.id) || '?'}: ${n.message && n.message.text}`);
    }
  }
}
console.log(`${errors} error(s), ${warnings} warning(s)` + (toolErrors.length ? '; ' + toolErrors.join('; ') : ''));
if (toolErrors.length) process.exit(2);
if (errors > 0 || (warnings > 0 && allowWarnings !== '1')) process.exit(1);
JS
verdict=0
counts="$(node "$tmp/verdict.js" "$tmp/out.sarif" "${SARIF_ALLOW_WARNINGS:-0}")" || verdict=$?

# The findings as the multitool prints them, "FILE(LINE,COL): level RULE: message", without
# its progress lines and without the notice about the rule that sarif-validation.xml disables.
findings() {
    grep -v -E '^(Analyzing\.\.\.|THREADS: |Done\. |Analysis completed|$)' "$tmp/console.txt" |
        grep -v "WRN999.RuleExplicitlyDisabled : Rule 'SARIF2006'" || true
}

case "$verdict" in
    0)
        findings
        echo "OK: $file is valid SARIF: $counts ($tool)"
        ;;
    1)
        findings
        echo "INVALID: $file: $counts ($tool)"
        exit 1
        ;;
    *)
        cat "$tmp/console.txt" >&2
        echo "validate-sarif.sh: SARIF Multitool reported a tool error on $file: $counts" >&2
        exit 2
        ;;
esac
