package org.backsync.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.StoreTransaction;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Applies one folder's server changes ({@code MailProvider.changes}): UNCHANGED does nothing; INCREMENTAL and FULL
 * merge flags per flag against the base (4.6, B39), remove expunged messages (FULL: every known UID missing from the
 * list), and download new ones; a UIDVALIDITY change first re-maps local items without downloading bodies ({@link
 * UidValidityRemap}, B43). The folder's sync state is saved last, and only when every change up to it was applied.
 *
 * <p>Expunged on the server (4.6): a pending local flag change loses, the item is removed with a {@code CONFLICT}
 * (B40); a pending local move keeps the message (it is appended to the destination) when its body is held, else the
 * server wins; both with a {@code CONFLICT}.
 */
final class FolderDownload {
    private FolderDownload() {}

    /**
     * {@code status}: the folder's STATUS, just taken by {@link DownloadContents}; {@code changes()} reuses it. After a
     * CONDSTORE/QRESYNC answer the {@link ModSeqAudit} compares counts; when they differ the folder is scanned again in
     * full and that scan's result is what is applied and saved.
     */
    static void run(SessionContext ctx, LocalFolder f, FolderStatus status, PhaseProgress progress)
            throws SyncException {
        FolderPath remote = f.remotePath().orElseThrow();
        Optional<FolderSyncState> known = ModSeqAudit.known(ctx, f);
        FolderChanges first = ctx.connection().read(p -> p.changes(remote, known, Optional.of(status)));
        Applied applied = apply(ctx, f, remote, first, progress);
        FolderChanges ch = first;
        if (applied.complete() && ModSeqAudit.countsDiffer(ctx, f, first)) {
            ch = ctx.connection().read(p -> p.changes(remote, ModSeqAudit.withoutModSeq(known), Optional.empty()));
            Applied rescan = apply(ctx, f, remote, ch, progress);
            ModSeqAudit.judge(ctx, f, first, rescan);
            applied = rescan;
        }
        boolean complete = applied.complete();
        if (!ctx.headersOnly(f)) {
            complete &= Promotion.promote(ctx, f, Promotion.candidates(ctx, f), progress);
        }
        if (complete && ch.kind() != FolderChanges.Kind.UNCHANGED) {
            FolderSyncState reached = ch.status().toSyncState();
            ctx.store().write(tx -> {
                tx.setSyncState(f.id(), Optional.of(reached));
                return null;
            });
        }
    }

    /** What applying one answer did: whether every change was applied, how many items it expunged, the new UIDs. */
    record Applied(boolean complete, int expunged, List<Uid> fresh) {}

    private static Applied apply(
            SessionContext ctx, LocalFolder f, FolderPath remote, FolderChanges ch, PhaseProgress progress)
            throws SyncException {
        if (ch.kind() == FolderChanges.Kind.UNCHANGED) {
            return new Applied(true, 0, List.of());
        }
        List<String> conflicts = new ArrayList<>();
        if (ch.uidValidityChanged()) {
            UidValidityRemap.run(ctx, f, ch, conflicts, progress);
        }
        Map<Uid, LocalMessage> known =
                ch.kind() == FolderChanges.Kind.INCREMENTAL ? knownOf(ctx, f, ch) : known(ctx, f);
        List<RemoteMessage> fresh = new ArrayList<>();
        List<LocalMessage> gone = expunged(ch, known);
        ctx.store().write(tx -> {
            applyFlags(ctx, tx, known, ch.messages(), fresh);
            for (LocalMessage m : gone) {
                expunge(tx, m).ifPresent(conflicts::add);
            }
            return null;
        });
        conflicts.forEach(c -> ctx.conflict(c + " in " + f.path(), f));
        ctx.checkpoint();
        boolean complete = NewMessages.download(ctx, f, remote, fresh, progress);
        return new Applied(
                complete, gone.size(), fresh.stream().map(RemoteMessage::uid).toList());
    }

    /** Local items the server holds in this folder, by UID. */
    static Map<Uid, LocalMessage> known(SessionContext ctx, LocalFolder f) throws SyncException {
        Map<Uid, LocalMessage> known = new HashMap<>();
        for (LocalMessage m : ctx.store().messages(f.id())) {
            if (m.remote().isPresent() && m.remote().get().folderId() == f.id()) {
                known.put(m.remote().get().uid(), m);
            }
        }
        return known;
    }

    /** INCREMENTAL: only the local items the changes name (changed or vanished UIDs), not the whole folder. */
    private static Map<Uid, LocalMessage> knownOf(SessionContext ctx, LocalFolder f, FolderChanges ch)
            throws SyncException {
        Set<Uid> named = new HashSet<>(ch.vanished());
        ch.messages().forEach(r -> named.add(r.uid()));
        Map<Uid, LocalMessage> known = new HashMap<>();
        for (LocalMessage m : ctx.store().messagesByUid(f.id(), named)) {
            known.put(m.remote().orElseThrow().uid(), m);
        }
        return known;
    }

    private static void applyFlags(
            SessionContext ctx,
            StoreTransaction tx,
            Map<Uid, LocalMessage> known,
            List<RemoteMessage> server,
            List<RemoteMessage> fresh)
            throws SyncException {
        for (RemoteMessage r : server) {
            LocalMessage m = known.get(r.uid());
            if (m == null) {
                fresh.add(r);
                continue;
            }
            Flags merged = Flags.merge(m.baseFlags(), m.flags(), r.flags());
            if (!merged.equals(m.flags()) || !m.baseFlags().equals(Optional.of(r.flags()))) {
                tx.setSyncedFlags(m.localId(), merged, r.flags(), r.modSeq().or(m::modSeq));
                if (!merged.equals(m.flags())) {
                    ctx.downloaded(1);
                }
            }
        }
    }

    private static List<LocalMessage> expunged(FolderChanges ch, Map<Uid, LocalMessage> known) {
        if (ch.kind() == FolderChanges.Kind.INCREMENTAL) {
            return ch.vanished().stream().map(known::get).filter(m -> m != null).toList();
        }
        Set<Uid> present = new HashSet<>();
        ch.messages().forEach(r -> present.add(r.uid()));
        return known.values().stream()
                .filter(m -> !present.contains(m.remote().orElseThrow().uid()))
                .toList();
    }

    /** Applies a server expunge to one local item; returns the conflict to report, if any (4.6). */
    static Optional<String> expunge(StoreTransaction tx, LocalMessage m) throws SyncException {
        String name = "message " + m.messageId().orElse("#" + m.localId());
        if (m.hasPendingMove() && !m.headerOnly()) {
            tx.setRemote(m.localId(), Optional.empty());
            return Optional.of(
                    name + " expunged on the server before its local move was uploaded; kept, to be appended");
        }
        tx.removeMessage(m.localId());
        if (m.hasPendingMove()) {
            return Optional.of(
                    name + " expunged on the server before its local move was uploaded; header only, removed");
        }
        if (m.hasFlagChange()) {
            return Optional.of(name + " expunged on the server while its local flag change was pending; removed");
        }
        return Optional.empty();
    }
}
