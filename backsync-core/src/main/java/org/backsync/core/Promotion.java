package org.backsync.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Promotion of header-only items (CONTRACT 4.5, B38): the full message is fetched, checked against its RFC822.SIZE,
 * and only then one transaction replaces the item's content in place, keeping its local id, flags and pending
 * changes. A failed or short download leaves the item exactly as it was and reports a {@code MESSAGE} error.
 */
final class Promotion {
    private Promotion() {}

    /** Header-only items the server holds in {@code f}, within the account's size limit. */
    static List<LocalMessage> candidates(SessionContext ctx, LocalFolder f) throws SyncException {
        long limit = ctx.settings().promoteSizeLimit();
        return ctx.store().headerOnly(f.id()).stream()
                .filter(m -> limit == 0 || m.size() <= limit)
                .toList();
    }

    /** Promotes {@code items} of folder {@code f}; false if any failed (reported). */
    static boolean promote(SessionContext ctx, LocalFolder f, List<LocalMessage> items, PhaseProgress progress)
            throws SyncException {
        if (items.isEmpty()) {
            return true;
        }
        FolderPath remote = f.remotePath().orElseThrow();
        Map<Uid, LocalMessage> byUid = new HashMap<>();
        items.forEach(m -> byUid.put(m.remote().orElseThrow().uid(), m));
        List<SyncException> failures = new ArrayList<>();
        boolean fetched = ctx.attempt(() -> ctx.connection().read(p -> {
            p.fetch(remote, List.copyOf(byUid.keySet()), false, batch -> {
                for (FetchedMessage fm : batch) {
                    LocalMessage m = byUid.remove(fm.meta().uid());
                    if (m != null) {
                        replace(ctx, m, fm, remote).ifPresent(failures::add);
                        progress.advance(1, fm.content().size());
                    }
                }
            });
            return null;
        }));
        if (fetched) {
            for (LocalMessage gone : byUid.values()) {
                failures.add(new SyncException(
                        Status.NOT_FOUND,
                        Scope.MESSAGE,
                        "message "
                                + gone.messageId().orElse("#" + gone.localId()) + " is no longer in " + remote
                                + " on the server; kept header-only",
                        remote,
                        null));
            }
        }
        failures.forEach(ctx::fail);
        return fetched && failures.isEmpty();
    }

    private static Optional<SyncException> replace(
            SessionContext ctx, LocalMessage m, FetchedMessage fm, FolderPath remote) throws SyncException {
        long expected = fm.meta().size();
        if (fm.headerOnly() || (expected >= 0 && fm.content().size() != expected)) {
            return Optional.of(new SyncException(
                    Status.NETWORK_ERROR,
                    Scope.MESSAGE,
                    "message "
                            + m.messageId().orElse("#" + m.localId()) + " in " + remote + ": got "
                            + fm.content().size()
                            + " of " + expected + " bytes; kept header-only",
                    remote,
                    null));
        }
        ctx.store().write(tx -> {
            if (tx.message(m.localId()).map(LocalMessage::headerOnly).orElse(false)) {
                tx.replaceContent(m.localId(), fm.content());
            }
            return null;
        });
        ctx.downloaded(1);
        return Optional.empty();
    }

    /** {@code fetchFull}: promotes exactly the named messages, folder by folder. */
    static void fetchFull(SessionContext ctx) throws SyncException {
        PhaseProgress progress = ctx.startPhase(
                Phase.DOWNLOAD_CONTENTS,
                "Downloading " + ctx.job().promoteOnly().size() + " full messages",
                ctx.job().promoteOnly().size());
        Map<Long, List<LocalMessage>> byFolder = new LinkedHashMap<>();
        for (long id : ctx.job().promoteOnly().stream().sorted().toList()) {
            Optional<LocalMessage> m = ctx.store().message(id);
            if (m.isEmpty() || m.get().remote().isEmpty()) {
                ctx.fail(new SyncException(
                        Status.NOT_FOUND,
                        Scope.MESSAGE,
                        "message " + id + " of account " + ctx.account() + " does not exist on the server"));
                progress.advance(1, 0);
            } else if (!m.get().headerOnly()) {
                progress.advance(1, 0); // already full: left alone
            } else {
                byFolder.computeIfAbsent(m.get().remote().get().folderId(), k -> new ArrayList<>())
                        .add(m.get());
            }
        }
        for (Map.Entry<Long, List<LocalMessage>> e : byFolder.entrySet()) {
            ctx.checkpoint();
            Optional<LocalFolder> f = ctx.store().folder(e.getKey()).filter(UploadContents::onServer);
            if (f.isPresent()) {
                promote(ctx, f.get(), e.getValue(), progress);
            }
        }
        progress.finish();
    }
}
