package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backsync.core.outbox.FakeOutboxWorld.ACCOUNT;
import static org.backsync.core.outbox.FakeOutboxWorld.simple;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;

/** Restart after a crash at each step of CONTRACT 6.3/6.4: the store is left as the dead process left it. */
class OutboxRecoveryTest {
    final FakeOutboxWorld world = new FakeOutboxWorld();

    /** Submits without sending, then writes what a process killed at that step leaves behind. */
    OutboxId crashedWhileSending(String messageId, boolean pastEndOfData) throws SyncException {
        world.runTasksAtOnce = false;
        OutboxId id = world.outbox.submit(ACCOUNT, simple(messageId, "you@example.org"));
        world.queuedTasks.clear();
        world.store.write(tx -> {
            OutboxEntry e = tx.outboxRecord(id).orElseThrow().entry();
            tx.updateOutbox(Entries.sending(e));
            long intent = tx.openIntent(
                    IntentSpec.of(ACCOUNT, IntentKind.SMTP_SEND)
                            .withOutbox(id.value())
                            .withIdentity(Optional.of(messageId), Optional.empty()),
                    world.clock.instant());
            if (pastEndOfData) {
                tx.markDataComplete(intent);
            }
            return null;
        });
        world.runTasksAtOnce = true;
        return id;
    }

    /** A message SENT whose Sent-copy APPEND intent is still open. */
    OutboxId crashedBeforeTheSentCopyWasClosed(String messageId) throws SyncException {
        world.runTasksAtOnce = false;
        OutboxId id = world.outbox.submit(ACCOUNT, simple(messageId, "you@example.org"));
        world.queuedTasks.clear();
        world.store.write(tx -> {
            OutboxEntry e = tx.outboxRecord(id).orElseThrow().entry();
            tx.updateOutbox(Entries.sent(Entries.sending(e), Optional.empty(), List.of()));
            tx.openIntent(
                    IntentSpec.of(ACCOUNT, IntentKind.APPEND)
                            .withOutbox(id.value())
                            .withIdentity(Optional.of(messageId), Optional.empty()),
                    world.clock.instant());
            return null;
        });
        world.runTasksAtOnce = true;
        return id;
    }

    /** A new process: a fresh sender over the same store, clock and servers. */
    void restart() {
        new OutboxSender(world.setup).trigger(ACCOUNT, false);
    }

    OutboxEntry entry(OutboxId id) {
        return world.outbox.entry(id);
    }

    @Test
    void afterACrashPastTheEndOfDataAMessageFoundInSentIsSentWithoutResending() throws Exception {
        OutboxId id = crashedWhileSending("<b51@example.org>", true);
        world.sent.messageIds.add("<b51@example.org>");

        restart();

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(entry(id).reason()).hasValueSatisfying(r -> assertThat(r).contains("found in Sent"));
        assertThat(world.transport.sends).isEmpty();
        assertThat(world.sent.appended).isEmpty();
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }

    @Test
    void afterACrashBeforeTheEndOfDataTheMessageIsSentExactlyOnceMore() throws Exception {
        OutboxId id = crashedWhileSending("<b52@example.org>", false);

        restart();
        world.advance(Duration.ofHours(2));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(world.transport.sends).hasSize(1);
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }

    @Test
    void afterACrashPastTheEndOfDataAMessageMissingFromSentIsHeldAsDeliveryUncertain() throws Exception {
        OutboxId id = crashedWhileSending("<unk@example.org>", true);

        restart();
        world.advance(Duration.ofHours(2));

        assertThat(entry(id).state()).isEqualTo(OutboxState.HELD);
        assertThat(entry(id).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("delivery uncertain"));
        assertThat(world.transport.sends).isEmpty();
        Intent closed = world.store.intent(1).orElseThrow();
        assertThat(closed.state()).isEqualTo(IntentState.NOT_APPLIED);
        assertThat(closed.detail()).contains("delivery uncertain");
    }

    @Test
    void afterACrashPastTheEndOfDataOnAServerThatSavesSentMailAMissingMessageIsSentAgain() throws Exception {
        world.sent.savesSentMail = true;
        OutboxId id = crashedWhileSending("<again@example.org>", true);

        restart();

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(world.transport.sends).hasSize(1);
        assertThat(world.sent.appended).isEmpty();
    }

