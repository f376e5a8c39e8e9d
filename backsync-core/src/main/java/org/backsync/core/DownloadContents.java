package org.backsync.core;

import java.util.ArrayList;
import java.util.HashMap;
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
 * DOWNLOAD_CONTENTS, read commands only: the STATUS of every folder in scope first, in one flight (so that the total is
 * known before the first fetch, R14/B13), or none where the session's LIST brought it (LIST-STATUS) and the session has
 * changed nothing on the server since, then {@link FolderDownload} applies what changed, reusing that STATUS (one
 * STATUS per folder in all: an unchanged folder costs nothing more). A {@code fetchFull} runs only
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
        Map<LocalFolder, FolderStatus> statuses = statuses(ctx, folders);
        long estimate = 0;
        for (Map.Entry<LocalFolder, FolderStatus> e : statuses.entrySet()) {
            estimate += estimate(ctx, e.getKey(), e.getValue());
        }
        progress.total(estimate);
        for (Map.Entry<LocalFolder, FolderStatus> e : statuses.entrySet()) {
            ctx.checkpoint();
            ctx.attempt(() -> FolderDownload.run(ctx, e.getKey(), e.getValue(), progress));
        }
        progress.finish();
    }

    /**
     * STATUS of every folder, pipelined by the provider (one flight, not one round trip per folder); each STATUS is
     * handed to {@link FolderDownload}, which passes it on to {@code changes()} instead of asking again. A folder the
     * provider left out is asked alone, so that its failure is reported for that folder (R10).
     */
    private static Map<LocalFolder, FolderStatus> statuses(SessionContext ctx, List<LocalFolder> folders)
            throws SyncException {
        Map<FolderPath, FolderStatus> got = new HashMap<>(ctx.listedStatuses());
        List<FolderPath> paths = folders.stream()
                .map(f -> f.remotePath().orElseThrow())
                .filter(p -> !got.containsKey(p))
                .toList();
        if (!paths.isEmpty()) {
            got.putAll(ctx.connection().read(p -> p.statuses(paths)));
        }
        Map<LocalFolder, FolderStatus> statuses = new LinkedHashMap<>();
        for (LocalFolder f : folders) {
            ctx.checkpoint();
            FolderStatus s = got.get(f.remotePath().orElseThrow());
            if (s == null) {
                List<FolderStatus> one = new ArrayList<>(1);
                if (ctx.attempt(() -> one.add(
                        ctx.connection().read(p -> p.status(f.remotePath().orElseThrow()))))) {
                    s = one.getFirst();
                }
            }
            if (s != null) {
                statuses.put(f, s);
            }
        }
        return statuses;
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
