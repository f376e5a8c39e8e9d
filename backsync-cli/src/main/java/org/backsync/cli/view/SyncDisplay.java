package org.backsync.cli.view;

import java.io.PrintWriter;
import org.backsync.AccountId;
import org.backsync.SyncListener;

/**
 * Shows syncs as they run: one listener per sync, errors as they happen (status, folder, message), then the summary
 * line. {@link #forTerminal} picks progress bars on a terminal and plain lines otherwise.
 */
public interface SyncDisplay extends AutoCloseable {
    /** A listener for one sync of {@code account}; it also feeds {@code summary}. */
    SyncListener listener(AccountId account, RunSummary summary);

    /** Prints one line outside the bars. */
    void note(String line);

    @Override
    void close();

    /** Bars when {@code tty} (standard output is a terminal), plain lines otherwise. */
    static SyncDisplay forTerminal(boolean tty, PrintWriter out) {
        return tty ? new BarDisplay(out) : new LineDisplay(out);
    }

    /** True when this JVM's standard output is an interactive terminal. */
    static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}
