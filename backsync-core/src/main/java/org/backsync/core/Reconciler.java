package org.backsync.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.StoreReader;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Finds out, with read commands only, whether an open intent's remote effect happened (CONTRACT 4.3), and what the
 * store must record if it did. A change that did not happen stays pending: it is the difference between local and
 * base state, which nothing here touches.
 *
 * <pre>
 * CREATE / RENAME / DELETE folder   LIST the names involved
 * APPEND                            search the destination from the recorded UIDNEXT for the Message-ID or tracking id
 * STORE flags                       FETCH FLAGS of the UIDs and compare with the target
 * MOVE                              search the destination as for APPEND (found: moved; not found: still pending);
 *                                   found while the source UID is still there (a COPY without its expunge): the
 *                                   source UID is kept as a leftover, expunged by the upload (see MoveUpload)
 * DELETE                            FETCH FLAGS: the UIDs that are gone were deleted
 * </pre>
 */
final class Reconciler {
    static final String TRACKING_HEADER = "X-Backsync-Id";
    static final String MESSAGE_ID_HEADER = "Message-ID";

    /** Applied or not, why, and what to record in the closing transaction. */
    record Resolution(boolean applied, String detail, Journal.Prep apply) {
        static Resolution notApplied(String detail) {
            return new Resolution(false, detail, Journal.Prep.NONE);
        }
    }

    private Reconciler() {}

    static Resolution check(Intent intent, MailProvider p, StoreReader store) throws SyncException {
        IntentSpec s = intent.spec();
        return switch (s.kind()) {
            case CREATE_FOLDER ->
                folderExists(p, path(s))
                        ? new Resolution(true, "found by LIST", tx -> clearPending(tx, s))
                        : Resolution.notApplied("not found by LIST");
            case RENAME_FOLDER ->
                folderExists(p, target(s)) && !folderExists(p, path(s))
                        ? new Resolution(true, "new name found by LIST", tx -> clearPending(tx, s))
                        : Resolution.notApplied("old name still listed or new name missing");
            case DELETE_FOLDER ->
                !folderExists(p, path(s))
                        ? new Resolution(true, "gone from LIST", tx -> removeFolder(tx, s))
                        : Resolution.notApplied("still listed");
            case APPEND -> checkAppend(s, p, store);
            case STORE_FLAGS -> checkFlags(s, p);
            case MOVE -> checkMove(s, p, store);
            case DELETE -> checkDelete(s, p);
            case SMTP_SEND -> throw new IllegalArgumentException("SMTP_SEND intents are resolved by the transport");
        };
    }

    private static Resolution checkAppend(IntentSpec s, MailProvider p, StoreReader store) throws SyncException {
        long localId = s.localIds().getFirst();
        Uid from = from(s, p, path(s));
        Optional<Uid> uid = find(p, path(s), s.trackingId(), s.messageId(), from);
        if (uid.isEmpty()) {
            return Resolution.notApplied("not found in " + path(s) + " from UID " + from);
        }
        long folderId = s.folderId().orElseThrow();
        return new Resolution(
                true, "found as UID " + uid.get(), tx -> recordAppend(tx, localId, folderId, uid.get(), s));
    }

    static void recordAppend(StoreTransaction tx, long localId, long folderId, Uid uid, IntentSpec s)
            throws SyncException {
        Optional<LocalMessage> m = tx.message(localId);
        if (m.isEmpty()) {
            // deleted by the user while its APPEND was under way (a message never uploaded is removed at once): the
            // server copy must go too, or the next download would bring the deleted message back. It is recorded as a
            // local delete of that UID, which this sync's delete pass (or the next one's) uploads.
            long gone = tx.insertMessage(
                    folderId,
                    new NewMessage(
                            Optional.of(new RemoteRef(folderId, uid)),
                            s.messageId(),
                            Instant.EPOCH,
                            0,
                            s.addFlags(),
                            Optional.of(s.addFlags()),
                            Optional.empty(),
                            false,
                            RawMessage.of(new byte[0])));
            tx.markDeleted(gone);
            return;
        }
        tx.setRemote(localId, Optional.of(new RemoteRef(folderId, uid)));
        tx.setSyncedFlags(localId, m.get().flags(), s.addFlags(), Optional.empty());
    }

