#!/bin/sh
# backsync as a --custom peer of bench.py (the one-shot CLI: every run pays JVM start-up).
#
#   backsync-peer.sh sync           timed by the harness: one `backsync sync` of the bench account
#   backsync-peer.sh sync-headers   the same with every folder headers-only (SYNC_HEADERS)
#   backsync-peer.sh export         untimed: writes the store as Maildir into $BENCH_LOCAL for verification
#
# The harness sets BENCH_IMAP_HOST/PORT/USER/PASS, BENCH_LOCAL and BENCH_STATE (see README.md). The config and the
# store live in $BENCH_STATE, which the harness empties before each initial run. The password reaches backsync
# through password_env, never the file. BACKSYNC overrides the launcher (default: ../backsync);
# BACKSYNC_JAVA_OPTS is passed on by the launcher (for example a JFR recording, see profile.sh).
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
backsync="${BACKSYNC:-$here/../backsync}"
cfg="$BENCH_STATE/config.toml"
mode="${1:?usage: backsync-peer.sh sync|sync-headers|export}"

if [ ! -f "$cfg" ]; then
    headers=""
    [ "$mode" = sync-headers ] && headers='headers_only = ["*"]'
    cat > "$cfg" <<TOML
# written by bench/backsync-peer.sh for the benchmark's private Dovecot on loopback
data_dir = "$BENCH_STATE/data"

[accounts.bench]
email = "bench@localhost"
$headers

[accounts.bench.imap]
host = "$BENCH_IMAP_HOST"
port = $BENCH_IMAP_PORT
user = "$BENCH_IMAP_USER"
security = "none"
password_env = "BENCH_IMAP_PASS"
TOML
fi

case "$mode" in
    sync|sync-headers) exec "$backsync" --config "$cfg" sync ;;
    export)
        find "$BENCH_LOCAL" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        exec "$backsync" --config "$cfg" export --maildir "$BENCH_LOCAL" ;;
    *) echo "usage: backsync-peer.sh sync|sync-headers|export" >&2; exit 2 ;;
esac
