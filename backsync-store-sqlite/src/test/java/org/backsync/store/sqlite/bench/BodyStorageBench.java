package org.backsync.store.sqlite.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The body-storage candidates of ADR 0001, measured without the rest of the store (run by hand):
 *
 * <pre>
 * java -cp ... org.backsync.store.sqlite.bench.BodyStorageBench disk=/work/bench-bodies tmpfs=/dev/shm/bench-bodies
 * </pre>
 *
 * Each writes the same 10,000 bench-shape messages, 200 per transaction, crash-safe: (a) SQLite blobs in WAL mode with
 * {@code synchronous=FULL}; (b) one file per message, each forced, the directory forced, then the batch's index rows
 * committed; (c) an append-only pack file forced once per batch, then the batch's index rows committed.
 */
public final class BodyStorageBench {
    private static final int N = Integer.getInteger("bench.count", 10_000);
    private static final int BATCH = 200;

    private BodyStorageBench() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("| target | candidate | MB | seconds | MB/s |%n|---|---|---|---|---|%n");
        for (String arg : args) {
            String label = arg.substring(0, arg.indexOf('='));
            Path dir = Path.of(arg.substring(arg.indexOf('=') + 1));
            run(label, "SQLite blobs (WAL, synchronous=FULL)", dir, BodyStorageBench::blobs);
            run(label, "file per message (each forced)", dir, BodyStorageBench::filePerMessage);
            run(label, "pack file, forced per batch, then index commit", dir, BodyStorageBench::pack);
        }
    }

    @FunctionalInterface
    private interface Candidate {
        long write(Path dir, BenchData data) throws Exception;
    }

    private static void run(String label, String name, Path dir, Candidate candidate) throws Exception {
        StoreBench.reset(dir);
        Files.createDirectories(dir);
        long start = System.nanoTime();
        long bytes = candidate.write(dir, new BenchData(1));
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("| %s | %s | %,.0f | %.2f | %,.0f |%n", label, name, bytes / 1e6, s, bytes / 1e6 / s);
        StoreBench.reset(dir);
    }

    private static Connection index(Path dir, String ddl) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = FULL");
            st.execute(ddl);
        }
        c.setAutoCommit(false);
        return c;
    }

    private static long blobs(Path dir, BenchData data) throws Exception {
        long bytes = 0;
        try (Connection c = index(dir, "CREATE TABLE body (id INTEGER PRIMARY KEY, content BLOB NOT NULL)");
                PreparedStatement ps = c.prepareStatement("INSERT INTO body (id, content) VALUES (?, ?)")) {
            for (int i = 0; i < N; i++) {
                byte[] m = data.message(i, data.nextSize());
                bytes += m.length;
                ps.setLong(1, i);
                ps.setBytes(2, m);
                ps.executeUpdate();
                if (i % BATCH == BATCH - 1) {
                    c.commit();
                }
            }
            c.commit();
        }
        return bytes;
    }

    private static long filePerMessage(Path dir, BenchData data) throws Exception {
        long bytes = 0;
        Path files = Files.createDirectories(dir.resolve("files"));
        try (Connection c = index(dir, "CREATE TABLE body (id INTEGER PRIMARY KEY, file TEXT NOT NULL)");
                PreparedStatement ps = c.prepareStatement("INSERT INTO body (id, file) VALUES (?, ?)")) {
            for (int i = 0; i < N; i++) {
                byte[] m = data.message(i, data.nextSize());
                bytes += m.length;
                try (FileChannel ch = FileChannel.open(
                        files.resolve(i + ".eml"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    writeFully(ch, m);
                    ch.force(false);
                }
                ps.setLong(1, i);
                ps.setString(2, i + ".eml");
                ps.executeUpdate();
                if (i % BATCH == BATCH - 1) {
                    forceDirectory(files);
                    c.commit();
                }
            }
            forceDirectory(files);
            c.commit();
        }
        return bytes;
    }

    private static long pack(Path dir, BenchData data) throws Exception {
        long bytes = 0;
        try (Connection c = index(
                        dir,
                        "CREATE TABLE body (id INTEGER PRIMARY KEY, pack_offset INTEGER NOT NULL, length INTEGER NOT NULL)");
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO body (id, pack_offset, length) VALUES (?, ?, ?)");
                FileChannel pack = FileChannel.open(
                        dir.resolve("pack.dat"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < N; i++) {
                byte[] m = data.message(i, data.nextSize());
                ps.setLong(1, i);
                ps.setLong(2, bytes);
                ps.setLong(3, m.length);
                writeFully(pack, m);
                bytes += m.length;
                ps.executeUpdate();
                if (i % BATCH == BATCH - 1) {
                    pack.force(false);
                    c.commit();
                }
            }
            pack.force(false);
            c.commit();
        }
        return bytes;
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