    private static Resolution checkFlags(IntentSpec s, MailProvider p) throws SyncException {
        Map<Uid, Flags> now = p.fetchFlags(path(s), Set.copyOf(s.uids()));
        for (Flags f : now.values()) {
            if (!f.with(s.addFlags()).equals(f) || !f.without(s.removeFlags()).equals(f)) {
                return Resolution.notApplied("flags on the server differ from the target");
            }
        }
        return new Resolution(true, "flags match on " + now.size() + " UIDs", tx -> recordFlags(tx, s));
    }

    /** The STORE was acknowledged: the base moves by the change, which clears the pending change it carried. */
    static void recordFlags(StoreTransaction tx, IntentSpec s) throws SyncException {
        for (long id : s.localIds()) {
            Optional<LocalMessage> m = tx.message(id);
            if (m.isPresent()) {
                Flags base = m.get()
                        .baseFlags()
                        .orElse(Flags.NONE)
                        .with(s.addFlags())
                        .without(s.removeFlags());
                tx.setSyncedFlags(id, m.get().flags(), base, m.get().modSeq());
            }
        }
    }

    private static Resolution checkMove(IntentSpec s, MailProvider p, StoreReader store) throws SyncException {
        List<LocalMessage> found = new ArrayList<>();
        List<Uid> newUids = new ArrayList<>();
        List<Uid> sources = new ArrayList<>();
        Uid from = from(s, p, target(s));
        for (int i = 0; i < s.localIds().size(); i++) {
            Optional<LocalMessage> m = store.message(s.localIds().get(i));
            if (m.isEmpty()) {
                continue;
            }
            Optional<Uid> uid = find(p, target(s), m.get().trackingId(), m.get().messageId(), from);
            if (uid.isPresent()) {
                found.add(m.get());
                newUids.add(uid.get());
                sources.add(s.uids().get(i));
            }
        }
        if (found.isEmpty()) {
            return Resolution.notApplied("none of " + s.localIds().size() + " found in " + target(s));
        }
        Set<Uid> stillThere = p.fetchFlags(path(s), Set.copyOf(sources)).keySet();
        long targetId = s.targetFolderId().orElseThrow();
        long sourceId = s.folderId().orElseThrow();
        String detail = found.size() + " of " + s.localIds().size() + " found in " + target(s)
                + (stillThere.isEmpty() ? "" : "; " + stillThere.size() + " still in " + path(s) + ", left to expunge");
        // a move to Trash of deleted messages is a delete (MoveUpload.deletes); any other move is the user's
        boolean deletion =
                store.folder(targetId).flatMap(LocalFolder::specialUse).equals(Optional.of(SpecialUse.TRASH));
        return new Resolution(true, detail, tx -> {
            for (int i = 0; i < found.size(); i++) {
                recordMoved(tx, found.get(i).localId(), targetId, newUids.get(i), deletion);
                if (stillThere.contains(sources.get(i))) {
                    leaveBehind(tx, found.get(i), sourceId, sources.get(i));
                }
            }
        });
    }

