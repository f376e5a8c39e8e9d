package org.backsync.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.backsync.spi.SyncException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only and a full file system, made as small tmpfs mounts (needs root and permission to mount; skipped by
 * assumption otherwise). Each failure must be a clear {@code CORRUPT_STORE} and must not harm committed data.
 */
class SqliteStoreFilesystemIT {
    private static final AccountId ALICE = AccountId.of("alice");

    @TempDir
    Path dir;

    private boolean mounted;

    private Path mount(String size) throws Exception {
        Path point = Files.createDirectories(dir.resolve("mnt"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString()), "cannot mount tmpfs");
        mounted = true;
        return point;
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", dir.resolve("mnt").toString());
        }
    }

    private static byte[] body(int n, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ('A' + n % 26));
        return bytes;
    }

    private static long insert(SqliteMessageStore store, long folder, byte[] body) throws SyncException {
        return store.write(tx -> tx.insertMessage(
                folder, NewMessage.local(Optional.empty(), Instant.EPOCH, Flags.NONE, RawMessage.of(body))));
    }

    private static long inbox(SqliteMessageStore store) throws SyncException {
        return store.write(
                        tx -> tx.addFolder(ALICE, FolderPath.INBOX, Optional.empty(), true, LocalFolder.Pending.NONE))
                .id();
    }

    @Test
    void readOnlyDirectoryGivesAClearErrorAndKeepsTheStore() throws Exception {
        Path store = mount("16m").resolve("store");
        long id;
        try (SqliteMessageStore s = SqliteMessageStore.open(store)) {
            id = insert(s, inbox(s), body(1, 5000));
        }
        assertThat(run("mount", "-o", "remount,ro", store.getParent().toString()))
                .isTrue();

        assertThatThrownBy(() -> SqliteMessageStore.open(store)).isInstanceOfSatisfying(SyncException.class, e -> {
            assertThat(e.status()).isEqualTo(Status.CORRUPT_STORE);
            assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
            assertThat(e.getMessage()).contains(store.toString()).contains("not writable");
        });

        assertThat(run("mount", "-o", "remount,rw", store.getParent().toString()))
                .isTrue();
        try (SqliteMessageStore s = SqliteMessageStore.open(store)) {
            assertThat(s.content(id).orElseThrow().bytes()).isEqualTo(body(1, 5000));
        }
    }

    @Test
    void fullDiskFailsTheWriteCleanlyAndKeepsEveryCommittedMessage() throws Exception {
        Path store = mount("4m").resolve("store");
        List<Long> committed = new ArrayList<>();
        SyncException failure = null;
        try (SqliteMessageStore s = SqliteMessageStore.open(store)) {
            long folder = inbox(s);
            for (int i = 0; i < 100 && failure == null; i++) {
                try {
                    committed.add(insert(s, folder, body(i, 200_000)));
                } catch (SyncException e) {
                    failure = e;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.status()).isEqualTo(Status.CORRUPT_STORE);
            assertThat(failure.getMessage()).containsAnyOf("No space left", "disk is full");
            assertThat(s.messages(folder)).hasSize(committed.size());
        }
        assertThat(run("mount", "-o", "remount,size=64m", store.getParent().toString()))
                .isTrue();

        try (SqliteMessageStore s = SqliteMessageStore.open(store)) {
            for (int i = 0; i < committed.size(); i++) {
                assertThat(s.content(committed.get(i)).orElseThrow().bytes()).isEqualTo(body(i, 200_000));
            }
            long folder = s.folder(ALICE, FolderPath.INBOX).orElseThrow().id();
            assertThat(s.messages(folder)).hasSize(committed.size());
            insert(s, folder, body(99, 200_000));
        }
    }
}
