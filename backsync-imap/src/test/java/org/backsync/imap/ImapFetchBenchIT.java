package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of the bulk fetch against Dovecot on loopback, one and two connections. Not a timed test: it prints the
 * figures and runs only with {@code -Dbacksync.bench=true} ({@code -Dbacksync.bench.count}, {@code .size} to scale).
 */
class ImapFetchBenchIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final int COUNT = Integer.getInteger("backsync.bench.count", 2_000);
    private static final int SIZE = Integer.getInteger("backsync.bench.size", 40_000);

    @Test
    void bulkFetchThroughput() throws Exception {
        assumeTrue(Boolean.getBoolean("backsync.bench"), "benchmark: run with -Dbacksync.bench=true");
        FolderPath folder = FolderPath.of("Bench");
        ImapSettings settings = ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password());
        long seedStart = System.nanoTime();
        try (MailProvider p = ImapProvider.open(settings)) {
            p.createFolder(folder);
            for (int i = 0; i < COUNT; i++) {
                p.append(
                        folder,
                        RawMessage.of(MailSamples.large("<b" + i + "@bench>", SIZE)),
                        org.backsync.spi.Flags.NONE,
                        Instant.now());
            }
        }
        report("append", COUNT, (long) COUNT * SIZE, System.nanoTime() - seedStart);

        List<Uid> uids;
        FolderStatus status;
        try (MailProvider p = ImapProvider.open(settings)) {
            long t = System.nanoTime();
            FolderChanges first = p.changes(folder, Optional.empty());
            report(
                    "first-contact changes (UID FLAGS + metadata)",
                    first.messages().size(),
                    0,
                    System.nanoTime() - t);
            uids = first.messages().stream().map(m -> m.uid()).toList();
            status = first.status();
            t = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(p.changes(folder, Optional.of(status.toSyncState())).kind())
                        .isEqualTo(FolderChanges.Kind.UNCHANGED);
            }
            report("unchanged resync x100", 100, 0, System.nanoTime() - t);
        }
        for (int round = 0; round < 2; round++) {
            report("fetch, 1 connection", COUNT, fetch(settings, folder, uids), 0);
            report("fetch, 2 connections", COUNT, fetchParallel(settings, folder, uids), 0);
        }
    }

    private static long fetch(ImapSettings settings, FolderPath folder, List<Uid> uids) throws Exception {
        long t = System.nanoTime();
        long bytes = fetchBytes(settings, folder, uids);
        report("  fetch " + uids.size(), uids.size(), bytes, System.nanoTime() - t);
        return bytes;
    }

    private static long fetchParallel(ImapSettings settings, FolderPath folder, List<Uid> uids) throws Exception {
        long t = System.nanoTime();
        int half = uids.size() / 2;
        CompletableFuture<Long> a =
                CompletableFuture.supplyAsync(() -> unchecked(settings, folder, uids.subList(0, half)));
        CompletableFuture<Long> b =
                CompletableFuture.supplyAsync(() -> unchecked(settings, folder, uids.subList(half, uids.size())));
        long bytes = a.get() + b.get();
        report("  fetch x2 " + uids.size(), uids.size(), bytes, System.nanoTime() - t);
        return bytes;
    }

    private static long unchecked(ImapSettings settings, FolderPath folder, List<Uid> uids) {
        try {
            return fetchBytes(settings, folder, uids);
        } catch (SyncException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long fetchBytes(ImapSettings settings, FolderPath folder, List<Uid> uids) throws SyncException {
        AtomicLong bytes = new AtomicLong();
        try (MailProvider p = ImapProvider.open(settings)) {
            p.fetch(
                    folder,
                    uids,
                    false,
                    batch -> batch.forEach(m -> bytes.addAndGet(m.content().size())));
        }
        return bytes.get();
    }

    private static void report(String what, long count, long bytes, long nanos) {
        if (nanos == 0) {
            return;
        }
        double s = nanos / 1e9;
        System.out.printf(
                "BENCH %-48s %7d msgs %8.1f MB %7.2f s %8.1f MB/s %8.0f msg/s%n",
                what, count, bytes / 1e6, s, bytes / 1e6 / s, count / s);
    }

    static Duration unused() {
        return Duration.ZERO;
    }
}
