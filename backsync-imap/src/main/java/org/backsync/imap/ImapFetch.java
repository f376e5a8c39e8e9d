package org.backsync.imap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.BatchSink;
import org.backsync.spi.Capability;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;

/**
 * Read-only message transfer (CONTRACT 5.8). Bodies go through one raw {@code UID FETCH set (UID RFC822.SIZE
 * INTERNALDATE FLAGS BODY.PEEK[])} per batch, never Angus's message objects: a batch holds at most {@value
 * #BATCH_COUNT} messages and, judged by a prior {@code RFC822.SIZE} pass, at most {@link #BATCH_BYTES} bytes (one larger
 * message goes alone). {@code BODY.PEEK} never sets \Seen (B47). Each batch is handed to the sink after the command
 * returned, outside any Angus lock.
 */
final class ImapFetch {
    static final int BATCH_COUNT = 500;
    static final long BATCH_BYTES = 16L << 20;
    private static final int SIZE_CHUNK = 5_000;

    private final ImapConnection c;

    ImapFetch(ImapConnection connection) {
        this.c = connection;
    }

    void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        List<Uid> sorted = List.copyOf(new TreeSet<>(uids));
        Set<Uid> delivered = new TreeSet<>();
        for (int i = 0; i < sorted.size(); i += SIZE_CHUNK) {
            List<Uid> chunk = sorted.subList(i, Math.min(sorted.size(), i + SIZE_CHUNK));
            for (List<Uid> batch : batches(folder, chunk, headersOnly)) {
                List<FetchedMessage> fetched = fetchBatch(folder, batch, headersOnly);
                fetched.forEach(m -> delivered.add(m.meta().uid()));
                if (!fetched.isEmpty()) {
                    sink.accept(fetched);
                }
            }
        }
        requireGoneIfMissing(folder, sorted, delivered);
    }

    /**
     * A UID asked for and not delivered is skipped silently only if it no longer exists. Angus drops a FETCH response
     * it cannot parse (a bad literal size, an unknown item) without a word, which would make the message look expunged
     * and let the folder's sync state move past it for good (issue 10, ImapProviderQuirksIT). UID SEARCH tells the
     * two apart; a message that still exists is reported, at MESSAGE scope, so that the next sync tries again.
     */
    private void requireGoneIfMissing(FolderPath folder, List<Uid> asked, Set<Uid> delivered) throws SyncException {
        List<Uid> missing = asked.stream().filter(u -> !delivered.contains(u)).toList();
        if (missing.isEmpty()) {
            return;
        }
        Set<Uid> existing = c.call("UID SEARCH UID", folder, Scope.FOLDER, p -> {
            c.select(p, folder, false);
            return ImapResponses.searchResults(ImapConnection.command(
                    p, "UID SEARCH", new Argument().writeAtom("UID " + ImapResponses.uidSet(missing))));
        });
        List<Uid> unreadable =
                missing.stream().filter(existing::contains).limit(20).toList();
        if (!unreadable.isEmpty()) {
            throw new SyncException(
                    Status.INTERNAL_ERROR,
                    Scope.MESSAGE,
                    "UID FETCH in " + folder + ": the server's answer for UID(s) " + unreadable
                            + " could not be read; they are left for the next sync",
                    folder,
                    null);
        }
    }

    Map<Uid, Flags> flags(FolderPath folder, Set<Uid> uids) throws SyncException {
        List<Uid> sorted = List.copyOf(new TreeSet<>(uids));
        Map<Uid, Flags> out = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i += SIZE_CHUNK) {
            List<Uid> chunk = sorted.subList(i, Math.min(sorted.size(), i + SIZE_CHUNK));
            c.call("UID FETCH (FLAGS)", folder, Scope.FOLDER, p -> {
                c.select(p, folder, false);
                Response[] r = ImapConnection.command(
                        p,
                        "UID FETCH",
                        new Argument().writeAtom(ImapResponses.uidSet(chunk)).writeAtom("(UID FLAGS)"));
                for (FetchResponse f : ImapResponses.fetches(r)) {
                    if (uids.contains(ImapResponses.uid(f))) {
                        out.put(ImapResponses.uid(f), ImapResponses.flags(f));
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** Splits {@code chunk} into batches bounded by count and, for bodies, by RFC822.SIZE; missing UIDs drop out. */
    private List<List<Uid>> batches(FolderPath folder, List<Uid> chunk, boolean headersOnly) throws SyncException {
        Map<Uid, Long> sizes = c.call("UID FETCH (RFC822.SIZE)", folder, Scope.FOLDER, p -> {
            c.select(p, folder, false);
            Response[] r = ImapConnection.command(
                    p,
                    "UID FETCH",
                    new Argument().writeAtom(ImapResponses.uidSet(chunk)).writeAtom("(UID RFC822.SIZE)"));
            Map<Uid, Long> found = new LinkedHashMap<>();
            for (FetchResponse f : ImapResponses.fetches(r)) {
                found.put(ImapResponses.uid(f), ImapResponses.meta(f).size());
            }
            return found;
        });
        List<List<Uid>> out = new ArrayList<>();
        List<Uid> current = new ArrayList<>();
        long bytes = 0;
        for (Uid u : chunk) {
            Long size = sizes.get(u);
            if (size == null) {
                continue;
            }
            long cost = headersOnly ? 0 : Math.max(0, size);
            if (!current.isEmpty() && (current.size() >= BATCH_COUNT || bytes + cost > BATCH_BYTES)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(u);
            bytes += cost;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private List<FetchedMessage> fetchBatch(FolderPath folder, List<Uid> batch, boolean headersOnly)
            throws SyncException {
        String section = headersOnly ? "HEADER" : "";
        String items = "(UID RFC822.SIZE INTERNALDATE FLAGS " + (c.has(Capability.CONDSTORE) ? "MODSEQ " : "")
                + "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] BODY.PEEK[" + section + "])";
        return c.call("UID FETCH (BODY.PEEK)", folder, Scope.FOLDER, p -> {
            c.select(p, folder, false);
            Response[] r = ImapConnection.command(
                    p,
                    "UID FETCH",
                    new Argument().writeAtom(ImapResponses.uidSet(batch)).writeAtom(items));
            List<FetchedMessage> out = new ArrayList<>();
            for (FetchResponse f : ImapResponses.fetches(r)) {
                Optional<byte[]> content = ImapResponses.body(f, section);
                if (content.isPresent()) {
                    byte[] bytes = headersOnly ? withBlankLine(content.get()) : content.get();
                    out.add(new FetchedMessage(ImapResponses.meta(f), RawMessage.of(bytes), headersOnly));
                }
            }
            return out;
        });
    }

    /**
     * RFC 3501 §6.4.5: BODY[HEADER] ends with the blank line that separates header and body. GreenMail leaves it out;
     * FetchedMessage promises it, so a missing one is added (header-only items are never served as the message).
     */
    static byte[] withBlankLine(byte[] header) {
        int n = header.length;
        boolean crlf = n >= 4
                && header[n - 4] == '\r'
                && header[n - 3] == '\n'
                && header[n - 2] == '\r'
                && header[n - 1] == '\n';
        boolean lf = n >= 2 && header[n - 2] == '\n' && header[n - 1] == '\n';
        if (crlf || lf || n == 0) {
            return header;
        }
        byte[] out = java.util.Arrays.copyOf(header, n + 2);
        out[n] = '\r';
        out[n + 1] = '\n';
        return out;
    }
}
