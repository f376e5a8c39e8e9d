package org.backsync.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hierarchy commands: LIST (with SPECIAL-USE and subscriptions), STATUS, CREATE, RENAME, DELETE. */
final class ImapFolders {
    private static final Logger log = LoggerFactory.getLogger(ImapFolders.class);
    private static final Map<String, SpecialUse> ATTRIBUTES = Map.of(
            "\\SENT", SpecialUse.SENT,
            "\\DRAFTS", SpecialUse.DRAFTS,
            "\\TRASH", SpecialUse.TRASH,
            "\\JUNK", SpecialUse.JUNK,
            "\\ARCHIVE", SpecialUse.ARCHIVE,
            "\\ALL", SpecialUse.ALL,
            "\\FLAGGED", SpecialUse.FLAGGED);
    /** CONTRACT 5.6: well-known names, for servers without SPECIAL-USE. */
    private static final Map<String, SpecialUse> NAMES = Map.of(
            "sent", SpecialUse.SENT,
            "sent items", SpecialUse.SENT,
            "sent messages", SpecialUse.SENT,
            "drafts", SpecialUse.DRAFTS,
            "trash", SpecialUse.TRASH,
            "deleted items", SpecialUse.TRASH,
            "deleted messages", SpecialUse.TRASH,
            "junk", SpecialUse.JUNK,
            "spam", SpecialUse.JUNK,
            "archive", SpecialUse.ARCHIVE);

    private final ImapConnection c;

    ImapFolders(ImapConnection connection) {
        this.c = connection;
    }

    List<RemoteFolder> list() throws SyncException {
        return c.call("LIST", null, Scope.ACCOUNT, p -> {
            boolean extended = c.serverHas("LIST-EXTENDED");
            // RFC 5819: with LIST-STATUS the answer carries every selectable folder's STATUS, so that a resync that
            // finds nothing changed needs this one command (the STATUS flight is sent only for what it leaves out)
            boolean withStatus = extended && c.has(Capability.LIST_STATUS);
            Argument args = new Argument().writeString("").writeString("*");
            if (extended) {
                args.writeAtom("RETURN (SUBSCRIBED" + (c.has(Capability.SPECIAL_USE) ? " SPECIAL-USE" : "")
                        + (withStatus ? " STATUS " + statusItems() : "") + ")");
            }
            if (withStatus) {
                c.leaveSelectedBeforeStatus(p); // pipelined with the LIST
            }
            Response[] answer = ImapConnection.command(p, "LIST", args);
            List<ListInfo> all = listInfos(answer, "LIST");
            Map<String, FolderStatus> statuses = withStatus ? listedStatuses(answer) : Map.of();
            Set<String> subscribed = new HashSet<>();
            if (!extended) {
                Argument lsub = new Argument().writeString("").writeString("*");
                listInfos(ImapConnection.command(p, "LSUB", lsub), "LSUB").forEach(i -> subscribed.add(i.name));
            }
            Map<FolderPath, RemoteFolder> out = new LinkedHashMap<>();
            for (ListInfo info : all) {
                Optional<FolderPath> path = c.path(info.name, info.separator);
                if (path.isEmpty()) {
                    log.debug("skipping folder \"{}\": a name holds '/'", info.name);
                    continue;
                }
                boolean sub = subscribed.contains(info.name) || hasAttribute(info, "\\Subscribed");
                out.put(
                        path.get(),
                        new RemoteFolder(
                                path.get(),
                                info.separator == '\0' ? c.delimiter() : info.separator,
                                specialUse(info, path.get()),
                                sub || path.get().equals(FolderPath.INBOX),
                                info.canOpen && !hasAttribute(info, "\\NonExistent"),
                                Optional.ofNullable(statuses.get(inboxCase(info.name)))));
            }
            return List.copyOf(out.values());
        });
    }

    /** The untagged STATUS responses of a LIST-STATUS answer, by decoded mailbox name; unreadable ones left out. */
    private Map<String, FolderStatus> listedStatuses(Response[] answer) {
        Map<String, FolderStatus> out = new HashMap<>();
        for (Response r : answer) {
            if (ImapResponses.isUntagged(r, "STATUS")) {
                try {
                    org.eclipse.angus.mail.imap.protocol.Status s = new org.eclipse.angus.mail.imap.protocol.Status(r);
                    if (s.mbox != null) {
                        out.put(inboxCase(s.mbox), parseStatus(s));
                    }
                } catch (ProtocolException e) {
                    log.debug("unreadable STATUS in the LIST answer left out: {}", r);
                }
            }
        }
        return out;
    }

