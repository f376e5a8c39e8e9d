package org.backsync.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * The folder's local messages by Message-ID, read once per batch and only when the batch holds a draft: reading
     * the folder for every downloaded draft made a Drafts folder of n messages cost n full reads (a quarter of the
     * CPU of a 10k initial sync in the profile). Messages inserted by the batch are added as they go, so that what
     * {@link #conflict} sees is what a read of the folder would return at that point of the transaction.
     */
    private static final class LocalVersions {
        private final Map<String, List<Optional<Uid>>> byMessageId = new HashMap<>();

        LocalVersions(StoreReader tx, LocalFolder f) throws SyncException {
            for (LocalMessage l : tx.messages(f.id())) {
                if (l.folderId() == f.id() && !l.deleted() && l.messageId().isPresent()) {
                    add(l.messageId().get(), l.remote().map(r -> r.uid()));
                }
            }
        }

        void add(String messageId, Optional<Uid> uid) {
            byMessageId.computeIfAbsent(messageId, k -> new ArrayList<>()).add(uid);
        }

        /** The conflict to report when {@code meta} is another version of a draft the folder holds locally. */
        Optional<String> conflict(LocalFolder f, RemoteMessage meta) {
            for (Optional<Uid> local : byMessageId.getOrDefault(meta.messageId().orElseThrow(), List.of())) {
                if (!local.map(u -> u.equals(meta.uid())).orElse(false)) {
                    return Optional.of("draft " + meta.messageId().get() + " in " + f.path()
                            + " was changed on both sides: the local version ("
                            + local.map(u -> "UID " + u).orElse("not yet uploaded")
                            + ") and the server's (UID " + meta.uid() + ") are both kept");
                }
            }
            return Optional.empty();
        }
    }

    private static boolean draft(LocalFolder f, RemoteMessage meta) {
        return meta.messageId().isPresent()
                && (meta.flags().contains(Flags.DRAFT) || f.specialUse().equals(Optional.of(SpecialUse.DRAFTS)));
    }

    private static void store(SessionContext ctx, LocalFolder f, List<FetchedMessage> got, PhaseProgress progress)
            throws SyncException {
        List<FetchedMessage> inserted = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        ctx.store().write(tx -> {
            LocalVersions versions = null;
            for (FetchedMessage m : unmapped(tx, f, got)) {
                boolean draft = draft(f, m.meta());
                if (draft) {
                    versions = versions != null ? versions : new LocalVersions(tx, f);
                    versions.conflict(f, m.meta()).ifPresent(conflicts::add);
                }
                tx.insertMessage(f.id(), NewMessage.downloaded(f.id(), m));
                if (draft) {
                    versions.add(
                            m.meta().messageId().get(), Optional.of(m.meta().uid()));
                }
                inserted.add(m);
            }
            return null;
        });
        conflicts.forEach(c -> ctx.conflict(c, f));
        long bytes = 0;
        for (FetchedMessage m : inserted) {
            bytes += m.content().size();
        }
        ctx.downloaded(inserted.size());
        progress.advance(got.size(), bytes);
    }

    /**
     * The messages of {@code got} whose UID the folder does not map yet, each once: a chunk handed back by a lost
     * fetch connection comes again in part, and a server may repeat a message. One query per batch, not per message.
     */
    static List<FetchedMessage> unmapped(StoreReader tx, LocalFolder f, List<FetchedMessage> got) throws SyncException {
        Set<Uid> uids = new HashSet<>();
        for (FetchedMessage m : got) {
            uids.add(m.meta().uid());
        }
        Set<Uid> seen = new HashSet<>();
        for (LocalMessage l : tx.messagesByUid(f.id(), uids)) {
            seen.add(l.remote().orElseThrow().uid());
        }
        List<FetchedMessage> out = new ArrayList<>(got.size());
        for (FetchedMessage m : got) {
            if (seen.add(m.meta().uid())) {
                out.add(m);
            }
        }
        return out;
    }
}
