package org.backsync.testing;

import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalFolder.Pending;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SyncException;
import org.backsync.testing.InMemoryState.StoredMessage;

/** The hierarchy changes of {@link InMemoryTransaction}, applied to a draft {@link InMemoryState}. */
final class InMemoryFolders {
    private final InMemoryState state;

    InMemoryFolders(InMemoryState state) {
        this.state = state;
    }

    LocalFolder require(long folderId) throws SyncException {
        LocalFolder f = state.folders.get(folderId);
        if (f == null) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "no folder with id " + folderId);
        }
        return f;
    }

    void requireFreePath(LocalFolder f, FolderPath path) throws SyncException {
        Optional<LocalFolder> other = state.visibleFolder(f.account(), path);
        if (other.isPresent() && other.get().id() != f.id()) {
            throw new SyncException(
                    Status.BUSY,
                    Scope.FOLDER,
                    "folder " + path + " already exists in account " + f.account(),
                    path,
                    null);
        }
    }

    void put(LocalFolder f) {
        state.folders.put(f.id(), f);
    }

    List<LocalFolder> subtree(LocalFolder root) {
        return state.folders.values().stream()
                .filter(f -> f.account().equals(root.account()) && f.path().isWithin(root.path()))
                .toList();
    }

    void rename(long folderId, FolderPath newPath, boolean local) throws SyncException {
        LocalFolder root = require(folderId);
        List<LocalFolder> after = LocalFolder.renamed(root, subtree(root), newPath, local);
        requireFreePath(root, newPath);
        after.forEach(this::put);
    }

    void markDeleted(long folderId) throws SyncException {
        LocalFolder root = require(folderId);
        if (!root.isVisible()) {
            return;
        }
        for (LocalFolder f : subtree(root)) {
            if (!f.isVisible()) {
                continue;
            }
            if (f.pending() == Pending.CREATE) {
                remove(f.id());
            } else {
                put(f.with(f.path(), f.remotePath(), Pending.DELETE));
            }
        }
    }

    void remove(long folderId) throws SyncException {
        require(folderId);
        state.folders.remove(folderId);
        for (StoredMessage s : List.copyOf(state.messages.values())) {
            LocalMessage m = s.meta();
            boolean remoteHere = m.remote().map(r -> r.folderId() == folderId).orElse(false);
            if (m.folderId() == folderId || (remoteHere && m.deleted())) {
                state.messages.remove(m.localId());
            } else if (remoteHere) {
                state.messages.put(
                        m.localId(), new StoredMessage(InMemoryMessages.withRemote(m, Optional.empty()), s.content()));
            }
        }
    }

    void clearPending(long folderId) throws SyncException {
        LocalFolder f = require(folderId);
        switch (f.pending()) {
            case NONE -> {}
            case CREATE -> put(f.with(f.path(), Optional.of(f.path()), Pending.NONE));
            case DELETE -> {
                requireFreePath(f, f.path());
                put(f.with(f.path(), Optional.of(f.path()), Pending.NONE));
            }
            case RENAME -> LocalFolder.renameConfirmed(f, subtree(f)).forEach(this::put);
        }
    }
}
