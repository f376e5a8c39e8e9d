package org.backsync.store.sqlite;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MessageStore;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.Uid;
import org.backsync.testing.InMemoryMessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirExportTest {
    private static final AccountId ALICE = AccountId.of("alice");
    private static final Instant DATE = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path target;

    private final MessageStore store = new InMemoryMessageStore();

    private long folder(String path) throws Exception {
        return store.write(tx ->
                        tx.addFolder(ALICE, FolderPath.of(path), Optional.empty(), true, LocalFolder.Pending.NONE))
                .id();
    }

    private long message(long folder, long uid, Flags flags, byte[] bytes) throws Exception {
        return store.write(tx -> tx.insertMessage(
                folder,
                new NewMessage(
                        Optional.of(new RemoteRef(folder, Uid.of(uid))),
                        Optional.empty(),
                        DATE,
                        bytes.length,
                        flags,
                        Optional.of(flags),
                        Optional.empty(),
                        false,
                        RawMessage.of(bytes))));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    @Test
    void foldersBecomeNestedMaildirsWithCurNewAndTmp() throws Exception {
        folder("INBOX");
        folder("Archive/2024");

        MaildirExport.Summary summary = MaildirExport.export(store, ALICE, target);

        assertThat(summary.folders()).isEqualTo(2);
        for (String dir : List.of("INBOX", "Archive/2024")) {
            assertThat(target.resolve(dir).resolve("cur")).isDirectory();
            assertThat(target.resolve(dir).resolve("new")).isDirectory();
            assertThat(target.resolve(dir).resolve("tmp")).isDirectory();
        }
    }

    @Test
    void asStoredExportsTheBytesByteForByte() throws Exception {
        long inbox = folder("INBOX");
        byte[] odd = "Subject: x\r\n\r\n\u00e9\u00ff\0bare\rcr\nlf\r\n".getBytes(ISO_8859_1);
        message(inbox, 1, Flags.NONE, odd);

        MaildirExport.Summary summary = MaildirExport.export(store, ALICE, target, MaildirExport.LineEnds.AS_STORED);

        List<Path> cur = files(target.resolve("INBOX/cur"));
        assertThat(cur)
                .singleElement()
                .satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(odd));
        assertThat(summary.messages()).isEqualTo(1);
        assertThat(summary.bytes()).isEqualTo(odd.length);
        assertThat(files(target.resolve("INBOX/tmp"))).isEmpty();
    }

    @Test
    void byDefaultEachCrlfBecomesLfAndLoneCrAndLfStay() throws Exception {
        long inbox = folder("INBOX");
        byte[] stored = "Subject: x\r\n\r\n\u00e9\0bare\rcr\nlf\r\nend\r".getBytes(ISO_8859_1);
        byte[] maildir = "Subject: x\n\n\u00e9\0bare\rcr\nlf\nend\r".getBytes(ISO_8859_1);
        long id = message(inbox, 1, Flags.NONE, stored);

        MaildirExport.Summary summary = MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur"))).singleElement().satisfies(f -> {
            assertThat(Files.readAllBytes(f)).isEqualTo(maildir);
            assertThat(f.getFileName().toString())
                    .isEqualTo(DATE.getEpochSecond() + ".M" + id + ".backsync,S=" + maildir.length + ",W="
                            + (maildir.length + 4) + ":2,");
        });
        assertThat(summary.bytes()).isEqualTo(maildir.length);
    }

    @Test
    void lfAndCrlfSurviveABufferBoundary() throws Exception {
        long inbox = folder("INBOX");
        byte[] stored = new byte[(1 << 16) + 2];
        java.util.Arrays.fill(stored, (byte) 'x');
        stored[(1 << 16) - 1] = '\r';
        stored[1 << 16] = '\n';
        message(inbox, 1, Flags.NONE, stored);

        MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur"))).singleElement().satisfies(f -> {
            byte[] written = Files.readAllBytes(f);
            assertThat(written).hasSize(stored.length - 1);
            assertThat(written[(1 << 16) - 1]).isEqualTo((byte) '\n');
        });
    }

    @Test
    void flagsAreWrittenInTheInfoSuffixInAsciiOrderThenKeywordLetters() throws Exception {
        long inbox = folder("INBOX");
        long id = message(
                inbox,
                1,
                Flags.of(Flags.SEEN, Flags.DELETED, Flags.DRAFT, Flags.ANSWERED, Flags.FLAGGED, "$x"),
                new byte[3]);

        MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(DATE.getEpochSecond() + ".M" + id + ".backsync,S=3,W=3:2,DFRSTa");
        assertThat(Files.readString(target.resolve("INBOX/dovecot-keywords"))).isEqualTo("0 $x\n");
    }

    @Test
    void keywordsGetDovecotLettersThatKeepTheirMeaningAcrossExports() throws Exception {
        long inbox = folder("INBOX");
        Files.createDirectories(target.resolve("INBOX"));
        Files.writeString(target.resolve("INBOX/dovecot-keywords"), "0 $Forwarded\n1 work\n");
        long work = message(inbox, 1, Flags.of(Flags.SEEN, "work"), new byte[1]);
        long both = message(inbox, 2, Flags.of("private", "$Forwarded"), new byte[1]);

        MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur")))
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        DATE.getEpochSecond() + ".M" + work + ".backsync,S=1,W=1:2,Sb",
                        DATE.getEpochSecond() + ".M" + both + ".backsync,S=1,W=1:2,ac");
        assertThat(Files.readString(target.resolve("INBOX/dovecot-keywords")))
                .isEqualTo("0 $Forwarded\n1 work\n2 private\n");
    }

    @Test
    void aFolderKeepsAtMost26KeywordsLikeDovecot() throws Exception {
        long inbox = folder("INBOX");
        List<String> many = java.util.stream.IntStream.range(0, 27)
                .mapToObj(i -> String.format("k%02d", i))
                .toList();
        message(inbox, 1, Flags.of(many), new byte[1]);

        MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur")))
                .singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).endsWith(":2,abcdefghijklmnopqrstuvwxyz"));
        assertThat(Files.readAllLines(target.resolve("INBOX/dovecot-keywords")))
                .hasSize(26)
                .doesNotContain("26 k26");
    }

    @Test
    void unflaggedMessageHasAnEmptyInfoSuffix() {
        assertThat(MaildirExport.flags(Flags.NONE)).isEmpty();
        assertThat(MaildirExport.flags(Flags.of(Flags.SEEN))).isEqualTo("S");
    }

    @Test
    void locallyDeletedMessagesAndFoldersAreLeftOutAndMovesShowAtTheirDestination() throws Exception {
        long inbox = folder("INBOX");
        long archive = folder("Archive");
        long gone = folder("Gone");
        long deleted = message(inbox, 1, Flags.NONE, new byte[1]);
        long moved = message(inbox, 2, Flags.NONE, new byte[2]);
        message(gone, 1, Flags.NONE, new byte[4]);
        store.write(tx -> {
            tx.markDeleted(deleted);
            tx.moveLocal(moved, archive);
            tx.markFolderDeleted(gone);
            return null;
        });

        MaildirExport.Summary summary = MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur"))).isEmpty();
        assertThat(files(target.resolve("Archive/cur"))).hasSize(1);
        assertThat(target.resolve("Gone")).doesNotExist();
        assertThat(summary.messages()).isEqualTo(1);
    }

    @Test
    void namesAMaildirWouldMisreadAreEscaped() throws Exception {
        folder("Work/new");
        folder("..");

        MaildirExport.export(store, ALICE, target);

        assertThat(target.resolve("Work/%6Eew/cur")).isDirectory();
        assertThat(target.resolve("%2E./cur")).isDirectory();
        assertThat(MaildirExport.escape("100%")).isEqualTo("100%25");
    }

    @Test
    void exportWorksOverTheSqliteStoreToo(@TempDir Path storeDir) throws Exception {
        byte[] body = "Subject: s\r\n\r\nbody\r\n".getBytes(ISO_8859_1);
        try (SqliteMessageStore sqlite = SqliteMessageStore.open(storeDir)) {
            long inbox = sqlite.write(tx ->
                            tx.addFolder(ALICE, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE))
                    .id();
            sqlite.write(tx -> tx.insertMessage(
                    inbox, NewMessage.local(Optional.empty(), DATE, Flags.of(Flags.SEEN), RawMessage.of(body))));

            MaildirExport.export(sqlite, ALICE, target);
        }

        assertThat(files(target.resolve("INBOX/cur")))
                .singleElement()
                .satisfies(
                        f -> assertThat(Files.readAllBytes(f)).isEqualTo("Subject: s\n\nbody\n".getBytes(ISO_8859_1)));
    }
}
