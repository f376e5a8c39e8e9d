#!/usr/bin/env bash
# The running-engine benchmark (org.backsync.bench.EngineBench): one JVM keeps the engine open and times initial,
# headers-only, no-change, after-changes and upload syncs against the bench Dovecot. Run through the harness, which
# sets BENCH_* and restores the server first:
#
#   python3 bench.py --run-dir /tmp/imapbench inproc --name backsync --command "$PWD/engine-bench.sh"
#   (bench/run.sh does this for you after the peers)
#
#   engine-bench.sh --build    only (re)build, untimed
# Environment: BENCH_JAVA_OPTS (JVM options, e.g. -Xmx512m or a JFR recording), BENCH_SCENARIOS (see EngineBench).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/java-build.sh"
if [[ "${1:-}" == --build ]]; then bench_build; exit 0; fi
bench_classpath
# shellcheck disable=SC2086
exec "$JAVA" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$BENCH_CP" org.backsync.bench.EngineBench
