package org.backsync.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.DovecotServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status}, {@code fetch} and {@code export} (docs/cli.md), in-process through {@link Main#run}, against a
 * private Dovecot the test fills with {@code doveadm} and a config file the test writes.
 */
class StoreCommandsIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private static final AccountId WORK = AccountId.of("work");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");

    /** What each message is on the server (LF line ends, as doveadm saved them), by folder and UID. */
    private static final Map<FolderPath, Map<Uid, byte[]>> SERVER = new java.util.LinkedHashMap<>();

    private static Uid one;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    @BeforeAll
    static void fillTheServer() {
        dovecot.createMailbox(ARCHIVE);
        one = save(FolderPath.INBOX, "one", Flags.of(Flags.SEEN, "work"));
        save(FolderPath.INBOX, "two", Flags.NONE);
        save(FolderPath.INBOX, "three", Flags.of(Flags.FLAGGED));
        save(ARCHIVE, "four", Flags.of(Flags.SEEN, Flags.ANSWERED));
    }

    private static Uid save(FolderPath folder, String subject, Flags flags) {
        byte[] message = ("From: alice@example.org\nTo: backsync@localhost\nSubject: " + subject
                        + "\nMessage-ID: <" + subject + "@example.org>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n"
                        + ("the body of message " + subject + "\n").repeat(40))
                .getBytes(US_ASCII);
        Uid uid = dovecot.save(folder, message, flags);
        SERVER.computeIfAbsent(folder, f -> new java.util.LinkedHashMap<>()).put(uid, message);
        return uid;
    }

    private Path config() throws Exception {
        Path file = dir.resolve("config.toml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    data_dir = "%s"

                    [accounts.work.imap]
                    host = "%s"
                    port = %d
                    security = "none"
                    user = "%s"
                    password_command = "printf %s"
                    """.formatted(
                            dir.resolve("data"), dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password()));
        }
        return file;
    }

    private Run run(String... args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--config");
        all.add(config().toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static byte[] crlf(byte[] lf) {
        return new String(lf, US_ASCII).replace("\n", "\r\n").getBytes(US_ASCII);
    }

    private static byte[] headerSection(byte[] lf) {
        String text = new String(lf, US_ASCII);
        return text.substring(0, text.indexOf("\n\n") + 2).getBytes(US_ASCII);
    }

    @Test
    void statusReportsEachAccountsFoldersMessagesHeaderOnlyOnesAndOutbox() throws Exception {
        assertThat(run("sync", "--headers-only").exit()).isZero();

        Run status = run("status");

        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out())
                .contains("store: " + dir.resolve("data"))
                .containsPattern(
                        "(?m)^work: \\d+ folders, 4 messages \\(4 header-only\\), \\d+\\.\\d MB; outbox empty$");
    }

    @Test
    void fetchPromotesAHeaderOnlyMessageToFullWithTheServersBytes() throws Exception {
        assertThat(run("sync", "--headers-only").exit()).isZero();
        long id;
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("data"))) {
            LocalFolder inbox = store.folder(WORK, FolderPath.INBOX).orElseThrow();
            LocalMessage m = store.messageByUid(inbox.id(), one).orElseThrow();
            assertThat(m.headerOnly()).isTrue();
            id = m.localId();
        }

        Run fetch = run("fetch", "--account", "work", Long.toString(id));

        assertThat(fetch.exit()).as(fetch.out() + fetch.err()).isZero();
        assertThat(fetch.out()).containsPattern("(?m)^sync done status=OK .*errors=0");
        try (SqliteMessageStore store = SqliteMessageStore.open(dir.resolve("data"))) {
            assertThat(store.message(id).orElseThrow().headerOnly()).isFalse();
            assertThat(store.content(id).orElseThrow().open().readAllBytes())
                    .isEqualTo(crlf(SERVER.get(FolderPath.INBOX).get(one)));
        }
        Run status = run("status");
        assertThat(status.out()).contains("4 messages (3 header-only)");
    }

    @Test
    void fetchOfAnIdTheStoreDoesNotHaveDoesNotSucceed() throws Exception {
        assertThat(run("sync", "--headers-only").exit()).isZero();

        Run fetch = run("fetch", "--account", "work", "999999");

        assertThat(fetch.exit()).as(fetch.out() + fetch.err()).isNotZero();
        assertThat(fetch.out() + fetch.err()).contains("NOT_FOUND");
    }

    @Test
    void exportWritesAMaildirWhoseMessagesFlagsAndKeywordsMatchTheServer() throws Exception {
        assertThat(run("sync").exit()).isZero();
        Path maildir = dir.resolve("maildir");

        Run export = run("export", "--maildir", maildir.toString());

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).containsPattern("(?m)^work: \\d+ folders, 4 messages, ");
        for (FolderPath folder : SERVER.keySet()) {
            Path cur = maildir.resolve("work").resolve(folder.value()).resolve("cur");
            assertThat(contents(cur))
                    .as(folder.value())
                    .containsExactlyInAnyOrderElementsOf(SERVER.get(folder).values().stream()
                            .map(b -> new String(b, US_ASCII))
                            .toList());
        }
        assertThat(suffixes(maildir.resolve("work/INBOX/cur"))).containsExactlyInAnyOrder("Sa", "", "F");
        assertThat(Files.readString(maildir.resolve("work/INBOX/dovecot-keywords")))
                .isEqualTo("0 work\n");
        assertThat(suffixes(maildir.resolve("work/Archive/cur"))).containsExactly("RS");
    }

    @Test
    void exportAsStoredKeepsTheCrlfBytesAndHeaderOnlyMessagesExportTheirHeaders() throws Exception {
        assertThat(run("sync", "--headers-only").exit()).isZero();
        Path maildir = dir.resolve("maildir");

        Run export = run("export", "--maildir", maildir.toString(), "--account", "work", "--as-stored");

        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(contents(maildir.resolve("work/Archive/cur")))
                .containsExactly(new String(
                        crlf(headerSection(
                                SERVER.get(ARCHIVE).values().iterator().next())),
                        US_ASCII));
    }

    @Test
    void exportOfAnAccountNotInTheConfigurationIsABadCommandLine() throws Exception {
        Run export = run("export", "--maildir", dir.resolve("maildir").toString(), "--account", "nobody");

        assertThat(export.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(export.err()).contains("no account \"nobody\"");
    }

    private static List<String> contents(Path cur) throws Exception {
        try (Stream<Path> files = Files.list(cur)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.toList()) {
                out.add(Files.readString(f, US_ASCII));
            }
            return out;
        }
    }

    private static List<String> suffixes(Path cur) throws Exception {
        try (Stream<Path> files = Files.list(cur)) {
            return files.map(f -> f.getFileName().toString())
                    .map(n -> n.substring(n.indexOf(":2,") + 3))
                    .toList();
        }
    }
}
