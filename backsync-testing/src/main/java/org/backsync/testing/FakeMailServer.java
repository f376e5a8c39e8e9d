package org.backsync.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory IMAP-like server for tests: folders with UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, messages with flags
 * and MODSEQ, an expunge history for VANISHED, and the capabilities chosen at construction (a server without
 * CONDSTORE also reports no HIGHESTMODSEQ). {@link #factory()} opens {@link FakeMailProvider} connections to it.
 *
 * <p>Tests change it "as another client" with the server-side methods ({@link #deliver}, {@link #setFlags}, {@link
 * #expunge}, folder methods, {@link #changeUidValidity}); those are not recorded as commands. Every command a provider
 * issues is recorded in {@link #commands()}, and {@link #inject} scripts failures. Thread-safe: state is guarded by
 * one lock, held only for in-memory work.
 */
public final class FakeMailServer {
    /** Every capability the SPI knows. */
    public static final Set<Capability> ALL = EnumSet.allOf(Capability.class);
    /** A plain RFC 3501 server, like GreenMail: no CONDSTORE, QRESYNC, UIDPLUS or MOVE. */
    public static final Set<Capability> PLAIN = EnumSet.of(Capability.IDLE, Capability.LITERAL_PLUS);

    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Capability> capabilities;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger openConnections = new AtomicInteger();
    // guarded by lock
    private final TreeMap<FolderPath, FakeFolder> folders = new TreeMap<>();
    // guarded by lock
    private final List<RecordedCommand> commands = new ArrayList<>();
    // guarded by lock
    private final List<ArmedFault> faults = new ArrayList<>();
    // guarded by lock
    private long nextUidValidity = 1000;

    private static final class ArmedFault {
        final FakeFault fault;
        int seen;

        ArmedFault(FakeFault fault) {
            this.fault = fault;
        }
    }

    /** A server with every capability and an empty INBOX. */
    public FakeMailServer() {
        this(ALL);
    }

    /** A server with exactly {@code capabilities} and an empty INBOX. */
    public FakeMailServer(Set<Capability> capabilities) {
        this.capabilities = Set.copyOf(capabilities);
        createFolder(FolderPath.INBOX);
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Opens a new connection per call; {@code LOGIN} is its first recorded command. */
    public MailProvider.Factory factory() {
        return account -> new FakeMailProvider(this, connections.incrementAndGet());
    }

    /** Connections opened and not yet closed. */
    public int openConnections() {
        return openConnections.get();
    }

    // ---- server-side changes, as another client would make them (not recorded) ----

    public void createFolder(FolderPath path) {
        createFolder(path, null);
    }

    public void createFolder(FolderPath path, @Nullable SpecialUse use) {
        locked(() ->
                folders.computeIfAbsent(path, p -> new FakeFolder(p, nextUidValidity++, Optional.ofNullable(use))));
    }

    /** Renames {@code from} and every folder below it; UIDVALIDITY and messages stay. */
    public void renameFolder(FolderPath from, FolderPath to) {
        locked(() -> {
            for (FolderPath p : List.copyOf(folders.keySet())) {
                if (p.isWithin(from)) {
                    FakeFolder f = folders.remove(p);
                    f.path = p.rebase(from, to);
                    folders.put(f.path, f);
                }
            }
            return null;
        });
    }

    public void deleteFolder(FolderPath path) {
        locked(() -> folders.remove(path));
    }

    public void setSubscribed(FolderPath path, boolean subscribed) {
        locked(() -> folder(path).subscribed = subscribed);
    }

    /** Delivers a message with the current time (to the second) as INTERNALDATE; returns its UID. */
    public Uid deliver(FolderPath path, byte[] content, Flags flags) {
        return deliver(path, content, flags, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public Uid deliver(FolderPath path, String content) {
        return deliver(path, content.getBytes(StandardCharsets.UTF_8), Flags.NONE);
    }

    public Uid deliver(FolderPath path, byte[] content, Flags flags, Instant internalDate) {
        return Uid.of(locked(() -> folder(path).add(content.clone(), flags, internalDate)));
    }

    /** Replaces the flags of {@code uid}; bumps its MODSEQ if they differ. */
    public void setFlags(FolderPath path, Uid uid, Flags flags) {
        locked(() -> {
            folder(path).setFlags(uid.value(), flags);
            return null;
        });
    }

    public void expunge(FolderPath path, Uid... uids) {
        locked(() -> {
            for (Uid u : uids) {
                folder(path).expunge(u.value());
            }
            return null;
        });
    }

    /** Gives {@code path} a new UIDVALIDITY and numbers its messages again from UID 1. */
    public UidValidity changeUidValidity(FolderPath path) {
        return UidValidity.of(locked(() -> {
            long v = nextUidValidity++;
            folder(path).renumber(v);
            return v;
        }));
    }

    // ---- inspection ----

    public List<FolderPath> folders() {
        return locked(() -> List.copyOf(folders.keySet()));
    }

    public List<Uid> uids(FolderPath path) {
        return locked(() -> folder(path).messages.keySet().stream().map(Uid::of).toList());
    }

    public Flags flags(FolderPath path, Uid uid) {
        return locked(() -> message(path, uid).flags());
    }

    public byte[] content(FolderPath path, Uid uid) {
        return locked(() -> message(path, uid).content().clone());
    }

    public Instant internalDate(FolderPath path, Uid uid) {
        return locked(() -> message(path, uid).internalDate());
    }

    /** STATUS as the server sees it, regardless of capabilities. */
    public FolderStatus status(FolderPath path) {
        return locked(() -> statusOf(folder(path)));
    }

    static FolderStatus statusOf(FakeFolder f) {
        return new FolderStatus(
                UidValidity.of(f.uidValidity),
                Uid.of(f.uidNext),
                f.messages.size(),
                Optional.of(ModSeq.of(f.highestModSeq)),
                f.size());
    }

    // ---- command log and faults ----

    /** Every command issued by any connection, in order. */
    public List<RecordedCommand> commands() {
        return locked(() -> List.copyOf(commands));
    }

    public void clearCommands() {
        locked(() -> {
            commands.clear();
            return null;
        });
    }

    public void inject(FakeFault fault) {
        locked(() -> faults.add(new ArmedFault(fault)));
    }

    public void clearFaults() {
        locked(() -> {
            faults.clear();
            return null;
        });
    }

    // ---- for FakeMailProvider ----

    /** Work done under the server lock; may throw the command's own failure (a NO). */
    @FunctionalInterface
    interface Op<T> {
        T apply() throws SyncException;
    }

    void connectionOpened() {
        openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /**
     * Records {@code name}, consults the faults, and runs {@code op} under the lock unless a fault stops it. Returns
     * the fault that hit, if any, together with the result; the caller acts on the fault outside the lock.
     */
    <T> Outcome<T> run(RecordedCommand command, Set<Uid> uids, Op<T> op) throws SyncException {
        lock.lock();
        try {
            commands.add(command);
            FakeFault hit = takeFault(command, uids);
            if (hit == null || hit.action() == FakeFault.Action.DROP_AFTER_REPLY) {
                return new Outcome<>(op.apply(), hit);
            }
            return new Outcome<>(null, hit);
        } finally {
            lock.unlock();
        }
    }

    record Outcome<T>(@Nullable T value, @Nullable FakeFault fault) {}

    /** The folder at {@code path}; the caller holds the lock. */
    FakeFolder folder(FolderPath path) throws NoSuchFolder {
        assert lock.isHeldByCurrentThread();
        FakeFolder f = folders.get(path);
        if (f == null) {
            throw new NoSuchFolder(path);
        }
        return f;
    }

    /** The caller holds the lock. */
    TreeMap<FolderPath, FakeFolder> allFolders() {
        assert lock.isHeldByCurrentThread();
        return folders;
    }

    /** The caller holds the lock. */
    long newUidValidity() {
        assert lock.isHeldByCurrentThread();
        return nextUidValidity++;
    }

    /** NO [NONEXISTENT]: the folder does not exist. */
    static final class NoSuchFolder extends SyncException {
        NoSuchFolder(FolderPath path) {
            super(Status.NOT_FOUND, Scope.FOLDER, "folder " + path + " does not exist", path, null);
        }
    }

    private FakeFolder.Message message(FolderPath path, Uid uid) throws NoSuchFolder {
        FakeFolder.Message m = folder(path).messages.get(uid.value());
        if (m == null) {
            throw new IllegalArgumentException("no UID " + uid + " in " + path);
        }
        return m;
    }

    private @Nullable FakeFault takeFault(RecordedCommand command, Set<Uid> uids) {
        for (Iterator<ArmedFault> it = faults.iterator(); it.hasNext(); ) {
            ArmedFault armed = it.next();
            if (armed.fault.matches(command, uids)) {
                armed.seen++;
                if (armed.fault.nth() == 0) {
                    return armed.fault;
                }
                if (armed.seen == armed.fault.nth()) {
                    it.remove();
                    return armed.fault;
                }
            }
        }
        return null;
    }

    @FunctionalInterface
    private interface Locked<T> {
        T get() throws NoSuchFolder;
    }

    /** Server-side helpers throw IllegalArgumentException for a missing folder: that is a broken test. */
    private <T> T locked(Locked<T> body) {
        lock.lock();
        try {
            return body.get();
        } catch (NoSuchFolder e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
