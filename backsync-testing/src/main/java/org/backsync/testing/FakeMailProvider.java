package org.backsync.testing;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.BatchSink;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.jspecify.annotations.Nullable;

/**
 * One connection to a {@link FakeMailServer}, issuing the commands a real IMAP provider would (recorded by the
 * server) and honouring its capabilities: CONDSTORE gives HIGHESTMODSEQ, UNCHANGED folders and conditional STORE;
 * QRESYNC gives VANISHED; UIDPLUS gives APPENDUID/COPYUID and UID EXPUNGE; MOVE gives UID MOVE. Change detection
 * follows {@link FakeChanges}. Not thread-safe, except {@link #abort()}.
 */
public final class FakeMailProvider implements MailProvider {
    static final int BATCH_COUNT = 500;
    static final long BATCH_BYTES = 8L << 20;

    private final FakeMailServer server;
    private final int connection;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch abortSignal = new CountDownLatch(1);
    private @Nullable FolderPath selected;

    FakeMailProvider(FakeMailServer server, int connection) throws SyncException {
        this.server = server;
        this.connection = connection;
        command("LOGIN", null, "", Set.of(), () -> null);
        server.connectionOpened();
    }

    @Override
    public Set<Capability> capabilities() {
        return server.capabilities();
    }

    boolean has(Capability c) {
        return server.capabilities().contains(c);
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return command(
                "LIST",
                null,
                "\"\" * RETURN (SUBSCRIBED SPECIAL-USE)",
                Set.of(),
                () -> server.allFolders().values().stream()
                        .map(f -> new RemoteFolder(
                                f.path,
                                '/',
                                has(Capability.SPECIAL_USE) ? f.specialUse : Optional.empty(),
                                f.subscribed,
                                true))
                        .toList());
    }

    @Override
    public FolderStatus status(FolderPath folder) throws SyncException {
        return command("STATUS", folder, "(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ SIZE)", Set.of(), () -> {
            FolderStatus s = FakeMailServer.statusOf(server.folder(folder));
            return new FolderStatus(
                    s.uidValidity(),
                    s.uidNext(),
                    s.messages(),
                    has(Capability.CONDSTORE) ? s.highestModSeq() : Optional.empty(),
                    has(Capability.STATUS_SIZE) ? s.size() : -1);
        });
    }

