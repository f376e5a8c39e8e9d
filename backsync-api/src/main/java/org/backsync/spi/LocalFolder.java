package org.backsync.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;

/**
 * One folder in the local store.
 *
 * <p>{@code id} is the stable local id. {@code syncState} is empty until the first complete download of the folder.
 * {@code pending} says which local hierarchy change waits for upload:
 *
 * <ul>
 *   <li>{@link Pending#NONE}: in step with the server as far as the store knows;
 *   <li>{@link Pending#CREATE}: created locally, not yet on the server;
 *   <li>{@link Pending#RENAME}: renamed locally; {@code remotePath} is the name the server still has;
 *   <li>{@link Pending#DELETE}: deleted locally (hidden from users), not yet deleted on the server.
 * </ul>
 *
 * {@code remotePath} is the folder's name on the server as far as the store knows (equal to {@code path} unless a
 * rename is pending). A folder with {@link Pending#CREATE} has no remote path.
 */
public record LocalFolder(
        long id,
        AccountId account,
        FolderPath path,
        Optional<FolderPath> remotePath,
        Optional<SpecialUse> specialUse,
        boolean subscribed,
        Optional<FolderSyncState> syncState,
        Pending pending) {
    public enum Pending {
        NONE,
        CREATE,
        RENAME,
        DELETE
    }

    public LocalFolder {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(specialUse, "specialUse");
        Objects.requireNonNull(syncState, "syncState");
        Objects.requireNonNull(pending, "pending");
    }

    /** True if users see this folder: everything but a pending delete. */
    public boolean isVisible() {
        return pending != Pending.DELETE;
    }

    /**
     * The rule every store applies to rename {@code root} to {@code newPath}: the subtree moves along; a local rename
     * keeps the remote paths and stays {@link Pending#RENAME} until the remote path equals the path again; a remote
     * rename (or the upload of a local one) re-bases the remote paths of the subtree too, since IMAP RENAME renames
     * inferior names (RFC 3501 §6.3.5). The caller checks that {@code newPath} is free and persists the result.
     *
     * @param subtree every folder of the account whose path is within {@code root}'s, {@code root} included
     * @return the folders of {@code subtree} as they are after the rename
     * @throws SyncException {@link Status#NOT_FOUND} for a local rename of a folder pending delete
     * @throws IllegalArgumentException if {@code newPath} lies inside {@code root}
     */
    public static List<LocalFolder> renamed(
            LocalFolder root, List<LocalFolder> subtree, FolderPath newPath, boolean local) throws SyncException {
        if (local && !root.isVisible()) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "folder " + root.path() + " is deleted");
        }
        if (newPath.isWithin(root.path()) && !newPath.equals(root.path())) {
            throw new IllegalArgumentException("cannot rename " + root.path() + " into itself: " + newPath);
        }
        FolderPath remoteRoot = root.remotePath().orElse(root.path());
        return subtree.stream()
                .map(f -> {
                    FolderPath path = f.path().rebase(root.path(), newPath);
                    Optional<FolderPath> remote = local
                            ? f.remotePath()
                            : f.remotePath().map(r -> r.isWithin(remoteRoot) ? r.rebase(remoteRoot, newPath) : r);
                    return f.with(path, remote, pendingAfterRename(f.pending(), path, remote));
                })
                .toList();
    }

    /**
     * The rule every store applies when the server confirmed {@code root}'s pending rename: its remote path becomes
     * its path, and the remote paths of the subtree are re-based with it (the server renamed inferior names too);
     * a child with a rename of its own stays pending until its remote path equals its path.
     *
     * @param subtree every folder of the account whose path is within {@code root}'s, {@code root} included
     * @return the folders of {@code subtree} as they are after the confirmation
     */
    public static List<LocalFolder> renameConfirmed(LocalFolder root, List<LocalFolder> subtree) {
        FolderPath oldRemote = root.remotePath().orElse(root.path());
        return subtree.stream()
                .map(g -> {
                    if (g.id() == root.id()) {
                        return g.with(g.path(), Optional.of(root.path()), Pending.NONE);
                    }
                    Optional<FolderPath> remote =
                            g.remotePath().map(r -> r.isWithin(oldRemote) ? r.rebase(oldRemote, root.path()) : r);
                    Pending p = g.pending() == Pending.RENAME
                            ? pendingAfterRename(Pending.RENAME, g.path(), remote)
                            : g.pending();
                    return g.with(g.path(), remote, p);
                })
                .toList();
    }

    private static Pending pendingAfterRename(Pending before, FolderPath path, Optional<FolderPath> remote) {
        return switch (before) {
            case NONE, RENAME -> remote.isPresent() && remote.get().equals(path) ? Pending.NONE : Pending.RENAME;
            case CREATE, DELETE -> before;
        };
    }

    /** This folder with another path, remote path and pending change; everything else kept. */
    public LocalFolder with(FolderPath newPath, Optional<FolderPath> newRemotePath, Pending newPending) {
        return new LocalFolder(id, account, newPath, newRemotePath, specialUse, subscribed, syncState, newPending);
    }
}
