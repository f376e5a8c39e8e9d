#!/usr/bin/env bash
# Profiles one initial full sync of the one-shot CLI with Java Flight Recorder, against a store the harness has
# loaded and left running (for example after `python3 bench.py --run-dir /tmp/imapbench load -n 10000 -f 20`):
#
#   bench/profile.sh [RUN_DIR]            default /tmp/imapbench
#
# Writes RUN_DIR/profile/initial.jfr and RUN_DIR/profile/summary.txt: wall time, `jfr summary`, hot methods (CPU
# samples by top frame), CPU time by thread, allocation by class and site, GC pauses, pinned virtual threads and
# socket reads. The recording uses the 'profile' settings (10-20 ms samples); expect a few per cent of overhead, so
# take wall times from the unprofiled runs. The CLI runs through ./backsync: from its AOT cache when one has been made,
# and a profiled run never records one (the JVM turns JFR off while recording for the cache).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${1:-/tmp/imapbench}"
PORT="${PORT:-10143}"
. "$HERE/java-build.sh"
python3 "$HERE/bench.py" --run-dir "$RUN_DIR" --port "$PORT" start
out="$RUN_DIR/profile"
rm -rf "$out" && mkdir -p "$out/state" "$out/local"
export BENCH_IMAP_HOST=127.0.0.1 BENCH_IMAP_PORT="$PORT" BENCH_IMAP_USER=bench BENCH_IMAP_PASS=benchpass
export BENCH_STATE="$out/state" BENCH_LOCAL="$out/local"
"$ROOT/backsync" --version >/dev/null      # build outside the recording
export BACKSYNC_JAVA_OPTS="${BACKSYNC_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$out/initial.jfr,settings=profile,dumponexit=true"
t0=$(date +%s.%N)
"$HERE/backsync-peer.sh" sync
t1=$(date +%s.%N)
jfr="$JAVA_HOME/bin/jfr"
{
    echo "initial full sync under JFR: $(echo "$t1 - $t0" | bc) s wall (JVM start-up included)"
    echo; "$jfr" summary "$out/initial.jfr"
    for view in hot-methods cpu-time-hot-methods thread-cpu-load allocation-by-class allocation-by-site gc-pauses \
                pinned-threads socket-reads-by-host file-writes-by-path; do
        echo; echo "== jfr view $view"; "$jfr" view --width 200 "$view" "$out/initial.jfr" 2>&1 || true
    done
} >"$out/summary.txt"
echo "profile: $out/summary.txt" >&2
