package org.backsync.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;

/**
 * One authenticated connection to an account's mail server (IMAP in practice). Not thread-safe: one instance serves
 * one running sync, on one thread; the only exception is {@link #abort()}.
 *
 * <p><b>Failures.</b> Every method throws {@link SyncException}. The scope says what it affects: {@code MESSAGE} (the
 * server refused this message: NO to APPEND, a message that cannot be parsed), {@code FOLDER} (the folder does not
 * exist or cannot be selected) or {@code ACCOUNT} (authentication, TLS, a connection that is gone). A transient
 * status ({@link SyncException#isTransient()}) means the connection is unusable: the caller closes this instance,
 * opens a new one and retries the step (R20). A failure leaves the server as the method's Javadoc says; methods
 * marked <em>read-only</em> never change it.
 *
 * <p><b>Mutations.</b> Only {@link #append}, {@link #storeFlags}, {@link #move}, {@link #copy}, {@link #delete} and the three folder
 * methods change the server, and the core calls them only in upload phases after journaling an intent (R16, 4.2).
 */
public interface MailProvider extends AutoCloseable {
    /** Opens authenticated connections for one account. Thread-safe. */
    @FunctionalInterface
    interface Factory {
        /**
         * Connects and authenticates. A refused login or a failed certificate check throws {@code LOGON_FAILED} at
         * {@code ACCOUNT} scope, sent before any credentials in the certificate case (B48).
         */
        MailProvider open(AccountId account) throws SyncException;
    }

    /** The capabilities this connection will use; stable for its lifetime. */
    Set<Capability> capabilities();

    /**
     * Read-only. The server's folders, with special-use roles and subscription state, and, where the server sends it
     * in the same answer (IMAP LIST-STATUS), each selectable folder's STATUS ({@link RemoteFolder#status()}), so that
     * a sync that changes nothing needs no STATUS command of its own.
     */
    List<RemoteFolder> listFolders() throws SyncException;

    /** Read-only. STATUS of one folder, without selecting it; {@code NOT_FOUND}/{@code FOLDER} if it is gone. */
    FolderStatus status(FolderPath folder) throws SyncException;

