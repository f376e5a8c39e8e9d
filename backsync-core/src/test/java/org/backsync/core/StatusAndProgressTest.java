package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Progress;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeFault;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;

/** R10-R14: errors by scope, warnings, the final status, and honest progress. */
class StatusAndProgressTest {
    private static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void r10OneFailingFolderOutOfThreeGivesOneFolderErrorTheOthersSyncedAndPartial() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            for (String name : List.of("A", "B", "C")) {
                f.server.createFolder(FolderPath.of(name));
                f.server.deliver(FolderPath.of(name), MailSamples.plain("<" + name + "@x>", name), Flags.NONE, DATE);
            }
            f.server.inject(FakeFault.on("FETCH").in(FolderPath.of("B")).fail(Status.NOT_FOUND, Scope.FOLDER));

            SyncResult r = f.syncAll();

            assertThat(r.status()).isEqualTo(Status.PARTIAL);
            assertThat(r.errors()).extracting(SyncError::scope).containsExactly(Scope.FOLDER);
            assertThat(localMessageIds(f, "A")).containsExactly("<A@x>");
            assertThat(localMessageIds(f, "C")).containsExactly("<C@x>");
            assertThat(localMessageIds(f, "B")).isEmpty();
        }
    }

    @Test
    void r10OneMessageTheServerRefusesGivesOneMessageErrorAndTheRestOfTheFolderIsUploaded() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            f.syncAll();
            long inbox = folderId(f, FolderPath.INBOX);
            for (int i = 1; i <= 3; i++) {
                addLocal(f, inbox, "<m" + i + "@x>");
            }
            f.server.inject(FakeFault.on("APPEND").nth(2).fail(Status.BUSY, Scope.MESSAGE));

            SyncResult r = f.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

            assertThat(r.status()).isEqualTo(Status.PARTIAL);
            assertThat(r.errors()).extracting(SyncError::scope).containsExactly(Scope.MESSAGE);
            assertThat(f.server.uids(FolderPath.INBOX)).hasSize(2);
            assertThat(f.store.messages(inbox)).filteredOn(m -> m.needsAppend()).hasSize(1); // B33: still pending
        }
    }

    @Test
    void r11AConflictIsAWarningAndAFailureIsNot() {
        SyncError conflict = SyncError.of(Status.CONFLICT, Scope.MESSAGE, "both sides");
        SyncError failure = new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "gone").toError();

        assertThat(conflict.isWarning()).isTrue();
        assertThat(failure.isWarning()).isFalse();
    }

    @Test
    void r12ASyncWhoseOnlyReportsAreConflictWarningsEndsOk() {
        PhaseRunner warns = ctx -> ctx.warn(Status.CONFLICT, Scope.MESSAGE, "resolved by 4.6", Optional.empty());
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(warns))) {
            SyncResult r = f.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)));

            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.counts().conflicts()).isEqualTo(1);
        }
    }

    @Test
    void r12AnAccountFailureWinsOverEarlierMessageFailures() {
        PhaseRunner failsThenStops = ctx -> {
            ctx.fail(new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "message 3 gone"));
            throw new SyncException(Status.CORRUPT_STORE, Scope.ACCOUNT, "store check failed");
        };
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(failsThenStops))) {
            SyncResult r = f.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)));

            assertThat(r.status()).isEqualTo(Status.CORRUPT_STORE);
            assertThat(r.errors())
                    .extracting(SyncError::status)
                    .containsExactly(Status.NOT_FOUND, Status.CORRUPT_STORE);
        }
    }

    @Test
    void r13ProgressIndexAndBytesNeverDecreaseAndNeverExceedTheirTotals() {
        try (EngineFixture f = new EngineFixture()) {
            for (int i = 0; i < 30; i++) {
                f.server.deliver(FolderPath.INBOX, MailSamples.plain("<p" + i + "@x>", "p" + i), Flags.NONE, DATE);
            }
            RecordingSyncListener l = f.listener();

            f.start(SyncRequest.all(EngineFixture.ALICE), l);
            l.awaitDone();

            List<Progress> down = l.progress(Phase.DOWNLOAD_CONTENTS);
            for (int i = 1; i < down.size(); i++) {
                assertThat(down.get(i).index())
                        .isGreaterThanOrEqualTo(down.get(i - 1).index());
                assertThat(down.get(i).bytesDone())
                        .isGreaterThanOrEqualTo(down.get(i - 1).bytesDone());
            }
            assertThat(down)
                    .allSatisfy(p ->
                            assertThat(p.max() == 0 || p.index() <= p.max()).isTrue());
        }
    }

    @Test
    void r14EachPhaseOpensWithTextAndAPhaseWithAKnownTotalEndsAtMax() {
        try (EngineFixture f = new EngineFixture()) {
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<q@x>", "q"), Flags.NONE, DATE);
            RecordingSyncListener l = f.listener();

            f.start(SyncRequest.all(EngineFixture.ALICE), l);
            l.awaitDone();

            assertThat(l.phases())
                    .containsExactly(
                            Phase.UPLOAD_HIERARCHY,
                            Phase.UPLOAD_CONTENTS,
                            Phase.DOWNLOAD_HIERARCHY,
                            Phase.DOWNLOAD_CONTENTS);
            for (Phase phase : l.phases()) {
                List<Progress> ps = l.progress(phase);
                assertThat(ps.getFirst().text()).isNotNull();
                Progress last = ps.getLast();
                assertThat(last.max() == 0 || last.index() == last.max())
                        .as("%s ends at max", last)
                        .isTrue();
            }
        }
    }

    @Test
    void r14DownloadContentsReportsAPositiveMaxBeforeItsFirstFetch() {
        try (EngineFixture f = new EngineFixture()) {
            f.syncAll();
            f.server.deliver(FolderPath.INBOX, MailSamples.plain("<n@x>", "n"), Flags.NONE, DATE);
            RecordingSyncListener l = f.listener();

            f.start(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)), l);
            l.awaitDone();

            Progress firstCounted = l.progress(Phase.DOWNLOAD_CONTENTS).stream()
                    .filter(p -> p.max() > 0)
                    .findFirst()
                    .orElseThrow();
            assertThat(firstCounted.index()).isZero();
            assertThat(firstCounted.max()).isEqualTo(1);
        }
    }

    @Test
    void r14ProgressIsThrottledButTextAndTheFinalCallAlwaysArrive() {
        try (EngineFixture f = new EngineFixture(ScriptedPhases.download(ScriptedPhases.counting(5000)))) {
            RecordingSyncListener l = f.listener();

            f.start(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.DOWNLOAD_CONTENTS)), l);
            SyncResult r = l.awaitDone();

            List<Progress> ps = l.progress(Phase.DOWNLOAD_CONTENTS);
            long seconds = Math.max(1, r.elapsed().toSeconds() + 1);
            assertThat(ps.size()).isLessThanOrEqualTo((int) (12 * seconds) + 3);
            assertThat(ps.getFirst().text()).isEqualTo("Counting to 5000");
            assertThat(ps.getLast().index()).isEqualTo(5000);
        }
    }

    static List<String> localMessageIds(EngineFixture f, String folder) throws SyncException {
        Optional<LocalFolder> lf = f.store.folder(EngineFixture.ALICE, FolderPath.of(folder));
        if (lf.isEmpty()) {
            return List.of();
        }
        return f.store.messages(lf.get().id()).stream()
                .map(m -> m.messageId().orElse("?"))
                .toList();
    }

    static long folderId(EngineFixture f, FolderPath path) throws SyncException {
        return f.store.folder(EngineFixture.ALICE, path).orElseThrow().id();
    }

    static long addLocal(EngineFixture f, long folderId, String messageId) throws SyncException {
        byte[] content = MailSamples.plain(messageId, messageId);
        return f.store.write(tx -> tx.insertMessage(
                folderId,
                NewMessage.local(Optional.of(messageId), DATE, Flags.NONE, org.backsync.RawMessage.of(content))));
    }
}
