package org.backsync.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.backsync.AccountId;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.SyncException;

/**
 * The running-engine benchmark: one JVM opens the engine against the bench Dovecot and times, in order, initial full
 * syncs, headers-only initial syncs, no-change resyncs, resyncs after server-side changes and uploads of local changes;
 * a daemon pays JVM start-up once, so these are the figures a running engine sees. Run by {@code bench.py inproc}
 * (through {@code bench/engine-bench.sh}), never by the test suite.
 *
 * <p>Environment (set by the harness): {@code BENCH_IMAP_HOST/PORT/USER/PASS}, {@code BENCH_STATE} (stores go under
 * it), {@code BENCH_LOCAL} (the final mirror is exported there as Maildir for the harness to verify), {@code
 * BENCH_RUNS}, {@code BENCH_K}, {@code BENCH_CHANGES_CMD} (applies one round of K expunges, K flag changes and K new
 * messages on the server; the round number is appended), {@code BENCH_DOVECOT_PID_FILE}. Optional: {@code
 * BENCH_SCENARIOS} (comma list of initial, headers, noop, changes, upload, idle; default all), {@code
 * BENCH_FLAG_UPLOADS} (1000), {@code BENCH_APPENDS} (200), {@code BENCH_IDLE_RUNS} (10).
 *
 * <p>Initial syncs talk to Dovecot directly; every later sync goes through a {@link WireCounter}, which counts the
 * round trips and bytes without touching the engine. Prints one JSON object on its last stdout line.
 */
public final class EngineBench {
    private final Env env;
    private final List<Row> rows = new ArrayList<>();
    private final AccountId account = new AccountId("bench");

    private EngineBench(Env env) {
        this.env = env;
    }

    public static void main(String[] args) throws Exception {
        Env env = Env.fromSystem();
        EngineBench bench = new EngineBench(env);
        String json = bench.run();
        System.out.println(json);
        System.out.flush();
        System.exit(0); // engine threads must not keep the harness waiting
    }

    private String run() throws Exception {
        InetSocketAddress server = new InetSocketAddress(env.host(), env.port());
        try (WireCounter wire = new WireCounter(server)) {
            BenchEngine.Target direct = new BenchEngine.Target(env.host(), env.port(), env.user(), env.password());
            BenchEngine.Target counted = new BenchEngine.Target("127.0.0.1", wire.port(), env.user(), env.password());
            if (env.wants("headers")) {
                headersOnly(direct);
            }
            BenchEngine engine = initial(direct);
            try (engine) {
                engine.retarget(counted);
                if (env.wants("noop")) {
                    noChange(engine, wire);
                }
                if (env.wants("changes")) {
                    afterChanges(engine, wire);
                }
                if (env.wants("upload")) {
                    uploadFlags(engine, wire);
                    uploadAppends(engine, wire);
                    Row settle = new Row("resync after the uploads (not timed against a peer)", null);
                    timedSync(engine, settle, wire, SyncRequest.all(account));
                    rows.add(settle);
                }
                if (env.wants("idle")) {
                    // the IDLE runs APPEND to the server's INBOX: the running engine takes those in before the export,
                    // so that the harness's check of the final mirror compares like with like
                    pushLatency(direct);
                    Row catchUp = new Row("resync after the IDLE runs (not timed against a peer)", null);
                    timedSync(engine, catchUp, wire, SyncRequest.all(account));
                    rows.add(catchUp);
                }
                if (env.local().isPresent()) {
                    engine.exportMaildir(env.local().get());
                }
            }
        }
        return json();
    }

    /** Full initial syncs into fresh stores; the last store stays open as the running engine. */
    private BenchEngine initial(BenchEngine.Target direct) throws Exception {
        Row row = new Row("initial full sync (in-process; run 1 includes JIT warm-up)", "initial");
        BenchEngine last = null;
        int runs = env.wants("initial") ? env.runs() : 1;
        for (int r = 1; r <= runs; r++) {
            if (last != null) {
                last.close();
                last.deleteStore();
            }
            last = BenchEngine.openEmpty(env.state().resolve("store-initial-" + r), account, direct);
            timedSync(last, row, null, SyncRequest.all(account));
            row.messages = last.messageCount();
            row.bytes = last.contentBytes();
        }
        rows.add(row);
        return last;
    }

