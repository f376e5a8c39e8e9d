package org.backsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
import org.backsync.testing.InMemoryState.StoredMessage;

/** The message changes of {@link InMemoryTransaction}, applied to a draft {@link InMemoryState}. */
final class InMemoryMessages {
    private final InMemoryState state;
    private final InMemoryFolders folders;

    InMemoryMessages(InMemoryState state, InMemoryFolders folders) {
        this.state = state;
        this.folders = folders;
    }

    StoredMessage require(long localId) throws SyncException {
        StoredMessage s = state.messages.get(localId);
        if (s == null) {
            throw new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "no message with local id " + localId);
        }
        return s;
    }

    private void update(long localId, UnaryOperator<LocalMessage> change) throws SyncException {
        StoredMessage s = require(localId);
        state.messages.put(localId, new StoredMessage(change.apply(s.meta()), s.content()));
    }

    private void requireUnmappedUid(long localId, Optional<RemoteRef> remote) throws SyncException {
        if (remote.isEmpty()) {
            return;
        }
        folders.require(remote.get().folderId());
        state.messageByUid(remote.get().folderId(), remote.get().uid())
                .filter(m -> m.localId() != localId)
                .ifPresent(m -> {
                    throw new IllegalArgumentException("UID " + remote.get().uid() + " of folder "
                            + remote.get().folderId() + " is already mapped to message " + m.localId());
                });
    }

    long insert(long folderId, NewMessage m) throws SyncException {
        folders.require(folderId);
        requireUnmappedUid(0, m.remote());
        byte[] content = copy(m.content());
        long id = ++state.lastMessageId;
        LocalMessage meta = new LocalMessage(
                id,
                folderId,
                m.remote(),
                m.messageId(),
                m.internalDate(),
                m.size(),
                m.flags(),
                m.baseFlags(),
                m.modSeq(),
                m.headerOnly(),
                false,
                Optional.empty());
        state.messages.put(id, new StoredMessage(meta, content));
        return id;
    }

    static byte[] copy(RawMessage content) throws SyncException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SyncException(Status.INTERNAL_ERROR, Scope.MESSAGE, "cannot read message content", null, e);
        }
    }

    void setFlags(long localId, Flags flags) throws SyncException {
        update(localId, m -> with(m, m.folderId(), m.remote(), flags, m.baseFlags(), m.modSeq(), m.deleted()));
    }

    void setSyncedFlags(long localId, Flags flags, Flags base, Optional<ModSeq> modSeq) throws SyncException {
        update(localId, m -> with(m, m.folderId(), m.remote(), flags, Optional.of(base), modSeq, m.deleted()));
    }

    void moveLocal(long localId, long toFolderId) throws SyncException {
        LocalMessage m = require(localId).meta();
        LocalFolder to = folders.require(toFolderId);
        if (!to.isVisible()) {
            throw new SyncException(Status.NOT_FOUND, Scope.FOLDER, "folder " + to.path() + " is deleted");
        }
        if (!folders.require(m.folderId()).account().equals(to.account())) {
            throw new IllegalArgumentException("moveLocal across accounts: message " + localId + " to " + to.path());
        }
        update(localId, x -> with(x, toFolderId, x.remote(), x.flags(), x.baseFlags(), x.modSeq(), x.deleted()));
    }

    void markDeleted(long localId) throws SyncException {
        LocalMessage m = require(localId).meta();
        if (m.remote().isEmpty()) {
            state.messages.remove(localId);
        } else {
            update(localId, x -> with(x, x.folderId(), x.remote(), x.flags(), x.baseFlags(), x.modSeq(), true));
        }
    }

    void setRemote(long localId, Optional<RemoteRef> remote) throws SyncException {
        require(localId);
        requireUnmappedUid(localId, remote);
        update(localId, m -> withRemote(m, remote));
    }

    void setTrackingId(long localId, String trackingId, RawMessage rewritten) throws SyncException {
        LocalMessage m = require(localId).meta();
        byte[] content = copy(rewritten);
        LocalMessage meta = new LocalMessage(
                m.localId(),
                m.folderId(),
                m.remote(),
                m.messageId(),
                m.internalDate(),
                content.length,
                m.flags(),
                m.baseFlags(),
                m.modSeq(),
                m.headerOnly(),
                m.deleted(),
                Optional.of(trackingId));
        state.messages.put(localId, new StoredMessage(meta, content));
    }

    void remove(long localId) throws SyncException {
        require(localId);
        state.messages.remove(localId);
    }

    void replaceContent(long localId, RawMessage full) throws SyncException {
        LocalMessage m = require(localId).meta();
        byte[] content = copy(full);
        LocalMessage meta = new LocalMessage(
                m.localId(),
                m.folderId(),
                m.remote(),
                m.messageId(),
                m.internalDate(),
                content.length,
                m.flags(),
                m.baseFlags(),
                m.modSeq(),
                false,
                m.deleted(),
                m.trackingId());
        state.messages.put(localId, new StoredMessage(meta, content));
    }

    static LocalMessage withRemote(LocalMessage m, Optional<RemoteRef> remote) {
        return with(m, m.folderId(), remote, m.flags(), m.baseFlags(), m.modSeq(), m.deleted());
    }

    private static LocalMessage with(
            LocalMessage m,
            long folderId,
            Optional<RemoteRef> remote,
            Flags flags,
            Optional<Flags> base,
            Optional<ModSeq> modSeq,
            boolean deleted) {
        return new LocalMessage(
                m.localId(),
                folderId,
                remote,
                m.messageId(),
                m.internalDate(),
                m.size(),
                flags,
                base,
                modSeq,
                m.headerOnly(),
                deleted,
                m.trackingId());
    }
}
