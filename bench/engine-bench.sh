#!/usr/bin/env bash
# The running-engine benchmark (org.backsync.bench.EngineBench): one JVM keeps the engine open and times initial,
# headers-only, no-change, after-changes and upload syncs against the bench Dovecot. Run through the harness, which
# sets BENCH_* and restores the server first:
#
#   python3 bench.py --run-dir /tmp/imapbench inproc --name backsync --command "$PWD/engine-bench.sh"
#   (bench/run.sh does this for you after the peers)
#
#   engine-bench.sh --build    only (re)build, untimed
# Environment: BENCH_JAVA_OPTS (JVM options, e.g. a JFR recording; an -Xmx replaces the default -Xmx128m),
# BENCH_SCENARIOS (see EngineBench).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/java-build.sh"
if [[ "${1:-}" == --build ]]; then bench_build; exit 0; fi
bench_classpath
# shellcheck disable=SC2086
# A running engine keeps ~40 MB live; without a cap G1 grows the heap toward a quarter of RAM (peak RSS 430 MB at
# 10k, 750 MB at 50k); with -Xmx128m 236 MB and 244 MB, no slower (docs/benchmarks.md, session 2).
case " ${BENCH_JAVA_OPTS:-} " in *" -Xmx"*) ;; *) BENCH_JAVA_OPTS="-Xmx128m ${BENCH_JAVA_OPTS:-}" ;; esac
exec "$JAVA" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" org.backsync.bench.EngineBench
