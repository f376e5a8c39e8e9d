package org.backsync.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Downloads new server messages in UID batches, one store transaction per batch, over several connections when the
 * account allows ({@link FetchWorkers}); cancel and the {@code ON_DEMAND} pause are checked between batches, after the
 * batch is committed (R17). With {@code HEADERS_ONLY} only the header
 * section is fetched and stored as a header-only item (B25). A UID already mapped locally is never inserted twice.
 *
 * <p>A content conflict (CONTRACT 4.6, ADR 0008): a new server draft ({@code \Draft}, or in the Drafts folder) whose
 * Message-ID the folder already holds in another local message, one not mapped to this UID, means the draft was
 * replaced on both sides: the other client's version is downloaded beside the local one, both are kept, and a {@code
 * CONFLICT} names both.
 */
final class NewMessages {
    static final int BATCH = 200;

    private NewMessages() {}

    /** Returns false if a batch failed (reported), so that the caller does not save the folder's sync state. */
    static boolean download(
            SessionContext ctx, LocalFolder f, FolderPath remote, List<RemoteMessage> fresh, PhaseProgress progress)
            throws SyncException {
        List<Uid> uids = fresh.stream()
                .map(RemoteMessage::uid)
                .sorted(Comparator.naturalOrder())
                .toList();
        boolean headersOnly = ctx.headersOnly(f);
        List<List<Uid>> chunks = new ArrayList<>();
        for (int i = 0; i < uids.size(); i += BATCH) {
            chunks.add(uids.subList(i, Math.min(uids.size(), i + BATCH)));
        }
        FetchWorkers.Outcome parallel =
                ctx.fetchWorkers().fetch(remote, chunks, headersOnly, got -> store(ctx, f, got, progress));
        boolean complete = parallel.complete();
        for (List<Uid> batch : parallel.left()) { // on the session's connection, with its reconnect and retry (R20)
            complete &= ctx.attempt(() -> ctx.connection().read(p -> {
                p.fetch(remote, batch, headersOnly, got -> store(ctx, f, got, progress));
                return null;
            }));
            ctx.checkpoint();
        }
        return complete;
    }

    /** The conflict to report when {@code m} is another version of a draft the folder holds locally. */
    private static Optional<String> otherVersion(StoreReader tx, LocalFolder f, FetchedMessage m) throws SyncException {
        RemoteMessage meta = m.meta();
        boolean draft = meta.flags().contains(Flags.DRAFT) || f.specialUse().equals(Optional.of(SpecialUse.DRAFTS));
        if (!draft || meta.messageId().isEmpty()) {
            return Optional.empty();
        }
        for (LocalMessage l : tx.messages(f.id())) {
            if (l.folderId() == f.id()
                    && !l.deleted()
                    && l.messageId().equals(meta.messageId())
                    && !l.remote().map(r -> r.uid().equals(meta.uid())).orElse(false)) {
                return Optional.of("draft " + meta.messageId().get() + " in " + f.path()
                        + " was changed on both sides: the local version ("
                        + l.remote().map(r -> "UID " + r.uid()).orElse("not yet uploaded")
                        + ") and the server's (UID " + meta.uid() + ") are both kept");
            }
        }
        return Optional.empty();
    }

    private static void store(SessionContext ctx, LocalFolder f, List<FetchedMessage> got, PhaseProgress progress)
            throws SyncException {
        List<FetchedMessage> inserted = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        ctx.store().write(tx -> {
            for (FetchedMessage m : got) {
                if (tx.messageByUid(f.id(), m.meta().uid()).isEmpty()) {
                    otherVersion(tx, f, m).ifPresent(conflicts::add);
                    tx.insertMessage(f.id(), NewMessage.downloaded(f.id(), m));
                    inserted.add(m);
                }
            }
            return null;
        });
        conflicts.forEach(c -> ctx.conflict(c, f));
        long bytes = inserted.stream().mapToLong(m -> m.content().size()).sum();
        ctx.downloaded(inserted.size());
        progress.advance(got.size(), bytes);
    }
}
