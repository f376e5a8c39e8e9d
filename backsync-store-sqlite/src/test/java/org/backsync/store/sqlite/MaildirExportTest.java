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
    void messageBytesAreExportedByteForByte() throws Exception {
        long inbox = folder("INBOX");
        byte[] odd = "Subject: x\r\n\r\n\u00e9\u00ff\0bare\rcr\nlf\r\n".getBytes(ISO_8859_1);
        message(inbox, 1, Flags.NONE, odd);

        MaildirExport.Summary summary = MaildirExport.export(store, ALICE, target);

        List<Path> cur = files(target.resolve("INBOX/cur"));
        assertThat(cur)
                .singleElement()
                .satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(odd));
        assertThat(summary.messages()).isEqualTo(1);
        assertThat(summary.bytes()).isEqualTo(odd.length);
        assertThat(files(target.resolve("INBOX/tmp"))).isEmpty();
    }

    @Test
    void flagsAreWrittenInTheInfoSuffixInAsciiOrder() throws Exception {
        long inbox = folder("INBOX");
        long id = message(
                inbox,
                1,
                Flags.of(Flags.SEEN, Flags.DELETED, Flags.DRAFT, Flags.ANSWERED, Flags.FLAGGED, "$x"),
                new byte[3]);

        MaildirExport.export(store, ALICE, target);

        assertThat(files(target.resolve("INBOX/cur")))
                .extracting(p -> p.getFileName().toString())
                .containsExactly(DATE.getEpochSecond() + ".M" + id + ".backsync,S=3:2,DFRST");
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
                .satisfies(f -> assertThat(Files.readAllBytes(f)).isEqualTo(body));
    }
}
