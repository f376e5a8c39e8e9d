package org.backsync.imap;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.BatchSink;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.jspecify.annotations.Nullable;

/**
 * The IMAP {@link MailProvider} on Angus Mail: one connection ({@link ImapConnection}), with the work split by concern
 * into {@link ImapFolders} (hierarchy, STATUS), {@link ImapChanges} (change detection), {@link ImapFetch} (bodies and
 * flags) and {@link ImapMutations} (APPEND, STORE, MOVE, delete). Angus types never leave this package; failures leave
 * it as {@link SyncException} made by {@link ImapFailures}. Not thread-safe, except {@link #abort()}.
 */
public final class ImapProvider implements MailProvider {
    private final ImapConnection connection;
    private final ImapFolders folders;
    private final ImapChanges changes;
    private final ImapStatuses statuses;
    private final ImapFetch fetch;
    private final ImapMutations mutations;
    private @Nullable Optional<FolderPath> trash;

    private ImapProvider(ImapConnection connection) {
        this.connection = connection;
        this.folders = new ImapFolders(connection);
        this.changes = new ImapChanges(connection, folders);
        this.statuses = new ImapStatuses(connection, folders);
        this.fetch = new ImapFetch(connection);
        this.mutations = new ImapMutations(connection, changes);
    }

    /** Connects with {@code settings}: TLS verified before credentials, then login ({@code LOGON_FAILED} if refused). */
    public static ImapProvider open(ImapSettings settings) throws SyncException {
        Objects.requireNonNull(settings, "settings");
        return new ImapProvider(ImapConnection.open(settings));
    }

    /** A factory for one account's settings. */
    public static MailProvider.Factory factory(ImapSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return account -> open(settings);
    }

    /** A factory looking up each account's settings. */
    public static MailProvider.Factory factory(Function<AccountId, ImapSettings> settings) {
        Objects.requireNonNull(settings, "settings");
        return account -> open(settings.apply(account));
    }

    @Override
    public Set<Capability> capabilities() {
        return connection.capabilities();
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return folders.list();
    }

    @Override
    public FolderStatus status(FolderPath folder) throws SyncException {
        return folders.status(folder);
    }

    @Override
    public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
        return statuses.statuses(folders);
    }

    @Override
    public FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        return changes.changes(folder, known, justTaken);
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        fetch.fetch(folder, uids, headersOnly, sink);
    }

    @Override
    public Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException {
        return fetch.flags(folder, uids);
    }

    @Override
    public Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        return mutations.searchHeader(folder, name, value, from);
    }

    @Override
    public Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        return mutations.append(folder, message, flags, internalDate);
    }

    @Override
    public Set<Uid> storeFlags(
            FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        return mutations.storeFlags(folder, uids, add, remove, unchangedSince);
    }

    @Override
    public Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return mutations.move(source, uids, target);
    }

    @Override
    public Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return mutations.copy(source, uids, target);
    }

    /** With {@code trashOnDelete}, a move to the special-use Trash (if there is one); else STORE and UID EXPUNGE. */
    @Override
    public void delete(FolderPath folder, Set<Uid> uids) throws SyncException {
        mutations.delete(folder, uids, connection.settings().trashOnDelete() ? trash() : Optional.empty());
    }

    @Override
    public void createFolder(FolderPath folder) throws SyncException {
        folders.create(folder);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws SyncException {
        folders.rename(from, to);
    }

    @Override
    public void deleteFolder(FolderPath folder) throws SyncException {
        folders.delete(folder);
    }

    @Override
    public boolean isReusable() {
        return connection.isReusable();
    }

    @Override
    public void keepAlive() throws SyncException {
        connection.keepAlive();
    }

    @Override
    public void abort() {
        connection.abort();
    }

    @Override
    public void close() {
        connection.close();
    }

    private Optional<FolderPath> trash() throws SyncException {
        Optional<FolderPath> known = trash;
        if (known == null) {
            known = folders.list().stream()
                    .filter(f -> f.specialUse().equals(Optional.of(SpecialUse.TRASH)))
                    .map(RemoteFolder::path)
                    .findFirst();
            trash = known;
        }
        return known;
    }
}
