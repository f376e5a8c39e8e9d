package org.backsync.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * A provider that fetches in small chunks with a pause before each, as a distant server would, so that a browser can
 * watch a progress bar move. The pause ends early on {@link #abort()}, which is how cancel reaches a blocked read.
 * Every other call goes straight to the wrapped provider.
 */
final class PacedMailProvider implements MailProvider {
    private final MailProvider delegate;
    private final int chunk;
    private final Duration pause;
    private final CountDownLatch aborted = new CountDownLatch(1);

    private PacedMailProvider(MailProvider delegate, int chunk, Duration pause) {
        this.delegate = delegate;
        this.chunk = chunk;
        this.pause = pause;
    }

    static MailProvider.Factory pacing(MailProvider.Factory factory, int chunk, Duration pause) {
        return account -> new PacedMailProvider(factory.open(account), chunk, pause);
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        for (int i = 0; i < uids.size(); i += chunk) {
            try {
                aborted.await(pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.fetch(folder, uids.subList(i, Math.min(uids.size(), i + chunk)), headersOnly, sink);
        }
    }

    @Override
    public void abort() {
        aborted.countDown();
        delegate.abort();
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
    public void close() {
        delegate.close();
    }
}
