package org.backsync.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Moves out of a folder and deletes, journaled. A local move is uploaded as a move, never as APPEND plus delete (B36):
 * {@code UID MOVE} where the server has MOVE; otherwise two journaled steps (5.4), so that a crash between them resumes
 * exactly:
 *
 * <ol>
 *   <li>the MOVE intent, whose effect is {@code UID COPY} alone. Its outcome maps the message to its copy in the target
 *       and, in the same transaction, leaves a <em>leftover</em> behind in the source: a hidden header-only item mapped
 *       to the source UID, deleted and flagged {@code \Deleted}. After a crash, RECONCILE finds the copy (by COPYUID,
 *       else by Message-ID or tracking id searched from the recorded UIDNEXT) before anything is copied again, and
 *       records the same two things if the source UID is still there; the download meanwhile sees the source UID as
 *       known, so it never comes back as a new message;
 *   <li>the DELETE intent for the leftovers: STORE {@code \Deleted} plus UID EXPUNGE of exactly those UIDs. A leftover
 *       still pending at the next sync is expunged then, never moved to Trash.
 * </ol>
 *
 * A delete is a move to the special-use Trash when the account says so, else STORE {@code \Deleted} plus UID EXPUNGE
 * of exactly those UIDs (4.4).
 *
 * <p>Server expunge vs a pending local move (4.6): a message gone from the source before the move is appended to the
 * destination when its body is held locally, or dropped when only its header is; either way a {@code CONFLICT}.
 */
final class MoveUpload {
    private MoveUpload() {}

