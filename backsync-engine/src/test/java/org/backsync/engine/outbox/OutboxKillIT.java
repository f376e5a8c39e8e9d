package org.backsync.engine.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.OutboxEntry;
import org.backsync.OutboxState;
import org.backsync.core.outbox.Backoff;
import org.backsync.core.outbox.OutboxSender;
import org.backsync.core.outbox.OutboxSetup;
import org.backsync.core.outbox.ServerLimits;
import org.backsync.smtp.SmtpSettings;
import org.backsync.smtp.SmtpTransport;
import org.backsync.spi.OutboxRecord;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.ScriptedSmtpServer;
import org.backsync.testing.ScriptedSmtpServer.Action;
import org.backsync.testing.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT 6.3 under SIGKILL. One SQLite Outbox lives through every trial: each trial starts a child JVM that adds a
 * batch, recovers what the previous killed child left, sends through the scripted server, and is killed with SIGKILL
 * at a random moment. Finally this process restarts the sender on the store and lets it finish. Every message must
 * then be delivered exactly once and SENT with one Sent copy, or be HELD "delivery uncertain" (the window of ADR
 * 0004): never sent twice, never lost. Trials: {@code -Dbacksync.killTrials} (default 50). No new trial starts after
 * {@link #BUDGET}, so the class stays bounded in time on an overloaded machine; the line it prints says how many ran.
 */
class OutboxKillIT {
    static final Duration REPLY_DELAY = Duration.ofMillis(40); // widens the window between the dot and the 250
    static final Duration BUDGET = Duration.ofSeconds(240); // a bound for overloaded machines; quiet ones need far less
    static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: (<[^>]+>)");

    @TempDir
    Path dir;

    @Test
    void aKilledSenderDeliversEveryMessageExactlyOnceOrHoldsItAsUncertain() throws Exception {
        int trials = Integer.getInteger("backsync.killTrials", 50);
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        long start = System.nanoTime();
        int finishedBeforeKill = 0;
        int done = 0;
        Map<String, OutboxEntry> entries;
        Map<String, Integer> delivered = new HashMap<>();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            for (int i = 0; i < trials * OutboxKillChild.BATCH * 3; i++) {
                server.next(Step.END, new Action.Delayed(REPLY_DELAY, "250 2.0.0 Ok: queued"));
            }
            for (; done < trials && Duration.ofNanos(System.nanoTime() - start).compareTo(BUDGET) < 0; done++) {
                Duration delay = Duration.ofMillis(random.nextLong(0, 300));
                finishedBeforeKill += runAndKill(dir, server.port(), done, delay) ? 1 : 0;
            }
            entries = finish(dir, server.port());
            for (ScriptedSmtpServer.Received r : server.accepted()) {
                assertThat(r.text()).doesNotContain("hidden@example.org");
                Matcher m = MESSAGE_ID.matcher(r.text());
                assertThat(m.find()).isTrue();
                delivered.merge(m.group(1), 1, Integer::sum);
            }
        }
        int uncertain = check(entries, delivered, new FileSentFolder(dir.resolve("sent")));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(
                "OutboxKillIT: %d kills of %d planned, %d messages in %d ms; %d children finished before their kill;"
                        + " %d messages held as delivery uncertain%s%n",
                done,
                trials,
                entries.size(),
                elapsed.toMillis(),
                finishedBeforeKill,
                uncertain,
                done < trials ? " (stopped by the time budget: the machine is overloaded)" : "");
        assertThat(entries).hasSize(done * OutboxKillChild.BATCH);
        assertThat(finishedBeforeKill).as("kills that landed after the work").isLessThan(Math.max(1, done / 2));
    }

    /** Starts a child, waits for READY, SIGKILLs it after {@code delay}; true if it had already finished. */
    static boolean runAndKill(Path dir, int port, int batch, Duration delay) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Dslf4j.provider=org.slf4j.helpers.NOPServiceProvider",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxKillChild.class.getName(),
                        dir.toString(),
                        Integer.toString(port),
                        Integer.toString(batch))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.equals("READY")) {
                        ready.complete(null);
                    } else if (line.equals("DONE")) {
                        done.complete(true);
                    }
                }
            } catch (IOException e) {
                // the child was killed
            } finally {
                ready.complete(null);
                done.complete(false);
            }
        });
        try {
            ready.get(30, TimeUnit.SECONDS);
            LockSupport.parkNanos(delay.toNanos());
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
        }
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return done.getNow(false);
    }

    /** The last restart: recovery first, then whatever is still queued; returns every entry by Message-ID. */
    static Map<String, OutboxEntry> finish(Path dir, int port) throws Exception {
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store"))) {
            OutboxSender sender = new OutboxSender(setup(store, dir, port));
            for (int i = 0; i < 20 && !OutboxKillChild.settled(store); i++) {
                sender.trigger(OutboxKillChild.ACCOUNT, true);
            }
            assertThat(store.openIntents(OutboxKillChild.ACCOUNT)).isEmpty();
            Map<String, OutboxEntry> result = new HashMap<>();
            for (OutboxRecord r : store.outbox(OutboxKillChild.ACCOUNT)) {
                result.put(r.entry().messageId(), r.entry());
            }
            return result;
        }
    }

    /** Exactly once, or held as uncertain; returns how many are held. */
    static int check(Map<String, OutboxEntry> entries, Map<String, Integer> delivered, FileSentFolder sent)
            throws IOException {
        int uncertain = 0;
        for (OutboxEntry e : entries.values()) {
            int copies = delivered.getOrDefault(e.messageId(), 0);
            assertThat(copies).as("deliveries of %s", e.messageId()).isLessThanOrEqualTo(1);
            if (e.state() == OutboxState.SENT) {
                assertThat(copies).as("deliveries of SENT %s", e.messageId()).isEqualTo(1);
                assertThat(sent.appends(e.messageId()))
                        .as("Sent copies of %s", e.messageId())
                        .isEqualTo(1);
            } else {
                assertThat(e.state()).as("state of %s", e.messageId()).isEqualTo(OutboxState.HELD);
                assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("delivery uncertain"));
                assertThat(sent.appends(e.messageId())).isZero();
                uncertain++;
            }
        }
        return uncertain;
    }

    static OutboxSetup setup(SqliteMessageStore store, Path dir, int port) {
        SmtpSettings smtp = SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.NONE, Optional.empty())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        FileSentFolder sent = new FileSentFolder(dir.resolve("sent"));
        return new OutboxSetup(
                store,
                account -> new SmtpTransport(smtp),
                account -> sent,
                account -> Optional.of(new ServerLimits(OptionalLong.of(10L << 20), true)),
                InstantSource.system(),
                Runnable::run,
                (at, action) -> () -> {},
                RandomGenerator.getDefault(),
                Backoff.DEFAULT,
                entry -> {});
    }
}
