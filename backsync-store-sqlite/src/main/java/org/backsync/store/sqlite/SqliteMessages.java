package org.backsync.store.sqlite;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.ModSeq;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.SyncException;

/**
 * Message changes inside a write transaction. Bodies go to the pack through {@link PackWriter}; when a body is
 * dropped (removal, promotion, rewrite) its bytes are counted as dead in its pack, for reclaiming (ADR 0001).
 */
final class SqliteMessages {
    private final Sql sql;
    private final SqliteReads reads;
    private final PackWriter packs;

    SqliteMessages(Sql sql, SqliteReads reads, PackWriter packs) {
        this.sql = sql;
        this.reads = reads;
        this.packs = packs;
    }

    LocalMessage require(long localId) throws SyncException {
        return reads.message(localId)
                .orElseThrow(() ->
                        new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "no message with local id " + localId));
    }

    private LocalFolder requireFolder(long folderId) throws SyncException {
        return reads.folder(folderId)
                .orElseThrow(() -> new SyncException(Status.NOT_FOUND, Scope.FOLDER, "no folder with id " + folderId));
    }

    /** Folder ids seen to exist in this transaction, so that a batch of inserts checks its folder once. */
    private final Set<Long> knownFolders = new HashSet<>();

    private void requireExists(long folderId) throws SyncException {
        if (knownFolders.contains(folderId)) {
            return;
        }
        if (sql.queryOne("SELECT 1 FROM folder WHERE id = ?", rs -> 1, folderId).isEmpty()) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "no folder with id " + folderId);
        }
        knownFolders.add(folderId);
    }

    /** Called when a folder is removed within the transaction. */
    void forgetFolders() {
        knownFolders.clear();
    }

    long insert(long folderId, NewMessage m) throws SyncException {
        requireExists(folderId);
        if (m.remote().isPresent()) {
            requireExists(m.remote().get().folderId());
        }
        PackWriter.Location at = packs.append(sql, m.content());
        try {
            return insertRow(folderId, m, at);
        } catch (IllegalArgumentException e) {
            throw uidTaken(m.remote().orElseThrow(), e);
        }
    }

    private static IllegalArgumentException uidTaken(RemoteRef remote, IllegalArgumentException cause) {
        return new IllegalArgumentException(
                "UID " + remote.uid() + " of folder " + remote.folderId() + " is already mapped to another message",
                cause);
    }

    private long insertRow(long folderId, NewMessage m, PackWriter.Location at) throws SyncException {
        return sql.insert(
                "INSERT INTO message (folder_id, remote_folder_id, uid, message_id, internal_date, size, flags,"
                        + " base_flags, modseq, header_only, deleted, tracking_id, pack, pack_offset, length)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)",
                folderId,
                m.remote().map(RemoteRef::folderId),
                m.remote().map(r -> r.uid().value()),
                m.messageId(),
                Columns.micros(m.internalDate()),
                m.size(),
                Columns.flags(m.flags()),
                Columns.flags(m.baseFlags()),
                m.modSeq().map(ModSeq::value),
                m.headerOnly(),
                at.pack(),
                at.offset(),
                at.length());
    }

    void setFlags(long localId, Flags flags) throws SyncException {
        require(localId);
        sql.update("UPDATE message SET flags = ? WHERE id = ?", Columns.flags(flags), localId);
    }

    void setSyncedFlags(long localId, Flags flags, Flags base, Optional<ModSeq> modSeq) throws SyncException {
        require(localId);
        sql.update(
                "UPDATE message SET flags = ?, base_flags = ?, modseq = ? WHERE id = ?",
                Columns.flags(flags),
                Columns.flags(base),
                modSeq.map(ModSeq::value),
                localId);
    }

    void moveLocal(long localId, long toFolderId) throws SyncException {
        LocalMessage m = require(localId);
        LocalFolder to = requireFolder(toFolderId);
        if (!to.isVisible()) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "folder " + to.path() + " is deleted");
        }
        if (!requireFolder(m.folderId()).account().equals(to.account())) {
            throw new IllegalArgumentException("moveLocal across accounts: message " + localId + " to " + to.path());
        }
        sql.update("UPDATE message SET folder_id = ? WHERE id = ?", toFolderId, localId);
    }

    void markDeleted(long localId) throws SyncException {
        LocalMessage m = require(localId);
        if (m.remote().isEmpty()) {
            remove(localId);
        } else {
            sql.update("UPDATE message SET deleted = 1 WHERE id = ?", localId);
        }
    }

    void setRemote(long localId, Optional<RemoteRef> remote) throws SyncException {
        require(localId);
        if (remote.isPresent()) {
            requireFolder(remote.get().folderId());
        }
        try {
            sql.update(
                    "UPDATE message SET remote_folder_id = ?, uid = ? WHERE id = ?",
                    remote.map(RemoteRef::folderId),
                    remote.map(r -> r.uid().value()),
                    localId);
        } catch (IllegalArgumentException e) {
            throw uidTaken(remote.orElseThrow(), e);
        }
    }

    void setTrackingId(long localId, String trackingId, RawMessage rewritten) throws SyncException {
        require(localId);
        replaceBody(localId, rewritten);
        sql.update("UPDATE message SET tracking_id = ?, size = length WHERE id = ?", trackingId, localId);
    }

    void replaceContent(long localId, RawMessage full) throws SyncException {
        require(localId);
        replaceBody(localId, full);
        sql.update("UPDATE message SET header_only = 0, size = length WHERE id = ?", localId);
    }

    private void replaceBody(long localId, RawMessage content) throws SyncException {
        countDead("SELECT pack, length FROM message WHERE id = ?", localId);
        PackWriter.Location at = packs.append(sql, content);
        sql.update(
                "UPDATE message SET pack = ?, pack_offset = ?, length = ? WHERE id = ?",
                at.pack(),
                at.offset(),
                at.length(),
                localId);
    }

    void remove(long localId) throws SyncException {
        require(localId);
        countDead("SELECT pack, length FROM message WHERE id = ?", localId);
        sql.update("DELETE FROM message WHERE id = ?", localId);
    }

    /** Removes every message the query (with {@code args}) selects by id. */
    void removeAll(String idQuery, Object... args) throws SyncException {
        List<Long> ids = sql.query(idQuery, rs -> rs.getLong(1), args);
        for (long id : ids) {
            remove(id);
        }
    }

    private void countDead(String query, long id) throws SyncException {
        record Body(long pack, long length) {}
        Optional<Body> body = sql.queryOne(query, rs -> new Body(rs.getLong(1), rs.getLong(2)), id);
        if (body.isPresent()) {
            sql.update(
                    "UPDATE pack SET dead = dead + ? WHERE id = ?",
                    body.get().length(),
                    body.get().pack());
        }
    }
}
