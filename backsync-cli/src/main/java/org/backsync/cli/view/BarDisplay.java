package org.backsync.cli.view;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.backsync.AccountId;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncListener;
import org.backsync.SyncResult;

/**
 * Progress bars on a terminal (me.tongfei:progressbar): one bar per account and phase with the phase's determinate
 * total, the bytes done of the bytes expected and an ETA; errors are printed above the bars as they happen.
 */
final class BarDisplay implements SyncDisplay {
    private final PrintWriter out;

    BarDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public SyncListener listener(AccountId account, RunSummary summary) {
        return new SyncListener() {
            private Phase phase;
            private ProgressBar bar;
            private String text = "";

            @Override
            public void progress(Progress p) {
                if (p.phase() != phase) {
                    closeBar();
                    phase = p.phase();
                    bar = new ProgressBarBuilder()
                            .setTaskName(account + " " + label(p.phase()))
                            .setInitialMax(p.max() > 0 ? p.max() : -1)
                            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                            .setUpdateIntervalMillis(200)
                            .setMaxRenderedLength(120)
                            .setSpeedUnit(ChronoUnit.SECONDS)
                            .showSpeed()
                            .continuousUpdate()
                            .build();
                }
                if (p.text() != null) {
                    text = p.text();
                }
                if (p.max() > 0) {
                    bar.maxHint(p.max());
                }
                bar.stepTo(p.index());
                bar.setExtraMessage(extra(p));
            }

            private String extra(Progress p) {
                String bytes = p.bytesTotal() > 0
                        ? Formats.bytes(p.bytesDone()) + "/" + Formats.bytes(p.bytesTotal())
                        : p.bytesDone() > 0 ? Formats.bytes(p.bytesDone()) : "";
                String t = text.length() > 40 ? text.substring(0, 39) + "…" : text;
                return " " + (bytes + " " + t).strip();
            }

            @Override
            public void error(SyncError e) {
                out.println(Formats.error(account, e));
            }

            @Override
            public void done(SyncResult r) {
                closeBar();
                summary.add(r);
            }

            private void closeBar() {
                if (bar != null) {
                    bar.close();
                    bar = null;
                }
            }
        };
    }

    private static String label(Phase phase) {
        return switch (phase) {
            case RECONCILE -> "reconcile";
            case UPLOAD_HIERARCHY -> "upload folders";
            case UPLOAD_CONTENTS -> "upload";
            case DOWNLOAD_HIERARCHY -> "download folders";
            case DOWNLOAD_CONTENTS -> "download";
        };
    }

    @Override
    public void note(String line) {
        out.println(line);
    }

    @Override
    public void close() {
        out.flush();
    }
}
