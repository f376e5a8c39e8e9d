package org.backsync.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MessageStore;
import org.backsync.spi.ModSeq;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/** Sample data and small steps shared by the {@link MessageStoreContract} groups. */
final class StoreSamples {
    static final AccountId ALICE = AccountId.of("alice");
    static final AccountId BOB = AccountId.of("bob");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private StoreSamples() {}

    static LocalFolder serverFolder(MessageStore store, String path) throws SyncException {
        return serverFolder(store, ALICE, path);
    }

    static LocalFolder serverFolder(MessageStore store, AccountId account, String path) throws SyncException {
        return store.write(
                tx -> tx.addFolder(account, FolderPath.of(path), Optional.empty(), true, LocalFolder.Pending.NONE));
    }

    static LocalFolder localFolder(MessageStore store, String path) throws SyncException {
        return store.write(
                tx -> tx.addFolder(ALICE, FolderPath.of(path), Optional.empty(), true, LocalFolder.Pending.CREATE));
    }

    static LocalFolder reload(MessageStore store, LocalFolder folder) throws SyncException {
        return store.folder(folder.id()).orElseThrow();
    }

    static byte[] mail(String subject) {
        return ("Message-ID: <" + subject + "@example.org>\r\nSubject: " + subject + "\r\n\r\nbody of " + subject
                        + "\r\n")
                .getBytes(ISO_8859_1);
    }

    static NewMessage downloaded(long folderId, long uid, Flags flags) {
        byte[] content = mail("uid" + uid);
        return new NewMessage(
                Optional.of(new RemoteRef(folderId, Uid.of(uid))),
                Optional.of("<uid" + uid + "@example.org>"),
                T0.plusSeconds(uid),
                content.length,
                flags,
                Optional.of(flags),
                Optional.of(ModSeq.of(uid * 10)),
                false,
                RawMessage.of(content));
    }

    static long insertDownloaded(MessageStore store, long folderId, long uid, Flags flags) throws SyncException {
        return store.write(tx -> tx.insertMessage(folderId, downloaded(folderId, uid, flags)));
    }

    static long insertLocal(MessageStore store, long folderId, byte[] content) throws SyncException {
        return store.write(tx -> tx.insertMessage(
                folderId, NewMessage.local(Optional.empty(), T0, Flags.of(Flags.SEEN), RawMessage.of(content))));
    }

    static NewMessage headerOnly(long folderId, long uid, byte[] header, long fullSize) {
        return new NewMessage(
                Optional.of(new RemoteRef(folderId, Uid.of(uid))),
                Optional.of("<h" + uid + "@example.org>"),
                T0,
                fullSize,
                Flags.NONE,
                Optional.of(Flags.NONE),
                Optional.empty(),
                true,
                RawMessage.of(header));
    }

    static IntentSpec appendSpec(AccountId account, long folderId, long localId) {
        return IntentSpec.of(account, IntentKind.APPEND)
                .withFolder(folderId, FolderPath.INBOX)
                .withMessages(List.of(localId), List.of())
                .withIdentity(Optional.of("<m@example.org>"), Optional.empty())
                .withServerState(Optional.of(Uid.of(42)), Optional.empty());
    }

    static OutboxEntry queued(AccountId account, String messageId) {
        return new OutboxEntry(
                new OutboxId(1),
                account,
                messageId,
                OutboxState.QUEUED,
                Optional.empty(),
                0,
                Optional.empty(),
                List.of(),
                T0);
    }

    static byte[] read(RawMessage message) {
        try (InputStream in = message.open()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} on a new platform thread; the caller bounds the wait with {@code get(timeout)}. */
    static <T> FutureTask<T> inBackground(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread.ofPlatform().daemon().name("contract-background").start(task);
        return task;
    }
}