    private void headersOnly(BenchEngine.Target direct) throws Exception {
        Row row = new Row("initial headers-only sync (in-process)", null);
        for (int r = 1; r <= env.runs(); r++) {
            Path dir = env.state().resolve("store-headers-" + r);
            try (BenchEngine engine = BenchEngine.openEmpty(dir, account, direct)) {
                SyncRequest req = SyncRequest.of(
                        account,
                        EnumSet.of(SyncKind.DOWNLOAD_HIERARCHY, SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY));
                timedSync(engine, row, null, req);
                row.messages = engine.messageCount();
                row.bytes = engine.contentBytes();
                engine.deleteStore();
            }
        }
        rows.add(row);
    }

    private void noChange(BenchEngine engine, WireCounter wire) throws Exception {
        Row row = new Row("no-change resync (running engine)", "noop");
        timedSync(engine, new Row("warm-up", null), wire, SyncRequest.all(account));
        for (int r = 1; r <= env.runs(); r++) {
            timedSync(engine, row, wire, SyncRequest.all(account));
        }
        row.note = "folders: " + engine.folderCount();
        rows.add(row);
    }

    /** New-mail latency with IDLE on the whole running engine ({@link PushLatency}); BENCH_IDLE_RUNS runs (10). */
    private void pushLatency(BenchEngine.Target direct) throws Exception {
        Row row = new Row(
                "new-mail latency with IDLE: APPEND by a second client until in the store (running engine)", null);
        List<Double> seconds =
                PushLatency.measure(env.state().resolve("store-push"), direct, env.intOr("BENCH_IDLE_RUNS", 10));
        long missed = seconds.stream().filter(s -> s < 0).count();
        seconds.stream().filter(s -> s >= 0).forEach(s -> row.add(s, 0, null, null));
        row.note = "runs: " + seconds.size() + ", not seen within " + PushLatency.RUN_LIMIT.toSeconds() + " s: "
                + missed + "; seconds " + seconds;
        rows.add(row);
    }

    private void afterChanges(BenchEngine engine, WireCounter wire) throws Exception {
        Row row = new Row("resync after " + (3 * env.k()) + " server changes (running engine)", "changes");
        for (int r = 1; r <= env.runs(); r++) {
            String out = env.applyServerChanges(r);
            timedSync(engine, row, wire, SyncRequest.all(account));
            row.note = "changes per run: " + out.trim();
        }
        rows.add(row);
    }

    private void uploadFlags(BenchEngine engine, WireCounter wire) throws Exception {
        int n = env.intOr("BENCH_FLAG_UPLOADS", 1000);
        Row row = new Row("upload of " + n + " local flag changes (running engine)", null);
        for (int r = 1; r <= env.runs(); r++) {
            int changed = engine.toggleFlagged(n);
            timedSync(engine, row, wire, SyncRequest.of(account, EnumSet.of(SyncKind.UPLOAD_CONTENTS)));
            row.messages = changed;
        }
        rows.add(row);
    }

    private void uploadAppends(BenchEngine engine, WireCounter wire) throws Exception {
        int n = env.intOr("BENCH_APPENDS", 200);
        Row row = new Row("upload of " + n + " local new messages, APPEND (running engine)", null);
        for (int r = 1; r <= env.runs(); r++) {
            long bytes = engine.addLocalMessages(n, r);
            timedSync(engine, row, wire, SyncRequest.of(account, EnumSet.of(SyncKind.UPLOAD_CONTENTS)));
            row.messages = n;
            row.bytes = bytes;
        }
        rows.add(row);
    }