    static void moves(
            SessionContext ctx, LocalFolder f, FolderPath remote, List<LocalMessage> moving, PhaseProgress progress)
            throws SyncException {
        Map<Long, List<LocalMessage>> byTarget = new LinkedHashMap<>();
        for (LocalMessage m : moving) {
            byTarget.computeIfAbsent(m.folderId(), k -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<Long, List<LocalMessage>> batch : byTarget.entrySet()) {
            ctx.checkpoint();
            Optional<LocalFolder> target = ctx.store().folder(batch.getKey()).filter(UploadContents::onServer);
            List<LocalMessage> ms = batch.getValue();
            if (target.isPresent() && ctx.attempt(() -> move(ctx, f, remote, target.get(), ms, false))) {
                ctx.uploaded(ms.size());
            }
            progress.advance(ms.size(), 0);
        }
    }

    static void deletes(
            SessionContext ctx, LocalFolder f, FolderPath remote, List<LocalMessage> deleted, PhaseProgress progress)
            throws SyncException {
        if (deleted.isEmpty()) {
            return;
        }
        ctx.checkpoint();
        Optional<LocalFolder> trash = ctx.settings().deleteToTrash() ? trash(ctx, f) : Optional.empty();
        List<LocalMessage> toTrash = trash.isEmpty()
                ? List.of()
                : deleted.stream().filter(m -> !isLeftover(m)).toList();
        boolean ok = ctx.attempt(() -> {
            if (!toTrash.isEmpty()) {
                move(ctx, f, remote, trash.orElseThrow(), toTrash, true);
            }
            List<LocalMessage> rest =
                    deleted.stream().filter(m -> !toTrash.contains(m)).toList();
            if (!rest.isEmpty()) {
                expunge(ctx, f, remote, rest);
            }
        });
        if (ok) {
            ctx.uploaded(deleted.size());
        }
        progress.advance(deleted.size(), 0);
    }

    private static Optional<LocalFolder> trash(SessionContext ctx, LocalFolder f) throws SyncException {
        return ctx.store().folders(ctx.account()).stream()
                .filter(t -> t.specialUse().equals(Optional.of(SpecialUse.TRASH)) && t.id() != f.id())
                .filter(UploadContents::onServer)
                .findFirst();
    }

    /** What a copy left in the source (see the class comment): expunged, never moved to Trash. */
    static boolean isLeftover(LocalMessage m) {
        return m.deleted() && m.headerOnly() && m.flags().contains(Flags.DELETED);
    }

    /** {@code deletion}: the move is a local delete carried out as a move to Trash (4.4), not a move of the user's. */
    private static void move(
            SessionContext ctx,
            LocalFolder f,
            FolderPath remote,
            LocalFolder t,
            List<LocalMessage> ms,
            boolean deletion)
            throws SyncException {
        FolderPath to = t.remotePath().orElseThrow();
        boolean nativeMove = ctx.connection().provider().capabilities().contains(Capability.MOVE);
        FolderStatus seen = ctx.connection().read(p -> p.status(to));
        List<Long> ids = ms.stream().map(LocalMessage::localId).toList();
        List<Uid> uids = ms.stream().map(m -> m.remote().orElseThrow().uid()).toList();
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.MOVE)
                .withFolder(f.id(), remote)
                .withTarget(Optional.of(t.id()), to)
                .withMessages(ids, uids)
                .withServerState(Optional.of(seen.uidNext()), Optional.of(seen.uidValidity()));
        List<LocalMessage> lost = new ArrayList<>();
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> located(p, remote, to, ms, seen, nativeMove),
                        (tx, map) -> {
                            for (LocalMessage m : ms) {
                                Uid src = m.remote().orElseThrow().uid();
                                Uid uid = map.get(src);
                                if (uid == null) {
                                    lost.add(m);
                                    continue;
                                }
                                Reconciler.recordMoved(tx, m.localId(), t.id(), uid, deletion);
                                if (!nativeMove) {
                                    Reconciler.leaveBehind(tx, m, f.id(), src);
                                }
                            }
                            return (nativeMove ? "moved " : "copied ") + map.size() + " of " + ms.size() + " to " + to;
                        });
        if (!nativeMove) {
            expungeLeftovers(ctx, f, remote);
        }
        for (LocalMessage m : lost) {
            ctx.attempt(() -> expungedBeforeMove(ctx, f, t, m));
        }
    }

    /** The second step of a move without MOVE: the leftovers of {@code f} are expunged, exactly those UIDs. */
    static void expungeLeftovers(SessionContext ctx, LocalFolder f, FolderPath remote) throws SyncException {
        List<LocalMessage> leftovers = ctx.store().messages(f.id()).stream()
                .filter(m -> m.remote().isPresent() && m.remote().get().folderId() == f.id())
                .filter(MoveUpload::isLeftover)
                .toList();
        if (!leftovers.isEmpty()) {
            ctx.checkpoint();
            expunge(ctx, f, remote, leftovers);
        }
    }

    /** Moves (or copies), then completes the source-to-target map by search where COPYUID was not given. */
    private static Map<Uid, Uid> located(
            MailProvider p,
            FolderPath from,
            FolderPath to,
            List<LocalMessage> ms,
            FolderStatus seen,
            boolean nativeMove)
            throws SyncException {
        Set<Uid> uids =
                Set.copyOf(ms.stream().map(m -> m.remote().orElseThrow().uid()).toList());
        Map<Uid, Uid> map = new HashMap<>(nativeMove ? p.move(from, uids, to) : p.copy(from, uids, to));
        for (LocalMessage m : ms) {
            Uid src = m.remote().orElseThrow().uid();
            if (!map.containsKey(src)) {
                Reconciler.find(p, to, m.trackingId(), m.messageId(), seen.uidNext())
                        .ifPresent(u -> map.put(src, u));
            }
        }
        return map;
    }

    /** 4.6: the server expunged the message before our move reached it. */
    private static void expungedBeforeMove(SessionContext ctx, LocalFolder f, LocalFolder t, LocalMessage m)
            throws SyncException {
        Optional<LocalMessage> cur = ctx.store().message(m.localId());
        Uid uid = m.remote().orElseThrow().uid();
        FolderPath source = f.remotePath().orElseThrow();
        if (cur.isEmpty()
                || ctx.connection().read(p -> p.fetchFlags(source, Set.of(uid))).containsKey(uid)) {
            return; // still in the source: the move stays pending
        }
        boolean keep = !cur.get().headerOnly() && !cur.get().deleted();
        ctx.store().write(tx -> {
            if (keep) {
                tx.setRemote(m.localId(), Optional.empty());
            } else {
                tx.removeMessage(m.localId());
            }
            return null;
        });
        ctx.conflict(
                "message " + m.messageId().orElse("#" + m.localId()) + " was expunged from " + f.path()
                        + " on the server before its move to " + t.path() + " was uploaded; "
                        + (keep ? "the local copy is appended to " + t.path() : "only its header was held; dropped"),
                t);
        if (keep) {
            LocalMessage again = ctx.store().message(m.localId()).orElseThrow();
            FolderPath to = t.remotePath().orElseThrow();
            AppendUpload.append(ctx, t, to, again, ctx.connection().read(p -> p.status(to)));
        }
    }

    private static void expunge(SessionContext ctx, LocalFolder f, FolderPath remote, List<LocalMessage> ms)
            throws SyncException {
        List<Long> ids = ms.stream().map(LocalMessage::localId).toList();
        List<Uid> uids = ms.stream().map(m -> m.remote().orElseThrow().uid()).toList();
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.DELETE)
                .withFolder(f.id(), remote)
                .withMessages(ids, uids);
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> {
                            p.delete(remote, Set.copyOf(uids));
                            return uids.size();
                        },
                        (tx, n) -> {
                            for (long id : ids) {
                                if (tx.message(id).isPresent()) {
                                    tx.removeMessage(id);
                                }
                            }
                            return "deleted " + n + " UIDs";
                        });
    }
}
