#!/usr/bin/env bash
# PyTorch CPU reference for ./mbo4j perf --torch (called by the perf command, not by hand):
#   scripts/perf.sh torch --threads N [--quick]
# Installs perf/requirements-torch.txt and perf/requirements-pymoo.txt into .venv-perf once (re-installs when a file
# changes), then runs perf/torch_reference.py, which prints one JSON object per case.
set -euo pipefail
: "${MBO4J_HOME:?run through ./mbo4j perf --torch}"
[ "${1:-}" = torch ] || { echo "usage: scripts/perf.sh torch --threads N [--quick]" >&2; exit 2; }
shift
# shellcheck source=scripts/common.sh
source "$MBO4J_HOME/scripts/common.sh" # mbo4j_log, mbo4j_apt_install; its STAMP is replaced below
VENV="$MBO4J_HOME/.venv-perf"
REQ="$MBO4J_HOME/perf/requirements-torch.txt"
STAMP="$VENV/.requirements.sha256"

want="$(sha256sum "$REQ" | cut -c1-64)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    mbo4j_log "installing python3-venv (needed for the PyTorch reference venv)"
    mbo4j_apt_install python3 python3-venv
  fi
  mbo4j_log "installing the PyTorch CPU reference into .venv-perf (once; pinned in perf/requirements-torch.txt)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  # The PyPI Linux wheel is a CUDA build; try it without its nvidia-* packages first (much smaller) ...
  "$VENV/bin/pip" install -q --no-deps -r "$REQ" >&2
  if ! "$VENV/bin/python" -c 'import torch; torch.ones(2).sum()' >/dev/null 2>&1; then
    # ... torch 2.5.1's wheel needs libcudart/libcublas at import even on the CPU: take the full install.
    mbo4j_log "torch does not import without its nvidia-* packages; installing them (about 3 GB on disk)"
    "$VENV/bin/pip" install -q -r "$REQ" >&2
  fi
  "$VENV/bin/python" -c 'import torch, numpy' >&2
  echo "$want" > "$STAMP"
fi
# pymoo for the nsga2-generation case, its own stamp: changing it does not re-install torch. A failed install leaves
# the case without its peer (the report says so) rather than stopping the suite.
PYMOO_REQ="$MBO4J_HOME/perf/requirements-pymoo.txt"
PYMOO_STAMP="$VENV/.requirements-pymoo.sha256"
want_pymoo="$(sha256sum "$PYMOO_REQ" | cut -c1-64)"
if [ "$(cat "$PYMOO_STAMP" 2>/dev/null)" != "$want_pymoo" ]; then
  mbo4j_log "installing pymoo into .venv-perf (once; pinned in perf/requirements-pymoo.txt)"
  if "$VENV/bin/pip" install -q --disable-pip-version-check -r "$PYMOO_REQ" >&2; then
    echo "$want_pymoo" > "$PYMOO_STAMP"
  else
    mbo4j_log "pip could not install perf/requirements-pymoo.txt; nsga2-generation will have no pymoo peer"
  fi
fi
exec "$VENV/bin/python" "$MBO4J_HOME/perf/torch_reference.py" "$@"
