package org.backsync.core;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;

/**
 * UPLOAD_HIERARCHY: pushes local folder creates (parents first), renames, and deletes (children first), each
 * journaled. Conflict rules (CONTRACT 4.6):
 *
 * <ul>
 *   <li>a rename whose old name is gone from the server was renamed or deleted there too: the server wins, so the
 *       rename is not sent and DOWNLOAD_HIERARCHY resolves it;
 *   <li>a local delete of a folder that holds server messages never seen locally is not applied: the folder is
 *       restored locally, with a {@code CONFLICT} warning.
 * </ul>
 *
 * INBOX and the special-use folders (Sent, Drafts, Trash, Junk, Archive) are never renamed or deleted on the server:
 * such a local change is undone (the folder gets its server name back, or reappears) and reported as a {@code
 * REFUSED} failure at {@code FOLDER} scope, since it could never succeed. A name the server rejects is reported with the
 * server's text and stays pending (4.2: never dropped silently).
 */
final class UploadHierarchy {
    private UploadHierarchy() {}

    static void run(SessionContext ctx) throws SyncException {
        List<LocalFolder> pending = ctx.store().folders(ctx.account()).stream()
                .filter(f -> f.pending() != LocalFolder.Pending.NONE)
                .filter(f -> ctx.request().covers(f.path())
                        || f.remotePath().map(ctx.request()::covers).orElse(false))
                .toList();
        PhaseProgress progress = ctx.startPhase(
                Phase.UPLOAD_HIERARCHY, "Uploading " + pending.size() + " folder changes", pending.size());
        if (pending.isEmpty()) {
            progress.finish();
            return;
        }
        Set<FolderPath> onServer =
                ctx.remoteFolders(true).stream().map(RemoteFolder::path).collect(Collectors.toSet());
        for (LocalFolder f : sorted(pending, LocalFolder.Pending.CREATE, false)) {
            ctx.checkpoint();
            ctx.attempt(() -> create(ctx, f));
            progress.advance(1, 0);
        }
        for (LocalFolder f : sorted(pending, LocalFolder.Pending.RENAME, false)) {
            ctx.checkpoint();
            ctx.attempt(() -> rename(ctx, f, onServer));
            progress.advance(1, 0);
        }
        for (LocalFolder f : sorted(pending, LocalFolder.Pending.DELETE, true)) {
            ctx.checkpoint();
            ctx.attempt(() -> delete(ctx, f, onServer));
            progress.advance(1, 0);
        }
        ctx.remoteFolders(true);
        progress.finish();
    }

    private static List<LocalFolder> sorted(List<LocalFolder> all, LocalFolder.Pending kind, boolean deepestFirst) {
        Comparator<LocalFolder> byPath = Comparator.comparing(LocalFolder::path);
        return all.stream()
                .filter(f -> f.pending() == kind)
                .sorted(deepestFirst ? byPath.reversed() : byPath)
                .toList();
    }

    private static void create(SessionContext ctx, LocalFolder f) throws SyncException {
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.CREATE_FOLDER).withFolder(f.id(), f.path());
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> {
                            p.createFolder(f.path());
                            return f.path();
                        },
                        (tx, path) -> {
                            tx.clearFolderPending(f.id());
                            return "created " + path;
                        });
        ctx.uploaded(1);
    }

    private static void rename(SessionContext ctx, LocalFolder f, Set<FolderPath> onServer) throws SyncException {
        Optional<LocalFolder> current = ctx.store().folder(f.id());
        if (current.isEmpty() || current.get().pending() != LocalFolder.Pending.RENAME) {
            return; // a parent's rename already carried this one
        }
        FolderPath from = current.get().remotePath().orElseThrow();
        FolderPath to = current.get().path();
        if (refusedAsSpecial(ctx, current.get(), from, "renamed")) {
            return;
        }
        if (!onServer.contains(from)) {
            return; // renamed or deleted on the server as well: the server wins in DOWNLOAD_HIERARCHY
        }
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.RENAME_FOLDER)
                .withFolder(f.id(), from)
                .withTarget(Optional.of(f.id()), to);
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> {
                            p.renameFolder(from, to);
                            return to;
                        },
                        (tx, path) -> {
                            tx.clearFolderPending(f.id());
                            return "renamed " + from + " to " + path;
                        });
        ctx.uploaded(1);
    }

    private static void delete(SessionContext ctx, LocalFolder f, Set<FolderPath> onServer) throws SyncException {
        FolderPath remote = f.remotePath().orElse(f.path());
        if (onServer.contains(remote) && refusedAsSpecial(ctx, f, remote, "deleted")) {
            return;
        }
        if (!onServer.contains(remote)) {
            ctx.store().write(tx -> {
                tx.removeFolder(f.id());
                return null;
            });
            return; // deleted on both sides
        }
        if (hasUnseenMessages(ctx, f, remote)) {
            ctx.store().write(tx -> {
                tx.clearFolderPending(f.id());
                return null;
            });
            ctx.warn(
                    Status.CONFLICT,
                    Scope.FOLDER,
                    "folder " + remote + " of account " + ctx.account()
                            + " was not deleted: it holds messages on the server never seen here; restored",
                    Optional.of(remote));
            return;
        }
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.DELETE_FOLDER).withFolder(f.id(), remote);
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> {
                            p.deleteFolder(remote);
                            return remote;
                        },
                        (tx, path) -> {
                            tx.removeFolder(f.id());
                            return "deleted " + path;
                        });
        ctx.uploaded(1);
    }

    /** INBOX or a special-use folder: the local rename or delete is undone and reported; true if so. */
    private static boolean refusedAsSpecial(SessionContext ctx, LocalFolder f, FolderPath remote, String change)
            throws SyncException {
        if (!remote.equals(FolderPath.INBOX) && f.specialUse().isEmpty()) {
            return false;
        }
        ctx.store().write(tx -> {
            if (f.pending() == LocalFolder.Pending.RENAME) {
                tx.renameFolder(f.id(), remote, false); // back to the name the server has
            }
            tx.clearFolderPending(f.id());
            return null;
        });
        String what = remote.equals(FolderPath.INBOX)
                ? "INBOX"
                : "the special-use " + f.specialUse().orElseThrow() + " folder";
        ctx.fail(new SyncException(
                Status.REFUSED,
                Scope.FOLDER,
                "folder " + remote + " of account " + ctx.account() + " is " + what + ", which is never " + change
                        + " on the server; the local change was undone",
                remote,
                null));
        return true;
    }

    /** New mail since the last download, or a count that differs from what is held locally. */
    private static boolean hasUnseenMessages(SessionContext ctx, LocalFolder f, FolderPath remote)
            throws SyncException {
        FolderStatus status = ctx.connection().read(p -> p.status(remote));
        if (f.syncState().isEmpty()) {
            return status.messages() > 0;
        }
        if (!f.syncState().get().uidValidity().equals(status.uidValidity())) {
            return status.messages() > 0;
        }
        long known = ctx.store().countOnServer(f.id());
        return status.uidNext().compareTo(f.syncState().get().uidNext()) > 0 || status.messages() > known;
    }
}
