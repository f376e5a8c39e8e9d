package org.backsync;

/**
 * Receives the reports of one sync: {@code IMAPISyncProgressCallback}.
 *
 * <p><b>Threads and order.</b> Every call is made on an engine thread, never on the thread that called {@link
 * BackgroundSynchronizer#synchronizeInBackground} (R2). Calls for one sync never overlap and each happens-before the
 * next (R6); calls for different syncs may run concurrently. The engine holds no lock and no store transaction during
 * a call (R7). The order is any number of {@link #progress} and {@link #error} calls, then exactly one {@link #done},
 * last (R4, R5).
 *
 * <p><b>Exceptions.</b> An exception thrown by any method is logged once per sync at WARN and otherwise ignored: it
 * cannot stop the sync, change its result or cause a second {@code done} (R8).
 *
 * <p><b>Blocking.</b> A slow listener slows only its own sync's reporting. It must never block on {@link
 * SyncHandle#result()}, which completes only after {@code done} returns (R9).
 */
public interface SyncListener {
    /** Progress of the current phase; see {@link Progress} for the meaning of its fields. */
    default void progress(Progress progress) {}

    /** One problem; the sync goes on unless it is an {@code ACCOUNT}-scope failure (R10). */
    default void error(SyncError error) {}

    /** The sync is over; called exactly once, last. */
    default void done(SyncResult result) {}

    /** A listener that ignores every report. */
    SyncListener NONE = new SyncListener() {};
}
