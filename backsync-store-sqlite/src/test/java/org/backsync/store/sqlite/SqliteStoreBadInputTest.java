package org.backsync.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.Random;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreBadInputTest {
    @TempDir
    Path dir;

    private static final AccountId ALICE = AccountId.of("alice");

    private Path storeWithOneMessage() throws Exception {
        Path store = dir.resolve("store");
        try (SqliteMessageStore s = SqliteMessageStore.open(store)) {
            s.write(tx -> {
                LocalFolder inbox =
                        tx.addFolder(ALICE, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE);
                return tx.insertMessage(
                        inbox.id(),
                        NewMessage.local(
                                Optional.empty(),
                                java.time.Instant.EPOCH,
                                Flags.NONE,
                                RawMessage.of("Subject: keep me\r\n\r\nbody\r\n".getBytes())));
            });
        }
        return store;
    }

    private static void assertCorrupt(Path store, String reason) {
        assertThatThrownBy(() -> SqliteMessageStore.open(store)).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.CORRUPT_STORE);
            assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
            assertThat(e.getMessage()).contains(store.toString()).containsIgnoringCase(reason);
        });
    }

    @Test
    void garbageStoreFileIsRefusedAsCorruptAndLeftUntouched() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(store.resolve("store.db"), garbage);

        assertCorrupt(store, "not a database");

        assertThat(Files.readAllBytes(store.resolve("store.db"))).isEqualTo(garbage);
        assertThat(store.resolve("store.db-wal")).doesNotExist();
    }

    @Test
    void storeFileCutBelowOnePageIsRefusedAsTruncated() throws Exception {
        Path store = storeWithOneMessage();
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(store.resolve("store.db")), 100);
        Files.write(store.resolve("store.db"), head);

        assertCorrupt(store, "truncated");

        assertThat(Files.readAllBytes(store.resolve("store.db"))).isEqualTo(head);
    }

    @Test
    void storeFileCutInHalfIsRefusedAsCorruptAndLeftUntouched() throws Exception {
        Path store = storeWithOneMessage();
        byte[] full = Files.readAllBytes(store.resolve("store.db"));
        byte[] half = java.util.Arrays.copyOf(full, full.length / 2);
        Files.write(store.resolve("store.db"), half);

        assertThatThrownBy(() -> SqliteMessageStore.open(store))
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.CORRUPT_STORE));

        assertThat(Files.readAllBytes(store.resolve("store.db"))).isEqualTo(half);
    }

    @Test
    void storeFromANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Path store = storeWithOneMessage();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("store.db"));
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied) VALUES (" + (Schema.CURRENT + 1) + ", 0)");
        }
        byte[] before = Files.readAllBytes(store.resolve("store.db"));

        assertCorrupt(store, "newer backsync (schema version " + (Schema.CURRENT + 1));

        assertThat(Files.readAllBytes(store.resolve("store.db"))).isEqualTo(before);
    }

    @Test
    void sqliteDatabaseOfAnotherProgramIsRefused() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("store.db"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE contacts (name TEXT)");
        }
        byte[] before = Files.readAllBytes(store.resolve("store.db"));

        assertCorrupt(store, "not a backsync store");

        assertThat(Files.readAllBytes(store.resolve("store.db"))).isEqualTo(before);
    }

    @Test
    void storeDirectoryThatIsAFileIsRefusedWithAClearError() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> SqliteMessageStore.open(notADir)).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.CORRUPT_STORE);
            assertThat(e.getMessage()).contains(notADir.toString());
        });
        assertThat(Files.readString(notADir)).isEqualTo("x");
    }
}
