#!/usr/bin/env bash
# ./mbo4j lab [--port P] [--no-browser]      JupyterLab with the Java kernel (JJava) and the toolkit on its classpath
# ./mbo4j notebook PATH [--out OUT.ipynb]    execute a notebook headless with the same kernel (nbclient)
#
# Steps (docker/Dockerfile repeats them; keep the two in step):
#   1. a project-local virtualenv .venv with requirements-lab.txt (reused while the requirements are unchanged)
#   2. the toolkit build (scripts/common.sh: mbo4j_build) and its runtime classpath
#   3. the `java` kernelspec inside the venv rewritten so the kernel gets the toolkit (JJAVA_CLASSPATH) and the
#      JVM options (JJAVA_JVM_OPTS: heap, headless AWT); the kernel inherits everything else (MBO4J_DATA, ...)
#   4. JupyterLab on 127.0.0.1 with notebooks/ as root, or nbclient for one notebook
set -euo pipefail
: "${MBO4J_HOME:?run through ./mbo4j lab or ./mbo4j notebook}"
# shellcheck source=scripts/common.sh
source "$MBO4J_HOME/scripts/common.sh"

VENV="${MBO4J_VENV:-$MBO4J_HOME/.venv}"
REQS="$MBO4J_HOME/requirements-lab.txt"
KERNEL_DIR="$VENV/share/jupyter/kernels/java"

usage_lab() {
  cat <<'EOF'
Usage: ./mbo4j lab [--port P] [--no-browser]
  Starts JupyterLab (127.0.0.1, root notebooks/) with the Java kernel and the toolkit; prints the URL with its token.
  --port P        port to listen on (default 8888)
  --no-browser    do not open a web browser
Environment: MBO4J_DATA (Design-Bench data directory), MBO4J_HEAP (kernel heap, default a quarter of RAM,
  at most 4g), MBO4J_OFFHEAP (ND4J off-heap cap, default a sixth of RAM, at most 4g),
  MBO4J_CLASSPATH (your jars, colon-separated: their tasks and methods join the registries),
  MBO4J_LAB_TOKEN (token to use instead of a random one), MBO4J_LAB_IP (default 127.0.0.1; the Docker image
  uses 0.0.0.0), MBO4J_LAB_ROOT (notebook folder, default notebooks/).
EOF
}

usage_notebook() {
  cat <<'EOF'
Usage: ./mbo4j notebook PATH [--out OUT.ipynb]
  Executes the notebook with the Java kernel, stopping at the first failing cell (named with its index and error).
  --out OUT.ipynb  where to write the executed notebook (default target/notebooks/<name>.ipynb)
Exit code 0 when every cell ran, 1 when a cell failed, 2 for bad arguments.
EOF
}

# Installs python3-venv from Debian when `python3 -m venv` cannot work (same policy as the JDK in common.sh).
lab_require_python() {
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    return 0
  fi
  mbo4j_log "installing python3 and python3-venv (the Jupyter runtime lives in a project-local virtualenv)"
  mbo4j_apt_install python3 python3-venv
}

# Creates or refreshes .venv when requirements-lab.txt changed; a failed install leaves no half-made venv behind.
lab_venv() {
  local want have=""
  want="$(sha256sum "$REQS" | cut -d' ' -f1)"
  [ -f "$VENV/.mbo4j-requirements.sha256" ] && have="$(cat "$VENV/.mbo4j-requirements.sha256")"
  if [ "$want" = "$have" ] && [ -x "$VENV/bin/jupyter" ]; then
    return 0
  fi
  lab_require_python
  mbo4j_log "setting up the Jupyter runtime in $VENV (first use or requirements-lab.txt changed)..."
  rm -rf "$VENV"
  if ! { python3 -m venv "$VENV" \
         && "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQS" >&2; }; then
    rm -rf "$VENV"
    mbo4j_log "could not install $REQS into $VENV; check the network access to PyPI and retry"
    return 1
  fi
  printf '%s\n' "$want" >"$VENV/.mbo4j-requirements.sha256"
}

# Rewrites the kernelspec that the jjava package installed into the venv: absolute java, the toolkit's classpath
# and JVM options. Written to a temporary file and moved, so a failure never leaves a broken kernelspec.
lab_kernelspec() {
  [ -f "$KERNEL_DIR/jjava-launcher.jar" ] || {
    mbo4j_log "the jjava package did not install its kernel into $KERNEL_DIR; delete $VENV and retry"
    return 1
  }
  local java_bin tmp
  mbo4j_check_user_classpath
  java_bin="$(command -v java)"
  # threads, BLAS kernel and libnd4j build as for the CLI; the exports reach the kernel through the server's env
  mbo4j_perf_env
  tmp="$(mktemp "$KERNEL_DIR/kernel.json.XXXXXX")"
  JAVA_BIN="$java_bin" CP="$(mbo4j_classpath)" JVM_OPTS="$(mbo4j_jvm_opts) ${MBO4J_NATIVE_OPTS:-}" \
    "$VENV/bin/python" - "$KERNEL_DIR" >"$tmp" <<'PY'
import json, os, sys
d = sys.argv[1]
spec = {
    "argv": [os.environ["JAVA_BIN"], "-jar", d + "/jjava-launcher.jar", d + "/jjava.jar", "{connection_file}"],
    "display_name": "Java (mbo4j)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "JJAVA_CLASSPATH": os.environ["CP"],
        "JJAVA_JVM_OPTS": os.environ["JVM_OPTS"],
    },
    "metadata": {"mbo4j": "written by scripts/lab.sh"},
}
json.dump(spec, sys.stdout, indent=2)
PY
  mv "$tmp" "$KERNEL_DIR/kernel.json"
}

