package org.backsync.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.backsync.FolderPath;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.NewMessage;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Downloads new server messages in UID batches, one store transaction per batch, over several connections when the
 * account allows ({@link FetchWorkers}); cancel and the {@code ON_DEMAND} pause are checked between batches, after the
 * batch is committed (R17). With {@code HEADERS_ONLY} only the header
 * section is fetched and stored as a header-only item (B25). A UID already mapped locally is never inserted twice.
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

    private static void store(SessionContext ctx, LocalFolder f, List<FetchedMessage> got, PhaseProgress progress)
            throws SyncException {
        List<FetchedMessage> inserted = new ArrayList<>();
        ctx.store().write(tx -> {
            for (FetchedMessage m : got) {
                if (tx.messageByUid(f.id(), m.meta().uid()).isEmpty()) {
                    tx.insertMessage(f.id(), NewMessage.downloaded(f.id(), m));
                    inserted.add(m);
                }
            }
            return null;
        });
        long bytes = inserted.stream().mapToLong(m -> m.content().size()).sum();
        ctx.downloaded(inserted.size());
        progress.advance(got.size(), bytes);
    }
}
