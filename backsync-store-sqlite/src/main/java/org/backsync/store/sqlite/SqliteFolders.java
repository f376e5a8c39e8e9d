package org.backsync.store.sqlite;

import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalFolder.Pending;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;

/**
 * Hierarchy changes inside a write transaction. The rename rules are {@link LocalFolder#renamed} and
 * {@link LocalFolder#renameConfirmed}, shared with {@code InMemoryMessageStore}: a rename carries the
 * subtree along; a local rename keeps remote paths and is pending until the remote path equals the path again; a
 * delete hides the visible subtree (a folder never uploaded goes at once); clearing a pending rename re-bases the
 * children's remote paths, since IMAP RENAME renames inferior names too (RFC 3501 §6.3.5).
 */
final class SqliteFolders {
    private final Sql sql;
    private final SqliteReads reads;
    private final SqliteMessages messages;

    SqliteFolders(Sql sql, SqliteReads reads, SqliteMessages messages) {
        this.sql = sql;
        this.reads = reads;
        this.messages = messages;
    }

    LocalFolder require(long folderId) throws SyncException {
        return reads.folder(folderId)
                .orElseThrow(() -> new SyncException(Status.NOT_FOUND, Scope.FOLDER, "no folder with id " + folderId));
    }

    private void requireFreePath(AccountId account, long folderId, FolderPath path) throws SyncException {
        Optional<Long> other = sql.queryOne(
                "SELECT id FROM folder WHERE account = ? AND path = ? AND pending <> 'DELETE' AND id <> ?",
                rs -> rs.getLong(1),
                account.value(),
                path.value(),
                folderId);
        if (other.isPresent()) {
            throw new SyncException(
                    Status.BUSY, Scope.FOLDER, "folder " + path + " already exists in account " + account, path, null);
        }
    }

    LocalFolder add(AccountId account, FolderPath path, Optional<SpecialUse> use, boolean subscribed, Pending pending)
            throws SyncException {
        if (pending != Pending.NONE && pending != Pending.CREATE) {
            throw new IllegalArgumentException("a new folder is pending NONE or CREATE, not " + pending);
        }
        requireFreePath(account, 0, path);
        sql.update("INSERT OR IGNORE INTO account (id) VALUES (?)", account.value());
        long id = sql.insert(
                "INSERT INTO folder (account, path, remote_path, special_use, subscribed, pending)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                account.value(),
                path.value(),
                pending == Pending.NONE ? path.value() : null,
                use,
                subscribed,
                pending);
        return require(id);
    }

    private List<LocalFolder> subtree(LocalFolder root) throws SyncException {
        return reads.folders(root.account()).stream()
                .filter(f -> f.path().isWithin(root.path()))
                .toList();
    }

    /** Writes {@code f}'s path, remote path and pending change. */
    private void put(LocalFolder f) throws SyncException {
        sql.update(
                "UPDATE folder SET path = ?, remote_path = ?, pending = ? WHERE id = ?",
                f.path().value(),
                f.remotePath().map(FolderPath::value),
                f.pending(),
                f.id());
    }

    void rename(long folderId, FolderPath newPath, boolean local) throws SyncException {
        LocalFolder root = require(folderId);
        List<LocalFolder> after = LocalFolder.renamed(root, subtree(root), newPath, local);
        requireFreePath(root.account(), root.id(), newPath);
        for (LocalFolder f : after) {
            put(f);
        }
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

    /** Removes the folder and the messages shown in it; messages moved out of it lose their server place. */
    void remove(long folderId) throws SyncException {
        require(folderId);
        messages.removeAll(
                "SELECT id FROM message WHERE folder_id = ? OR (remote_folder_id = ? AND deleted = 1)",
                folderId,
                folderId);
        sql.update("UPDATE message SET remote_folder_id = NULL, uid = NULL WHERE remote_folder_id = ?", folderId);
        sql.update("DELETE FROM folder WHERE id = ?", folderId);
        messages.forgetFolders();
    }

    void clearPending(long folderId) throws SyncException {
        LocalFolder f = require(folderId);
        switch (f.pending()) {
            case NONE -> {}
            case CREATE -> put(f.with(f.path(), Optional.of(f.path()), Pending.NONE));
            case DELETE -> {
                requireFreePath(f.account(), f.id(), f.path());
                put(f.with(f.path(), Optional.of(f.path()), Pending.NONE));
            }
            case RENAME -> clearRename(f);
        }
    }

    private void clearRename(LocalFolder f) throws SyncException {
        for (LocalFolder g : LocalFolder.renameConfirmed(f, subtree(f))) {
            put(g);
        }
    }

    void setSpecialUse(long folderId, Optional<SpecialUse> use) throws SyncException {
        require(folderId);
        sql.update("UPDATE folder SET special_use = ? WHERE id = ?", use, folderId);
    }

    void setSyncState(long folderId, Optional<FolderSyncState> state) throws SyncException {
        require(folderId);
        sql.update(
                "UPDATE folder SET uid_validity = ?, uid_next = ?, highest_modseq = ? WHERE id = ?",
                state.map(s -> s.uidValidity().value()),
                state.map(s -> s.uidNext().value()),
                state.flatMap(s -> s.highestModSeq().map(m -> m.value())),
                folderId);
    }
}
