package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.SyncException;
import org.backsync.testing.FaultPlan;
import org.backsync.testing.FaultPlan.Direction;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.ReliabilityTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, SMTP DATA: the link to GreenMail is cut or reset at a random byte offset after the client's {@code DATA}
 * line, in either direction. Invariants per trial (CONTRACT 6.3):
 *
 * <ul>
 *   <li>a send that returns has delivered exactly one copy;
 *   <li>a send that throws carries a failure {@link Status} and a message;
 *   <li>if the server holds a copy, the data-complete hook ran first (so the Outbox never resends blindly);
 *   <li>if the hook did not run, the server holds no copy, and resending (as the Outbox does) leaves exactly one.
 * </ul>
 *
 * 30 trials by default; 300 with {@code -Dbacksync.reliability=long}.
 */
class SmtpDataCutReliabilityIT {
    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Envelope ENVELOPE = new Envelope("me@localhost", List.of("you@localhost"));
    private static final int BODY_LINES = 300;

    private static RawMessage message(String messageId) {
        StringBuilder b = new StringBuilder("From: me@localhost\r\nTo: you@localhost\r\nMessage-ID: " + messageId
                + "\r\nSubject: cut during DATA\r\n\r\n");
        for (int i = 0; i < BODY_LINES; i++) {
            b.append("line ").append(i).append(" of a message whose DATA phase is cut somewhere\r\n");
        }
        b.append(".a line that needs dot-stuffing\r\n");
        return RawMessage.of(b.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static SmtpSettings through(FaultProxy proxy) {
        return SmtpSettings.of("127.0.0.1", proxy.port(), SmtpSettings.Security.NONE, Optional.empty())
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    private static long copiesOf(String messageId) throws MessagingException {
        long n = 0;
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (messageId.equals(m.getMessageID())) {
                n++;
            }
        }
        return n;
    }

    /** Waits until the server's count for the Message-ID has held still for a moment, then returns it. */
    private static long settledCopiesOf(String messageId) {
        long[] last = {-1};
        // GreenMail's handler throws on every cut connection; that is expected here, not a test failure
        await().dontCatchUncaughtExceptions()
                .pollDelay(Duration.ofMillis(50))
                .pollInterval(Duration.ofMillis(50))
                .atMost(Duration.ofSeconds(5))
                .until(() -> {
                    long now = copiesOf(messageId);
                    boolean still = now == last[0];
                    last[0] = now;
                    return still;
                });
        return last[0];
    }

    @Test
    void cutsDuringDataNeverLoseOrDuplicateAMessage() throws Exception {
        ReliabilityTally tally = new ReliabilityTally("smtp-data-cut");
        SplittableRandom random = new SplittableRandom(tally.seed());
        int trials = ReliabilityTally.trials(30, 300);

        for (int i = 0; i < trials; i++) {
            String id = "<smtp-cut-" + i + "-" + tally.seed() + "@localhost>";
            RawMessage msg = message(id);
            FaultPlan plan = plan(random, msg.size());
            Outcome o = runTrial(plan, id, msg);
            tally.outcome(o.kind());
            tally.trial(1, o.lost(), o.duplicated(), o.problem());
        }

        tally.finish();
        assertThat(tally.problems()).as("seed " + tally.seed()).isEmpty();
    }

    private static FaultPlan plan(SplittableRandom random, long size) {
        boolean up = random.nextBoolean();
        Direction d = up ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        long offset = up ? random.nextLong(size + 8) : random.nextLong(80);
        FaultPlan p = random.nextInt(4) == 0 ? FaultPlan.reset(d, offset) : FaultPlan.cut(d, offset);
        return p.afterClientLine("^DATA$");
    }

    private record Outcome(String kind, long lost, long duplicated, String problem) {}

    private static Outcome runTrial(FaultPlan plan, String id, RawMessage msg) throws Exception {
        AtomicBoolean hookRan = new AtomicBoolean();
        Optional<SyncException> failure = Optional.empty();
        try (FaultProxy proxy = FaultProxy.to(greenMail.getSmtp().getPort());
                SmtpTransport transport = new SmtpTransport(through(proxy))) {
            proxy.defaultPlan(plan);
            try {
                transport.send(ENVELOPE, msg, () -> hookRan.set(true));
            } catch (SyncException e) {
                failure = Optional.of(e);
            }
        }
        long copies = settledCopiesOf(id);
        String problem = check(plan, failure, hookRan.get(), copies);
        String kind = failure.isEmpty()
                ? "sent"
                : (hookRan.get() ? "uncertain-" + copies + "-on-server" : "not-sent") + "-"
                        + failure.get().status();
        if (copies == 0 && problem.isEmpty()) {
            try (SmtpTransport retry = new SmtpTransport(SmtpSettings.of(
                            "127.0.0.1", greenMail.getSmtp().getPort(), SmtpSettings.Security.NONE, Optional.empty())
                    .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)))) {
                retry.send(ENVELOPE, msg, () -> {});
            }
            copies = settledCopiesOf(id);
        }
        return new Outcome(
                kind, copies == 0 ? 1 : 0, Math.max(0, copies - 1), problem.isEmpty() ? "" : plan + ": " + problem);
    }

    private static String check(FaultPlan plan, Optional<SyncException> failure, boolean hookRan, long copies) {
        if (failure.isEmpty()) {
            return copies == 1 && hookRan ? "" : "send returned but server holds " + copies + " copies";
        }
        SyncException e = failure.get();
        if (!e.status().isFailure() || e.getMessage().isBlank()) {
            return "failure without a status or message: " + e;
        }
        if (copies > 0 && !hookRan) {
            return "server accepted the message but the data-complete hook never ran (" + e.status() + ")";
        }
        return "";
    }
}
