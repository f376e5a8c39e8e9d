package org.backsync.imap;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.SyncException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STATUS of many folders in one flight (RFC 9051 §5.5: a client may send commands without waiting for the previous
 * ones' completion). The commands go out in a sliding window of {@value #WINDOW}, so 500 folders cost about one round
 * trip instead of 500, as mbsync pipelines its own. Each command's untagged STATUS is matched to its folder by mailbox
 * name, else, for a server that spells the name differently, by position: the one untagged STATUS read since the
 * previous completion. A folder whose STATUS ends in NO or BAD is left out, for {@link ImapFolders#status} to explain.
 *
 * <p>Mailbox names are modified UTF-7 (always ASCII, {@link ImapConnection#mailbox}), so no command carries a literal:
 * nothing waits for a continuation, which would stall the pipeline.
 */
final class ImapStatuses {
    private static final Logger log = LoggerFactory.getLogger(ImapStatuses.class);
    /** Commands in flight at most: bounds what either side buffers while the other is not reading. */
    static final int WINDOW = 64;

    private final ImapConnection c;
    private final ImapFolders folders;

    ImapStatuses(ImapConnection connection, ImapFolders folders) {
        this.c = connection;
        this.folders = folders;
    }

    Map<FolderPath, FolderStatus> statuses(List<FolderPath> paths) throws SyncException {
        List<FolderPath> asked = new ArrayList<>();
        List<String> mailboxes = new ArrayList<>();
        for (FolderPath f : paths) {
            try {
                mailboxes.add(c.mailbox(f));
                asked.add(f);
            } catch (SyncException e) {
                log.debug("{} left out of the pipelined STATUS: {}", f, e.getMessage());
            }
        }
        if (asked.isEmpty()) {
            return Map.of();
        }
        Map<FolderPath, FolderStatus> found = c.call(
                "STATUS (" + asked.size() + " folders)", null, Scope.ACCOUNT, p -> pipeline(p, asked, mailboxes));
        Map<FolderPath, FolderStatus> ordered = new LinkedHashMap<>();
        for (FolderPath f : paths) {
            FolderStatus s = found.get(f);
            if (s != null) {
                ordered.put(f, s);
            }
        }
        return ordered;
    }

    private Map<FolderPath, FolderStatus> pipeline(IMAPProtocol p, List<FolderPath> asked, List<String> mailboxes)
            throws ProtocolException, SyncException {
        String items = folders.statusItems();
        Map<String, Integer> byTag = new HashMap<>();
        Deque<Status> unclaimed = new ArrayDeque<>();
        Map<FolderPath, FolderStatus> found = new HashMap<>();
        int sent = 0;
        int done = 0;
        try {
            if (c.selected() != null && asked.contains(c.selected())) {
                c.leaveSelectedBeforeStatus(p); // its tagged answer is read below and ignored, as an unknown tag
            }
            while (done < asked.size()) {
                while (sent < asked.size() && sent - done < WINDOW) {
                    Argument args =
                            new Argument().writeString(mailboxes.get(sent)).writeAtom(items);
                    byTag.put(p.writeCommand("STATUS", args), sent);
                    sent++;
                }
                Response r = p.readResponse();
                if (r.isBYE()) {
                    throw new ConnectionException(p, r);
                }
                if (!r.isTagged()) {
                    if (ImapResponses.isUntagged(r, "STATUS")) {
                        try {
                            unclaimed.add(new Status(r));
                        } catch (ParsingException e) {
                            log.debug("unreadable STATUS response left out: {}", r);
                        }
                    }
                    continue; // other untagged data (EXISTS of a selected folder, alerts): nothing to keep
                }
                Integer i = byTag.remove(r.getTag());
                if (i == null) {
                    continue;
                }
                done++;
                Status s = claim(unclaimed, mailboxes.get(i));
                if (r.isOK() && s != null) {
                    found.put(asked.get(i), folders.parseStatus(s));
                } else {
                    log.debug("STATUS {} in the pipeline: {}", asked.get(i), r);
                }
            }
        } catch (IOException e) {
            throw new ConnectionException(p, Response.byeResponse(e));
        }
        return found;
    }

    /** The untagged STATUS for {@code mailbox}, by name (Angus decodes it), else the only one waiting. */
    private static @Nullable Status claim(Deque<Status> unclaimed, String mailbox) {
        String name = inboxCase(BASE64MailboxDecoder.decode(mailbox));
        for (var it = unclaimed.iterator(); it.hasNext(); ) {
            Status s = it.next();
            if (s.mbox != null && inboxCase(s.mbox).equals(name)) {
                it.remove();
                return s;
            }
        }
        return unclaimed.size() == 1 ? unclaimed.poll() : null;
    }

    private static String inboxCase(String name) {
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }
}