    private static String inboxCase(String name) {
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    FolderStatus status(FolderPath folder) throws SyncException {
        String mailbox = c.mailbox(folder);
        return c.call("STATUS", folder, Scope.FOLDER, p -> {
            if (folder.equals(c.selected())) {
                c.leaveSelectedBeforeStatus(p); // pipelined with the STATUS
            }
            Argument args = new Argument().writeString(mailbox).writeAtom(statusItems());
            Response[] r;
            try {
                r = ImapConnection.command(p, "STATUS", args);
            } catch (CommandFailedException e) {
                if (exists(p, mailbox)) {
                    throw e;
                }
                throw notFound(folder, "STATUS");
            }
            for (Response resp : r) {
                if (ImapResponses.isUntagged(resp, "STATUS")) {
                    return parseStatus(new org.eclipse.angus.mail.imap.protocol.Status(resp));
                }
            }
            throw new SyncException(
                    Status.INTERNAL_ERROR, Scope.FOLDER, "STATUS without a STATUS response", folder, null);
        });
    }

    void create(FolderPath folder) throws SyncException {
        String mailbox = c.mailbox(folder);
        c.call("CREATE", folder, Scope.FOLDER, p -> {
            try {
                ImapConnection.command(p, "CREATE", new Argument().writeString(mailbox));
            } catch (CommandFailedException e) {
                if (!exists(p, mailbox)) {
                    throw e;
                }
            }
            return null;
        });
    }

    void rename(FolderPath from, FolderPath to) throws SyncException {
        String source = c.mailbox(from);
        String target = c.mailbox(to);
        c.call("RENAME", from, Scope.FOLDER, p -> {
            FolderPath selected = c.selected();
            if (selected != null && selected.isWithin(from)) {
                unselect(p);
            }
            try {
                ImapConnection.command(
                        p, "RENAME", new Argument().writeString(source).writeString(target));
            } catch (CommandFailedException e) {
                if (exists(p, source)) {
                    throw e;
                }
                throw notFound(from, "RENAME");
            }
            return null;
        });
    }

    void delete(FolderPath folder) throws SyncException {
        String mailbox = c.mailbox(folder);
        c.call("DELETE", folder, Scope.FOLDER, p -> {
            if (folder.equals(c.selected())) {
                unselect(p);
            }
            try {
                ImapConnection.command(p, "DELETE", new Argument().writeString(mailbox));
            } catch (CommandFailedException e) {
                if (exists(p, mailbox)) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** The STATUS data items this connection asks for, in parentheses. */
    String statusItems() {
        List<String> items = new ArrayList<>(List.of("MESSAGES", "UIDNEXT", "UIDVALIDITY"));
        if (c.has(Capability.CONDSTORE)) {
            items.add("HIGHESTMODSEQ");
        }
        if (c.has(Capability.STATUS_SIZE)) {
            items.add("SIZE");
        }
        return "(" + String.join(" ", items) + ")";
    }

    FolderStatus parseStatus(org.eclipse.angus.mail.imap.protocol.Status s) {
        Long size = s.items == null ? null : s.items.get("SIZE");
        return new FolderStatus(
                UidValidity.of(s.uidvalidity),
                Uid.of(Math.max(1, s.uidnext)),
                Math.max(0, s.total),
                c.has(Capability.CONDSTORE) && s.highestmodseq >= 0
                        ? Optional.of(ModSeq.of(s.highestmodseq))
                        : Optional.empty(),
                size == null ? -1 : size);
    }

    /** Leaves the selected state: UNSELECT where offered, else CLOSE (which expunges nothing after EXAMINE). */
    private void unselect(IMAPProtocol p) throws ProtocolException, SyncException {
        FolderPath current = c.selected();
        if (current == null) {
            return;
        }
        if (c.serverHas("UNSELECT")) {
            ImapConnection.command(p, "UNSELECT", null);
        } else {
            // CLOSE after SELECT would expunge every \Deleted message; after EXAMINE it expunges nothing.
            c.selectWith(p, current, false, null);
            ImapConnection.command(p, "CLOSE", null);
        }
        c.forgetSelection();
    }

    static boolean exists(IMAPProtocol p, String mailbox) throws ProtocolException {
        Response[] r =
                ImapConnection.command(p, "LIST", new Argument().writeString("").writeString(mailbox));
        return !listInfos(r, "LIST").isEmpty();
    }

    private static SyncException notFound(FolderPath folder, String what) {
        return new SyncException(
                Status.NOT_FOUND, Scope.FOLDER, what + ": folder " + folder + " does not exist", folder, null);
    }

    private static List<ListInfo> listInfos(Response[] responses, String key) throws ProtocolException {
        List<ListInfo> out = new ArrayList<>();
        for (Response r : responses) {
            if (ImapResponses.isUntagged(r, key)) {
                out.add(new ListInfo((IMAPResponse) r));
            }
        }
        return out;
    }

    private static boolean hasAttribute(ListInfo info, String attribute) {
        for (String a : info.attrs) {
            if (a.equalsIgnoreCase(attribute)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<SpecialUse> specialUse(ListInfo info, FolderPath path) {
        for (String a : info.attrs) {
            SpecialUse u = ATTRIBUTES.get(a.toUpperCase(Locale.ROOT));
            if (u != null) {
                return Optional.of(u);
            }
        }
        if (path.parent().isEmpty() || path.parent().get().equals(FolderPath.INBOX)) {
            return Optional.ofNullable(NAMES.get(path.name().toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }
}
