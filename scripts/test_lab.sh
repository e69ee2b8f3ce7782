#!/usr/bin/env bash
# The lab's checks for ./mbo4j test (after the Java suite has built the toolkit):
#   notebooks are saved without outputs; the Dockerfile lints (hadolint) and still runs the launcher's steps;
#   a notebook with a failing cell makes `./mbo4j notebook` exit non-zero naming the cell; every notebook in
#   notebooks/ runs top to bottom with the Java kernel; every notebook draws its charts (2x PNGs) and HTML tables
#   in the cells scripts/check_notebook_outputs.py names, with numbers at 4 significant digits; the browser test
#   (scripts/browser_test.sh).
# Ends with 'lab: N passed, N failed' and exits non-zero when a check failed.
set -uo pipefail
: "${MBO4J_HOME:?run through ./mbo4j test}"
source "$MBO4J_HOME/scripts/common.sh"
export MBO4J_QUIET=1
cd "$MBO4J_HOME" || exit 1
OUT="$MBO4J_HOME/target/lab-test"
rm -rf "$OUT" && mkdir -p "$OUT"
passed=0
failed=0
check() {
  local name="$1"; shift
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); mbo4j_log "ok: $name ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1)); mbo4j_log "FAILED: $name ($((SECONDS - t0)) s)"
  fi
}

# The Jupyter runtime and the kernelspec (also proves `prepare` works on its own, as the Docker image uses it).
bash scripts/lab.sh prepare || { mbo4j_log "could not prepare the lab"; echo "lab: 0 passed, 1 failed"; exit 1; }
PY="$MBO4J_HOME/.venv/bin/python"

