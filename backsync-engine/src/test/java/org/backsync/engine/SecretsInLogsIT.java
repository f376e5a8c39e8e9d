package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.smtp.SmtpSettings;
import org.backsync.smtp.SmtpTransport;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.NewMessage;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.DovecotServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Issue 10: no password and no message body in any log line at any level. Every logger (java.util.logging too, where
 * Angus logs) is set to TRACE and captured in memory while a real engine downloads and uploads through Dovecot and the
 * SMTP transport sends through GreenMail with AUTH PLAIN; then every line, argument and stack trace is scanned.
 */
class SecretsInLogsIT {
    private static final AccountId ACCOUNT = AccountId.of("secrets");
    private static final String SMTP_PASSWORD = "smtp-Pa55-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("me@localhost", "me", SMTP_PASSWORD));

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level before;

    @TempDir
    Path dir;

    @BeforeEach
    void captureEverything() {
        before = root.getLevel();
        root.setLevel(Level.TRACE);
        logs.start();
        root.addAppender(logs);
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.ALL);
    }

    @AfterEach
    void restore() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        SLF4JBridgeHandler.uninstall();
        root.detachAppender(logs);
        root.setLevel(before);
    }

    private static byte[] message(String id, String marker) {
        return ("From: a@b.test\r\nTo: c@d.test\r\nSubject: secret test\r\nMessage-ID: " + id + "\r\n\r\n" + marker
                        + "\r\nsecond line of the body " + marker + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSyncAndASendAtTraceLogNoPasswordAndNoBody() throws Exception {
        String downMarker = "DOWNLOADED-BODY-" + Long.toHexString(System.nanoTime());
        String upMarker = "UPLOADED-BODY-" + Long.toHexString(System.nanoTime());
        String sendMarker = "SENT-BODY-" + Long.toHexString(System.nanoTime());
        dovecot.save(FolderPath.INBOX, message("<down@secrets>", downMarker), Flags.NONE);

        SyncResult first;
        SyncResult second;
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("store"));
                SyncEngine engine = new SyncEngine(EngineOptions.of(
                        store,
                        ImapProvider.factory(ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password())),
                        Map.of(ACCOUNT, AccountSettings.DEFAULT)))) {
            first = engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), SyncListener.NONE)
                    .result()
                    .get(60, TimeUnit.SECONDS);
            LocalFolder inbox = store.folder(ACCOUNT, FolderPath.INBOX).orElseThrow();
            store.write(tx -> tx.insertMessage(
                    inbox.id(),
                    NewMessage.local(
                            Optional.of("<up@secrets>"),
                            Instant.now(),
                            Flags.NONE,
                            RawMessage.of(message("<up@secrets>", upMarker)))));
            second = engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), SyncListener.NONE)
                    .result()
                    .get(60, TimeUnit.SECONDS);
        }
        SmtpSettings smtp = SmtpSettings.of(
                "127.0.0.1",
                greenMail.getSmtp().getPort(),
                SmtpSettings.Security.NONE,
                Optional.of(new SmtpSettings.Auth(SmtpSettings.Mechanism.PLAIN, "me", () -> SMTP_PASSWORD)));
        try (SmtpTransport transport = new SmtpTransport(smtp)) {
            transport.send(
                    new Envelope("me@localhost", List.of("you@localhost")),
                    RawMessage.of(message("<sent@secrets>", sendMarker)),
                    () -> {});
        }

        assertThat(first.status()).isEqualTo(Status.OK);
        assertThat(second.status()).isEqualTo(Status.OK);
        assertThat(second.counts().uploaded()).isEqualTo(1);
        root.detachAppender(logs);
        logs.stop(); // other threads (the servers) may still log: stop capturing before reading
        assertThat(logs.list).as("the capture works").isNotEmpty();
        List<String> forbidden = List.of(dovecot.password(), SMTP_PASSWORD, downMarker, upMarker, sendMarker);
        for (ILoggingEvent e : logs.list) {
            if (e.getLoggerName().startsWith("com.icegreen.greenmail")) {
                continue; // the test's own SMTP server, not the product
            }
            String text = render(e);
            for (String secret : forbidden) {
                assertThat(text)
                        .as("log line from %s at %s", e.getLoggerName(), e.getLevel())
                        .doesNotContain(secret);
            }
        }
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }
}
