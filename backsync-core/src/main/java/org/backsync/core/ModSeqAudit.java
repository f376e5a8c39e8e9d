package org.backsync.core;

import java.util.Optional;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cheap audit of CONTRACT 5.1: after a CONDSTORE/QRESYNC answer ({@code UNCHANGED} or {@code INCREMENTAL}) has been
 * applied, the server's STATUS MESSAGES must equal what the store holds for the folder. Comparing costs a local count
 * and no command, so a folder whose counts agree pays nothing.
 *
 * <pre>
 * counts agree ----------------------------------------------> done
 * counts differ --> full scan of the folder (FolderDownload) --> found nothing unreported: a change during the sync
 *                                                           \--> found expunges or old messages the answer left out:
 *                                                                PARTIAL warning for the folder, and the account's
 *                                                                server is recorded as UNRELIABLE_MODSEQ (store)
 * UNRELIABLE_MODSEQ recorded --> every later sync asks without a HIGHESTMODSEQ: the provider's full scan
 * </pre>
 */
final class ModSeqAudit {
    private static final Logger log = LoggerFactory.getLogger(ModSeqAudit.class);

    private ModSeqAudit() {}

    /** The known state to ask {@code changes()} with: without HIGHESTMODSEQ once the server was caught lying. */
    static Optional<FolderSyncState> known(SessionContext ctx, LocalFolder f) throws SyncException {
        return ctx.modSeqTrusted() ? f.syncState() : withoutModSeq(f.syncState());
    }

    static Optional<FolderSyncState> withoutModSeq(Optional<FolderSyncState> known) {
        return known.map(k -> new FolderSyncState(k.uidValidity(), k.uidNext(), Optional.empty()));
    }

    /**
     * After {@code ch} was applied completely: whether STATUS MESSAGES (plus the messages that arrived after that
     * STATUS and were downloaded with the changes) differs from the local count. Only CONDSTORE answers are audited;
     * a full listing is its own proof.
     */
    static boolean countsDiffer(SessionContext ctx, LocalFolder f, FolderChanges ch) throws SyncException {
        if (ch.kind() == FolderChanges.Kind.FULL || ch.status().highestModSeq().isEmpty()) {
            return false;
        }
        long arrived = ch.messages().stream()
                .filter(m -> m.uid().compareTo(ch.status().uidNext()) >= 0)
                .count();
        long expected = ch.status().messages() + arrived;
        long local = ctx.store().countOnServer(f.id());
        if (local == expected) {
            return false;
        }
        log.debug(
                "{}: audit: the server counts {} messages, the store holds {} after a {} answer; scanning in full",
                f.path(),
                expected,
                local,
                ch.kind());
        return true;
    }

    /** Judges a full scan made because the counts differed; records the quirk when it found what {@code first} hid. */
    static void judge(SessionContext ctx, LocalFolder f, FolderChanges first, FolderDownload.Applied rescan)
            throws SyncException {
        long oldFresh = rescan.fresh().stream()
                .filter(u -> u.compareTo(first.status().uidNext()) < 0)
                .count();
        long missed = rescan.expunged() + oldFresh;
        if (missed == 0) {
            log.debug("{}: audit: the full scan found nothing unreported; a change during the sync", f.path());
            return;
        }
        ctx.distrustModSeq();
        ctx.warn(
                Status.PARTIAL,
                Scope.FOLDER,
                "the server of account " + ctx.account() + " reported " + first.kind() + " for " + f.path()
                        + " at HIGHESTMODSEQ "
                        + first.status().highestModSeq().orElseThrow().value()
                        + ", but a full scan found " + rescan.expunged() + " expunged and " + oldFresh
                        + " unreported messages; applied, and CONDSTORE/QRESYNC change detection is off for this"
                        + " account from now on (full scans)",
                Optional.of(f.path()));
    }
}
