package org.backsync.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.backsync.spi.Intent;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Kills a child JVM ({@link CrashWriter}) with SIGKILL at random points while it writes batches, then reopens the
 * store and checks that it is intact, that every batch the child reported as committed is there in full, and that no
 * batch is there in part. The same store is reused across trials, so later trials also kill recovery and compaction.
 */
class SqliteStoreCrashIT {
    private static final int TRIALS = 50;
    // A bound, not a target: a quiet machine needs about a third of it; a machine shared with builds needs it all.
    private static final Duration BUDGET = Duration.ofSeconds(240);
    private static final String NATIVE_LIB = System.mapLibraryName("sqlitejdbc");

    @TempDir
    Path diskDir;

    /** The store directory: on tmpfs when there is one (a SIGKILL keeps the page cache, and tmpfs skips fsync). */
    private Path dir;

    @TempDir
    Path cds;

    @BeforeEach
    void chooseDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "backsync-crash-")
                : diskDir;
    }

    /**
     * Extracts sqlite-jdbc's native library once, so that children load it from a file instead of each unpacking and
     * comparing a 1 MB library from the jar (most of a child's start-up CPU on a loaded machine).
     */
    @BeforeEach
    void extractNativeLibrary() throws IOException {
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + NATIVE_LIB;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(in).as("native library %s in sqlite-jdbc", resource).isNotNull();
            Files.copy(in, cds.resolve(NATIVE_LIB), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterEach
    void deleteTmpfsDirectory() throws IOException {
        if (!dir.equals(diskDir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A started child waiting for its first batch number, with what it has reported so far. */
    private record Child(Process process, CountDownLatch ready, AtomicInteger last, Thread reader) {}

    @Test
    void killedWriterNeverLosesACommittedBatchNorLeavesHalfABatch() throws Exception {
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int next = 1;
        int trials = 0;
        int maxReported = 0;
        Child child = start();
        try {
            for (; trials < TRIALS && System.nanoTime() < deadline; trials++) {
                int reported = runAndKill(child, next, random);
                child = start();
                maxReported = Math.max(maxReported, reported);
                assertThat(integrityCheck()).isEqualTo("ok");
                boolean everyBody = trials % 10 == 9 || trials == TRIALS - 1;
                int committed = verifyBatches(maxReported, everyBody ? 1 : next);
                next = committed + 1;
            }
        } finally {
            child.process().destroyForcibly();
        }

        assertThat(trials).as("trials within %s", BUDGET).isEqualTo(TRIALS);
        assertThat(maxReported).as("batches committed over all trials").isGreaterThan(TRIALS);
    }

    /** Starts a child that loads the JVM and SQLite, then waits on stdin for its first batch number. */
    private Child start() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx128m",
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + cds.resolve("crash-writer.jsa"),
                        "-XX:-UsePerfData",
                        "-Dslf4j.provider=org.slf4j.helpers.NOP_SLF4JServiceProvider",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dorg.sqlite.lib.path=" + cds,
                        "-Dorg.sqlite.lib.name=" + NATIVE_LIB,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashWriter.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        AtomicInteger last = new AtomicInteger();
        Thread reader = Thread.ofVirtual().start(() -> readReports(process, ready, last));
        return new Child(process, ready, last, reader);
    }

    /** Lets the child write from {@code firstBatch}, kills it at a random moment, returns its last reported batch. */
    private static int runAndKill(Child child, int firstBatch, Random random) throws Exception {
        try {
            child.process()
                    .outputWriter(StandardCharsets.US_ASCII)
                    .append(firstBatch + "\n")
                    .flush();
            if (random.nextInt(5) > 0) {
                assertThat(child.ready().await(20, TimeUnit.SECONDS))
                        .as("child opened the store")
                        .isTrue();
                Thread.sleep(random.nextInt(200));
            } else {
                Thread.sleep(random.nextInt(150));
            }
        } finally {
            child.process().destroyForcibly();
        }
        assertThat(child.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        child.reader().join(Duration.ofSeconds(10));
        return child.last().get();
    }

    private static void readReports(Process child, CountDownLatch ready, AtomicInteger last) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("ready")) {
                    ready.countDown();
                } else {
                    last.set(Integer.parseInt(line));
                }
            }
        } catch (java.io.IOException e) {
            // the child was killed mid-line: what was read is what it reported
        }
    }

    /** {@code PRAGMA integrity_check} on a plain connection; a store the child never got to create counts as ok. */
    private String integrityCheck() throws Exception {
        if (!java.nio.file.Files.exists(dir.resolve("store.db"))) {
            return "ok";
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Checks every batch in the store, comparing the bodies of batches from {@code contentFrom} on byte for byte (the
     * older ones were compared in an earlier trial; every tenth trial compares all, since compaction moves bodies).
     * Returns the highest committed batch.
     */
    private int verifyBatches(int maxReported, int contentFrom) throws Exception {
        try (SqliteMessageStore store = SqliteMessageStore.open(dir, CrashWriter.PACK_LIMIT)) {
            List<Integer> intents = new ArrayList<>();
            for (Intent i : store.openIntents(CrashWriter.ACCOUNT)) {
                intents.add(Integer.parseInt(i.spec().messageId().orElseThrow().replaceAll("\\D", "")));
            }
            int committed = intents.size();
            assertThat(intents).as("one intent per committed batch, in order").isEqualTo(range(committed));
            assertThat(committed).as("every reported batch is committed").isGreaterThanOrEqualTo(maxReported);
            Map<Integer, List<LocalMessage>> byBatch = new HashMap<>();
            for (LocalFolder f : store.folders(CrashWriter.ACCOUNT)) {
                for (LocalMessage m : store.messages(f.id())) {
                    byBatch.computeIfAbsent(batchOf(m), k -> new ArrayList<>()).add(m);
                }
            }
            for (int b = 1; b <= committed; b++) {
                boolean removed = b + 1 <= committed && (b + 1) % 5 == 0;
                List<LocalMessage> messages = byBatch.getOrDefault(b, List.of());
                assertThat(messages).as("batch %d", b).hasSize(removed ? 0 : CrashWriter.PER_BATCH);
                for (LocalMessage m : b >= contentFrom ? messages : List.<LocalMessage>of()) {
                    int index = Integer.parseInt(m.messageId().orElseThrow().replaceAll("^<\\d+\\.(\\d+)@.*$", "$1"));
                    assertThat(store.content(m.localId()).orElseThrow().bytes())
                            .as("content of %s", m.messageId().orElseThrow())
                            .isEqualTo(CrashWriter.content(b, index));
                }
            }
            assertThat(byBatch.keySet()).allMatch(b -> b <= committed);
            return committed;
        }
    }

    private static int batchOf(LocalMessage m) {
        return Integer.parseInt(m.messageId().orElseThrow().replaceAll("^<(\\d+)\\..*$", "$1"));
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            r.add(i);
        }
        return r;
    }
}
