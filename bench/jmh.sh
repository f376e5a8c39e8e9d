#!/usr/bin/env bash
# JMH benchmarks of the hot in-process paths (backsync-bench, org.backsync.bench.*Benchmark). Arguments go to JMH:
#
#   bench/jmh.sh                          every benchmark, results in bench/results/jmh.json
#   bench/jmh.sh StoreInsert -p size=10240
#
# On a shared 2-core machine the error bars are wide: read the ± column, compare runs made together.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/java-build.sh"
bench_build
bench_classpath
out="${JMH_OUT:-$ROOT/bench/results/jmh.json}"
mkdir -p "$(dirname "$out")"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" org.openjdk.jmh.Main -rf json -rff "$out" "$@"
