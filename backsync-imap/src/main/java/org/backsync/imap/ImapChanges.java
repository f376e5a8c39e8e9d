package org.backsync.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.spi.Capability;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Change detection (CONTRACT 5.1), read-only (EXAMINE, never SELECT):
 *
 * <ol>
 *   <li>STATUS, unless the caller passes one it just took. With CONDSTORE and a known state equal to it: {@code
 *       UNCHANGED}, and nothing else is sent (B41).
 *   <li>QRESYNC: {@code EXAMINE box (QRESYNC (uidvalidity modseq))}; its FETCH and {@code VANISHED (EARLIER)} responses
 *       are the changes: {@code INCREMENTAL}.
 *   <li>CONDSTORE only: {@code UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE m)} plus {@code UID SEARCH UID 1:n-1}, whose
 *       gaps below the known UIDNEXT are the expunges: {@code INCREMENTAL} (FULL if the gaps exceed a bound).
 *   <li>Otherwise (no CONDSTORE, first contact, UIDVALIDITY changed): {@code UID FETCH lo:hi (UID FLAGS)} in UID ranges:
 *       {@code FULL}.
 * </ol>
 *
 * Messages at or above the known UIDNEXT then get {@code RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS
 * (MESSAGE-ID)]} in batches of {@value #META_BATCH}; not on first contact, where every message is new and the bulk
 * fetch brings them (FolderChanges). The listings are read by {@link FetchReader}, not by Angus.
 */
final class ImapChanges {
    private static final Logger log = LoggerFactory.getLogger(ImapChanges.class);
    static final int SCAN_STEP = 25_000;
    static final int MAX_RANGES = 40;
    static final int META_BATCH = 500;
    static final long VANISHED_LIMIT = 100_000;
    private static final Pattern VANISHED = Pattern.compile("VANISHED\\s+(?:\\(EARLIER\\)\\s+)?([0-9:,]+)");

    private final ImapConnection c;
    private final ImapFolders folders;

    ImapChanges(ImapConnection connection, ImapFolders folders) {
        this.c = connection;
        this.folders = folders;
    }

    FolderChanges changes(FolderPath folder, Optional<FolderSyncState> known, Optional<FolderStatus> justTaken)
            throws SyncException {
        FolderStatus status = justTaken.isPresent() ? justTaken.get() : folders.status(folder);
        if (known.isPresent() && c.has(Capability.CONDSTORE) && known.get().equals(status.toSyncState())) {
            log.debug("{} unchanged: STATUS matches the known state, not selected", folder);
            return FolderChanges.unchanged(status);
        }
        boolean validityChanged =
                known.isPresent() && !known.get().uidValidity().equals(status.uidValidity());
        Optional<ModSeq> since = known.flatMap(FolderSyncState::highestModSeq);
        if (known.isEmpty()
                || validityChanged
                || since.isEmpty()
                || !c.has(Capability.CONDSTORE)
                || status.highestModSeq().map(m -> m.compareTo(since.get()) < 0).orElse(true)) {
            log.debug("{} full scan: known={} validityChanged={}", folder, known.isPresent(), validityChanged);
            return full(folder, status, known, validityChanged);
        }
        long uidNext = known.get().uidNext().value();
        FolderChanges incremental = c.has(Capability.QRESYNC)
                ? qresync(folder, status, since.get(), uidNext)
                : condstore(folder, status, since.get(), uidNext);
        return incremental != null ? incremental : full(folder, status, known, false);
    }

    private FolderChanges full(
            FolderPath folder, FolderStatus status, Optional<FolderSyncState> known, boolean validityChanged)
            throws SyncException {
        return c.call("UID FETCH (UID FLAGS)", folder, Scope.FOLDER, p -> {
            c.selectWith(p, folder, false, null);
            String items = c.has(Capability.CONDSTORE) ? "(UID FLAGS MODSEQ)" : "(UID FLAGS)";
            Map<Uid, RemoteMessage> found = new TreeMap<>();
            long top = status.uidNext().value() - 1;
            // UIDs may be sparse (UIDNEXT in the millions over a few thousand messages): at most MAX_RANGES commands.
            long step = Math.max(SCAN_STEP, top / MAX_RANGES + 1);
            for (long lo = 1; ; lo += step) {
                long hi = lo + step - 1;
                boolean last = hi >= top;
                String range = last ? lo + ":*" : lo + ":" + hi;
                for (RemoteMessage m : list(p, folder, range, items)) {
                    if (m.uid().value() >= lo) { // "n:*" names the last message even below n
                        found.put(m.uid(), m);
                    }
                }
                if (last) {
                    break;
                }
            }
            if (known.isPresent()) { // first contact: every message is new, and the bulk fetch brings the rest
                addMetadata(
                        p,
                        folder,
                        found,
                        validityChanged ? 1 : known.get().uidNext().value());
            }
            return new FolderChanges(
                    FolderChanges.Kind.FULL, status, List.copyOf(found.values()), Set.of(), validityChanged);
        });
    }

    /**
     * One {@code UID FETCH} without bodies, read by {@link FetchReader} from the socket rather than by Angus, which
     * builds a response object per message (a 10k initial sync lists every message once).
     */
    private List<RemoteMessage> list(IMAPProtocol p, FolderPath folder, String uids, String items)
            throws ProtocolException, SyncException {
        ImapSettings s = c.settings();
        FetchReader.Spool spool = new FetchReader.Spool(s.spoolDirectory(), s.spoolThreshold(), ImapFetch.BATCH_BYTES);
        ImapFetch.Command command = new ImapFetch.Command("UID FETCH (UID FLAGS)", folder, uids, items);
        return ImapFetch.read(c, p, command, null, spool).answer().listed();
    }

    private @Nullable FolderChanges qresync(FolderPath folder, FolderStatus status, ModSeq since, long uidNext)
            throws SyncException {
        return c.call("EXAMINE (QRESYNC)", folder, Scope.FOLDER, p -> {
            Argument params =
                    new Argument().writeAtom("(QRESYNC (" + status.uidValidity().value() + " " + since.value() + "))");
            Response[] r = c.selectWith(p, folder, false, params);
            Map<Uid, RemoteMessage> changed = new TreeMap<>();
            for (FetchResponse f : ImapResponses.fetches(r)) {
                changed.put(ImapResponses.uid(f), ImapResponses.meta(f));
            }
            Set<Uid> vanished = new TreeSet<>();
            for (Response resp : r) {
                if (ImapResponses.isUntagged(resp, "VANISHED")) {
                    Matcher m = VANISHED.matcher(resp.toString());
                    if (m.find()) {
                        Optional<Set<Uid>> uids = ImapResponses.parseUidSet(m.group(1), VANISHED_LIMIT);
                        if (uids.isEmpty()) {
                            log.debug("{}: VANISHED names over {} UIDs, scanning instead", folder, VANISHED_LIMIT);
                            return null;
                        }
                        vanished.addAll(uids.get());
                    }
                }
            }
            addMetadata(p, folder, changed, uidNext);
            return new FolderChanges(
                    FolderChanges.Kind.INCREMENTAL, status, List.copyOf(changed.values()), vanished, false);
        });
    }

    private @Nullable FolderChanges condstore(FolderPath folder, FolderStatus status, ModSeq since, long uidNext)
            throws SyncException {
        return c.call("UID FETCH (CHANGEDSINCE)", folder, Scope.FOLDER, p -> {
            c.selectWith(p, folder, false, null);
            Map<Uid, RemoteMessage> changed = new TreeMap<>();
            for (RemoteMessage m : list(p, folder, "1:*", "(UID FLAGS MODSEQ) (CHANGEDSINCE " + since.value() + ")")) {
                changed.put(m.uid(), m);
            }
            Set<Uid> vanished = new TreeSet<>();
            if (uidNext > 1) {
                Set<Uid> present = search(p, "UID 1:" + (uidNext - 1));
                if (uidNext - 1 - present.size() > VANISHED_LIMIT) {
                    return null;
                }
                for (long v = 1; v < uidNext; v++) {
                    if (!present.contains(Uid.of(v))) {
                        vanished.add(Uid.of(v));
                    }
                }
            }
            addMetadata(p, folder, changed, uidNext);
            return new FolderChanges(
                    FolderChanges.Kind.INCREMENTAL, status, List.copyOf(changed.values()), vanished, false);
        });
    }

    /** UID SEARCH, with ESEARCH's compact {@code RETURN (ALL)} where offered. */
    Set<Uid> search(IMAPProtocol p, String criteria) throws ProtocolException {
        String args = c.has(Capability.ESEARCH) ? "RETURN (ALL) " + criteria : criteria;
        return ImapResponses.searchResults(ImapConnection.command(p, "UID SEARCH", new Argument().writeAtom(args)));
    }

    /** Replaces each message at or above {@code newFrom} with one carrying size, INTERNALDATE and Message-ID. */
    private void addMetadata(IMAPProtocol p, FolderPath folder, Map<Uid, RemoteMessage> messages, long newFrom)
            throws ProtocolException, SyncException {
        List<Uid> fresh = new ArrayList<>();
        for (Uid u : messages.keySet()) {
            if (u.value() >= newFrom) {
                fresh.add(u);
            }
        }
        String items = "(UID FLAGS " + (c.has(Capability.CONDSTORE) ? "MODSEQ " : "")
                + "RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])";
        for (int i = 0; i < fresh.size(); i += META_BATCH) {
            List<Uid> batch = fresh.subList(i, Math.min(fresh.size(), i + META_BATCH));
            for (RemoteMessage m : list(p, folder, ImapResponses.uidSet(batch), items)) {
                if (messages.containsKey(m.uid())) {
                    messages.put(m.uid(), m);
                }
            }
        }
    }
}