# JupyterLab defaults for this venv: render every cell (no virtual scrolling, so outputs stay in the page) and no
# news or update checks (no network beyond package registries).
lab_settings() {
  local dir="$VENV/share/jupyter/lab/settings"
  mkdir -p "$dir"
  cat >"$dir/overrides.json.tmp" <<'JSON'
{
  "@jupyterlab/notebook-extension:tracker": { "windowingMode": "none" },
  "@jupyterlab/apputils-extension:notification": { "fetchNews": "false", "checkForUpdates": false }
}
JSON
  mv "$dir/overrides.json.tmp" "$dir/overrides.json"
}

# Everything a kernel needs; shared by `lab`, `notebook` and the Docker image (`scripts/lab.sh prepare`).
lab_prepare() {
  lab_venv
  mbo4j_build
  lab_kernelspec
  lab_settings
  # Our venv's kernelspec wins over any `java` kernel in the user's or the system's Jupyter paths.
  export JUPYTER_PATH="$VENV/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-${MBO4J_THREADS:-$(nproc 2>/dev/null || echo 2)}}"
  [ -n "${MBO4J_DATA:-}" ] || mbo4j_log "MBO4J_DATA is not set: Design-Bench tasks will look in the per-user cache"
}

cmd_lab() {
  local port=8888 browser=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --port)
        [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { mbo4j_log "--port needs a number, e.g. --port 8899"; exit 2; }
        port="$2"; shift 2 ;;
      --port=*) port="${1#--port=}"; [[ "$port" =~ ^[0-9]+$ ]] || { mbo4j_log "--port needs a number"; exit 2; }
        shift ;;
      --no-browser) browser=0; shift ;;
      -h|--help) usage_lab; exit 0 ;;
      *) mbo4j_log "unknown option '$1'"; usage_lab >&2; exit 2 ;;
    esac
  done
  lab_prepare
  local token="${MBO4J_LAB_TOKEN:-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(24))')}"
  local ip="${MBO4J_LAB_IP:-127.0.0.1}"
  local args=(lab --ip="$ip" --port="$port" --port-retries=0
              --ServerApp.root_dir="${MBO4J_LAB_ROOT:-$MBO4J_HOME/notebooks}" --IdentityProvider.token="$token"
              --MappingKernelManager.default_kernel_name=java)
  [ "$browser" -eq 0 ] && args+=(--no-browser)
  # Containers and CI run as root; Jupyter refuses that unless told.
  [ "$(id -u)" -eq 0 ] && args+=(--allow-root)
  mbo4j_log "JupyterLab: http://127.0.0.1:$port/lab?token=$token"
  exec "$VENV/bin/jupyter" "${args[@]}"
}

cmd_notebook() {
  local nb="" out=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --out) [ $# -ge 2 ] || { mbo4j_log "--out needs a file name, e.g. --out /tmp/run.ipynb"; exit 2; }
        out="$2"; shift 2 ;;
      --out=*) out="${1#--out=}"; shift ;;
      -h|--help) usage_notebook; exit 0 ;;
      -*) mbo4j_log "unknown option '$1'"; usage_notebook >&2; exit 2 ;;
      *) [ -z "$nb" ] || { mbo4j_log "one notebook at a time (got '$nb' and '$1')"; exit 2; }
        nb="$1"; shift ;;
    esac
  done
  [ -n "$nb" ] || { usage_notebook >&2; exit 2; }
  [ -f "$nb" ] || { mbo4j_log "no notebook at '$nb'"; exit 2; }
  [ -n "$out" ] || out="$MBO4J_HOME/target/notebooks/$(basename "$nb")"
  lab_prepare
  exec "$VENV/bin/python" "$MBO4J_HOME/scripts/run_notebook.py" "$nb" --out "$out"
}

sub="${1:-}"
shift || true
case "$sub" in
  lab) cmd_lab "$@" ;;
  notebook) cmd_notebook "$@" ;;
  prepare) lab_prepare ;;
  *) mbo4j_log "scripts/lab.sh expects 'lab', 'notebook' or 'prepare', got '$sub'"; exit 2 ;;
esac
