#!/usr/bin/env bash
# backsync as a --custom peer of bench.py (the one-shot CLI: every run pays JVM start-up).
#
#   backsync-peer.sh sync           timed by the harness: one `backsync sync` of the bench account
#   backsync-peer.sh sync-headers   the same with --headers-only (SYNC_HEADERS)
#   backsync-peer.sh export         untimed: writes the store as Maildir into $BENCH_LOCAL for verification
#   backsync-peer.sh warmup         untimed, once before the timed runs (bench.py warmup): one sync of a small part of
#                                   the account, so that the launcher records its AOT cache then; waits until the cache
#                                   is made
#
# The harness sets BENCH_IMAP_HOST/PORT/USER/PASS, BENCH_LOCAL and BENCH_STATE (see README.md). The config and the
# store live in $BENCH_STATE, which the harness empties before each initial run. The password reaches backsync
# through password_env, never the file.
# The timed command is `./backsync sync`, the launcher users run: its check that the build is current is one `find`
# (a few milliseconds), and one-shot commands start with C1, the Serial GC and the AOT cache the first sync of a
# build records (see the launcher's header). bench/run.sh makes that first sync the untimed warm-up below and waits
# until the cache is made, so that every timed run starts from the cache and none shares the machine with its making
# (without the warm-up, the first initial run records it; the export below then waits for the cache).
# BACKSYNC_JAVA_OPTS adds JVM options (for example a JFR recording, see profile.sh).
# The export uses the project's MaildirExport through org.backsync.bench.ExportStore (LF line ends, as in a Maildir).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cli() {
    exec "$root/backsync" "$@"
}
cfg="$BENCH_STATE/config.toml"
mode="${1:?usage: backsync-peer.sh sync|sync-headers|export|warmup}"

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

wait_for_aot() {
    for _ in $(seq 240); do [ -e "$root/.backsync-build/backsync.aot.lock" ] || return 0; sleep 0.5; done
}

case "$mode" in
    sync) cli sync --config "$cfg" ;;
    warmup)
        # the folders of each data set that hold a few hundred messages: Sent (synth, manyfolders), spam-2 (corpus)
        cat >> "$cfg" <<TOML

[accounts.bench.folders]
include = ["Sent", "Corpus/spam-2"]
TOML
        "$root/backsync" sync --config "$cfg"
        wait_for_aot
        if [ -f "$root/.backsync-build/backsync.aot" ]; then
            echo "AOT cache: $(du -h "$root/.backsync-build/backsync.aot" | cut -f1)"
        else
            echo "no AOT cache was made (see .backsync-build/aot.log): one-shot runs start without it" >&2
        fi ;;
    sync-headers) cli sync --config "$cfg" --headers-only ;;
    export)
        wait_for_aot
        find "$BENCH_LOCAL" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
        . "$here/java-build.sh"
        bench_classpath
        exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" org.backsync.bench.ExportStore \
            "$BENCH_STATE/data" bench "$BENCH_LOCAL" ;;
    *) echo "usage: backsync-peer.sh sync|sync-headers|export|warmup" >&2; exit 2 ;;
esac