notebooks_clean() {
  "$PY" - notebooks/*.ipynb <<'EOF'
import sys, nbformat
bad = []
for p in sys.argv[1:]:
    nb = nbformat.read(p, as_version=4)
    nbformat.validate(nb)
    if nb.metadata.get("kernelspec", {}).get("name") != "java":
        bad.append(p + ": kernelspec is not 'java'")
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and (c.outputs or c.execution_count is not None):
            bad.append("%s: cell [%d] was saved with outputs; clear them (Edit > Clear Outputs of All Cells)" % (p, i))
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}

dockerfile_lint() {
  local venv="$MBO4J_HOME/.venv-test"
  if [ ! -x "$venv/bin/hadolint" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check \
      -r tests/requirements-test.txt >&2 || { rm -rf "$venv"; return 1; }
  fi
  "$venv/bin/hadolint" --failure-threshold warning --ignore DL3008 docker/Dockerfile || return 1
  # The image must run the launcher's steps, not a copy of them.
  local f=docker/Dockerfile
  grep -q '^FROM ' "$f" && grep -q 'bash scripts/lab.sh prepare' "$f" && grep -q '^EXPOSE 8888$' "$f" \
    && grep -q '^CMD \["./mbo4j", "lab", "--no-browser", "--port", "8888"\]$' "$f" \
    && grep -q '^ARG ND4J_BACKEND=cpu$' "$f" && grep -q 'MBO4J_MAVEN_OPTS="-Pcuda"' "$f" \
    && grep -q '<id>cuda</id>' toolkit/pom.xml \
    || { mbo4j_log "docker/Dockerfile no longer runs the launcher's steps (scripts/lab.sh prepare, ./mbo4j lab)"; return 1; }
}

failing_cell_is_named() {
  local nb="$OUT/failing.ipynb" log="$OUT/failing.log"
  "$PY" - "$nb" <<'EOF'
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
nb = new_notebook(metadata={"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}})
nb.cells = [new_code_cell("try (var bar = Progress.start(\"demo\", 5)) {\n"
                          "    for (int i = 0; i < 5; i++) { Thread.sleep(250); bar.step(\"loss=\" + i); }\n}\n"
                          "int before = 41 + 1;\nbefore"), new_markdown_cell("text"),
            new_code_cell("Tasks.load(\"NoSuchTask\")"), new_code_cell("int after = 1;")]
nbformat.write(nb, sys.argv[1])
EOF
  # Progress bars on (not quiet) for this notebook: cell 0 must hold one bar, updated in place to 5/5.
  if env -u MBO4J_QUIET bash scripts/lab.sh notebook "$nb" --out "$OUT/failing.out.ipynb" 2>"$log"; then
    mbo4j_log "a notebook with a failing cell exited 0"; return 1
  fi
  grep -q "failing.ipynb: cell \[2\] failed (Tasks.load(\"NoSuchTask\")): .*unknown task 'NoSuchTask'" "$log" \
    || { mbo4j_log "the failure does not name cell [2] and its error:"; cat "$log" >&2; return 1; }
  # The executed notebook is written up to the failure: cell 0 ran (42, one progress display at 5/5), cell 3 did not.
  "$PY" -c '
import sys, nbformat
nb = nbformat.read(sys.argv[1], 4)
outs = nb.cells[0].outputs
assert any("42" in o.get("data", {}).get("text/plain", "") for o in outs), outs
bars = [o for o in outs if o.output_type == "display_data"]
assert len(bars) == 1 and "demo 5/5" in bars[0].data["text/plain"] and "<progress" in bars[0].data["text/html"], outs
assert nb.cells[3].execution_count is None
' "$OUT/failing.out.ipynb"
}

run_notebook() {
  bash scripts/lab.sh notebook "$1" --out "$OUT/$(basename "$1")"
}

# The executed notebook drew what scripts/check_notebook_outputs.py lists for it (charts, tables, printed scores).
notebook_outputs() {
  [ -f "$OUT/$1" ] || { mbo4j_log "$1 was not executed (see its run above)"; return 1; }
  "$PY" scripts/check_notebook_outputs.py "$OUT/$1"
}

# The output check itself fails, naming the cell, when a chart is missing.
output_check_names_a_missing_chart() {
  local nb="$OUT/without-chart/00-quickstart.ipynb" log="$OUT/without-chart.log"
  [ -f "$OUT/00-quickstart.ipynb" ] || return 1
  mkdir -p "$(dirname "$nb")"
  "$PY" - "$OUT/00-quickstart.ipynb" "$nb" <<'EOF'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
for c in nb["cells"]:
    src = c["source"] if isinstance(c["source"], str) else "".join(c["source"])
    if c["cell_type"] == "code" and src.strip().endswith("Plots.scores(scores)"):
        c["outputs"] = [o for o in c["outputs"] if "image/png" not in o.get("data", {})]
json.dump(nb, open(sys.argv[2], "w", encoding="utf-8"))
EOF
  if "$PY" scripts/check_notebook_outputs.py "$nb" 2>"$log"; then
    mbo4j_log "the output check passed a notebook without its benchmark chart"; return 1
  fi
  grep -q "00-quickstart.ipynb: cell \[[0-9]*\] (Plots.scores(scores)) has no image/png chart" "$log" \
    || { mbo4j_log "the output check did not name the cell:"; cat "$log" >&2; return 1; }
}

check "notebooks are saved without outputs" notebooks_clean
check "Dockerfile lints and runs the launcher's steps" dockerfile_lint
check "a failing cell fails ./mbo4j notebook and is named; progress updates one display" failing_cell_is_named
for nb in notebooks/[0-9][0-9]-*.ipynb; do
  check "notebook $(basename "$nb") runs top to bottom" run_notebook "$nb"
done
# every notebook: check_notebook_outputs.py fails for one it has no expectations for, so a new notebook lists its own
for nb in notebooks/[0-9][0-9]-*.ipynb; do
  check "notebook $(basename "$nb") draws its charts and tables" notebook_outputs "$(basename "$nb")"
done
check "the output check names a cell whose chart is missing" output_check_names_a_missing_chart
check "browser test (JupyterLab + Chromium)" bash scripts/browser_test.sh

echo "lab: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
