#!/usr/bin/env bash
# The full comparison: raw probes (whole messages and headers only), mbsync, offlineimap and backsync, all against
# the same private Dovecot in one run, every mirror verified against the server; then the running engine in one JVM.
#
#   bench/run.sh [N] [F] [DATASET]        defaults: 10000 20 synth (see run-peers.sh for the data sets)
#   bench/run.sh 20000 500 manyfolders    the many-folders shape
#   bench/run.sh 0 0 spamassassin         the public SpamAssassin corpus (npm package)
#
# backsync runs twice as a --custom peer, as a one-shot CLI (`./backsync sync`, JVM start-up included):
#   backsync          full mirror, verified through `./backsync export --maildir`
#   backsync-headers  headers-only (SYNC_HEADERS), verified on the header sections
# and once in-process (engine-bench.sh: initial, headers-only, no-change, after changes, uploads).
#
# Environment: everything run-peers.sh reads (RUNS, K, PEERS, RUN_DIR, PORT, ...), plus
#   BACKSYNC_PEERS  which backsync peers to run (default "backsync backsync-headers"; "" for none)
#   INPROC          1 (default) runs the in-process benchmark after the peers; 0 skips it
#   BACKSYNC_JAVA_OPTS / BENCH_JAVA_OPTS   JVM options of the CLI / of the in-process JVM
# Needs root (the harness creates a system user for the mail store) and apt for the peers.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-10000}"; F="${2:-20}"; DATASET="${3:-synth}"
BACKSYNC_PEERS="${BACKSYNC_PEERS-backsync backsync-headers}"

# build first, untimed: the launcher builds on first use, and that must not land in a timed run
"$HERE/../backsync" --version >/dev/null
"$HERE/engine-bench.sh" --build           # also used by the export step of the backsync peers
. "$HERE/java-build.sh"
export BENCH_JAVA="$JAVA"                 # found once here, so that no timed run pays for the search

extra=()
for p in $BACKSYNC_PEERS; do
    case "$p" in
        backsync) extra+=(--custom "backsync=$HERE/backsync-peer.sh sync"
                          --custom-export "backsync=$HERE/backsync-peer.sh export") ;;
        backsync-headers) extra+=(--custom "backsync-headers=$HERE/backsync-peer.sh sync-headers"
                                  --custom-export "backsync-headers=$HERE/backsync-peer.sh export"
                                  --custom-headers-only backsync-headers) ;;
        *) echo "unknown backsync peer: $p" >&2; exit 2 ;;
    esac
done
export PROBE_HEADERS=1
if [[ -n "$BACKSYNC_PEERS" ]]; then
    export WARMUP_CMD="$HERE/backsync-peer.sh warmup"   # the launcher's AOT cache, made before the timed runs
fi
if [[ "${INPROC:-1}" == 1 ]]; then
    export INPROC_NAME=backsync INPROC_CMD="$HERE/engine-bench.sh"
fi
exec "$HERE/run-peers.sh" "$N" "$F" "$DATASET" -- "${extra[@]}"
