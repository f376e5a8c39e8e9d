package org.backsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.ModSeq;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's side of a download: one write transaction inserting a batch of downloaded messages, as the download
 * phase does for each fetched batch. Reported per message ({@code ops/s} = messages per second). The store grows over
 * the run, as it does during an initial sync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StoreInsertBenchmark {
    private static final int BATCH = 500;

    /** Message size in bytes: 10 KB is the median of the synthetic data set; 100 KB stands for attachments. */
    @Param({"10240", "102400"})
    public int size;

    private Path dir;
    private SqliteMessageStore store;
    private long folderId;
    private byte[][] bodies;
    private long nextUid = 1;

    @Setup(Level.Trial)
    public void open() throws IOException, SyncException {
        dir = Files.createTempDirectory("backsync-jmh-store");
        store = SqliteMessageStore.open(dir.resolve("store"));
        AccountId account = AccountId.of("jmh");
        LocalFolder folder = store.write(tx -> {
            tx.ensureAccount(account);
            return tx.addFolder(account, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE);
        });
        folderId = folder.id();
        Random random = new Random(42);
        bodies = new byte[16][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = message(random, i, size);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long insertBatchOf500() throws SyncException {
        return store.write(tx -> {
            long last = 0;
            for (int i = 0; i < BATCH; i++) {
                long uid = nextUid++;
                byte[] body = bodies[(int) (uid % bodies.length)];
                RemoteMessage meta = new RemoteMessage(
                        Uid.of(uid),
                        Flags.of(Flags.SEEN),
                        Optional.of(new ModSeq(uid + 1)),
                        body.length,
                        Optional.of(Instant.ofEpochSecond(1_600_000_000L + uid)),
                        Optional.of("<" + uid + ".jmh@example.com>"));
                FetchedMessage fetched = new FetchedMessage(meta, RawMessage.of(body), false);
                last = tx.insertMessage(folderId, NewMessage.downloaded(folderId, fetched));
            }
            return last;
        });
    }

    static byte[] message(Random random, int seq, int size) {
        StringBuilder b = new StringBuilder(size + 200);
        b.append("Message-ID: <")
                .append(seq)
                .append(".jmh@example.com>\r\n")
                .append("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nFrom: Alice <alice@example.com>\r\n")
                .append("To: Bob <bob@example.org>\r\nSubject: benchmark message ")
                .append(seq)
                .append("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        while (b.length() < size) {
            for (int i = 0; i < 72; i++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
