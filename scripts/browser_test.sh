#!/usr/bin/env bash
# Browser test (part of ./mbo4j test): starts ./mbo4j lab --no-browser on a free port, drives Debian's Chromium
# headless through tests/browser/lab.mjs (playwright-core, no browser download), stops the server it started.
# Screenshots: target/browser/lab-quickstart.png and lab-quickstart-chart.png.
set -euo pipefail
: "${MBO4J_HOME:?run through ./mbo4j test}"
source "$MBO4J_HOME/scripts/common.sh"
out="$MBO4J_HOME/target/browser"
mkdir -p "$out"
rm -f "$out"/lab-*.png

# Only what is missing, one step at a time: a machine may already have Node.js from NodeSource, whose nodejs package
# bundles npm and conflicts with Debian's npm (apt then refuses the whole line: "held broken packages").
browser_dep() { mbo4j_log "installing $1 from Debian for the browser test"; mbo4j_apt_install "$1"; }
[ -x /usr/bin/chromium ] || browser_dep chromium
command -v node >/dev/null 2>&1 || browser_dep nodejs
command -v npm >/dev/null 2>&1 || browser_dep npm
(cd "$MBO4J_HOME/tests/browser" && [ -d node_modules/playwright-core ] \
  || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
log="$out/lab.log"
# A copy of notebooks/: JupyterLab autosaves, and the repository's notebooks stay without outputs.
rm -rf "$out/notebooks" && cp -r "$MBO4J_HOME/notebooks" "$out/notebooks"
MBO4J_LAB_ROOT="$out/notebooks" MBO4J_LAB_TOKEN="$token" setsid "$MBO4J_HOME/mbo4j" lab --no-browser --port "$port" >"$log" 2>&1 &
lab_pid=$!
stop_lab() {
  # The lab runs in its own session (setsid): end that process group (jupyter and the kernels it started).
  kill -TERM -- "-$lab_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$lab_pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$lab_pid" 2>/dev/null || true
}
trap stop_lab EXIT

get() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"; }
for _ in $(seq 300); do
  get "http://127.0.0.1:$port/api/status?token=$token" >/dev/null 2>&1 && break
  kill -0 "$lab_pid" 2>/dev/null || { mbo4j_log "the lab exited before serving; log:"; cat "$log" >&2; exit 1; }
  sleep 1
done
get "http://127.0.0.1:$port/api/kernelspecs?token=$token" | grep -q '"java"' \
  || { mbo4j_log "the lab's kernelspecs lack the java kernel"; exit 1; }
node "$MBO4J_HOME/tests/browser/lab.mjs" "http://127.0.0.1:$port" "$token" "$out"
