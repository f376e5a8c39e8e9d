package org.backsync.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.RawMessage;

/**
 * A provider that passes every call to another one: the base for decorators (a folder filter, a pacing or counting
 * wrapper), which override only the calls they change. Every method of {@link MailProvider} is forwarded here, so a
 * decorator never silently falls back to an interface default the wrapped provider overrides.
 */
public abstract class ForwardingMailProvider implements MailProvider {
    /** The provider every call goes to. */
    protected final MailProvider delegate;

    protected ForwardingMailProvider(MailProvider delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return delegate.listFolders();
    }

    @Override
    public FolderStatus status(FolderPath folder) throws SyncException {
        return delegate.status(folder);
    }

    @Override
    public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
        return delegate.statuses(folders);
    }

    @Override
    public FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        return delegate.changes(folder, known, justTaken);
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        delegate.fetch(folder, uids, headersOnly, sink);
    }

    @Override
    public Map<Uid, Flags> fetchFlags(FolderPath folder, Set<Uid> uids) throws SyncException {
        return delegate.fetchFlags(folder, uids);
    }

    @Override
    public Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        return delegate.searchHeader(folder, name, value, from);
    }

    @Override
    public Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        return delegate.append(folder, message, flags, internalDate);
    }

    @Override
    public Set<Uid> storeFlags(
            FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        return delegate.storeFlags(folder, uids, add, remove, unchangedSince);
    }

    @Override
    public Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return delegate.move(source, uids, target);
    }

    @Override
    public Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        return delegate.copy(source, uids, target);
    }

    @Override
    public void delete(FolderPath folder, Set<Uid> uids) throws SyncException {
        delegate.delete(folder, uids);
    }

    @Override
    public void createFolder(FolderPath folder) throws SyncException {
        delegate.createFolder(folder);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws SyncException {
        delegate.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(FolderPath folder) throws SyncException {
        delegate.deleteFolder(folder);
    }

    @Override
    public boolean isReusable() {
        return delegate.isReusable();
    }

    @Override
    public void keepAlive() throws SyncException {
        delegate.keepAlive();
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
