package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backsync.testing.StoreSamples.ALICE;
import static org.backsync.testing.StoreSamples.BOB;
import static org.backsync.testing.StoreSamples.T0;
import static org.backsync.testing.StoreSamples.appendSpec;
import static org.backsync.testing.StoreSamples.insertLocal;
import static org.backsync.testing.StoreSamples.mail;
import static org.backsync.testing.StoreSamples.queued;
import static org.backsync.testing.StoreSamples.read;
import static org.backsync.testing.StoreSamples.serverFolder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.spi.Flags;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.MessageStore;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.junit.jupiter.api.Test;

/** The journal, Outbox and lease part of {@link MessageStoreContract}. */
public interface MessageStoreJournalContract {
    /** A fresh, empty store for the current test; the implementing class closes it afterwards. */
    MessageStore testSubject();

    @Test
    default void intentCommitsWithTheLocalChangeItReliesOn() throws Exception {
        MessageStore store = testSubject();
        long drafts = serverFolder(store, "Drafts").id();
        long id = insertLocal(store, drafts, mail("d"));

        long intentId = store.write(tx -> {
            tx.setFlags(id, Flags.of(Flags.SEEN, Flags.DRAFT));
            return tx.openIntent(appendSpec(ALICE, drafts, id), T0);
        });

        Intent intent = store.intent(intentId).orElseThrow();
        assertThat(intent.state()).isEqualTo(IntentState.OPEN);
        assertThat(intent.spec()).isEqualTo(appendSpec(ALICE, drafts, id));
        assertThat(intent.attempts()).isZero();
        assertThat(intent.dataComplete()).isFalse();
        assertThat(intent.created()).isEqualTo(T0);
        assertThat(intent.closed()).isEmpty();
        assertThat(store.openIntents(ALICE)).containsExactly(intent);
    }

