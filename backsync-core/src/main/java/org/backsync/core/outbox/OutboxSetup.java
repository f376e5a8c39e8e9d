package org.backsync.core.outbox;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.backsync.AccountId;
import org.backsync.spi.MailTransport;
import org.backsync.spi.MessageStore;

/**
 * Everything the Outbox needs from outside, injected so that tests control time, threads and randomness.
 *
 * <ul>
 *   <li>{@code transports}: a new transport for an account; the sender closes it at the end of each pass.
 *   <li>{@code executor}: runs send passes (at most one per account at a time); a direct executor in tests.
 *   <li>{@code listener}: told of every state change the sender makes, outside any transaction or lock.
 * </ul>
 */
public record OutboxSetup(
        MessageStore store,
        Function<AccountId, MailTransport> transports,
        SentFolder.Factory sentFolders,
        ServerLimits.Source limits,
        InstantSource clock,
        Executor executor,
        OutboxTimer timer,
        RandomGenerator random,
        Backoff backoff,
        Listener listener) {

    /** Hears about Outbox state changes; a message held as "delivery uncertain" is the one to show as a warning. */
    @FunctionalInterface
    public interface Listener {
        void changed(org.backsync.OutboxEntry entry);

        Listener NONE = entry -> {};
    }

    public OutboxSetup {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(transports, "transports");
        Objects.requireNonNull(sentFolders, "sentFolders");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(listener, "listener");
    }
}