    /**
     * Read-only. {@link #status} of each of {@code folders}, in one flight where the protocol allows it (IMAP: the
     * STATUS commands are pipelined, so many folders cost one round trip, not one each). A folder whose STATUS fails
     * at {@code FOLDER} scope (gone, refused) is absent from the map: call {@link #status} for that folder to learn
     * why. An {@code ACCOUNT}-scope failure throws. The map iterates in the order of {@code folders}. This default
     * asks one folder at a time.
     */
    default Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
        Map<FolderPath, FolderStatus> out = new LinkedHashMap<>();
        for (FolderPath f : folders) {
            try {
                out.put(f, status(f));
            } catch (SyncException e) {
                if (e.scope() != Scope.FOLDER) {
                    throw e;
                }
            }
        }
        return out;
    }

    /**
     * Read-only. What changed in {@code folder} since {@code known}; see {@link FolderChanges} for the three kinds.
     * With an empty {@code known} (first contact) the result is {@code FULL}. Must not select the folder when its
     * STATUS matches {@code known} and the server has CONDSTORE (B41).
     *
     * <p>{@code justTaken} is a STATUS of {@code folder} that the caller took on this connection moments before (for
     * the totals it shows up front, R14). The provider then uses it as the folder's current STATUS and does not ask
     * again, so an unchanged folder costs the caller's one STATUS and nothing here; the result's {@code status} is
     * {@code justTaken}. A change made on the server after it was taken is found by the next sync, never lost: the
     * sync state saved from it is older than, or as old as, what was fetched. With an empty {@code justTaken} the
     * provider takes its own STATUS first.
     */
    FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException;

    /** {@link #changes(FolderPath, Optional, Optional)} taking its own STATUS. */
    default FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known) throws SyncException {
        return changes(folder, known, Optional.empty());
    }

    /**
     * Read-only. Fetches {@code uids} from {@code folder} in batches (bounded by count and bytes) and hands each batch
     * to {@code sink}. With {@code headersOnly} only the header section is fetched (B25). Bodies are fetched with
     * {@code BODY.PEEK[]}, so {@code \Seen} is never set (B47). UIDs that no longer exist are skipped silently; the
     * caller sees them missing from the batches.
     */
    void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException;

    /** Read-only. The current flags of {@code uids}; UIDs that no longer exist are absent from the map. */
    Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException;

    /**
     * Read-only. UIDs at or above {@code from} whose header {@code name} equals {@code value}: how the core finds a
     * message it may have appended or moved before a crash (4.3, 5.3).
     */
    Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException;

    /**
     * APPENDs one message with its flags and INTERNALDATE. Returns the new UID from APPENDUID (UIDPLUS), or empty
     * when the server does not say; the core then finds it with {@link #searchHeader}. A NO throws at {@code MESSAGE}
     * scope and leaves the server unchanged; a lost connection leaves it unknown.
     */
    Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate) throws SyncException;

    /**
     * Adds and removes flags on {@code uids} ({@code UID STORE +FLAGS.SILENT / -FLAGS.SILENT}). With {@code
     * unchangedSince} and CONDSTORE the store is conditional; the UIDs the server reports MODIFIED are returned and
     * were not changed. Missing UIDs are ignored. Idempotent.
     */
    Set<Uid> storeFlags(FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException;

    /**
     * Moves {@code uids} to {@code target}: {@code UID MOVE}, else COPY + STORE {@code \Deleted} + {@code UID EXPUNGE}
     * of exactly those UIDs (5.4). Returns the source-to-target UID map from COPYUID, or an empty map when the server
     * does not say. UIDs that no longer exist are skipped.
     */
    Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException;

    /**
     * Copies {@code uids} to {@code target} ({@code UID COPY}) and leaves the source unchanged. Returns the
     * source-to-target UID map from COPYUID (UIDPLUS), or an empty map when the server does not say. UIDs that no
     * longer exist are skipped. Not idempotent: a repeat makes another copy, so the core journals it and, after a lost
     * reply, searches the target before copying again. The core uses it for a move on a server without MOVE, as two
     * journaled steps (copy, then {@link #delete} of the source UIDs), so that a crash between them is resumed exactly.
     */
    Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException;

    /** Removes exactly {@code uids}: STORE {@code \Deleted} then {@code UID EXPUNGE} of those UIDs. Idempotent. */
    void delete(FolderPath folder, Set<Uid> uids) throws SyncException;

    /** CREATE; succeeds if the folder already exists. */
    void createFolder(FolderPath folder) throws SyncException;

    /** RENAME, children included; {@code NOT_FOUND} if {@code from} is gone. */
    void renameFolder(FolderPath from, FolderPath to) throws SyncException;

    /** DELETE; succeeds if the folder is already gone. */
    void deleteFolder(FolderPath folder) throws SyncException;

    /**
     * Whether this connection may be kept open and serve a later sync (a running engine pools its connections, ADR
     * 0010): it is open and authenticated, no command or IDLE is under way, no failure or {@link #abort()} left it out
     * of step, and the server has sent nothing since the last command ended (an unsolicited {@code BYE}, or a closed
     * socket, means the server dropped it). Called between calls, on the thread that owns the connection; it sends
     * nothing and may wait about a millisecond to look at the socket, never longer. A connection the network dropped
     * silently can still answer true: its next call then fails with a transient status, as after any lost connection
     * (R20). The session-level state the connection learnt (capabilities, QRESYNC enabled, the delimiter) stays valid
     * when it is reused. The default, false, keeps a provider out of every pool.
     */
    default boolean isReusable() {
        return false;
    }

    /**
     * Keeps an idle, reusable connection alive (IMAP {@code NOOP}): the server's autologout timer and the idle timers
     * of NATs and load balancers on the way restart, and a connection the network dropped is found now, by its pool,
     * rather than by the next sync's first read timing out. Called only between calls, on a connection no sync is
     * using; throws (a transient status) when the connection is gone. The default sends nothing.
     */
    default void keepAlive() throws SyncException {}

    /**
     * Breaks a blocked call from another thread by closing the connection; the blocked call then throws {@code
     * CANCELLED}. Thread-safe, idempotent, never blocks.
     */
    void abort();

    /** Logs out and closes the connection; never throws. */
    @Override
    void close();
}
