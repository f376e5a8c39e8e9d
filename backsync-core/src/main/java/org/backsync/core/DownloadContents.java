package org.backsync.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;

/**
 * DOWNLOAD_CONTENTS, read commands only: for each folder in scope, its STATUS first (so that the total is known
 * before the first fetch, R14/B13), then {@link FolderDownload} applies what changed. A {@code fetchFull} runs only
 * {@link Promotion#fetchFull}.
 */
final class DownloadContents {
    private DownloadContents() {}

    static void run(SessionContext ctx) throws SyncException {
        if (!ctx.job().promoteOnly().isEmpty()) {
            Promotion.fetchFull(ctx);
            return;
        }
        Set<FolderPath> selectable = ctx.remoteFolders(false).stream()
                .filter(RemoteFolder::selectable)
                .map(RemoteFolder::path)
                .collect(Collectors.toSet());
        List<LocalFolder> folders = ctx.foldersInScope().stream()
                .filter(UploadContents::onServer)
                .filter(f -> selectable.contains(f.remotePath().orElseThrow()))
                .toList();
        PhaseProgress progress =
                ctx.startPhase(Phase.DOWNLOAD_CONTENTS, "Checking " + folders.size() + " folders for new mail", 0);
        Map<LocalFolder, FolderStatus> statuses = new LinkedHashMap<>();
        long estimate = 0;
        for (LocalFolder f : folders) {
            ctx.checkpoint();
            List<FolderStatus> got = new ArrayList<>(1);
            if (ctx.attempt(() ->
                    got.add(ctx.connection().read(p -> p.status(f.remotePath().orElseThrow()))))) {
                statuses.put(f, got.getFirst());
                estimate += estimate(ctx, f, got.getFirst());
            }
        }
        progress.total(estimate);
        for (LocalFolder f : statuses.keySet()) {
            ctx.checkpoint();
            ctx.attempt(() -> FolderDownload.run(ctx, f, progress));
        }
        progress.finish();
    }

    /** New messages by UIDNEXT (or the message count on first contact), plus header-only items to promote. */
    private static long estimate(SessionContext ctx, LocalFolder f, FolderStatus status) throws SyncException {
        long fresh;
        if (f.syncState().isPresent() && f.syncState().get().uidValidity().equals(status.uidValidity())) {
            FolderSyncState known = f.syncState().get();
            fresh = Math.max(0, status.uidNext().value() - known.uidNext().value());
        } else {
            fresh = status.messages();
        }
        long promote = ctx.headersOnly(f) ? 0 : Promotion.candidates(ctx, f).size();
        return fresh + promote;
    }
}
