package org.backsync.core;

import java.util.List;
import java.util.Optional;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SyncException;

/**
 * A folder deleted on the server (CONTRACT 4.6): removed locally, but local changes that were never uploaded (new
 * messages, flag changes, messages moved into it) are first moved to the local folder "Recovered", which is created
 * locally pending upload; each such case reports a {@code CONFLICT}. Nothing that exists only locally is lost.
 */
final class FolderRecovery {
    private FolderRecovery() {}

    static void serverDeleted(SessionContext ctx, LocalFolder f) throws SyncException {
        if (f.pending() == LocalFolder.Pending.DELETE) {
            remove(ctx, f); // deleted on both sides
            return;
        }
        List<LocalMessage> pending = ctx.store().messages(f.id()).stream()
                .filter(m -> m.folderId() == f.id() && !m.deleted())
                .filter(m -> m.needsAppend() || m.hasFlagChange() || m.hasPendingMove())
                .toList();
        if (pending.isEmpty()) {
            remove(ctx, f);
            return;
        }
        ctx.store().write(tx -> {
            Optional<LocalFolder> existing =
                    tx.folder(ctx.account(), DownloadHierarchy.RECOVERED).filter(LocalFolder::isVisible);
            long recovered = existing.isPresent()
                    ? existing.get().id()
                    : tx.addFolder(
                                    ctx.account(),
                                    DownloadHierarchy.RECOVERED,
                                    Optional.empty(),
                                    true,
                                    LocalFolder.Pending.CREATE)
                            .id();
            for (LocalMessage m : pending) {
                if (m.remote().isPresent() && m.remote().get().folderId() == f.id()) {
                    tx.setRemote(m.localId(), Optional.empty()); // its server copy is gone: upload it again
                }
                tx.moveLocal(m.localId(), recovered);
            }
            tx.removeFolder(f.id());
            return null;
        });
        ctx.warn(
                Status.CONFLICT,
                Scope.FOLDER,
                "folder " + f.path() + " of account " + ctx.account()
                        + " was deleted on the server; " + pending.size() + " messages with local changes moved to "
                        + DownloadHierarchy.RECOVERED,
                Optional.of(f.path()));
    }

    private static void remove(SessionContext ctx, LocalFolder f) throws SyncException {
        ctx.store().write(tx -> {
            if (tx.folder(f.id()).isPresent()) {
                tx.removeFolder(f.id());
            }
            return null;
        });
    }
}
