package org.backsync.core.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.backsync.AccountId;
import org.backsync.OutboxEntry;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.MailTransport;
import org.backsync.spi.SyncException;
import org.backsync.testing.InMemoryMessageStore;

/**
 * The Outbox's surroundings, all fake and single-threaded: a clock moved by hand, a timer whose wake-ups fire when
 * the clock passes them, a direct executor, a scriptable transport and a Sent folder. Not thread-safe.
 */
final class FakeOutboxWorld {
    static final AccountId ACCOUNT = AccountId.of("me@example.org");

    final InMemoryMessageStore store = new InMemoryMessageStore();
    final Clock clock = new Clock();
    final Timer timer = new Timer();
    final Transport transport = new Transport();
    final Sent sent = new Sent();
    final List<OutboxEntry> changes = new CopyOnWriteArrayList<>();
    final List<Runnable> queuedTasks = new ArrayList<>();
    volatile Optional<ServerLimits> limits = Optional.of(new ServerLimits(OptionalLong.of(10L << 20), true));
    boolean runTasksAtOnce = true;

    final OutboxSetup setup = new OutboxSetup(
            store,
            account -> transport,
            account -> sent,
            account -> limits,
            clock,
            task -> {
                if (runTasksAtOnce) {
                    task.run();
                } else {
                    queuedTasks.add(task);
                }
            },
            timer,
            RandomGenerator.of("L64X128MixRandom"),
            Backoff.DEFAULT,
            changes::add);
    final OutboxSender sender = new OutboxSender(setup);
    final LocalOutbox outbox = new LocalOutbox(setup, sender);

    static RawMessage message(String headersAndBody) {
        return RawMessage.of(headersAndBody.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static RawMessage simple(String messageId, String to) {
        return message(
                "From: Me <me@example.org>\nTo: " + to + "\nMessage-ID: " + messageId + "\nSubject: test\n\nhello\n");
    }

    /** Moves the clock, firing every wake-up that falls due, in time order. */
    void advance(Duration d) {
        Instant target = clock.now.plus(d);
        for (int guard = 0; guard < 10_000; guard++) {
            Optional<Timer.Pending> due =
                    timer.pending.stream().filter(p -> !p.at().isAfter(target)).min((a, b) -> a.at().compareTo(b.at()));
            if (due.isEmpty()) {
                break;
            }
            timer.pending.remove(due.get());
            if (due.get().at().isAfter(clock.now)) {
                clock.now = due.get().at();
            }
            due.get().action().run();
        }
        clock.now = target;
    }

    static final class Clock implements InstantSource {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class Timer implements OutboxTimer {
        record Pending(Instant at, Runnable action) {}

        final List<Pending> pending = new ArrayList<>();

        @Override
        public Wakeup wakeAt(Instant at, Runnable action) {
            Pending p = new Pending(at, action);
            pending.add(p);
            return () -> pending.remove(p);
        }
    }

    /** What a scripted send does. */
    sealed interface Behaviour {
        /** Accepts every recipient except those refused by {@link Transport#refuse}. */
        record Accept() implements Behaviour {}

        /** Throws before the end-of-data hook (or after it, for a connection lost after the final dot). */
        record Fail(SyncException failure, boolean afterHook) implements Behaviour {}
    }

    static final class Transport implements MailTransport {
        record Sent(Envelope envelope, byte[] content) {
            String text() {
                return new String(content, StandardCharsets.UTF_8);
            }
        }

        final Deque<Behaviour> script = new ArrayDeque<>();
        final List<Sent> sends = new ArrayList<>();
        final java.util.Map<String, String> refusals = new java.util.HashMap<>();
        Optional<SyncException> offline = Optional.empty();
        Runnable onAccept = () -> {};
        int closes;

        void next(Behaviour b) {
            script.add(b);
        }

        void refuse(String address, String reply) {
            refusals.put(address, reply);
        }

        @Override
        public List<RecipientOutcome> send(Envelope envelope, RawMessage message, DataCompleteHook hook)
                throws SyncException {
            if (offline.isPresent()) {
                throw offline.get();
            }
            Behaviour b = script.isEmpty() ? new Behaviour.Accept() : script.poll();
            if (b instanceof Behaviour.Fail(SyncException failure, boolean afterHook) && !afterHook) {
                throw failure;
            }
            try {
                sends.add(new Sent(envelope, message.bytes()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            hook.dataComplete();
            if (b instanceof Behaviour.Fail(SyncException failure, boolean afterHook)) {
                throw failure;
            }
            onAccept.run();
            List<RecipientOutcome> out = new ArrayList<>();
            for (String r : envelope.recipients()) {
                String refusal = refusals.get(r);
                out.add(
                        refusal == null
                                ? new RecipientOutcome(r, true, 250, "250 2.0.0 queued")
                                : new RecipientOutcome(r, false, Integer.parseInt(refusal.substring(0, 3)), refusal));
            }
            return out;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    static final class Sent implements SentFolder {
        final Set<String> messageIds = ConcurrentHashMap.newKeySet();
        final List<byte[]> appended = new CopyOnWriteArrayList<>();
        boolean savesSentMail;
        boolean unreachable;
        boolean detected;

        @Override
        public boolean savesSentMail() {
            return savesSentMail || detected;
        }

        @Override
        public void recordSavesSentMail() {
            detected = true;
        }

        @Override
        public boolean contains(String messageId) throws SyncException {
            if (unreachable) {
                throw new SyncException(Status.NETWORK_ERROR, Scope.ACCOUNT, "IMAP server unreachable");
            }
            return messageIds.contains(messageId);
        }

        @Override
        public void append(String messageId, RawMessage message) throws SyncException {
            if (unreachable) {
                throw new SyncException(Status.NETWORK_ERROR, Scope.ACCOUNT, "IMAP server unreachable");
            }
            try {
                appended.add(message.bytes());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            messageIds.add(messageId);
        }
    }

    static SyncException busy(String reply) {
        return new SyncException(Status.BUSY, Scope.MESSAGE, "smtp.test refused MAIL FROM: " + reply);
    }

    static SyncException refused(String reply) {
        return new SyncException(Status.REFUSED, Scope.MESSAGE, "smtp.test refused the message: " + reply);
    }

    static SyncException networkDown() {
        return new SyncException(Status.NETWORK_ERROR, Scope.ACCOUNT, "network error with smtp.test: refused");
    }
}
