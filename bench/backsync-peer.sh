#!/usr/bin/env bash
# backsync as a --custom peer of bench.py (the one-shot CLI: every run pays JVM start-up).
#
#   backsync-peer.sh sync           timed by the harness: one `backsync sync` of the bench account
#   backsync-peer.sh sync-headers   the same with --headers-only (SYNC_HEADERS)
#   backsync-peer.sh export         untimed: writes the store as Maildir into $BENCH_LOCAL for verification
#
# The harness sets BENCH_IMAP_HOST/PORT/USER/PASS, BENCH_LOCAL and BENCH_STATE (see README.md). The config and the
# store live in $BENCH_STATE, which the harness empties before each initial run. The password reaches backsync
# through password_env, never the file.
# The timed command is the java command the launcher `./backsync` runs (org.backsync.cli.Main on the class path it
# built in .backsync-build/), without the launcher's own check that hashes every source file to decide whether to
# rebuild (about 0.5 s of CPU per call here): an installed CLI does not pay that. bench/run.sh builds first.
# BACKSYNC_JAVA_OPTS adds JVM options (for example a JFR recording, see profile.sh).
# The export uses the project's MaildirExport through org.backsync.bench.ExportStore, which also turns the stored
# CRLF (the bytes the server sent) into the LF a Maildir holds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cli() {
    [ -f "$root/.backsync-build/classpath.txt" ] || "$root/backsync" version >/dev/null   # builds once
    local java="${BENCH_JAVA:-}"      # run.sh resolves it once, untimed; finding a JDK starts a JVM
    if [ -z "$java" ]; then . "$here/java-build.sh"; java="$JAVA"; fi
    # shellcheck disable=SC2086
    exec "$java" --enable-native-access=ALL-UNNAMED ${BACKSYNC_JAVA_OPTS:-} \
        -cp "$(cat "$root/.backsync-build/classpath.txt")" org.backsync.cli.Main "$@"
}
cfg="$BENCH_STATE/config.toml"
mode="${1:?usage: backsync-peer.sh sync|sync-headers|export}"

if [ ! -f "$cfg" ]; then
    cat > "$cfg" <<TOML
# written by bench/backsync-peer.sh for the benchmark's private Dovecot on loopback
data_dir = "$BENCH_STATE/data"

[accounts.bench]
email = "bench@localhost"

[accounts.bench.imap]
host = "$BENCH_IMAP_HOST"
port = $BENCH_IMAP_PORT
user = "$BENCH_IMAP_USER"
security = "none"
password_env = "BENCH_IMAP_PASS"
TOML
fi

case "$mode" in
    sync) cli sync --config "$cfg" ;;
    sync-headers) cli sync --config "$cfg" --headers-only ;;
    export)
        find "$BENCH_LOCAL" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        . "$here/java-build.sh"
        bench_classpath
        exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" org.backsync.bench.ExportStore \
            "$BENCH_STATE/data" bench "$BENCH_LOCAL" ;;
    *) echo "usage: backsync-peer.sh sync|sync-headers|export" >&2; exit 2 ;;
esac
