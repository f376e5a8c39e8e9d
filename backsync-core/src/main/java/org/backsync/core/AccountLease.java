package org.backsync.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.backsync.AccountId;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store lease that keeps two syncs of an account apart even across processes sharing the store (R18). The engine
 * already runs one sync per account; the lease adds the cross-process half. A sync run while a paused one waits
 * (nested, R17) shares its lease and neither takes nor releases it.
 */
final class AccountLease {
    static final Duration TERM = Duration.ofMinutes(10);
    static final int MAX_WAITS = 60;

    private static final Logger log = LoggerFactory.getLogger(AccountLease.class);

    private final SyncEngine engine;
    private final SyncJob job;
    private final boolean nested;
    private @Nullable Instant until;

    AccountLease(SyncEngine engine, SyncJob job, boolean nested) {
        this.engine = engine;
        this.job = job;
        this.nested = nested;
    }

    /** Takes the lease, waiting (with backoff, checking cancel) while another process holds it. */
    void acquire() throws SyncException {
        if (nested) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            if (tryTake()) {
                return;
            }
            if (job.isCancelled()) {
                throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "sync of account " + account() + " cancelled");
            }
            if (attempt >= MAX_WAITS) {
                throw new SyncException(
                        Status.BUSY, Scope.ACCOUNT, "account " + account() + " is being synced by another process");
            }
            try {
                engine.options().backoff().pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "sync of account " + account() + " cancelled");
            }
        }
    }

    /** Extends the lease once half its term has passed. */
    void renewIfDue() throws SyncException {
        Instant u = until;
        if (nested || u == null) {
            return;
        }
        if (!engine.options().clock().instant().isBefore(u.minus(TERM.dividedBy(2)))) {
            tryTake();
        }
    }

    void release() {
        if (nested || until == null) {
            return;
        }
        until = null;
        try {
            engine.options().store().write(tx -> {
                tx.releaseLease(account(), engine.leaseOwner());
                return null;
            });
        } catch (SyncException e) {
            // The lease expires by itself; nothing else to do.
            log.debug("account {}: lease not released: {}", account(), e.getMessage());
        }
    }

    private boolean tryTake() throws SyncException {
        Instant now = engine.options().clock().instant();
        Instant newUntil = now.plus(TERM);
        boolean taken = engine.options().store().write(tx -> {
            tx.ensureAccount(account());
            return tx.tryLease(account(), engine.leaseOwner(), now, newUntil);
        });
        if (taken) {
            until = newUntil;
        }
        return taken;
    }

    /**
     * A new lease owner name for one engine: {@code engine-pid<PID>-boot<BOOT-ID>-<UUID>}. The pid and Linux boot id
     * let a store see that the holder's process is gone after a crash (kill -9, power loss) and hand the lease on at
     * once rather than after {@link #TERM}; without a boot id the name is {@code engine-pid<PID>-<UUID>} and the lease
     * simply expires.
     */
    static String ownerName() {
        String boot;
        try {
            boot = "-boot"
                    + Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                            .strip();
        } catch (IOException | SecurityException e) {
            boot = "";
        }
        return "engine-pid" + ProcessHandle.current().pid() + boot + "-" + UUID.randomUUID();
    }

    private AccountId account() {
        return job.request().account();
    }
}
