#!/usr/bin/env bash
# ./mbo4j test: every test. Unit and integration tests (Maven Surefire), then the notebook and browser checks.
set -euo pipefail
: "${MBO4J_HOME:?run through ./mbo4j test}"
source "$MBO4J_HOME/scripts/common.sh"
mbo4j_require_tools
cd "$MBO4J_HOME"
mbo4j_log "running the Java test suite"
mvn -B ${MBO4J_MAVEN_OPTS:-} install
touch "$STAMP"

# >>> lab: notebooks, Dockerfile lint, browser test (issue 3; scripts/test_lab.sh) >>>
mbo4j_log "running the lab checks (notebooks, Dockerfile, browser)"
bash "$MBO4J_HOME/scripts/test_lab.sh"
# <<< lab <<<
