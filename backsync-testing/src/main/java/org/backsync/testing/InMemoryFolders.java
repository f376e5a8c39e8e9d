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
        if (local && !root.isVisible()) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "folder " + root.path() + " is deleted");
        }
        if (newPath.isWithin(root.path()) && !newPath.equals(root.path())) {
            throw new IllegalArgumentException("cannot rename " + root.path() + " into itself: " + newPath);
        }
        requireFreePath(root, newPath);
        FolderPath remoteRoot = root.remotePath().orElse(root.path());
        for (LocalFolder f : subtree(root)) {
            FolderPath path = f.path().rebase(root.path(), newPath);
            Optional<FolderPath> remote = local ? f.remotePath() : rebaseRemote(f, remoteRoot, newPath);
            put(withPath(f, path, remote, pendingAfterRename(f.pending(), path, remote)));
        }
    }

    private static Optional<FolderPath> rebaseRemote(LocalFolder f, FolderPath from, FolderPath to) {
        return f.remotePath().map(r -> r.isWithin(from) ? r.rebase(from, to) : r);
    }

    private static Pending pendingAfterRename(Pending before, FolderPath path, Optional<FolderPath> remote) {
        return switch (before) {
            case NONE, RENAME -> remote.isPresent() && remote.get().equals(path) ? Pending.NONE : Pending.RENAME;
            case CREATE, DELETE -> before;
        };
    }

    private static LocalFolder withPath(LocalFolder f, FolderPath path, Optional<FolderPath> remote, Pending p) {
        return new LocalFolder(f.id(), f.account(), path, remote, f.specialUse(), f.subscribed(), f.syncState(), p);
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
                put(withPath(f, f.path(), f.remotePath(), Pending.DELETE));
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
            case CREATE -> put(withPath(f, f.path(), Optional.of(f.path()), Pending.NONE));
            case DELETE -> {
                requireFreePath(f, f.path());
                put(withPath(f, f.path(), Optional.of(f.path()), Pending.NONE));
            }
            case RENAME -> {
                FolderPath oldRemote = f.remotePath().orElse(f.path());
                for (LocalFolder g : subtree(f)) {
                    Optional<FolderPath> remote =
                            g.id() == f.id() ? Optional.of(f.path()) : rebaseRemote(g, oldRemote, f.path());
                    Pending p = g.pending() == Pending.RENAME
                            ? pendingAfterRename(Pending.RENAME, g.path(), remote)
                            : g.pending();
                    put(withPath(g, g.path(), remote, g.id() == f.id() ? Pending.NONE : p));
                }
            }
        }
    }
}