    @Override
    public FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        return new FakeChanges(this, folder, known, justTaken).run();
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        List<Uid> sorted = List.copyOf(new TreeSet<>(uids));
        if (sorted.isEmpty()) {
            return;
        }
        select(folder, false);
        String items = headersOnly ? "BODY.PEEK[HEADER]" : "BODY.PEEK[]";
        for (int i = 0; i < sorted.size(); i += BATCH_COUNT) {
            List<Uid> chunk = sorted.subList(i, Math.min(sorted.size(), i + BATCH_COUNT));
            List<FakeFolder.Message> found = command(
                    "FETCH",
                    folder,
                    UidSets.format(chunk) + " (UID RFC822.SIZE INTERNALDATE FLAGS " + items + ")",
                    Set.copyOf(chunk),
                    () -> existing(folder, chunk));
            deliverInBatches(found, headersOnly, sink);
        }
    }

    private void deliverInBatches(List<FakeFolder.Message> found, boolean headersOnly, BatchSink sink)
            throws SyncException {
        List<org.backsync.spi.FetchedMessage> batch = new ArrayList<>();
        long bytes = 0;
        for (FakeFolder.Message m : found) {
            byte[] content = headersOnly
                    ? MessageHeaders.headerSection(m.content())
                    : m.content().clone();
            if (!batch.isEmpty() && bytes + content.length > BATCH_BYTES) {
                sink.accept(List.copyOf(batch));
                batch.clear();
                bytes = 0;
            }
            batch.add(new org.backsync.spi.FetchedMessage(meta(m), RawMessage.of(content), headersOnly));
            bytes += content.length;
        }
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
        }
    }

    org.backsync.spi.RemoteMessage meta(FakeFolder.Message m) {
        return new org.backsync.spi.RemoteMessage(
                Uid.of(m.uid()),
                m.flags(),
                has(Capability.CONDSTORE) ? Optional.of(ModSeq.of(m.modSeq())) : Optional.empty(),
                m.content().length,
                Optional.of(m.internalDate()),
                MessageHeaders.value(m.content(), "Message-ID"));
    }

    @Override
    public Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        select(folder, false);
        List<FakeFolder.Message> found =
                command("FETCH", folder, UidSets.format(uids) + " (UID FLAGS)", uids, () -> existing(folder, uids));
        Map<Uid, Flags> out = new LinkedHashMap<>();
        found.forEach(m -> out.put(Uid.of(m.uid()), m.flags()));
        return out;
    }

    @Override
    public Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        select(folder, false);
        return command("SEARCH", folder, "UID " + from + ":* HEADER " + name + " \"" + value + "\"", Set.of(), () -> {
            Set<Uid> out = new TreeSet<>();
            for (FakeFolder.Message m :
                    server.folder(folder).messages.tailMap(from.value()).values()) {
                if (MessageHeaders.matches(m.content(), name, value)) {
                    out.add(Uid.of(m.uid()));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        byte[] content = read(message);
        long uid = command(
                "APPEND",
                folder,
                flags + " \"" + internalDate + "\" {" + content.length + "}",
                Set.of(),
                () -> server.folder(folder).add(content, flags, internalDate));
        return has(Capability.UIDPLUS) ? Optional.of(Uid.of(uid)) : Optional.empty();
    }

    @Override
    public Set<Uid> storeFlags(
            FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        if (uids.isEmpty() || (add.isEmpty() && remove.isEmpty())) {
            return Set.of();
        }
        select(folder, false);
        Optional<ModSeq> condition = has(Capability.CONDSTORE) ? unchangedSince : Optional.empty();
        Set<Uid> modified = new TreeSet<>();
        if (!add.isEmpty()) {
            modified.addAll(store(folder, uids, "+", add, condition));
        }
        if (!remove.isEmpty()) {
            Set<Uid> rest = new TreeSet<>(uids);
            rest.removeAll(modified);
            // The first STORE bumped the MODSEQ of what it changed; only this sync's own change lies in between.
            modified.addAll(store(folder, rest, "-", remove, add.isEmpty() ? condition : Optional.empty()));
        }
        return modified;
    }

    private Set<Uid> store(FolderPath folder, Set<Uid> uids, String sign, Flags flags, Optional<ModSeq> condition)
            throws SyncException {
        if (uids.isEmpty()) {
            return Set.of();
        }
        String args = UidSets.format(uids)
                + condition.map(m -> " (UNCHANGEDSINCE " + m.value() + ")").orElse("") + " " + sign + "FLAGS.SILENT "
                + flags;
        return command("STORE", folder, args, uids, () -> {
            FakeFolder f = server.folder(folder);
            Set<Uid> modified = new TreeSet<>();
            for (FakeFolder.Message m : existing(folder, uids)) {
                if (condition.isPresent() && m.modSeq() > condition.get().value()) {
                    modified.add(Uid.of(m.uid()));
                } else {
                    f.setFlags(
                            m.uid(),
                            sign.equals("+") ? m.flags().with(flags) : m.flags().without(flags));
                }
            }
            return modified;
        });
    }

    @Override
    public Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        select(source, false);
        boolean native_ = has(Capability.MOVE);
        Map<Uid, Uid> map =
                command(native_ ? "MOVE" : "COPY", source, UidSets.format(uids) + " " + target, uids, () -> {
                    FakeFolder to = server.folder(target);
                    Map<Uid, Uid> copied = new LinkedHashMap<>();
                    for (FakeFolder.Message m : existing(source, uids)) {
                        copied.put(Uid.of(m.uid()), Uid.of(to.add(m.content(), m.flags(), m.internalDate())));
                        if (native_) {
                            server.folder(source).expunge(m.uid());
                        }
                    }
                    return copied;
                });
        if (!native_) {
            store(source, map.keySet(), "+", Flags.of(Flags.DELETED), Optional.empty());
            expungeExactly(source, map.keySet());
        }
        return has(Capability.UIDPLUS) ? map : Map.of();
    }

    /** {@code UID COPY}: a command of its own, so that a fault or a crash can fall between it and the expunge. */
    @Override
    public Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        select(source, false);
        Map<Uid, Uid> map = command("COPY", source, UidSets.format(uids) + " " + target, uids, () -> {
            FakeFolder to = server.folder(target);
            Map<Uid, Uid> copied = new LinkedHashMap<>();
            for (FakeFolder.Message m : existing(source, uids)) {
                copied.put(Uid.of(m.uid()), Uid.of(to.add(m.content(), m.flags(), m.internalDate())));
            }
            return copied;
        });
        return has(Capability.UIDPLUS) ? map : Map.of();
    }

    @Override
    public void delete(FolderPath folder, Set<Uid> uids) throws SyncException {
        if (uids.isEmpty()) {
            return;
        }
        select(folder, false);
        store(folder, uids, "+", Flags.of(Flags.DELETED), Optional.empty());
        expungeExactly(folder, uids);
    }

    /** UID EXPUNGE with UIDPLUS; else EXPUNGE only if exactly {@code uids} carry \Deleted (CONTRACT 5.4). */
    private void expungeExactly(FolderPath folder, Set<Uid> uids) throws SyncException {
        if (uids.isEmpty()) {
            return;
        }
        if (has(Capability.UIDPLUS)) {
            command("EXPUNGE", folder, "UID " + UidSets.format(uids), uids, () -> expungeDeleted(folder, uids));
            return;
        }
        Set<Uid> deleted = command("SEARCH", folder, "DELETED", Set.of(), () -> {
            Set<Uid> d = new TreeSet<>();
            server.folder(folder).messages.values().stream()
                    .filter(m -> m.flags().contains(Flags.DELETED))
                    .forEach(m -> d.add(Uid.of(m.uid())));
            return d;
        });
        if (uids.containsAll(deleted)) {
            command("EXPUNGE", folder, "", deleted, () -> expungeDeleted(folder, deleted));
        }
    }

    private @Nullable Void expungeDeleted(FolderPath folder, Collection<Uid> uids) throws SyncException {
        FakeFolder f = server.folder(folder);
        for (FakeFolder.Message m : existing(folder, uids)) {
            if (m.flags().contains(Flags.DELETED)) {
                f.expunge(m.uid());
            }
        }
        return null;
    }

    /** Refuses a name beginning with {@code ~} with Dovecot's own text, as a server rejects a name it cannot store. */
    @Override
    public void createFolder(FolderPath folder) throws SyncException {
        command(
                "CREATE",
                folder,
                "",
                Set.of(),
                () -> folder.value().startsWith("~")
                        ? rejectName(folder)
                        : server.allFolders()
                                .computeIfAbsent(
                                        folder, p -> new FakeFolder(p, server.newUidValidity(), Optional.empty())));
    }

    private static FakeFolder rejectName(FolderPath folder) throws SyncException {
        throw new SyncException(
                Status.INTERNAL_ERROR,
                Scope.FOLDER,
                "CREATE " + folder + ": server said [CANNOT] Invalid mailbox name: Begins with '~'",
                folder,
                null);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws SyncException {
        command("RENAME", from, to.value(), Set.of(), () -> {
            server.folder(from);
            if (server.allFolders().containsKey(to)) {
                throw new SyncException(
                        Status.INTERNAL_ERROR, Scope.FOLDER, "NO [ALREADYEXISTS] " + to + " exists", from, null);
            }
            server.renameFolder(from, to);
            return null;
        });
        selected = null;
    }

    @Override
    public void deleteFolder(FolderPath folder) throws SyncException {
        command("DELETE", folder, "", Set.of(), () -> server.allFolders().remove(folder));
        if (folder.equals(selected)) {
            selected = null;
        }
    }

    @Override
    public void abort() {
        aborted.set(true);
        abortSignal.countDown();
        kill();
    }

    @Override
    public void close() {
        if (!closed.get() && !aborted.get()) {
            try {
                command("LOGOUT", null, "", Set.of(), () -> null);
            } catch (SyncException e) {
                // a scripted LOGOUT failure; close() never throws
            }
        }
        kill();
    }

    // ---- shared with FakeChanges ----

    FakeMailServer server() {
        return server;
    }

    /** SELECT {@code folder} unless it is selected already; {@code force} re-selects (QRESYNC SELECT). */
    void select(FolderPath folder, boolean force, String args) throws SyncException {
        if (force || !folder.equals(selected)) {
            selected = null;
            command("SELECT", folder, args, Set.of(), () -> server.folder(folder));
            selected = folder;
        }
    }

    void select(FolderPath folder, boolean force) throws SyncException {
        select(folder, force, "");
    }

    List<FakeFolder.Message> existing(FolderPath folder, Collection<Uid> uids) throws SyncException {
        FakeFolder f = server.folder(folder);
        List<FakeFolder.Message> out = new ArrayList<>();
        for (Uid u : new TreeSet<>(uids)) {
            FakeFolder.Message m = f.messages.get(u.value());
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    <T> T command(String name, @Nullable FolderPath folder, String args, Set<Uid> uids, FakeMailServer.Op<T> op)
            throws SyncException {
        if (aborted.get()) {
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "connection #" + connection + " was aborted");
        }
        if (closed.get()) {
            throw new SyncException(Status.END_OF_SESSION, Scope.ACCOUNT, "connection #" + connection + " is closed");
        }
        var outcome = server.run(new RecordedCommand(connection, name, Optional.ofNullable(folder), args), uids, op);
        FakeFault fault = outcome.fault();
        if (fault == null) {
            return outcome.value();
        }
        String what = name + (folder == null ? "" : " " + folder);
        switch (fault.action()) {
            case FAIL -> {
                SyncException e =
                        new SyncException(fault.status(), fault.scope(), "scripted failure of " + what, folder, null);
                if (e.isTransient()) {
                    kill();
                }
                throw e;
            }
            case DROP_AFTER_REPLY -> {
                kill();
                throw new SyncException(
                        Status.NETWORK_ERROR, Scope.ACCOUNT, "connection lost after " + what, folder, null);
            }
            case STALL -> {
                return awaitAbort(what, folder);
            }
        }
        throw new AssertionError(fault);
    }

    private <T> T awaitAbort(String what, @Nullable FolderPath folder) throws SyncException {
        try {
            if (abortSignal.await(30, TimeUnit.SECONDS)) {
                throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, what + " aborted", folder, null);
            }
            abort();
            throw new SyncException(Status.TIMEOUT, Scope.ACCOUNT, what + " got no answer in 30 s", folder, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, what + " interrupted", folder, e);
        }
    }

    private static byte[] read(RawMessage message) throws SyncException {
        try {
            return message.bytes().clone();
        } catch (IOException e) {
            throw new SyncException(Status.INTERNAL_ERROR, Scope.MESSAGE, "cannot read message to append", null, e);
        }
    }

    /** The connection is gone, as after a network failure: later calls throw {@code END_OF_SESSION}. */
    private void kill() {
        selected = null;
        if (closed.compareAndSet(false, true)) {
            server.connectionClosed();
        }
    }
}
