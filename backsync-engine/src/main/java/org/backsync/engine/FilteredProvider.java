package org.backsync.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.engine.config.FolderFilter;
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

/**
 * An account's {@code folders.include / exclude} applied where the core learns the server's folders: {@link
 * #listFolders()} leaves out every folder the filter rejects, so no phase ever selects it. Everything else is passed
 * through unchanged.
 */
final class FilteredProvider implements MailProvider {
    private final MailProvider inner;
    private final FolderFilter filter;

    FilteredProvider(MailProvider inner, FolderFilter filter) {
        this.inner = inner;
        this.filter = filter;
    }

    @Override
    public Set<Capability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return inner.listFolders().stream()
                .filter(f -> filter.accepts(f.path()))
                .toList();
    }

    @Override
    public FolderStatus status(FolderPath folder) throws SyncException {
        return inner.status(folder);
    }

    @Override
    public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
        return inner.statuses(folders);
    }

    @Override
    public FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        return inner.changes(folder, known, justTaken);
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        inner.fetch(folder, uids, headersOnly, sink);
    }

    @Override
    public Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException {
        return inner.fetchFlags(folder, uids);
    }

    @Override
    public Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        return inner.searchHeader(folder, name, value, from);
    }

    @Override
    public Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        return inner.append(folder, message, flags, internalDate);
    }

    @Override
    public Set<Uid> storeFlags(
            FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        return inner.storeFlags(folder, uids, add, remove, unchangedSince);
    }

    @Override
    public Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return inner.move(source, uids, target);
    }

    @Override
    public void delete(FolderPath folder, Set<Uid> uids) throws SyncException {
        inner.delete(folder, uids);
    }

    @Override
    public void createFolder(FolderPath folder) throws SyncException {
        inner.createFolder(folder);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws SyncException {
        inner.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(FolderPath folder) throws SyncException {
        inner.deleteFolder(folder);
    }

    @Override
    public void abort() {
        inner.abort();
    }

    @Override
    public void close() {
        inner.close();
    }
}