    /** Runs one sync to its {@code done} and adds the wall time, wire counts and server CPU to {@code row}. */
    private void timedSync(BenchEngine engine, Row row, WireCounter wire, SyncRequest request)
            throws SyncException, IOException {
        Gauges.resetHeapPeak();
        WireCounter.Snapshot before = wire == null ? null : wire.snapshot();
        Optional<Double> cpu0 = Gauges.serverCpuSeconds(env.dovecotPidFile());
        double jvmCpu0 = Gauges.processCpuSeconds();
        long t0 = System.nanoTime();
        SyncResult result = engine.sync(request);
        double secs = (System.nanoTime() - t0) / 1e9;
        double jvmCpu = Gauges.processCpuSeconds() - jvmCpu0;
        Optional<Double> cpu1 = Gauges.serverCpuSeconds(env.dovecotPidFile());
        WireCounter.Snapshot delta = wire == null ? null : wire.snapshot().minus(before);
        Double cpu = cpu0.isPresent() && cpu1.isPresent() ? cpu1.get() - cpu0.get() : null;
        row.add(secs, jvmCpu, delta, cpu);
        row.heapPeakBytes = Math.max(row.heapPeakBytes, Gauges.heapPeakBytes());
        log(() -> String.format(
                Locale.ROOT,
                "%s: %.3f s (JVM CPU %.3f s) status=%s down=%d up=%d errors=%d%s",
                row.scenario,
                secs,
                jvmCpu,
                result.status(),
                result.counts().downloaded(),
                result.counts().uploaded(),
                result.errors().size(),
                delta == null ? "" : " round trips=" + delta.roundTrips() + " " + delta.verbs()));
        if (result.status() != Status.OK) {
            row.note = (row.note.isEmpty() ? "" : row.note + "; ") + "status " + result.status() + ": "
                    + result.errors().stream().limit(3).map(e -> e.message()).toList();
        }
    }

    private String json() {
        StringBuilder b = new StringBuilder("{\"rows\": [");
        for (int i = 0; i < rows.size(); i++) {
            b.append(i > 0 ? ", " : "").append(rows.get(i).toJson());
        }
        b.append(String.format(
                Locale.ROOT,
                "], \"peakRssKb\": %d, \"maxHeapMb\": %.0f, \"javaVersion\": %s}",
                Gauges.peakRssKb(),
                Gauges.maxHeapBytes() / 1048576.0,
                Row.quote(System.getProperty("java.version"))));
        return b.toString();
    }

    static void log(Supplier<String> line) {
        System.err.println("[engine-bench] " + line.get());
    }

    /** The harness's environment variables, read once. */
    record Env(
            String host,
            int port,
            String user,
            String password,
            Path state,
            Optional<Path> local,
            int runs,
            int k,
            Optional<String> changesCommand,
            Optional<Path> dovecotPidFile,
            Set<String> scenarios) {
        static Env fromSystem() throws IOException {
            Path state = Path.of(req("BENCH_STATE"));
            Files.createDirectories(state);
            String scenarios =
                    System.getenv().getOrDefault("BENCH_SCENARIOS", "initial,headers,noop,changes,upload,idle");
            return new Env(
                    req("BENCH_IMAP_HOST"),
                    Integer.parseInt(req("BENCH_IMAP_PORT")),
                    req("BENCH_IMAP_USER"),
                    req("BENCH_IMAP_PASS"),
                    state,
                    Optional.ofNullable(System.getenv("BENCH_LOCAL")).map(Path::of),
                    Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "3")),
                    Integer.parseInt(System.getenv().getOrDefault("BENCH_K", "100")),
                    Optional.ofNullable(System.getenv("BENCH_CHANGES_CMD")),
                    Optional.ofNullable(System.getenv("BENCH_DOVECOT_PID_FILE")).map(Path::of),
                    Set.of(scenarios.split(",")));
        }

        boolean wants(String scenario) {
            return scenarios.contains(scenario);
        }

        int intOr(String name, int fallback) {
            String v = System.getenv(name);
            return v == null ? fallback : Integer.parseInt(v);
        }

        /** Runs the harness's change step for {@code round}; returns what it printed. */
        String applyServerChanges(int round) throws IOException {
            String cmd = changesCommand.orElseThrow(
                    () -> new IllegalStateException("BENCH_CHANGES_CMD is not set: run through bench.py inproc"));
            Process p = new ProcessBuilder("sh", "-c", cmd + " " + round)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                if (p.waitFor() != 0) {
                    throw new IOException("server change step failed: exit " + p.exitValue());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while applying server changes", e);
            }
            return out;
        }

        private static String req(String name) {
            String v = System.getenv(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException(name + " is not set: run through bench/engine-bench.sh");
            }
            return v;
        }
    }
}