    @Test
    void whileSentCannotBeSearchedTheMessageStaysSendingAndIsNeverResent() throws Exception {
        OutboxId id = crashedWhileSending("<wait@example.org>", true);
        world.sent.unreachable = true;

        restart();
        world.advance(Duration.ofMinutes(30));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENDING);
        assertThat(world.transport.sends).isEmpty();

        world.sent.unreachable = false;
        world.sent.messageIds.add("<wait@example.org>");
        world.advance(Duration.ofMinutes(2));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
    }

    @Test
    void aStoreFailureAfterThe250NeverPutsTheMessageBackInTheQueue() throws Exception {
        FailingStore failing = new FailingStore(world.store);
        OutboxSetup s = new OutboxSetup(
                failing,
                world.setup.transports(),
                world.setup.sentFolders(),
                world.setup.limits(),
                world.clock,
                Runnable::run,
                world.timer,
                world.setup.random(),
                world.setup.backoff(),
                world.setup.listener());
        LocalOutbox outbox = new LocalOutbox(s, new OutboxSender(s));
        failing.failCommitWhen(tx -> {
            try {
                return tx.outbox(ACCOUNT).stream().anyMatch(r -> r.entry().state() == OutboxState.SENT);
            } catch (SyncException e) {
                throw new AssertionError(e);
            }
        });

        OutboxId id = outbox.submit(ACCOUNT, simple("<disk@example.org>", "you@example.org"));

        assertThat(world.transport.sends).hasSize(1);
        assertThat(outbox.entry(id).state()).isEqualTo(OutboxState.SENDING);

        failing.failCommitWhen(tx -> false);
        world.advance(Duration.ofHours(2));

        assertThat(world.transport.sends).hasSize(1);
        assertThat(outbox.entry(id).state()).isEqualTo(OutboxState.HELD);
        assertThat(outbox.entry(id).reason())
                .hasValueSatisfying(r -> assertThat(r).startsWith("delivery uncertain"));
    }

    @Test
    void theSentCopyIsAppendedExactlyOnce() throws Exception {
        OutboxId id = world.outbox.submit(ACCOUNT, simple("<once@example.org>", "you@example.org"));

        world.outbox.flush(ACCOUNT);
        world.advance(Duration.ofHours(1));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(world.sent.appended).hasSize(1);
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }

    @Test
    void aSentCopyInterruptedBeforeItsAppendIsAppendedOnceAfterRestart() throws Exception {
        crashedBeforeTheSentCopyWasClosed("<copy@example.org>");

        restart();
        restart();

        assertThat(world.sent.appended).hasSize(1);
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }

    @Test
    void aSentCopyAppendedJustBeforeTheCrashIsNotAppendedAgain() throws Exception {
        crashedBeforeTheSentCopyWasClosed("<done@example.org>");
        world.sent.messageIds.add("<done@example.org>");

        restart();

        assertThat(world.sent.appended).isEmpty();
        assertThat(world.sent.detected).isFalse();
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }

    @Test
    void noSentCopyIsAppendedWhenTheServerSavesSentMail() throws Exception {
        world.sent.savesSentMail = true;

        OutboxId id = world.outbox.submit(ACCOUNT, simple("<srv@example.org>", "you@example.org"));

        assertThat(entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(world.sent.appended).isEmpty();
        assertThat(world.store.intent(2)).isEmpty(); // only the SMTP_SEND intent was ever opened
    }

    @Test
    void aCopyTheServerPutInSentByItselfIsDetectedAndNotDuplicated() {
        world.transport.onAccept = () -> world.sent.messageIds.add("<auto@example.org>");

        world.outbox.submit(ACCOUNT, simple("<auto@example.org>", "you@example.org"));
        world.outbox.submit(ACCOUNT, simple("<auto2@example.org>", "you@example.org"));

        assertThat(world.sent.appended).isEmpty();
        assertThat(world.sent.detected).isTrue();
    }

    @Test
    void aSentCopyThatFailsIsRetriedByALaterPass() throws Exception {
        world.sent.unreachable = true;
        world.outbox.submit(ACCOUNT, simple("<late@example.org>", "you@example.org"));
        assertThat(world.store.openIntents(ACCOUNT)).extracting(Intent::kind).containsExactly(IntentKind.APPEND);

        world.sent.unreachable = false;
        world.advance(Duration.ofMinutes(2));

        assertThat(world.sent.appended).hasSize(1);
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
    }
}
