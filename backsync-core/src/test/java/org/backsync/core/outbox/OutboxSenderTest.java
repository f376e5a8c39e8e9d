package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backsync.core.outbox.FakeOutboxWorld.ACCOUNT;
import static org.backsync.core.outbox.FakeOutboxWorld.busy;
import static org.backsync.core.outbox.FakeOutboxWorld.message;
import static org.backsync.core.outbox.FakeOutboxWorld.networkDown;
import static org.backsync.core.outbox.FakeOutboxWorld.refused;
import static org.backsync.core.outbox.FakeOutboxWorld.simple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.core.outbox.FakeOutboxWorld.Behaviour;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxSenderTest {
    final FakeOutboxWorld world = new FakeOutboxWorld();
    final LocalOutbox outbox = world.outbox;

    OutboxEntry entry(OutboxId id) {
        return outbox.entry(id);
    }

    List<Intent> intents(IntentKind kind) throws SyncException {
        return world.store.openIntents(ACCOUNT).stream()
                .filter(i -> i.kind() == kind)
                .toList();
    }

    @Test
    void anAcceptedMessageIsSentWithOneOutcomePerRecipientAndNoOpenIntent() throws Exception {
        OutboxId id = outbox.submit(ACCOUNT, simple("<a@example.org>", "you@example.org, him@example.org"));

        OutboxEntry e = entry(id);
        assertThat(e.state()).isEqualTo(OutboxState.SENT);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.recipients())
                .extracting(RecipientOutcome::address)
                .containsExactly("you@example.org", "him@example.org");
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
        assertThat(world.transport.sends.getFirst().envelope().from()).isEqualTo("me@example.org");
    }

    @Test
    void bccIsRemovedFromTheTransmittedCopyButKeptInTheStoredAndSentCopies() throws Exception {
        OutboxId id = outbox.submit(
                ACCOUNT,
                message("From: me@example.org\nTo: you@example.org\nBcc: secret@example.org,\n other@example.org\n"
                        + "Message-ID: <b1@example.org>\n\nbody\n"));

        FakeOutboxWorld.Transport.Sent sent = world.transport.sends.getFirst();
        assertThat(sent.envelope().recipients())
                .containsExactly("you@example.org", "secret@example.org", "other@example.org");
        assertThat(sent.text()).doesNotContainIgnoringCase("bcc").doesNotContain("secret@example.org");
        assertThat(sent.text())
                .isEqualTo("From: me@example.org\r\nTo: you@example.org\r\n"
                        + "Message-ID: <b1@example.org>\r\n\r\nbody\r\n");
        String stored = new String(world.store.outboxContent(id).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(stored).contains("Bcc: secret@example.org");
        assertThat(new String(world.sent.appended.getFirst(), StandardCharsets.UTF_8))
                .contains("Bcc: secret");
    }

    @Test
    void aTemporaryReplyPutsTheMessageBackInQueuedWithALaterAttempt() {
        world.transport.next(new Behaviour.Fail(busy("451 4.3.0 try later"), false));

        OutboxId id = outbox.submit(ACCOUNT, simple("<t@example.org>", "you@example.org"));

        OutboxEntry e = entry(id);
        assertThat(e.state()).isEqualTo(OutboxState.QUEUED);
        assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("451 4.3.0 try later"));
        assertThat(e.nextAttempt())
                .hasValueSatisfying(at -> assertThat(Duration.between(world.clock.now, at))
                        .isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72)));
    }

    @Test
    void aPermanentReplyFailsTheMessageWithTheServerText() {
        world.transport.next(new Behaviour.Fail(refused("554 5.7.1 rejected as spam"), true));

        OutboxId id = outbox.submit(ACCOUNT, simple("<p@example.org>", "you@example.org"));

        assertThat(entry(id).state()).isEqualTo(OutboxState.FAILED);
        assertThat(entry(id).reason()).hasValueSatisfying(r -> assertThat(r).contains("554 5.7.1 rejected as spam"));
        assertThat(world.sent.appended).isEmpty();
    }

    @Test
    void eightAttemptsOfTemporaryFailureEndInRetriesExhaustedWithTheLastReply() {
        for (int i = 1; i <= 8; i++) {
            world.transport.next(new Behaviour.Fail(busy("452 4.3.1 attempt " + i), false));
        }
        OutboxId id = outbox.submit(ACCOUNT, simple("<x@example.org>", "you@example.org"));

        world.advance(Duration.ofHours(6));

        assertThat(world.transport.sends).isEmpty();
        assertThat(entry(id).state()).isEqualTo(OutboxState.FAILED);
        assertThat(entry(id).attempts()).isEqualTo(8);
        assertThat(entry(id).reason())
                .hasValueSatisfying(
                        r -> assertThat(r).startsWith("retries exhausted: ").contains("452 4.3.1 attempt 8"));
    }

    @Test
    void retryAfterRetriesExhaustedResetsTheAttemptsAndSends() {
        for (int i = 1; i <= 8; i++) {
            world.transport.next(new Behaviour.Fail(busy("452 4.3.1 full"), false));
        }
        OutboxId id = outbox.submit(ACCOUNT, simple("<r@example.org>", "you@example.org"));
        world.advance(Duration.ofHours(6));

        outbox.retry(id);

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(entry(id).attempts()).isEqualTo(1);
    }

    @Test
    void aMessageWaitingForItsRetryDoesNotHoldBackLaterOnes() {
        world.runTasksAtOnce = false;
        world.transport.next(new Behaviour.Fail(busy("450 4.2.1 mailbox busy"), false));
        OutboxId first = outbox.submit(ACCOUNT, simple("<1@example.org>", "you@example.org"));
        OutboxId second = outbox.submit(ACCOUNT, simple("<2@example.org>", "you@example.org"));
        world.runTasksAtOnce = true;

        world.queuedTasks.getFirst().run();

        assertThat(entry(first).state()).isEqualTo(OutboxState.QUEUED);
        assertThat(entry(second).state()).isEqualTo(OutboxState.SENT);
        world.advance(Duration.ofMinutes(2));
        assertThat(entry(first).state()).isEqualTo(OutboxState.SENT);
    }

    @Test
    void messagesAreAttemptedInSubmissionOrder() {
        world.runTasksAtOnce = false;
        for (int i = 1; i <= 3; i++) {
            outbox.submit(ACCOUNT, simple("<" + i + "@example.org>", "r" + i + "@example.org"));
        }

        world.queuedTasks.getFirst().run();

        assertThat(world.transport.sends)
                .extracting(s -> s.envelope().recipients().getFirst())
                .containsExactly("r1@example.org", "r2@example.org", "r3@example.org");
    }

    @Test
    void aMessageSubmittedOfflineIsSentWhenTheNetworkComesBackWithoutUserAction() {
        world.transport.offline = Optional.of(networkDown());
        OutboxId id = outbox.submit(ACCOUNT, simple("<off@example.org>", "you@example.org"));
        OutboxId later = outbox.submit(ACCOUNT, simple("<off2@example.org>", "you@example.org"));
        assertThat(entry(id).state()).isEqualTo(OutboxState.QUEUED);

        world.advance(Duration.ofMinutes(5));
        world.transport.offline = Optional.empty();
        world.advance(Duration.ofMinutes(10));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(entry(later).state()).isEqualTo(OutboxState.SENT);
        assertThat(world.transport.sends).hasSize(2);
    }

    @Test
    void anAccountWideFailureEndsThePassWithoutTouchingLaterMessages() {
        world.runTasksAtOnce = false;
        world.transport.next(new Behaviour.Fail(
                new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, "smtp.test refused AUTH PLAIN: 535"), false));
        OutboxId first = outbox.submit(ACCOUNT, simple("<l1@example.org>", "you@example.org"));
        OutboxId second = outbox.submit(ACCOUNT, simple("<l2@example.org>", "you@example.org"));

        world.queuedTasks.getFirst().run();

        assertThat(entry(first).state()).isEqualTo(OutboxState.QUEUED);
        assertThat(entry(first).reason()).hasValueSatisfying(r -> assertThat(r).contains("535"));
        assertThat(entry(second).attempts()).isZero();
    }

    @Test
    void flushSendsAWaitingMessageNowIgnoringItsBackoff() {
        world.transport.next(new Behaviour.Fail(busy("451 4.3.0 later"), false));
        OutboxId id = outbox.submit(ACCOUNT, simple("<f@example.org>", "you@example.org"));

        outbox.flush(ACCOUNT);

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
    }

    @Test
    void refusedRecipientsAreReportedAndNeverRetriedSoAcceptedOnesGetNoDuplicate() {
        world.transport.refuse("nobody@example.org", "550 5.1.1 no such user");
        OutboxId id = outbox.submit(ACCOUNT, simple("<pr@example.org>", "you@example.org, nobody@example.org"));

        world.advance(Duration.ofHours(3));

        OutboxEntry e = entry(id);
        assertThat(e.state()).isEqualTo(OutboxState.SENT);
        assertThat(e.recipients()).extracting(RecipientOutcome::accepted).containsExactly(true, false);
        assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("nobody@example.org", "550 5.1.1"));
        assertThat(world.transport.sends).hasSize(1);
    }

    @Test
    void everyRecipientRefusedFailsTheMessage() {
        world.transport.refuse("you@example.org", "550 5.1.1 no such user");

        OutboxId id = outbox.submit(ACCOUNT, simple("<ar@example.org>", "you@example.org"));

        assertThat(entry(id).state()).isEqualTo(OutboxState.FAILED);
        assertThat(entry(id).reason()).contains("all recipients refused: 550 5.1.1 no such user");
    }

    @Test
    void theEndOfDataIsJournaledBeforeTheMarkerAndTheIntentClosedAfterThe250() throws Exception {
        world.runTasksAtOnce = false;
        OutboxId id = outbox.submit(ACCOUNT, simple("<j@example.org>", "you@example.org"));
        List<Boolean> seenAtHook = new java.util.ArrayList<>();
        world.transport.onAccept = () -> {
            try {
                seenAtHook.add(intents(IntentKind.SMTP_SEND).getFirst().dataComplete());
            } catch (SyncException e) {
                throw new AssertionError(e);
            }
        };

        world.queuedTasks.getFirst().run();

        assertThat(seenAtHook).containsExactly(true);
        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(intents(IntentKind.SMTP_SEND)).isEmpty();
    }

    @Nested
    class UnknowableWindow {
        @Test
        void aConnectionLostAfterTheEndOfDataHoldsTheMessageAsDeliveryUncertain() throws Exception {
            world.transport.next(new Behaviour.Fail(
                    new SyncException(Status.TIMEOUT, Scope.ACCOUNT, "no answer from smtp.test"), true));

            OutboxId id = outbox.submit(ACCOUNT, simple("<u@example.org>", "you@example.org"));
            world.advance(Duration.ofHours(2));

            assertThat(entry(id).state()).isEqualTo(OutboxState.HELD);
            assertThat(entry(id).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("delivery uncertain"));
            assertThat(world.transport.sends).hasSize(1);
            assertThat(world.changes).anyMatch(c -> c.state() == OutboxState.HELD);
            assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
        }

        @Test
        void onAServerThatSavesSentMailAMessageMissingFromSentIsSentAgain() {
            world.sent.savesSentMail = true;
            world.transport.next(new Behaviour.Fail(
                    new SyncException(Status.END_OF_SESSION, Scope.ACCOUNT, "connection closed by smtp.test"), true));

            OutboxId id = outbox.submit(ACCOUNT, simple("<s@example.org>", "you@example.org"));
            world.advance(Duration.ofMinutes(1));

            assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
            assertThat(world.transport.sends).hasSize(2);
        }

        @Test
        void aReplyAfterTheEndOfDataIsAKnownOutcomeNotAnUncertainOne() {
            world.transport.next(new Behaviour.Fail(busy("451 4.3.0 queue full"), true));

            OutboxId id = outbox.submit(ACCOUNT, simple("<k@example.org>", "you@example.org"));

            assertThat(entry(id).state()).isEqualTo(OutboxState.QUEUED);
        }
    }
}
