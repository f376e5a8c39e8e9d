package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backsync.core.outbox.FakeOutboxWorld.ACCOUNT;
import static org.backsync.core.outbox.FakeOutboxWorld.message;
import static org.backsync.core.outbox.FakeOutboxWorld.simple;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.junit.jupiter.api.Test;

class LocalOutboxTest {
    final FakeOutboxWorld world = new FakeOutboxWorld();
    final LocalOutbox testSubject = world.outbox;

    OutboxEntry submitHeld(RawMessage m) {
        world.runTasksAtOnce = false;
        return testSubject.entry(testSubject.submit(ACCOUNT, m));
    }

    @Test
    void aSubmittedMessageIsQueuedInTheLocalOutboxAndInNoFolder() throws Exception {
        world.runTasksAtOnce = false;

        OutboxId id = testSubject.submit(ACCOUNT, simple("<b49@example.org>", "you@example.org"));

        assertThat(testSubject.entry(id).state()).isEqualTo(OutboxState.QUEUED);
        assertThat(testSubject.entry(id).messageId()).isEqualTo("<b49@example.org>");
        assertThat(world.store.folders(ACCOUNT)).isEmpty();
        assertThat(world.store.openIntents(ACCOUNT)).isEmpty();
        assertThat(world.transport.sends).isEmpty();
        assertThat(world.queuedTasks).hasSize(1);
    }

    @Test
    void submitReturnsBeforeAnySendHappens() {
        world.runTasksAtOnce = false;

        testSubject.submit(ACCOUNT, simple("<b49@example.org>", "you@example.org"));

        assertThat(world.transport.sends).isEmpty();
        world.queuedTasks.forEach(Runnable::run);
        assertThat(world.transport.sends).hasSize(1);
    }

    @Test
    void aMessageWithoutMessageIdGetsOneInTheSendersDomain() throws Exception {
        world.runTasksAtOnce = false;

        OutboxId id = testSubject.submit(ACCOUNT, message("From: me@example.org\nTo: you@example.org\n\nhi\n"));

        String messageId = testSubject.entry(id).messageId();
        assertThat(messageId).matches("<[0-9a-f]{32}@example\\.org>");
        String stored = new String(world.store.outboxContent(id).orElseThrow().bytes(), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("Message-ID: " + messageId + "\r\nFrom: me@example.org\r\n");
    }

    @Test
    void aMessageWithNoRecipientIsHeldWithTheReason() {
        OutboxEntry e = submitHeld(message("From: me@example.org\nSubject: x\n\nbody\n"));

        assertThat(e.state()).isEqualTo(OutboxState.HELD);
        assertThat(e.reason()).contains("no recipients: To, Cc and Bcc are empty");
    }

    @Test
    void anInvalidAddressIsHeldNamingTheAddress() {
        OutboxEntry e = submitHeld(message("From: me@example.org\nTo: ok@example.org, broken@@example\n\nbody\n"));

        assertThat(e.state()).isEqualTo(OutboxState.HELD);
        assertThat(e.reason()).contains("invalid recipient address: \"broken@@example\"");
    }

    @Test
    void aMessageWithoutFromIsHeld() {
        OutboxEntry e = submitHeld(message("To: you@example.org\n\nbody\n"));

        assertThat(e.reason()).contains("no From address");
    }

    @Test
    void eightBitHeadersWithoutSmtputf8AreHeld() {
        world.limits = Optional.of(new ServerLimits(OptionalLong.empty(), false));

        OutboxEntry e = submitHeld(message("From: me@example.org\nTo: you@example.org\nSubject: Grüße\n\nbody\n"));

        assertThat(e.state()).isEqualTo(OutboxState.HELD);
        assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("non-ASCII", "SMTPUTF8"));
    }

    @Test
    void eightBitHeadersAreQueuedWhenTheServerOffersSmtputf8() {
        OutboxEntry e = submitHeld(message("From: me@example.org\nTo: you@example.org\nSubject: Grüße\n\nbody\n"));

        assertThat(e.state()).isEqualTo(OutboxState.QUEUED);
    }

    @Test
    void aSixtyMegabyteMessageOverATenMegabyteLimitIsHeldAndKept() throws Exception {
        byte[] big = new byte[60 << 20];
        Arrays.fill(big, (byte) 'x');
        byte[] head = "From: me@example.org\r\nTo: you@example.org\r\nMessage-ID: <big@example.org>\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, big, 0, head.length);

        OutboxEntry e = submitHeld(RawMessage.of(big));

        assertThat(e.state()).isEqualTo(OutboxState.HELD);
        assertThat(e.reason())
                .contains("the message is 60.0 MB, over the server's size limit of 10.0 MB (SIZE 10485760)");
        try (InputStream in = world.store.outboxContent(e.id()).orElseThrow().open()) {
            assertThat(in.readAllBytes()).hasSize(big.length);
        }
    }

    @Test
    void limitsLearntAfterSubmitHoldTheMessageBeforeItsAttempt() {
        world.limits = Optional.empty();
        world.runTasksAtOnce = false;
        OutboxId id = testSubject.submit(
                ACCOUNT, message("From: me@example.org\nTo: you@example.org\nSubject: Grüße\n\nbody\n"));
        assertThat(testSubject.entry(id).state()).isEqualTo(OutboxState.QUEUED);

        world.limits = Optional.of(new ServerLimits(OptionalLong.empty(), false));
        world.queuedTasks.forEach(Runnable::run);

        assertThat(testSubject.entry(id).state()).isEqualTo(OutboxState.HELD);
        assertThat(world.transport.sends).isEmpty();
    }

    @Test
    void holdKeepsAQueuedMessageBackAndRetryQueuesItWithAttemptsReset() {
        world.runTasksAtOnce = false;
        OutboxId id = testSubject.submit(ACCOUNT, simple("<h@example.org>", "you@example.org"));

        testSubject.hold(id);
        world.queuedTasks.forEach(Runnable::run);

        assertThat(testSubject.entry(id).state()).isEqualTo(OutboxState.HELD);
        assertThat(world.transport.sends).isEmpty();

        world.runTasksAtOnce = true;
        testSubject.retry(id);

        assertThat(testSubject.entry(id).state()).isEqualTo(OutboxState.SENT);
        assertThat(testSubject.entry(id).attempts()).isEqualTo(1);
    }

    @Test
    void aMessageBeingSentCannotBeHeld() throws Exception {
        world.runTasksAtOnce = false;
        OutboxId id = testSubject.submit(ACCOUNT, simple("<s@example.org>", "you@example.org"));
        world.store.write(tx -> {
            tx.updateOutbox(Entries.sending(tx.outboxRecord(id).orElseThrow().entry()));
            return null;
        });

        assertThatThrownBy(() -> testSubject.hold(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SENDING");
    }

    @Test
    void anUnknownIdIsRefused() {
        assertThatThrownBy(() -> testSubject.entry(new OutboxId(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("999");
    }
}
