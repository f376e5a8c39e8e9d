package org.backsync.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder's UIDVALIDITY changed (CONTRACT 5.2, B43): every stored UID is void. Local items are re-mapped to the new
 * UIDs by Message-ID plus RFC822.SIZE plus INTERNALDATE, without downloading bodies again; unmatched local items count
 * as expunged (with the 4.6 rules); unmatched server messages are then downloaded as new by the caller. Logged at
 * INFO and shown as progress text, not as an error.
 */
final class UidValidityRemap {
    private static final Logger log = LoggerFactory.getLogger(UidValidityRemap.class);

    private UidValidityRemap() {}

    private record Key(Optional<String> messageId, long size, Optional<Instant> internalDate) {}

    static void run(SessionContext ctx, LocalFolder f, FolderChanges ch, List<String> conflicts, PhaseProgress progress)
            throws SyncException {
        Map<Key, Deque<Uid>> server = new HashMap<>();
        for (RemoteMessage r : ch.messages()) {
            if (r.messageId().isPresent()) {
                server.computeIfAbsent(new Key(r.messageId(), r.size(), r.internalDate()), k -> new ArrayDeque<>())
                        .add(r.uid());
            }
        }
        List<LocalMessage> local = List.copyOf(FolderDownload.known(ctx, f).values());
        int[] matched = {0};
        ctx.store().write(tx -> {
            for (LocalMessage m : local) {
                tx.setRemote(m.localId(), Optional.empty());
            }
            for (LocalMessage m : local) {
                Deque<Uid> hits = server.get(new Key(m.messageId(), m.size(), Optional.of(m.internalDate())));
                if (hits != null && !hits.isEmpty()) {
                    tx.setRemote(m.localId(), Optional.of(new RemoteRef(f.id(), hits.poll())));
                    matched[0]++;
                } else {
                    FolderDownload.expunge(tx, m).ifPresent(conflicts::add);
                }
            }
            return null;
        });
        String text = "UIDVALIDITY of " + f.path() + " changed: re-mapped " + matched[0] + " of " + local.size()
                + " messages";
        log.info("{}", text);
        progress.text(text);
    }
}
