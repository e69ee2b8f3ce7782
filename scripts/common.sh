# Shared shell functions for the launcher and scripts. Sourced, not executed.
# Installs what the toolkit needs (JDK 17+, Maven) when missing, builds when sources changed.

: "${MBO4J_HOME:?MBO4J_HOME must be set}"
TOOLKIT="$MBO4J_HOME/toolkit"
STAMP="$TOOLKIT/target/.mbo4j-build-stamp"

mbo4j_log() { printf 'mbo4j: %s\n' "$*" >&2; }

# Installs Debian packages (needs root or sudo); the package lists are updated once per shell.
mbo4j_apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  [ -n "${MBO4J_APT_UPDATED:-}" ] || { $sudo apt-get update -qq && MBO4J_APT_UPDATED=1; }
  $sudo apt-get install -y -qq "$@" >/dev/null
}

# Installs a JDK and Maven from Debian's packages when they are missing (needs root or sudo).
mbo4j_require_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  [ ${#missing[@]} -eq 0 ] && return 0
  mbo4j_log "installing ${missing[*]} (JDK and Maven are needed to build the toolkit)"
  mbo4j_apt_install "${missing[@]}"
}

# True when a source or build file is newer than the last build.
mbo4j_stale() {
  [ -f "$STAMP" ] || return 0
  [ -f "$TOOLKIT/target/classpath.txt" ] || return 0
  [ -n "$(find "$MBO4J_HOME/pom.xml" "$TOOLKIT/pom.xml" "$TOOLKIT/src/main" "$MBO4J_HOME/datasets" \
      -newer "$STAMP" -type f -print -quit 2>/dev/null)" ]
}

mbo4j_build() {
  mbo4j_require_tools
  if mbo4j_stale; then
    mbo4j_log "building the toolkit (first use or sources changed)..."
    # the toolkit only: the Spark module (bench --engine spark) is built by ./mbo4j test or on request
    (cd "$MBO4J_HOME" && mvn -q -B -Dstyle.color=never -DskipTests -pl toolkit package ${MBO4J_MAVEN_OPTS:-}) >&2
    touch "$STAMP"
  fi
  # rewritten on every launch (the classes are those of the current sources here): a commit made after the build
  # would otherwise leave the id of the build's moment, "-dirty" with the previous commit
  mbo4j_write_build_id
}

# Writes target/classes/mbo4j-build.txt: the git commit (with -dirty when the toolkit's sources differ from it) and
# a hash of the sources the classes were built from. Benchmark records carry it, so a results file shows which code
# produced each row (org.mbo4j.eval.BuildInfo).
mbo4j_write_build_id() {
  local dir="$TOOLKIT/target/classes" commit="unknown" src
  [ -d "$dir" ] || return 0
  if command -v git >/dev/null 2>&1 && git -C "$MBO4J_HOME" rev-parse --short=10 HEAD >/dev/null 2>&1; then
    commit="$(git -C "$MBO4J_HOME" rev-parse --short=10 HEAD)"
    [ -n "$(git -C "$MBO4J_HOME" status --porcelain -- toolkit/src/main toolkit/pom.xml pom.xml 2>/dev/null)" ] \
      && commit="$commit-dirty"
  fi
  src="$(cd "$TOOLKIT" && find src/main -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)"
  printf 'commit=%s src=%s\n' "$commit" "$src" > "$dir/mbo4j-build.txt"
}

# JVM options shared by the CLI, the kernel and tests: headless AWT, heap, BLAS/OpenMP threads.
# Memory: the Java heap (MBO4J_HEAP, default a quarter of RAM, at most 4 GiB) and ND4J's off-heap tensors
# (MBO4J_OFFHEAP, default a sixth of RAM, at most 4 GiB) are capped separately. Without the JavaCPP caps a JVM may
# hold twice its -Xmx in garbage tensors before it collects them (measured: 14 GB resident for RoMA on a 560-row
# CSV with -Xmx8g); with them JavaCPP runs the collector when the off-heap cap is reached.
mbo4j_mem_gib() { # fraction-divisor cap -> whole GiB, at least 1
  local kb
  kb="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 8388608)"
  local g=$(( kb / 1048576 / $1 ))
  [ "$g" -gt "$2" ] && g="$2"
  [ "$g" -lt 1 ] && g=1
  printf '%s' "$g"
}

mbo4j_jvm_opts() {
  local threads="${MBO4J_THREADS:-$(nproc 2>/dev/null || echo 2)}"
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
  local heap="${MBO4J_HEAP:-$(mbo4j_mem_gib 4 4)g}" off="${MBO4J_OFFHEAP:-$(mbo4j_mem_gib 6 4)g}"
  local hg="${heap%[gG]}" og="${off%[gG]}" phys=""
  # the resident-size cap (heap + off-heap + 2 GiB for the JVM and native code) when both are given in GiB
  if [[ "$hg" =~ ^[0-9]+$ && "$og" =~ ^[0-9]+$ ]]; then
    phys="-Dorg.bytedeco.javacpp.maxPhysicalBytes=$(( hg + og + 2 ))g"
  fi
  # jdk.incubator.vector: the SIMD loops of the neural core (Adam, activations) and of the GP dot products; without it they run as plain Java
  printf '%s' "--add-modules jdk.incubator.vector -Xmx$heap -Dorg.bytedeco.javacpp.maxBytes=$off $phys -Djava.awt.headless=true ${MBO4J_JVM_OPTS:-}"
}

# The user's jars from MBO4J_CLASSPATH (colon-separated; empty entries ignored) as absolute paths, colon-separated.
# Their META-INF/services entries register tasks (org.mbo4j.task.TaskProvider) and methods
# (org.mbo4j.method.MethodProvider) for the CLI and the lab's kernel. A missing entry is a one-line error.
mbo4j_user_classpath() {
  local entry out="" parts=()
  IFS=':' read -r -a parts <<< "${MBO4J_CLASSPATH:-}"
  for entry in "${parts[@]}"; do
    [ -n "$entry" ] || continue
    if [ ! -e "$entry" ]; then
      mbo4j_log "error: MBO4J_CLASSPATH names $entry, which does not exist;" \
        "fix the path or drop it from MBO4J_CLASSPATH"
      return 2
    fi
    out="$out:$(cd "$(dirname "$entry")" && pwd)/$(basename "$entry")"
  done
  printf '%s' "${out#:}"
}

# Fails (exit 2, one line) when MBO4J_CLASSPATH names a missing jar; call before mbo4j_classpath.
mbo4j_check_user_classpath() {
  mbo4j_user_classpath >/dev/null || exit 2
}

mbo4j_classpath() {
  local user
  user="$(mbo4j_user_classpath)" || return 2
  if [ "${MBO4J_SPARK:-0}" = 1 ]; then
    # bench --engine spark: the Spark module and its class path (the toolkit's, with Spark's log binding instead of
    # slf4j-nop); other commands never see Spark's jars
    printf '%s:%s:%s%s' "$TOOLKIT/target/classes" "$MBO4J_HOME/spark/target/classes" \
      "$(cat "$MBO4J_HOME/spark/target/classpath.txt")" "${user:+:$user}"
    return
  fi
  printf '%s:%s%s' "$TOOLKIT/target/classes" "$(cat "$TOOLKIT/target/classpath.txt")" "${user:+:$user}"
}

# What Spark needs opened on Java 17 (Spark's own launcher passes the same; spark/pom.xml's spark.opens).
MBO4J_SPARK_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

# Sets MBO4J_SPARK=1 for `bench ... --engine spark` when the Spark module is built (else the command itself says how
# to build it), with SPARK_HOME (the folder workers start executors from; its jars/ stays empty: executors get this
# class path) and Spark's Scala version.
mbo4j_spark_env() {
  [ "${1:-}" = bench ] || return 0
  local prev="" a spark=0
  for a in "$@"; do
    { [ "$prev" = --engine ] && [ "$a" = spark ]; } && spark=1
    [ "$a" = --engine=spark ] && spark=1
    prev="$a"
  done
  [ "$spark" = 1 ] && [ -f "$MBO4J_HOME/spark/target/classpath.txt" ] || return 0
  if [ -n "$(find "$MBO4J_HOME/spark/pom.xml" "$MBO4J_HOME/spark/src/main" "$STAMP" \
      -newer "$MBO4J_HOME/spark/target/classpath.txt" -type f -print -quit 2>/dev/null)" ]; then
    mbo4j_log "building the Spark module (its sources or the toolkit changed)..."
    (cd "$MBO4J_HOME" && mvn -q -B -Dstyle.color=never -DskipTests -pl spark -am package ${MBO4J_MAVEN_OPTS:-}) >&2
  fi
  export MBO4J_SPARK=1
  export SPARK_HOME="${SPARK_HOME:-$MBO4J_HOME/spark/target/spark-home}" SPARK_SCALA_VERSION=2.12
  mkdir -p "$SPARK_HOME/jars"
}

mbo4j_java() {
  local opts
  mbo4j_check_user_classpath
  mbo4j_perf_env
  opts="$(mbo4j_jvm_opts) $MBO4J_NATIVE_OPTS"
  [ "${MBO4J_SPARK:-0}" = 1 ] && opts="$opts $MBO4J_SPARK_OPENS"
  # shellcheck disable=SC2086
  exec java $opts -cp "$(mbo4j_classpath)" "$@"
}

# >>> BLAS kernel selection and thread settings (nn-perf) >>>
# The GEMM set-up is chosen by measurement, never by hand: org.mbo4j.perf.BlasKernels runs a GEMM correctness check
# (vs a double-precision reference) in a child JVM per candidate OpenBLAS kernel (OPENBLAS_CORETYPE) and keeps the
# fastest that passes, then checks and times the GEMM library behind the neural core (MBO4J_GEMM: openblas with
# that kernel, or onednn) on the core's own shapes and keeps the faster that passes. Done once per CPU model + flags
# + OpenBLAS/oneDNN versions, cached in ~/.cache/mbo4j. A MBO4J_GEMM set by the user wins over the cached choice.
mbo4j_blas_kernel() {
  [ -n "${MBO4J_BLAS_KERNEL_DONE:-}" ] && return 0
  [ -f "$TOOLKIT/target/classpath.txt" ] && [ -d "$TOOLKIT/target/classes/org/mbo4j/perf" ] || return 0
  local jar key cache gemm
  jar="$(tr ':' '\n' < "$TOOLKIT/target/classpath.txt" | grep -o '\(openblas\|dnnl\)-[0-9][^/]*\.jar' | sort -u | tr '\n' ' ')"
  # "checks=2": the check gained LAPACK's Cholesky (BlasCheck.checkCholesky); choices made before it are redone
  key="$( { grep -m1 'model name' /proc/cpuinfo; grep -m1 '^flags' /proc/cpuinfo; echo "$jar"; echo checks=2; } 2>/dev/null \
    | sha256sum | cut -c1-16)"
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/mbo4j/blas-kernel-$key"
  if [ ! -s "$cache" ]; then
    mbo4j_log "choosing the fastest correct BLAS kernel and GEMM library for this processor (once, ~1 min; cached in $cache)"
    OMP_NUM_THREADS="${OMP_NUM_THREADS:-${MBO4J_THREADS:-$(nproc 2>/dev/null || echo 2)}}" \
      java -Xmx1g ${MBO4J_NATIVE_OPTS:-} -cp "$(mbo4j_classpath)" org.mbo4j.perf.BlasKernels select "$cache" >/dev/null || true
  fi
  if [ -s "$cache" ]; then
    OPENBLAS_CORETYPE="$(head -1 "$cache")"
    export OPENBLAS_CORETYPE
    gemm="$(sed -n '2s/^gemm=//p' "$cache")"
    if [ -z "${MBO4J_GEMM:-}" ] && [ -n "$gemm" ]; then
      MBO4J_GEMM="$gemm"
      export MBO4J_GEMM
    fi
  fi
  export MBO4J_BLAS_KERNEL_DONE=1
}

# Thread settings for ND4J/OpenBLAS (and the PyTorch reference, which inherits them): one thread per core, and
# OpenMP threads that sleep instead of spinning when idle. Spinning threads of one pool steal the cores from the
# other pool (libnd4j's element-wise ops vs OpenBLAS) and from other processes: measured on a shared 2-core
# machine, an ascent step through the 2x2048 MLP went from ~160-270 ms to ~20-80 ms (PyTorch: ~170 -> ~37 ms).
mbo4j_threads_env() {
  OMP_NUM_THREADS="${OMP_NUM_THREADS:-${MBO4J_THREADS:-$(nproc 2>/dev/null || echo 2)}}"
  OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  export OMP_NUM_THREADS OMP_WAIT_POLICY
}

# libnd4j build: the AVX-512 variant (pom profile native-avx512) when the CPU has AVX-512 and the jar is on the
# class path (measured 4x faster element-wise ops and Adam), else the generic build. JavaCPP picks it by the
# platform extension property, so the JVM needs MBO4J_NATIVE_OPTS on its command line. The generic build must be
# named too (an empty extension): without the property JavaCPP tries the preset's extensions first and loads the
# AVX-512 build from the class path whatever the CPU, which dies with SIGILL on CPUs without AVX-512 (seen on an
# AVX2-only EPYC: every JVM that touched ND4J exited with 134).
mbo4j_native_variant() {
  MBO4J_NATIVE_OPTS="-Dorg.bytedeco.javacpp.platform.extension="
  if [ -f "$TOOLKIT/target/classpath.txt" ] && grep -q 'nd4j-native-[^/]*-linux-x86_64-avx512\.jar' "$TOOLKIT/target/classpath.txt" \
     && grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | grep -qw avx512f \
     && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512bw && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512dq \
     && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512vl && grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512cd; then
    MBO4J_NATIVE_OPTS="-Dorg.bytedeco.javacpp.platform.extension=-avx512"
  fi
  export MBO4J_NATIVE_OPTS
}

# Everything the JVM needs exported before it starts (kernel choice is read when OpenBLAS loads).
mbo4j_perf_env() {
  mbo4j_threads_env
  mbo4j_native_variant
  mbo4j_blas_kernel
}
# <<< BLAS kernel selection and thread settings (nn-perf) <<<
