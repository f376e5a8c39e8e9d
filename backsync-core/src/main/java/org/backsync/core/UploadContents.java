package org.backsync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.SyncKind;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.spi.UidValidity;

/**
 * UPLOAD_CONTENTS: for each folder in scope that exists on the server, in this order (CONTRACT 4.1): appends of new
 * local messages ({@link AppendUpload}), flag changes ({@link FlagUpload}), moves out and deletes ({@link
 * MoveUpload}). Flags therefore reach the server before a message leaves the folder. What to upload is the difference
 * between each message's local and base state, read fresh from the store, so nothing pending can be missed; a failed
 * change stays pending for the next sync (B33). The total is counted before any work (R14).
 *
 * <p>The server's folder list (LIST) is consulted only when another requested phase lists anyway (the list is kept for
 * the session): UPLOAD_CONTENTS alone sends no hierarchy command (R16, issue 6). A folder gone from the server then
 * shows as a {@code NOT_FOUND} failure of that folder, and its changes stay pending.
 */
final class UploadContents {
    private UploadContents() {}

    static void run(SessionContext ctx) throws SyncException {
        boolean listsAnyway = ctx.has(SyncKind.UPLOAD_HIERARCHY)
                || ctx.has(SyncKind.DOWNLOAD_HIERARCHY)
                || ctx.has(SyncKind.DOWNLOAD_CONTENTS);
        Optional<Set<FolderPath>> listed = listsAnyway
                ? Optional.of(ctx.remoteFolders(false).stream()
                        .map(RemoteFolder::path)
                        .collect(Collectors.toSet()))
                : Optional.empty();
        List<LocalFolder> folders = ctx.foldersInScope().stream()
                .filter(UploadContents::onServer)
                .filter(f -> listed.map(l -> l.contains(f.remotePath().orElseThrow()))
                        .orElse(true)) // gone: DOWNLOAD_HIERARCHY recovers it
                .toList();
        long total = 0;
        List<LocalFolder> busy = new ArrayList<>(); // folders with something to send; a no-change resync has none
        for (LocalFolder f : folders) {
            int pending = ctx.store().pendingUploads(f.id()).size();
            total += pending;
            if (pending > 0) {
                busy.add(f);
            }
        }
        PhaseProgress progress =
                ctx.startPhase(Phase.UPLOAD_CONTENTS, "Uploading " + total + " message changes", total);
        for (LocalFolder f : busy) {
            ctx.checkpoint();
            ctx.attempt(() -> uploadFolder(ctx, f, progress));
        }
        progress.finish();
    }

    /** A folder the server knows under a stable name: not waiting to be created or deleted there. */
    static boolean onServer(LocalFolder f) {
        return f.remotePath().isPresent()
                && f.pending() != LocalFolder.Pending.CREATE
                && f.pending() != LocalFolder.Pending.DELETE;
    }

    private static void uploadFolder(SessionContext ctx, LocalFolder f, PhaseProgress progress) throws SyncException {
        FolderPath remote = f.remotePath().orElseThrow();
        List<LocalMessage> appends = select(ctx, f, m -> m.needsAppend() && m.folderId() == f.id());
        AppendUpload.run(ctx, f, appends, progress);
        ctx.checkpoint();
        if (select(ctx, f, m -> remoteHere(m, f) && (m.hasFlagChange() || m.hasPendingMove() || m.hasPendingDelete()))
                .isEmpty()) {
            return; // nothing else to send from this folder: no STATUS round trip (a resync with no local change)
        }
        if (uidsAreVoid(ctx, f, remote)) {
            return; // UIDVALIDITY changed: the download re-maps first, the next sync uploads the rest (5.2)
        }
        FlagUpload.run(ctx, f, remote, select(ctx, f, m -> remoteHere(m, f) && m.hasFlagChange()), progress);
        ctx.checkpoint();
        MoveUpload.moves(ctx, f, remote, select(ctx, f, m -> remoteHere(m, f) && m.hasPendingMove()), progress);
        ctx.checkpoint();
        MoveUpload.deletes(ctx, f, remote, select(ctx, f, m -> remoteHere(m, f) && m.hasPendingDelete()), progress);
    }

    private static boolean uidsAreVoid(SessionContext ctx, LocalFolder f, FolderPath remote) throws SyncException {
        if (f.syncState().isEmpty()) {
            return false;
        }
        UidValidity now = ctx.connection().read(p -> p.status(remote)).uidValidity();
        return !now.equals(f.syncState().get().uidValidity());
    }

    private static boolean remoteHere(LocalMessage m, LocalFolder f) {
        return m.remote().isPresent() && m.remote().get().folderId() == f.id();
    }

    /** The folder's pending messages that {@code which} accepts, read fresh: only pending rows are read (B33). */
    private static List<LocalMessage> select(SessionContext ctx, LocalFolder f, Predicate<LocalMessage> which)
            throws SyncException {
        return ctx.store().pendingUploads(f.id()).stream().filter(which).toList();
    }
}
