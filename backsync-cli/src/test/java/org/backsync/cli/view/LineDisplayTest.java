package org.backsync.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.backsync.AccountId;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncId;
import org.backsync.SyncListener;
import org.backsync.SyncResult;
import org.junit.jupiter.api.Test;

class LineDisplayTest {
    private static final AccountId WORK = AccountId.of("work");
    private final StringWriter out = new StringWriter();
    private final RunSummary summary = new RunSummary(InstantSource.fixed(Instant.EPOCH));

    @Test
    void phasesErrorsAndTheEndAreEachOneLine() {
        SyncListener testSubject =
                SyncDisplay.forTerminal(false, new PrintWriter(out, true)).listener(WORK, summary);
        SyncError missing = SyncError.of(Status.NOT_FOUND, Scope.FOLDER, "folder Old is gone", FolderPath.of("Old"));

        testSubject.progress(new Progress(Phase.DOWNLOAD_CONTENTS, "INBOX: 3 new", 0, 3, 0, 3_000));
        testSubject.progress(new Progress(Phase.DOWNLOAD_CONTENTS, null, 3, 3, 3_000, 3_000));
        testSubject.error(missing);
        testSubject.done(new SyncResult(
                new SyncId(1), Status.PARTIAL, new Counts(0, 3, 1, 0), List.of(missing), Duration.ofMillis(1500)));

        assertThat(out.toString().lines())
                .containsExactly(
                        "[work] DOWNLOAD_CONTENTS 0/3 (0%) 0 B/2.9 KB  INBOX: 3 new",
                        "[work] error NOT_FOUND 0x8004010F scope=FOLDER folder=Old: folder Old is gone",
                        "[work] DOWNLOAD_CONTENTS 3/3 (100%) 2.9 KB/2.9 KB  INBOX: 3 new",
                        "[work] sync-1: PARTIAL up=0 down=3 errors=1 in 1.5s");
    }

    @Test
    void theSummaryLineAddsUpEverySyncAndKeepsTheWorstStatus() {
        summary.add(new SyncResult(new SyncId(1), Status.OK, new Counts(2, 10, 0, 0), List.of(), Duration.ZERO));
        summary.add(new SyncResult(
                new SyncId(2),
                Status.PARTIAL,
                new Counts(1, 5, 1, 0),
                List.of(SyncError.of(Status.BUSY, Scope.MESSAGE, "m")),
                Duration.ZERO));
        summary.sent(1);

        assertThat(summary.line()).isEqualTo("sync done status=PARTIAL up=3 down=15 sent=1 errors=1 elapsed=0.0s");
        assertThat(summary.status()).isEqualTo(Status.PARTIAL);
    }

    @Test
    void warningsAreNotCountedAsErrors() {
        summary.add(new SyncResult(
                new SyncId(1),
                Status.OK,
                Counts.ZERO,
                List.of(SyncError.of(Status.CONFLICT, Scope.MESSAGE, "both changed")),
                Duration.ZERO));

        assertThat(summary.line()).contains("status=OK").contains("errors=0");
    }

    @Test
    void cancelOutranksAccountFailures() {
        assertThat(RunSummary.worse(Status.LOGON_FAILED, Status.CANCELLED)).isEqualTo(Status.CANCELLED);
        assertThat(RunSummary.worse(Status.PARTIAL, Status.NETWORK_ERROR)).isEqualTo(Status.NETWORK_ERROR);
        assertThat(RunSummary.worse(Status.LOGON_FAILED, Status.NETWORK_ERROR)).isEqualTo(Status.LOGON_FAILED);
    }
}
