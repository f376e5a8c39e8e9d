package org.backsync.cli.view;

import java.io.PrintWriter;
import java.util.Locale;
import org.backsync.AccountId;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncListener;
import org.backsync.SyncResult;

/**
 * Plain lines for logs and pipes: one when a phase starts, at most one a second while it runs, one when it ends, one
 * per error as it happens, one per finished sync. Lines of concurrent syncs never interleave mid-line.
 */
final class LineDisplay implements SyncDisplay {
    private static final long LINE_EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter out;

    LineDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public SyncListener listener(AccountId account, RunSummary summary) {
        return new SyncListener() {
            private Phase phase;
            private String text = "";
            private long lastLine;
            private Progress last;
            private String printed = "";

            @Override
            public void progress(Progress p) {
                boolean newPhase = p.phase() != phase;
                if (newPhase && last != null) {
                    printOnce(line(account, last, text));
                }
                if (p.text() != null) {
                    text = p.text();
                }
                long now = System.nanoTime();
                if (newPhase || p.text() != null || now - lastLine >= LINE_EVERY_NANOS) {
                    printOnce(line(account, p, text));
                    lastLine = now;
                }
                phase = p.phase();
                last = p;
            }

            @Override
            public void error(SyncError e) {
                print(Formats.error(account, e));
            }

            /** Skips a line equal to the one just printed, such as a phase's closing line with nothing new. */
            private void printOnce(String line) {
                if (!line.equals(printed)) {
                    print(line);
                    printed = line;
                }
            }

            @Override
            public void done(SyncResult r) {
                if (last != null) {
                    printOnce(line(account, last, text));
                }
                summary.add(r);
                print(String.format(
                        Locale.ROOT,
                        "[%s] %s: %s up=%d down=%d errors=%d in %.1fs",
                        account,
                        r.id(),
                        r.status(),
                        r.counts().uploaded(),
                        r.counts().downloaded(),
                        r.errors().size(),
                        r.elapsed().toMillis() / 1000.0));
            }
        };
    }

    static String line(AccountId account, Progress p, String text) {
        StringBuilder b = new StringBuilder("[").append(account).append("] ").append(p.phase());
        if (p.max() > 0) {
            b.append(String.format(Locale.ROOT, " %d/%d (%d%%)", p.index(), p.max(), p.index() * 100 / p.max()));
        } else {
            b.append(' ').append(p.index());
        }
        if (p.bytesTotal() > 0) {
            b.append(' ').append(Formats.bytes(p.bytesDone())).append('/').append(Formats.bytes(p.bytesTotal()));
        } else if (p.bytesDone() > 0) {
            b.append(' ').append(Formats.bytes(p.bytesDone()));
        }
        return text.isEmpty() ? b.toString() : b.append("  ").append(text).toString();
    }

    @Override
    public void note(String line) {
        print(line);
    }

    /** {@code PrintWriter.println} writes the line and its end as one unit, so concurrent syncs never interleave. */
    private void print(String line) {
        out.println(line);
    }

    @Override
    public void close() {
        out.flush();
    }
}
