package org.backsync.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.Phase;
import org.backsync.Priority;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncId;
import org.backsync.SyncKind;

/**
 * One consistent-enough picture of the {@link StatusBoard} for a Send/Receive display: immutable, taken at {@link #at}.
 * Each part is read atomically; parts may be a few milliseconds apart, which a display cannot tell. Holds no secret:
 * error messages follow the contract's rule that they never carry a password, token or body.
 */
public record StatusSnapshot(
        Instant at,
        boolean paused,
        int queueDepth,
        List<AccountStatus> accounts,
        List<ErrorEntry> errors,
        List<OutboxEntry> outbox) {
    public StatusSnapshot {
        accounts = List.copyOf(accounts);
        errors = List.copyOf(errors);
        outbox = List.copyOf(outbox);
    }

    /** The board's view of one account: a row per phase seen, its running syncs, last result and push health. */
    public record AccountStatus(
            AccountId account,
            List<PhaseRow> phases,
            List<RunningSync> running,
            Optional<LastResult> lastResult,
            PushHealth push) {
        public AccountStatus {
            phases = List.copyOf(phases);
            running = List.copyOf(running);
        }
    }

    /**
     * The latest progress of one phase of one account. {@code text} is the last non-null step text; {@code eta} is
     * computed from the rate since the phase started (bytes when their total is known, else items) and is empty while
     * the total is unknown or nothing has moved yet. {@code finished} is the sync's final status once it is done.
     */
    public record PhaseRow(
            Phase phase,
            Optional<SyncId> sync,
            String text,
            long index,
            long max,
            long bytesDone,
            long bytesTotal,
            Optional<Duration> eta,
            Optional<Status> finished) {

        /** 0 to 100; items when the total is known, else bytes, else 0 (indeterminate). */
        public int percent() {
            if (max > 0) {
                return (int) Math.min(100, index * 100 / max);
            }
            if (bytesTotal > 0) {
                return (int) Math.min(100, bytesDone * 100 / bytesTotal);
            }
            return 0;
        }
    }

    /** A sync that has started and not yet called {@code done}; {@code id} is empty until its handle is bound. */
    public record RunningSync(Optional<SyncId> id, Set<SyncKind> kinds, Priority priority, Instant started) {
        public RunningSync {
            kinds = Set.copyOf(kinds);
        }
    }

    /** The outcome of the account's most recent finished sync. */
    public record LastResult(SyncId id, Status status, Counts counts, int errors, Duration elapsed, Instant finished) {}

    /** One reported problem, newest first in {@link StatusSnapshot#errors()}. */
    public record ErrorEntry(
            Instant at,
            AccountId account,
            Optional<SyncId> sync,
            Status status,
            Scope scope,
            Optional<FolderPath> folder,
            String message,
            boolean warning,
            String suggestedAction) {}

    /** How an account's push (IMAP IDLE) connection is doing; set by the host's push code. */
    public record PushHealth(PushState state, String detail, Optional<Instant> since) {
        public static final PushHealth OFF = new PushHealth(PushState.OFF, "push not configured", Optional.empty());
    }

    /** The states of a push connection (CONTRACT 5.5). */
    public enum PushState {
        /** IDLE is running and answered its last watchdog check. */
        ACTIVE,
        /** The connection was lost or silent; it is being rebuilt. */
        RECONNECTING,
        /** Repeated failures: the account is polled on its schedule instead. */
        POLLING,
        /** Push is not configured or not supported by the server. */
        OFF
    }
}
