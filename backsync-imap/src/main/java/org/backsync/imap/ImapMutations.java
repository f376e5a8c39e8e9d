package org.backsync.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
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
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.ModSeq;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.Literal;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message mutations, each one raw command sequence on a read-write SELECT: APPEND (APPENDUID), conditional UID
 * STORE (MODIFIED), UID MOVE or COPY + STORE \Deleted + UID EXPUNGE (CONTRACT 5.4), and delete. Without UIDPLUS a plain
 * EXPUNGE is sent only when {@code UID SEARCH DELETED} returns nothing but the UIDs we marked.
 */
final class ImapMutations {
    private static final Logger log = LoggerFactory.getLogger(ImapMutations.class);

    private final ImapConnection c;
    private final ImapChanges changes;

    ImapMutations(ImapConnection connection, ImapChanges changes) {
        this.c = connection;
        this.changes = changes;
    }

    Optional<Uid> append(FolderPath folder, RawMessage message, Flags flags, Instant internalDate)
            throws SyncException {
        String mailbox = c.mailbox(folder);
        if (message.size() > Integer.MAX_VALUE) {
            throw new SyncException(
                    Status.INTERNAL_ERROR,
                    Scope.MESSAGE,
                    "message too large to APPEND: " + message.size() + " bytes",
                    folder,
                    null);
        }
        Literal literal = new Literal() {
            @Override
            public int size() {
                return (int) message.size();
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = message.open()) {
                    in.transferTo(out);
                }
            }
        };
        return c.call("APPEND", folder, Scope.MESSAGE, p -> {
            Argument args = new Argument()
                    .writeString(mailbox)
                    .writeAtom(flags.without(Flags.of("\\Recent")).toString())
                    .writeString(INTERNALDATE.format(Date.from(internalDate)))
                    .writeBytes(literal);
            Response[] r = ImapConnection.command(p, "APPEND", args);
            Optional<String> appendUid = ImapResponses.codeText(r[r.length - 1], "APPENDUID");
            return appendUid.map(t -> Uid.of(Long.parseLong(t.trim().split("\\s+")[1])));
        });
    }

    Set<Uid> storeFlags(FolderPath folder, Set<Uid> uids, Flags add, Flags remove, Optional<ModSeq> unchangedSince)
            throws SyncException {
        if (uids.isEmpty() || (add.isEmpty() && remove.isEmpty())) {
            return Set.of();
        }
        Optional<ModSeq> condition = c.has(Capability.CONDSTORE) ? unchangedSince : Optional.empty();
        return c.call("UID STORE", folder, Scope.MESSAGE, p -> {
            c.select(p, folder, true);
            Set<Uid> modified = new TreeSet<>();
            if (!add.isEmpty()) {
                modified.addAll(store(p, uids, "+FLAGS.SILENT", add, condition));
            }
            if (!remove.isEmpty()) {
                Set<Uid> rest = new TreeSet<>(uids);
                rest.removeAll(modified);
                // The first STORE raised the MODSEQ of what it changed, so the second cannot reuse the condition;
                // only this connection's own STORE lies between the two.
                modified.addAll(store(p, rest, "-FLAGS.SILENT", remove, add.isEmpty() ? condition : Optional.empty()));
            }
            return modified;
        });
    }

    Map<Uid, Uid> move(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        String mailbox = c.mailbox(target);
        boolean nativeMove = c.has(Capability.MOVE);
        return c.call(nativeMove ? "UID MOVE" : "UID COPY", source, Scope.MESSAGE, p -> {
            c.select(p, source, true);
            Argument args = new Argument().writeAtom(ImapResponses.uidSet(uids)).writeString(mailbox);
            Response[] r = ImapConnection.command(p, nativeMove ? "UID MOVE" : "UID COPY", args);
            Map<Uid, Uid> map = copyUid(r);
            if (!nativeMove) {
                Set<Uid> copied = map.isEmpty() ? uids : map.keySet();
                store(p, copied, "+FLAGS.SILENT", Flags.of(Flags.DELETED), Optional.empty());
                expungeExactly(p, copied);
            }
            return map;
        });
    }

    /** UID COPY alone; the source is left as it was. */
    Map<Uid, Uid> copy(FolderPath source, Set<Uid> uids, FolderPath target) throws SyncException {
        if (uids.isEmpty()) {
            return Map.of();
        }
        String mailbox = c.mailbox(target);
        return c.call("UID COPY", source, Scope.MESSAGE, p -> {
            c.select(p, source, true); // writable: the delete of the source that follows reuses it
            Argument args = new Argument().writeAtom(ImapResponses.uidSet(uids)).writeString(mailbox);
            return copyUid(ImapConnection.command(p, "UID COPY", args));
        });
    }

    void delete(FolderPath folder, Set<Uid> uids, Optional<FolderPath> trash) throws SyncException {
        if (uids.isEmpty()) {
            return;
        }
        if (trash.isPresent() && !trash.get().equals(folder)) {
            move(folder, uids, trash.get());
            return;
        }
        c.call("UID STORE \\Deleted + EXPUNGE", folder, Scope.MESSAGE, p -> {
            c.select(p, folder, true);
            store(p, uids, "+FLAGS.SILENT", Flags.of(Flags.DELETED), Optional.empty());
            expungeExactly(p, uids);
            return null;
        });
    }

    Set<Uid> searchHeader(FolderPath folder, String name, String value, Uid from) throws SyncException {
        return c.call("UID SEARCH HEADER", folder, Scope.FOLDER, p -> {
            c.select(p, folder, false);
            Argument args = new Argument()
                    .writeAtom("UID " + from + ":*")
                    .writeAtom("HEADER")
                    .writeString(name)
                    .writeString(value);
            Set<Uid> found = ImapResponses.searchResults(ImapConnection.command(p, "UID SEARCH", args));
            found.removeIf(u -> u.compareTo(from) < 0); // "n:*" also matches the highest UID below n
            return found;
        });
    }

    private Set<Uid> store(IMAPProtocol p, Set<Uid> uids, String op, Flags flags, Optional<ModSeq> condition)
            throws ProtocolException {
        if (uids.isEmpty()) {
            return Set.of();
        }
        Argument args = new Argument().writeAtom(ImapResponses.uidSet(uids));
        condition.ifPresent(m -> args.writeAtom("(UNCHANGEDSINCE " + m.value() + ")"));
        args.writeAtom(op).writeAtom(flags.toString());
        Response[] r = ImapConnection.command(p, "UID STORE", args);
        return ImapResponses.codeText(r[r.length - 1], "MODIFIED")
                .flatMap(set -> ImapResponses.parseUidSet(set, Long.MAX_VALUE))
                .orElse(Set.of());
    }

    /** UID EXPUNGE of exactly {@code uids}; without UIDPLUS, EXPUNGE only if no other message is \Deleted. */
    private void expungeExactly(IMAPProtocol p, Set<Uid> uids) throws ProtocolException {
        if (c.has(Capability.UIDPLUS)) {
            ImapConnection.command(p, "UID EXPUNGE", new Argument().writeAtom(ImapResponses.uidSet(uids)));
            return;
        }
        Set<Uid> deleted = changes.search(p, "DELETED");
        if (!deleted.isEmpty() && uids.containsAll(deleted)) {
            ImapConnection.command(p, "EXPUNGE", null);
        } else {
            log.debug(
                    "not expunging: other messages are \\Deleted too ({} marked, {} in total)",
                    uids.size(),
                    deleted.size());
        }
    }

    /** The source-to-target map of a {@code [COPYUID v src dst]} code in any of {@code responses}. */
    private static Map<Uid, Uid> copyUid(Response[] responses) {
        for (Response r : responses) {
            Optional<String> text = ImapResponses.codeText(r, "COPYUID");
            if (text.isPresent()) {
                String[] parts = text.get().trim().split("\\s+");
                if (parts.length == 3) {
                    List<Uid> src = List.copyOf(ImapResponses.parseUidSetInOrder(parts[1]));
                    List<Uid> dst = List.copyOf(ImapResponses.parseUidSetInOrder(parts[2]));
                    Map<Uid, Uid> map = new LinkedHashMap<>();
                    for (int i = 0; i < Math.min(src.size(), dst.size()); i++) {
                        map.put(src.get(i), dst.get(i));
                    }
                    return map;
                }
            }
        }
        return Map.of();
    }
}
