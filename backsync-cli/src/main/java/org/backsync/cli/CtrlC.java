package org.backsync.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.backsync.SyncHandle;

/**
 * Ctrl-C during a command: cancel its syncs (R19), give them a few seconds to reach {@code done(CANCELLED)} and the
 * command a moment to print its summary, then let the JVM exit (130, the shell's code for SIGINT, is also
 * {@link ExitCode#CANCELLED}).
 */
final class CtrlC {
    private CtrlC() {}

    static void cancelAndWait(List<SyncHandle> handles, CountDownLatch printed) {
        handles.forEach(SyncHandle::cancel);
        try {
            for (SyncHandle h : handles) {
                h.result().get(10, TimeUnit.SECONDS);
            }
            printed.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the JVM is exiting; a sync that did not end in time is left to the store's journal (4.3)
        }
    }

    /** Removes the hook once the command finished normally; a no-op while the JVM is already shutting down. */
    static void remove(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }
}