    @Test
    default void intentOfARolledBackTransactionIsNotRecorded() throws Exception {
        MessageStore store = testSubject();

        assertThatThrownBy(() -> store.write(tx -> {
                    tx.openIntent(appendSpec(ALICE, 1, 1), T0);
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");

        assertThat(store.openIntents(ALICE)).isEmpty();
    }

    @Test
    default void intentSpecWithEveryFieldRoundTrips() throws Exception {
        MessageStore store = testSubject();
        IntentSpec spec = IntentSpec.of(ALICE, IntentKind.MOVE)
                .withFolder(3, FolderPath.of("INBOX"))
                .withTarget(Optional.of(4L), FolderPath.of("Archive/2024"))
                .withMessages(List.of(10L, 11L), List.of(Uid.of(1), Uid.of(4_294_967_295L)))
                .withFlags(Flags.of(Flags.SEEN, "$k"), Flags.of(Flags.FLAGGED))
                .withIdentity(Optional.of("<a@b>"), Optional.of("track-1"))
                .withServerState(Optional.of(Uid.of(77)), Optional.of(UidValidity.of(99)))
                .withOutbox(5);

        long id = store.write(tx -> tx.openIntent(spec, T0));

        assertThat(store.intent(id).orElseThrow().spec()).isEqualTo(spec);
    }

    @Test
    default void openIntentsAreListedOldestFirstPerAccount() throws Exception {
        MessageStore store = testSubject();

        long first = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 1), T0));
        store.write(tx -> tx.openIntent(appendSpec(BOB, 1, 2), T0));
        long third = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 3), T0.plusSeconds(1)));

        assertThat(store.openIntents(ALICE)).extracting(Intent::id).containsExactly(first, third);
    }

    @Test
    default void closedIntentLeavesTheOpenListAndIsKeptWithItsOutcome() throws Exception {
        MessageStore store = testSubject();
        long applied = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 1), T0));
        long notApplied = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 2), T0));

        store.write(tx -> {
            tx.closeIntent(applied, IntentState.APPLIED, "APPENDUID 9 501", T0.plusSeconds(5));
            tx.closeIntent(notApplied, IntentState.NOT_APPLIED, "NO [OVERQUOTA]", T0.plusSeconds(6));
            return null;
        });

        assertThat(store.openIntents(ALICE)).isEmpty();
        Intent a = store.intent(applied).orElseThrow();
        assertThat(a.state()).isEqualTo(IntentState.APPLIED);
        assertThat(a.detail()).contains("APPENDUID 9 501");
        assertThat(a.closed()).contains(T0.plusSeconds(5));
        assertThat(store.intent(notApplied).orElseThrow().state()).isEqualTo(IntentState.NOT_APPLIED);
    }

    @Test
    default void failedAttemptsAreCountedAndTheIntentStaysOpen() throws Exception {
        MessageStore store = testSubject();
        long id = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 1), T0));

        store.write(tx -> {
            tx.recordAttempt(id, "connection reset");
            tx.recordAttempt(id, "NO try later");
            return null;
        });

        Intent intent = store.intent(id).orElseThrow();
        assertThat(intent.isOpen()).isTrue();
        assertThat(intent.attempts()).isEqualTo(2);
        assertThat(intent.detail()).contains("NO try later");
    }

    @Test
    default void dataCompleteIsRecordedOnASendIntent() throws Exception {
        MessageStore store = testSubject();
        long id = store.write(
                tx -> tx.openIntent(IntentSpec.of(ALICE, IntentKind.SMTP_SEND).withOutbox(1), T0));

        store.write(tx -> {
            tx.markDataComplete(id);
            return null;
        });

        assertThat(store.intent(id).orElseThrow().dataComplete()).isTrue();
        assertThat(store.intent(id).orElseThrow().isOpen()).isTrue();
    }

    @Test
    default void pruneDeletesOnlyIntentsClosedBeforeTheCutoff() throws Exception {
        MessageStore store = testSubject();
        long old = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 1), T0));
        long recent = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 2), T0));
        long open = store.write(tx -> tx.openIntent(appendSpec(ALICE, 1, 3), T0));
        store.write(tx -> {
            tx.closeIntent(old, IntentState.APPLIED, "ok", T0.plus(Duration.ofDays(1)));
            tx.closeIntent(recent, IntentState.APPLIED, "ok", T0.plus(Duration.ofDays(30)));
            return null;
        });

        int pruned = store.write(tx -> tx.pruneIntents(T0.plus(Duration.ofDays(10))));

        assertThat(pruned).isEqualTo(1);
        assertThat(store.intent(old)).isEmpty();
        assertThat(store.intent(recent)).isPresent();
        assertThat(store.intent(open)).isPresent();
    }

    @Test
    default void outboxKeepsSubmissionOrderAndAssignsIds() throws Exception {
        MessageStore store = testSubject();

        OutboxId first = store.write(
                tx -> tx.addToOutbox(queued(ALICE, "<1@x>"), "a@x", List.of("b@y"), RawMessage.of(mail("1"))));
        OutboxId second = store.write(
                tx -> tx.addToOutbox(queued(ALICE, "<2@x>"), "a@x", List.of("c@y", "d@y"), RawMessage.of(mail("2"))));

        assertThat(first).isNotEqualTo(second);
        List<OutboxRecord> records = store.outbox(ALICE);
        assertThat(records).extracting(r -> r.entry().id()).containsExactly(first, second);
        assertThat(records.get(1).recipients()).containsExactly("c@y", "d@y");
        assertThat(records.get(1).from()).isEqualTo("a@x");
        assertThat(records.get(1).entry().state()).isEqualTo(OutboxState.QUEUED);
        assertThat(store.outbox(BOB)).isEmpty();
        assertThat(read(store.outboxContent(second).orElseThrow())).isEqualTo(mail("2"));
    }

    @Test
    default void outboxEntryUpdateReplacesStateAttemptsAndOutcomes() throws Exception {
        MessageStore store = testSubject();
        OutboxId id = store.write(
                tx -> tx.addToOutbox(queued(ALICE, "<1@x>"), "a@x", List.of("b@y"), RawMessage.of(mail("1"))));
        OutboxEntry sent = new OutboxEntry(
                id,
                ALICE,
                "<1@x>",
                OutboxState.SENT,
                Optional.of("250 ok"),
                2,
                Optional.of(T0.plusSeconds(60)),
                List.of(new RecipientOutcome("b@y", true, 250, "2.1.5 ok")),
                T0);

        store.write(tx -> {
            tx.updateOutbox(sent);
            return null;
        });

        assertThat(store.outboxRecord(id).orElseThrow().entry()).isEqualTo(sent);
        assertThat(store.outboxRecord(id).orElseThrow().recipients()).containsExactly("b@y");
    }

    @Test
    default void leaseIsExclusiveUntilItExpires() throws Exception {
        MessageStore store = testSubject();
        Instant until = T0.plusSeconds(60);

        boolean first = store.write(tx -> tx.tryLease(ALICE, "sync-1", T0, until));
        boolean rival = store.write(tx -> tx.tryLease(ALICE, "sync-2", T0.plusSeconds(59), T0.plusSeconds(120)));
        boolean otherAccount = store.write(tx -> tx.tryLease(BOB, "sync-2", T0, until));
        boolean afterExpiry = store.write(tx -> tx.tryLease(ALICE, "sync-2", until, T0.plusSeconds(120)));

        assertThat(first).isTrue();
        assertThat(rival).isFalse();
        assertThat(otherAccount).isTrue();
        assertThat(afterExpiry).isTrue();
    }

    @Test
    default void ownerRenewsItsLeaseAndOnlyTheOwnerReleasesIt() throws Exception {
        MessageStore store = testSubject();
        store.write(tx -> tx.tryLease(ALICE, "sync-1", T0, T0.plusSeconds(60)));

        boolean renewed = store.write(tx -> tx.tryLease(ALICE, "sync-1", T0.plusSeconds(30), T0.plusSeconds(90)));
        store.write(tx -> {
            tx.releaseLease(ALICE, "sync-2");
            return null;
        });
        boolean rivalAfterWrongRelease =
                store.write(tx -> tx.tryLease(ALICE, "sync-2", T0.plusSeconds(70), T0.plusSeconds(80)));
        store.write(tx -> {
            tx.releaseLease(ALICE, "sync-1");
            return null;
        });
        boolean rivalAfterRelease =
                store.write(tx -> tx.tryLease(ALICE, "sync-2", T0.plusSeconds(70), T0.plusSeconds(80)));

        assertThat(renewed).isTrue();
        assertThat(rivalAfterWrongRelease).isFalse();
        assertThat(rivalAfterRelease).isTrue();
    }
}