    /**
     * A COPY landed and the source UID is still there: keeps that UID known to the store as a leftover (hidden,
     * header-only, deleted, flagged {@code \Deleted}), so that the download never takes it for a new message and the
     * upload expunges it (MoveUpload). {@code m} is the message as it was before the copy.
     */
    static void leaveBehind(StoreTransaction tx, LocalMessage m, long sourceFolderId, Uid sourceUid)
            throws SyncException {
        if (tx.messageByUid(sourceFolderId, sourceUid).isPresent()) {
            return; // already recorded (an outcome replayed after a reconnect)
        }
        Flags base = m.baseFlags().orElse(Flags.NONE);
        RawMessage header = RawMessage.of(("Message-ID: " + m.messageId().orElse("<none>") + "\r\n"
                        + "X-Backsync-Leftover: source UID " + sourceUid + " of local message " + m.localId()
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        long id = tx.insertMessage(
                sourceFolderId,
                new NewMessage(
                        Optional.of(new RemoteRef(sourceFolderId, sourceUid)),
                        m.messageId(),
                        m.internalDate(),
                        m.size(),
                        base.with(Flags.DELETED),
                        Optional.of(base),
                        m.modSeq(),
                        true,
                        header));
        tx.markDeleted(id);
    }

    /** A message arrived in the target: it is there now; a delete done as a move to Trash is complete. */
    /**
     * Records a move that landed: the message is now {@code uid} in the target. When the move was itself a delete (to
     * Trash, 4.4) the local message goes and the download brings the Trash copy. When the user deleted the message
     * while a move of theirs was under way (found by the soak: it came back), it stays deleted, pending against its
     * new place, so that the next delete pass removes the moved copy; removing it here would leave the copy unknown
     * to the store and the next download would bring the deleted message back.
     */
    static void recordMoved(StoreTransaction tx, long localId, long targetFolderId, Uid uid, boolean deletion)
            throws SyncException {
        Optional<LocalMessage> m = tx.message(localId);
        if (m.isEmpty()) {
            return;
        }
        if (m.get().deleted() && deletion) {
            tx.removeMessage(localId);
        } else {
            tx.setRemote(localId, Optional.of(new RemoteRef(targetFolderId, uid)));
        }
    }

    private static Resolution checkDelete(IntentSpec s, MailProvider p) throws SyncException {
        Set<Uid> present = p.fetchFlags(path(s), Set.copyOf(s.uids())).keySet();
        Set<Long> gone = new HashSet<>();
        for (int i = 0; i < s.uids().size(); i++) {
            if (!present.contains(s.uids().get(i))) {
                gone.add(s.localIds().get(i));
            }
        }
        if (gone.isEmpty()) {
            return Resolution.notApplied("all " + s.uids().size() + " UIDs still present");
        }
        return new Resolution(true, gone.size() + " of " + s.uids().size() + " UIDs gone", tx -> {
            for (long id : gone) {
                if (tx.message(id).isPresent()) {
                    tx.removeMessage(id);
                }
            }
        });
    }

    /** Searches by tracking id when there is one, else by Message-ID; empty when neither is known. */
    static Optional<Uid> find(
            MailProvider p, FolderPath folder, Optional<String> trackingId, Optional<String> messageId, Uid from)
            throws SyncException {
        Set<Uid> hits;
        if (trackingId.isPresent()) {
            hits = p.searchHeader(folder, TRACKING_HEADER, trackingId.get(), from);
        } else if (messageId.isPresent()) {
            hits = p.searchHeader(folder, MESSAGE_ID_HEADER, messageId.get(), from);
        } else {
            return Optional.empty();
        }
        return hits.stream().min(Uid::compareTo);
    }

    private static boolean folderExists(MailProvider p, FolderPath path) throws SyncException {
        for (RemoteFolder f : p.listFolders()) {
            if (f.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    private static void clearPending(StoreTransaction tx, IntentSpec s) throws SyncException {
        Optional<LocalFolder> f = tx.folder(s.folderId().orElseThrow());
        if (f.isPresent()) {
            tx.clearFolderPending(f.get().id());
        }
    }

    private static void removeFolder(StoreTransaction tx, IntentSpec s) throws SyncException {
        if (tx.folder(s.folderId().orElseThrow()).isPresent()) {
            tx.removeFolder(s.folderId().orElseThrow());
        }
    }

    /** Where new UIDs start: the UIDNEXT seen when the intent opened, unless UIDVALIDITY changed since (5.2). */
    private static Uid from(IntentSpec s, MailProvider p, FolderPath folder) throws SyncException {
        if (s.uidNextSeen().isEmpty()) {
            return Uid.of(1);
        }
        if (s.uidValidity().isPresent()
                && !p.status(folder).uidValidity().equals(s.uidValidity().get())) {
            return Uid.of(1);
        }
        return s.uidNextSeen().get();
    }

    static FolderPath path(IntentSpec s) {
        return s.folderPath().orElseThrow();
    }

    static FolderPath target(IntentSpec s) {
        return s.targetPath().orElseThrow();
    }
}
