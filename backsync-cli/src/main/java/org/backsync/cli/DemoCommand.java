package org.backsync.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.cli.demo.DemoConfig;
import org.backsync.cli.demo.DemoMailbox;
import org.backsync.cli.demo.DemoServer;
import org.backsync.cli.view.RunSummary;
import org.backsync.cli.view.SyncDisplay;
import org.backsync.engine.Backsync;
import org.backsync.engine.Engine;
import org.backsync.engine.ImapConnector;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.SyncException;
import org.backsync.web.SendReceivePage;
import org.backsync.web.WebConfig;

/**
 * {@code backsync demo}: the whole system on an embedded mail server, needing only the JDK. Starts GreenMail (IMAP and
 * SMTP) on free loopback ports, fills it with a generated mailbox, syncs it with progress, prints the web page's URL,
 * sends one message through the Outbox and shows its copy arrive in Sent, then keeps running (or, with {@code
 * --once}, exits with the summary line). Everything shown is done for real; nothing is simulated.
 */
final class DemoCommand implements Command {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private boolean once;
    private int messages = 2000;
    private long seed = 42;

    @Override
    public Syntax syntax() {
        return new Syntax(
                        "demo",
                        "Run backsync against an embedded mail server (GreenMail, IMAP + SMTP on free loopback ports)"
                                + " filled with a generated mailbox:",
                        "sync it with progress bars, show the live web page, send one message through the Outbox and"
                                + " see it in Sent.",
                        "Keeps running (Send/Receive every minute, IDLE push) until Ctrl-C; --once does one round and"
                                + " exits.")
                .flag(
                        "--once",
                        "One full round, then exit with the summary line (for scripts and CI).",
                        () -> once = true)
                .option(
                        "--messages",
                        "<messages>",
                        "How many messages to generate (default: " + messages + ").",
                        v -> messages = Syntax.intValue(v))
                .option(
                        "--seed",
                        "<seed>",
                        "Seed of the generated mailbox (default: " + seed + ").",
                        v -> seed = Syntax.longValue(v))
                .flag("-v, --verbose", "Log DEBUG lines.", () -> {});
    }

    @Override
    public int call(Streams streams) throws Exception {
        PrintWriter out = streams.out();
        SyncDisplay display = SyncDisplay.forTerminal(SyncDisplay.stdoutIsTerminal(), out);
        DemoServer server = DemoServer.start();
        display.note("demo: embedded mail server on 127.0.0.1: IMAP port " + server.imapPort() + ", SMTP port "
                + server.smtpPort() + ", user " + DemoServer.USER);
        fill(server, display);
        Path data = Files.createTempDirectory("backsync-demo-");
        Engine engine =
                Backsync.newEngine(DemoConfig.of(server, data), DemoConfig.secrets(server), ImapConnector.INSTANCE);
        SendReceivePage page = SendReceivePage.start(engine.board(), new EngineActions(engine), WebConfig.LOOPBACK);
        display.note("demo: local store in " + data);
        display.note("demo: live Send/Receive page: " + page.url());
        RunSummary summary = new RunSummary(InstantSource.system());
        round(engine, server, display, summary);
        display.note(summary.line());
        if (once) {
            page.close();
            engine.close();
            server.close();
            display.close();
            return ExitCode.of(summary.status()).code();
        }
        keepRunning(engine, page, server, display);
        return ExitCode.CANCELLED.code();
    }

    private void fill(DemoServer server, SyncDisplay display) {
        long t0 = System.nanoTime();
        List<DemoMailbox.Folder> mailbox = DemoMailbox.generate(seed, messages);
        long bytes = mailbox.stream()
                .flatMap(f -> f.messages().stream())
                .mapToLong(m -> m.raw().length)
                .sum();
        server.load(mailbox, n -> {});
        display.note(String.format(
                Locale.ROOT,
                "demo: generated %d messages (%.1f MB) in %d folders, seed %d, in %.1fs",
                messages,
                bytes / 1048576.0,
                mailbox.size(),
                seed,
                (System.nanoTime() - t0) / 1e9));
    }

