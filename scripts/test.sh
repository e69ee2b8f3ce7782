#!/usr/bin/env bash
# ./mbo4j test: every test. Unit and integration tests (Maven Surefire), then the notebook and browser checks.
set -euo pipefail
: "${MBO4J_HOME:?run through ./mbo4j test}"
source "$MBO4J_HOME/scripts/common.sh"
mbo4j_require_tools
cd "$MBO4J_HOME"
# >>> BLAS kernel selection (nn-perf): tests run on the kernel the launcher verified and chose >>>
mbo4j_build
mbo4j_perf_env
# <<< BLAS kernel selection (nn-perf) <<<
mbo4j_log "running the Java test suite"
mvn -B ${MBO4J_MAVEN_OPTS:-} "-Dmbo4j.test.jvm=${MBO4J_NATIVE_OPTS:-}" install
touch "$STAMP"
