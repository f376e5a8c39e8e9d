package org.backsync.imap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.BatchSink;
import org.backsync.spi.Capability;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only message transfer (CONTRACT 5.8). Bodies go through one raw {@code UID FETCH set (UID RFC822.SIZE
 * INTERNALDATE FLAGS BODY.PEEK[])} per batch, read by {@link FetchReader} straight from the socket, never Angus's
 * message objects or response buffer: a batch holds at most {@value #BATCH_COUNT} messages and at most {@link
 * #BATCH_BYTES} bytes in memory; a larger message, and whatever of the batch comes after the memory budget, is spooled
 * to a file ({@link ImapSettings#spoolThreshold()}). No {@code RFC822.SIZE} pass is needed first. {@code BODY.PEEK}
 * never sets \Seen (B47). Each batch is handed to the sink after the command returned, outside any Angus lock.
 */
final class ImapFetch {
    private static final Logger log = LoggerFactory.getLogger(ImapFetch.class);
    static final int BATCH_COUNT = 500;
    static final long BATCH_BYTES = 16L << 20;
    /** The first batch of a fetch, before any size is known: 200 messages of the 40 KB typical of mail fit 8 MB. */
    static final int FIRST_BATCH_COUNT = 200;

    private static final int FLAGS_CHUNK = 5_000;

    private final ImapConnection c;

    ImapFetch(ImapConnection connection) {
        this.c = connection;
    }

    void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        List<Uid> sorted = List.copyOf(new TreeSet<>(uids));
        Set<Uid> delivered = new TreeSet<>();
        int count = FIRST_BATCH_COUNT;
        for (int i = 0; i < sorted.size(); ) {
            List<Uid> batch = sorted.subList(i, Math.min(sorted.size(), i + count));
            Batch got = fetchBatch(folder, batch, headersOnly);
            try {
                got.messages().forEach(m -> delivered.add(m.meta().uid()));
                if (!got.messages().isEmpty()) {
                    sink.accept(got.messages());
                }
            } finally {
                got.deleteSpooled();
            }
            i += batch.size();
            count = nextCount(got, count);
        }
        requireGoneIfMissing(folder, sorted, delivered);
    }

    /**
     * No RFC822.SIZE pass: the next batch asks for as many messages as fill three quarters of {@link #BATCH_BYTES} at
     * the mean size just seen, so that batches rarely spill past the memory budget into spool files.
     */
    private static int nextCount(Batch got, int asked) {
        if (got.messages().isEmpty()) {
            return asked;
        }
        long bytes = 0;
        for (FetchedMessage m : got.messages()) {
            bytes += m.content().size();
        }
        long mean = Math.max(1, bytes / got.messages().size());
        return (int) Math.clamp(BATCH_BYTES * 3 / 4 / mean, 1, BATCH_COUNT);
    }

    /** One batch as read: its messages and the spool files behind some of them, deleted after the sink returns. */
    private record Batch(List<FetchedMessage> messages, List<Path> spooled) {
        void deleteSpooled() {
            for (Path p : spooled) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot delete spool file {}: {}", p, e.toString());
                }
            }
        }
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
        for (int i = 0; i < sorted.size(); i += FLAGS_CHUNK) {
            List<Uid> chunk = sorted.subList(i, Math.min(sorted.size(), i + FLAGS_CHUNK));
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

    /**
     * One {@code UID FETCH} read by {@link FetchReader} straight from the socket. Whatever goes wrong before the tagged
     * OK leaves nothing behind: spool files are deleted, and a connection that stopped mid-answer is dropped (the next
     * command reconnects through the core, R20).
     */
    private Batch fetchBatch(FolderPath folder, List<Uid> batch, boolean headersOnly) throws SyncException {
        String section = headersOnly ? "HEADER" : "";
        String items = "(UID RFC822.SIZE INTERNALDATE FLAGS " + (c.has(Capability.CONDSTORE) ? "MODSEQ " : "")
                + "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)] BODY.PEEK[" + section + "])";
        ImapSettings s = c.settings();
        FetchReader.Spool spool = new FetchReader.Spool(s.spoolDirectory(), s.spoolThreshold(), BATCH_BYTES);
        String what = "UID FETCH (BODY.PEEK)";
        return c.call(what, folder, Scope.FOLDER, p -> {
            c.select(p, folder, false);
            Read got = read(c, p, new Command(what, folder, ImapResponses.uidSet(batch), items), section, spool);
            return new Batch(got.answer().messages(), got.spooled());
        });
    }

    /** A raw {@code UID FETCH uids items} in {@code folder}; {@code what} names it in errors. */
    record Command(String what, FolderPath folder, String uids, String items) {}

    /** An answer read to its tagged OK, and the spool files behind some of its messages. */
    record Read(FetchReader.Answer answer, List<Path> spooled) {}

    /**
     * Sends {@code command} on the selected folder and reads the whole answer with {@link FetchReader} ({@code section}
     * null: a listing without bodies, its messages in {@link FetchReader.Answer#listed}). A connection that stopped
     * mid-answer is dropped and a NO or BAD throws as Angus would; either way no spool file is left behind.
     */
    static Read read(
            ImapConnection c, IMAPProtocol p, Command command, @Nullable String section, FetchReader.Spool spool)
            throws ProtocolException, SyncException {
        ImapWireProtocol w = (ImapWireProtocol) p;
        FetchReader reader = null;
        FetchReader.Answer answer;
        try {
            String tag =
                    w.send("UID FETCH", new Argument().writeAtom(command.uids()).writeAtom(command.items()));
            reader = new FetchReader(w.wire(), tag, section, spool);
            answer = reader.read();
        } catch (IOException e) {
            if (reader != null) {
                new Batch(List.of(), reader.spooled()).deleteSpooled();
            }
            w.drop();
            c.forgetSelection();
            throw ImapFailures.translate(e, command.what(), command.folder(), Scope.FOLDER, c.isAborted());
        }
        Read got = new Read(answer, reader.spooled());
        if (!answer.status().equals("OK")) {
            new Batch(List.of(), got.spooled()).deleteSpooled();
            if (answer.bye()) {
                w.drop();
                c.forgetSelection();
                throw new ConnectionException(w, new Response("* " + answer.text()));
            }
            p.handleResult(new Response(tagged(answer)));
        }
        return got;
    }

    private static String tagged(FetchReader.Answer a) {
        return "A0 " + a.status() + " " + a.text();
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