    /** One full sync, then one message through the Outbox and its Sent copy downloaded. */
    private static void round(Engine engine, DemoServer server, SyncDisplay display, RunSummary summary)
            throws InterruptedException {
        SyncRequest all = SyncRequest.of(DemoConfig.ACCOUNT, kinds(SyncKind.DIRECTIONS));
        engine.synchronizeInBackground(all, display.listener(DemoConfig.ACCOUNT, summary))
                .result()
                .join();
        String messageId = "<demo-outbox-" + Instant.now().toEpochMilli() + "@backsync.demo>";
        OutboxId id = engine.outbox().submit(DemoConfig.ACCOUNT, RawMessage.of(outgoing(messageId)));
        display.note("demo: submitted " + messageId + " to the Outbox");
        OutboxEntry sent = awaitSent(engine, id);
        if (sent.state() != OutboxState.SENT) {
            display.note("demo: Outbox message is " + sent.state()
                    + sent.reason().map(r -> ": " + r).orElse(""));
            summary.fail(Status.BUSY, Scope.MESSAGE);
            return;
        }
        summary.sent(1);
        display.note("demo: Outbox message SENT: " + sent.recipients().size() + " recipient(s) accepted by SMTP");
        awaitSentCopy(server, messageId);
        SyncRequest sentFolder = SyncRequest.forFolders(
                DemoConfig.ACCOUNT,
                kinds(java.util.Set.of(SyncKind.DOWNLOAD_CONTENTS)),
                java.util.Set.of(FolderPath.of("Sent")));
        SyncResult r = engine.synchronizeInBackground(sentFolder, display.listener(DemoConfig.ACCOUNT, summary))
                .result()
                .join();
        long onServer = server.countByMessageId(FolderPath.of("Sent"), messageId);
        boolean local = inLocalSent(engine, messageId);
        display.note("demo: Sent copy: " + onServer + " on the server, " + (local ? "1" : "0") + " in the local store ("
                + r.status() + ")");
        if (onServer != 1 || !local) {
            summary.fail(Status.NOT_FOUND, Scope.MESSAGE);
        }
    }

    private static java.util.Set<SyncKind> kinds(java.util.Set<SyncKind> directions) {
        java.util.EnumSet<SyncKind> k = java.util.EnumSet.copyOf(directions);
        k.add(SyncKind.ON_DEMAND);
        return k;
    }

    private static OutboxEntry awaitSent(Engine engine, OutboxId id) throws InterruptedException {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        OutboxEntry e = engine.outbox().entry(id);
        while ((e.state() == OutboxState.QUEUED || e.state() == OutboxState.SENDING) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = engine.outbox().entry(id);
        }
        return e;
    }

    /** The Outbox appends the Sent copy right after SENT (CONTRACT 6.4); wait for it on the server. */
    private static void awaitSentCopy(DemoServer server, String messageId) throws InterruptedException {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        while (server.countByMessageId(FolderPath.of("Sent"), messageId) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static boolean inLocalSent(Engine engine, String messageId) {
        try {
            for (LocalFolder f : engine.store().folders(DemoConfig.ACCOUNT)) {
                if (f.path().equals(FolderPath.of("Sent"))) {
                    return engine.store().messages(f.id()).stream()
                            .anyMatch(
                                    m -> m.messageId().filter(messageId::equals).isPresent());
                }
            }
            return false;
        } catch (SyncException e) {
            return false;
        }
    }

    private static byte[] outgoing(String messageId) {
        String text = "From: Demo User <" + DemoServer.USER + ">\r\n"
                + "To: Demo User <" + DemoServer.USER + ">\r\n"
                + "Subject: =?UTF-8?B?"
                + java.util.Base64.getEncoder()
                        .encodeToString("Grüße aus dem Outbox ✉".getBytes(StandardCharsets.UTF_8))
                + "?=\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "Sent by ./backsync demo through the local Outbox and SMTP.\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void keepRunning(Engine engine, SendReceivePage page, DemoServer server, SyncDisplay display)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            page.close();
                            engine.close();
                            server.close();
                            stopped.countDown();
                        },
                        "backsync-demo-stop"));
        engine.startBackground();
        display.note("demo: running: Send/Receive every minute, IDLE push on INBOX; Ctrl-C to stop");
        stopped.await();
    }
}
