package org.backsync.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;

/**
 * DOWNLOAD_HIERARCHY: mirrors the server's folder list locally, with read commands only (LIST, STATUS).
 *
 * <ul>
 *   <li>a server folder unknown locally is a rename when a local folder's server name vanished and its stored
 *       UIDVALIDITY equals the new folder's (IMAP renames keep UIDVALIDITY): the local folder is renamed and keeps its
 *       messages; otherwise the folder is added;
 *   <li>a local folder whose server name vanished without a rename was deleted there: it is removed, and its pending
 *       local changes are first moved to a local "Recovered" folder (4.6, {@code CONFLICT});
 *   <li>renamed on both sides: the server's name wins ({@code CONFLICT}).
 * </ul>
 */
final class DownloadHierarchy {
    static final FolderPath RECOVERED = FolderPath.of("Recovered");

    private DownloadHierarchy() {}

    static void run(SessionContext ctx) throws SyncException {
        PhaseProgress progress = ctx.startPhase(Phase.DOWNLOAD_HIERARCHY, "Reading the folder list", 0);
        List<RemoteFolder> remote = ctx.remoteFoldersAfterUploads();
        progress.total(remote.size());
        Map<FolderPath, LocalFolder> byRemote = new HashMap<>();
        List<LocalFolder> local = ctx.store().folders(ctx.account());
        for (LocalFolder f : local) {
            f.remotePath().ifPresent(p -> byRemote.put(p, f));
        }
        Set<FolderPath> listed = new HashSet<>();
        remote.forEach(r -> listed.add(r.path()));
        List<LocalFolder> vanished = new ArrayList<>(local.stream()
                .filter(f -> f.remotePath().isPresent() && f.pending() != LocalFolder.Pending.CREATE)
                .filter(f -> !listed.contains(f.remotePath().get()))
                .toList());
        for (RemoteFolder r : remote) {
            ctx.checkpoint();
            LocalFolder known = byRemote.get(r.path());
            if (known != null) {
                ctx.attempt(() -> updateSpecialUse(ctx, known, r));
            } else {
                ctx.attempt(() -> added(ctx, r, vanished));
            }
            progress.advance(1, 0);
        }
        for (LocalFolder f : vanished) {
            ctx.checkpoint();
            ctx.attempt(() -> FolderRecovery.serverDeleted(ctx, f));
        }
        progress.finish();
    }

    private static void updateSpecialUse(SessionContext ctx, LocalFolder f, RemoteFolder r) throws SyncException {
        if (r.specialUse().isPresent() && !r.specialUse().equals(f.specialUse())) {
            ctx.store().write(tx -> {
                tx.setSpecialUse(f.id(), r.specialUse());
                return null;
            });
        }
    }

    /** A server folder not known locally: a rename of a vanished local folder, or a new folder. */
    private static void added(SessionContext ctx, RemoteFolder r, List<LocalFolder> vanished) throws SyncException {
        Optional<LocalFolder> renamed = Optional.empty();
        if (!vanished.isEmpty() && r.selectable()) {
            FolderStatus status = ctx.connection().read(p -> p.status(r.path()));
            renamed = vanished.stream()
                    .filter(f -> f.syncState().isPresent()
                            && f.syncState().get().uidValidity().equals(status.uidValidity()))
                    .findFirst();
        }
        if (renamed.isPresent()) {
            vanished.remove(renamed.get());
            renamedOnServer(ctx, renamed.get(), r.path());
            return;
        }
        Optional<LocalFolder> samePath = ctx.store().folder(ctx.account(), r.path());
        if (samePath.isPresent() && samePath.get().pending() == LocalFolder.Pending.CREATE) {
            ctx.store()
                    .write(
                            tx -> { // created on both sides: one folder
                                tx.clearFolderPending(samePath.get().id());
                                return null;
                            });
            return;
        }
        if (samePath.isPresent()) {
            return; // a local folder took that name (pending rename): it is uploaded, or reported, there
        }
        ctx.store().write(tx -> {
            tx.addFolder(ctx.account(), r.path(), r.specialUse(), r.subscribed(), LocalFolder.Pending.NONE);
            return null;
        });
    }

    private static void renamedOnServer(SessionContext ctx, LocalFolder f, FolderPath to) throws SyncException {
        boolean bothRenamed =
                f.pending() == LocalFolder.Pending.RENAME && !f.path().equals(to);
        ctx.store().write(tx -> {
            tx.renameFolder(f.id(), to, false);
            if (tx.folder(f.id()).orElseThrow().pending() != LocalFolder.Pending.NONE) {
                tx.clearFolderPending(f.id());
            }
            return null;
        });
        if (bothRenamed) {
            ctx.warn(
                    Status.CONFLICT,
                    Scope.FOLDER,
                    "folder " + f.remotePath().orElse(f.path()) + " of account " + ctx.account()
                            + " was renamed on both sides; the server's name " + to + " wins",
                    Optional.of(to));
        }
    }
}
