package org.backsync.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.backsync.AccountId;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.engine.Engine;
import org.backsync.engine.config.ConfigLoader;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ScriptedSmtpServer;
import org.backsync.testing.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code outbox list}, {@code outbox retry} and {@code outbox cancel} (docs/cli.md), in-process through {@link
 * Main#run}: messages are put in the Outbox through the engine, as the web page or a library user would, and sent to
 * a scripted SMTP server that refuses or defers them when told to; the Sent copy goes to a private Dovecot.
 */
class OutboxCommandIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final AccountId WORK = AccountId.of("work");

    @TempDir
    Path dir;

    private ScriptedSmtpServer smtp;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void startSmtp() throws Exception {
        smtp = ScriptedSmtpServer.start().requireAuth(dovecot.user(), dovecot.password());
        Files.writeString(dir.resolve("config.toml"), """
                data_dir = "%s"

                [accounts.work]
                email = "backsync@localhost"

                [accounts.work.imap]
                host = "127.0.0.1"
                port = %d
                security = "none"
                user = "%s"
                password_command = "printf %s"

                [accounts.work.smtp]
                host = "127.0.0.1"
                port = %d
                security = "none"
                user = "%s"
                password_command = "printf %s"
                """.formatted(
                        dir.resolve("data"),
                        dovecot.port(),
                        dovecot.user(),
                        dovecot.password(),
                        smtp.port(),
                        dovecot.user(),
                        dovecot.password()));
    }

    @AfterEach
    void stopSmtp() throws Exception {
        smtp.close();
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--config");
        all.add(dir.resolve("config.toml").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Submits one message through the engine and waits until its first attempt is over. */
    private OutboxId submitAndAttempt(String messageId, OutboxState settled) throws Exception {
        byte[] message = ("From: backsync@localhost\r\nTo: bob@example.org\r\nSubject: hello\r\nMessage-ID: <"
                        + messageId + ">\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\n\r\nhello bob\r\n")
                .getBytes(US_ASCII);
        try (Engine engine = Hosts.open(ConfigLoader.system().load(dir.resolve("config.toml")))) {
            OutboxId id = engine.outbox().submit(WORK, RawMessage.of(message));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> engine.outbox().entry(id).attempts() >= 1
                            && engine.outbox().entry(id).state() == settled);
            return id;
        }
    }

    @Test
    void listShowsAFailedMessageWithItsReasonAndRetrySendsItNow() throws Exception {
        smtp.next(Step.RCPT, "550 5.1.1 bob@example.org: no such user here");
        OutboxId id = submitAndAttempt("failed-1@localhost", OutboxState.FAILED);

        Run list = run("outbox", "list");

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .containsPattern("(?m)^" + id.value() + "  work  FAILED  attempts=1  .*<failed-1@localhost>"
                        + "  reason: .*550");
        assertThat(smtp.accepted()).isEmpty();

        Run retry = run("outbox", "retry", Long.toString(id.value()));

        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(smtp.accepted())
                .singleElement()
                .satisfies(r -> assertThat(r.text()).contains("Message-ID: <failed-1@localhost>"));
        assertThat(run("outbox", "list").out()).containsPattern("(?m)^" + id.value() + "  work  SENT  ");
    }

    @Test
    void cancelHoldsAQueuedMessageSoThatItIsNotSentUntilRetried() throws Exception {
        smtp.next(Step.RCPT, "451 4.3.0 try again later");
        OutboxId id = submitAndAttempt("deferred-1@localhost", OutboxState.QUEUED);
        assertThat(run("outbox", "list").out())
                .containsPattern(
                        "(?m)^" + id.value() + "  work  QUEUED  attempts=1  next=\\S+  <deferred-1@localhost>");

        Run cancel = run("outbox", "cancel", Long.toString(id.value()));

        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(run("outbox", "list").out()).containsPattern("(?m)^" + id.value() + "  work  HELD  ");
        assertThat(smtp.accepted()).isEmpty();

        Run retry = run("outbox", "retry", Long.toString(id.value()));

        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(smtp.accepted()).hasSize(1);
        assertThat(run("outbox", "list").out()).containsPattern("(?m)^" + id.value() + "  work  SENT  ");
    }

    @Test
    void anIdTheOutboxDoesNotHaveIsNotFoundAndASentMessageCannotBeRetried() throws Exception {
        OutboxId sent = submitAndAttempt("sent-1@localhost", OutboxState.SENT);

        Run unknown = run("outbox", "retry", "424242");
        Run again = run("outbox", "retry", Long.toString(sent.value()));
        Run hold = run("outbox", "cancel", "424242");

        assertThat(unknown.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(unknown.err()).startsWith("backsync: NOT_FOUND").contains("424242");
        assertThat(hold.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(again.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(again.err()).contains("SENT");
        assertThat(smtp.accepted()).hasSize(1);
    }

    @Test
    void anEmptyOutboxListsNothingAndExitsZero() {
        Run list = run("outbox", "list");

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).isEmpty();
    }
}
