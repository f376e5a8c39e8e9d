package org.backsync.store.sqlite.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * Bulk-insert benchmark of {@link SqliteMessageStore} (not a test; run by hand, results in docs/benchmarks.md).
 *
 * <pre>
 * java -cp ... org.backsync.store.sqlite.bench.StoreBench disk=/work/bench-store tmpfs=/dev/shm/bench-store
 * </pre>
 *
 * For each target directory: plain sequential file writes of the same bytes (one force at the end, and one force per
 * 200 messages like the store), full-message inserts of 10,000 and 50,000 messages of the bench shape in transactions of
 * 200 (every {@code write} durable when it returns), and 50,000 header-only inserts in transactions of 500.
 */
public final class StoreBench {
    private static final int BATCH = Integer.getInteger("bench.batch", 200);
    private static final int HEADER_BATCH = 500;
    private static final AccountId ACCOUNT = AccountId.of("bench");

    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        List<Integer> counts = Stream.of(
                        System.getProperty("bench.counts", "10000,50000").split(","))
                .map(Integer::parseInt)
                .toList();
        int headers = Integer.getInteger("bench.headers", 50_000);
        System.out.printf(
                "| target | run | messages | MB | seconds | CPU s | MB/s | msg/s |%n|---|---|---|---|---|---|---|---|%n");
        for (String arg : args) {
            String label = arg.substring(0, arg.indexOf('='));
            Path dir = Path.of(arg.substring(arg.indexOf('=') + 1));
            for (int n : counts) {
                plain(label, dir, n, false);
                plain(label, dir, n, true);
                store(label, dir, n);
            }
            headerOnly(label, dir, headers);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static long cpuAtStart;

    private static long start() {
        cpuAtStart = OS.getProcessCpuTime();
        return System.nanoTime();
    }

    /** Prints one row; CPU seconds are the whole process's (all threads, GC included) during the run. */
    private static void report(String label, String run, int n, long bytes, long nanos) {
        double s = nanos / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpuAtStart) / 1e9;
        System.out.printf(
                "| %s | %s | %,d | %,.0f | %.2f | %.2f | %,.0f | %,.0f |%n",
                label, run, n, bytes / 1e6, s, cpu, bytes / 1e6 / s, n / s);
    }

    private static void plain(String label, Path dir, int n, boolean forceEachBatch) throws IOException {
        reset(dir);
        BenchData data = new BenchData(1);
        Path file = Files.createDirectories(dir).resolve("plain.dat");
        long bytes = 0;
        long start = start();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < n; i++) {
                ByteBuffer b = ByteBuffer.wrap(data.message(i, data.nextSize()));
                bytes += b.remaining();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                if (forceEachBatch && i % BATCH == BATCH - 1) {
                    ch.force(false);
                }
            }
            ch.force(false);
        }
        report(
                label,
                forceEachBatch ? "plain write, force per " + BATCH : "plain write, one force",
                n,
                bytes,
                System.nanoTime() - start);
        reset(dir);
    }

    private static void store(String label, Path dir, int n) throws Exception {
        reset(dir);
        BenchData data = new BenchData(1);
        long bytes = 0;
        long start = start();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir)) {
            long folder = store.write(tx ->
                            tx.addFolder(ACCOUNT, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE))
                    .id();
            for (int i = 0; i < n; i += BATCH) {
                List<NewMessage> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + BATCH); j++) {
                    byte[] m = data.message(j, data.nextSize());
                    bytes += m.length;
                    batch.add(downloaded(folder, j + 1, m, false));
                }
                store.write(tx -> {
                    for (NewMessage m : batch) {
                        tx.insertMessage(folder, m);
                    }
                    return null;
                });
            }
        }
        report(label, "store insert, " + BATCH + "/tx", n, bytes, System.nanoTime() - start);
        reset(dir);
    }

    private static void headerOnly(String label, Path dir, int n) throws Exception {
        reset(dir);
        BenchData data = new BenchData(2);
        long bytes = 0;
        long start = start();
        try (SqliteMessageStore store = SqliteMessageStore.open(dir)) {
            long folder = store.write(tx ->
                            tx.addFolder(ACCOUNT, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE))
                    .id();
            for (int i = 0; i < n; i += HEADER_BATCH) {
                List<NewMessage> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + HEADER_BATCH); j++) {
                    byte[] h = data.header(j);
                    bytes += h.length;
                    batch.add(downloaded(folder, j + 1, h, true));
                }
                store.write(tx -> {
                    for (NewMessage m : batch) {
                        tx.insertMessage(folder, m);
                    }
                    return null;
                });
            }
        }
        report(label, "header-only insert, " + HEADER_BATCH + "/tx", n, bytes, System.nanoTime() - start);
        reset(dir);
    }

    private static NewMessage downloaded(long folder, long uid, byte[] content, boolean headerOnly) {
        return new NewMessage(
                Optional.of(new RemoteRef(folder, Uid.of(uid))),
                Optional.of("<" + uid + "@example.org>"),
                Instant.EPOCH.plusSeconds(uid),
                headerOnly ? content.length * 40L : content.length,
                Flags.of(Flags.SEEN),
                Optional.of(Flags.of(Flags.SEEN)),
                Optional.empty(),
                headerOnly,
                RawMessage.of(content));
    }

    static void reset(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
