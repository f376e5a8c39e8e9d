package org.backsync.core;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.backsync.AccountId;
import org.backsync.spi.MailProvider;
import org.backsync.spi.MessageStore;

/**
 * Everything a {@link SyncEngine} needs, validated once. Threads ({@code executor}) and time ({@code clock}) are
 * injected so that tests control them; {@code backoff} paces reconnects (R20); {@code probe} lets tests crash at a
 * journal step.
 */
public record EngineOptions(
        MessageStore store,
        MailProvider.Factory providers,
        Map<AccountId, AccountSettings> accounts,
        Executor executor,
        InstantSource clock,
        Backoff backoff,
        StepProbe probe) {
    public EngineOptions {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(providers, "providers");
        accounts = Map.copyOf(accounts);
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(probe, "probe");
    }

    /** Virtual threads, the system clock, exponential backoff from 200 ms to 10 s, no probe. */
    public static EngineOptions of(
            MessageStore store, MailProvider.Factory providers, Map<AccountId, AccountSettings> accounts) {
        return new EngineOptions(
                store,
                providers,
                accounts,
                Executors.newVirtualThreadPerTaskExecutor(),
                InstantSource.system(),
                Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(10)),
                StepProbe.NONE);
    }

    public EngineOptions withExecutor(Executor e) {
        return new EngineOptions(store, providers, accounts, e, clock, backoff, probe);
    }

    public EngineOptions withClock(InstantSource c) {
        return new EngineOptions(store, providers, accounts, executor, c, backoff, probe);
    }

    public EngineOptions withBackoff(Backoff b) {
        return new EngineOptions(store, providers, accounts, executor, clock, b, probe);
    }

    public EngineOptions withProbe(StepProbe p) {
        return new EngineOptions(store, providers, accounts, executor, clock, backoff, p);
    }
}
