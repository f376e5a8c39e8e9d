package org.backsync.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Appends new local messages, each journaled with the UIDNEXT seen before it (CONTRACT 5.3). The UID comes from
 * APPENDUID; without UIDPLUS it is found by searching from that UIDNEXT for the Message-ID, or for the private {@code
 * X-Backsync-Id} header, which a message gets (in the intent's own transaction) when it has no Message-ID, or without
 * UIDPLUS when its Message-ID is not unique in the destination (B44). A draft always gets it: a draft saved again keeps
 * its Message-ID, so another client's version of it may land in the destination while our APPEND is in flight, and a
 * search by Message-ID after a crash would take that version for ours (ADR 0008).
 */
final class AppendUpload {
    private AppendUpload() {}

    static void run(SessionContext ctx, LocalFolder f, List<LocalMessage> messages, PhaseProgress progress)
            throws SyncException {
        if (messages.isEmpty()) {
            return;
        }
        FolderPath remote = f.remotePath().orElseThrow();
        FolderStatus status = ctx.connection().read(p -> p.status(remote));
        for (LocalMessage m : messages) {
            ctx.checkpoint();
            if (ctx.attempt(() -> append(ctx, f, remote, m, status))) {
                ctx.uploaded(1);
            }
            progress.advance(1, m.size());
        }
    }

    static void append(SessionContext ctx, LocalFolder f, FolderPath remote, LocalMessage m, FolderStatus seen)
            throws SyncException {
        RawMessage content = ctx.store()
                .content(m.localId())
                .orElseThrow(() -> new SyncException(
                        Status.NOT_FOUND,
                        Scope.MESSAGE,
                        "message " + m.localId() + " has no stored content",
                        remote,
                        null));
        Optional<String> tracking = m.trackingId();
        Journal.Prep prep = Journal.Prep.NONE;
        RawMessage body = content;
        if (tracking.isEmpty() && needsTracking(ctx, f, m, remote)) {
            String id = UUID.randomUUID().toString();
            RawMessage rewritten = withTrackingHeader(content, id);
            tracking = Optional.of(id);
            body = rewritten;
            prep = tx -> tx.setTrackingId(m.localId(), id, rewritten);
        }
        Optional<String> trackingId = tracking;
        RawMessage toSend = body;
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.APPEND)
                .withFolder(f.id(), remote)
                .withMessages(List.of(m.localId()), List.of())
                .withFlags(m.flags(), Flags.NONE)
                .withIdentity(m.messageId(), trackingId)
                .withServerState(Optional.of(seen.uidNext()), Optional.of(seen.uidValidity()));
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        prep,
                        p -> {
                            Optional<Uid> uid = p.append(remote, toSend, m.flags(), m.internalDate());
                            return uid.isPresent()
                                    ? uid
                                    : Reconciler.find(p, remote, trackingId, m.messageId(), seen.uidNext());
                        },
                        (tx, uid) -> {
                            if (uid.isEmpty()) {
                                tx.removeMessage(
                                        m.localId()); // appended but not identifiable: the download brings it back once
                                return "appended; UID not found, left to the download";
                            }
                            Reconciler.recordAppend(tx, m.localId(), f.id(), uid.get(), spec);
                            return "appended as UID " + uid.get();
                        });
    }

    private static boolean needsTracking(SessionContext ctx, LocalFolder f, LocalMessage m, FolderPath remote)
            throws SyncException {
        if (m.messageId().isEmpty() || isDraft(f, m)) {
            return true;
        }
        if (ctx.connection().provider().capabilities().contains(Capability.UIDPLUS)) {
            return false;
        }
        String id = m.messageId().get();
        return !ctx.connection()
                .read(p -> p.searchHeader(remote, Reconciler.MESSAGE_ID_HEADER, id, Uid.of(1)))
                .isEmpty();
    }

    static boolean isDraft(LocalFolder f, LocalMessage m) {
        return m.flags().contains(Flags.DRAFT) || f.specialUse().equals(Optional.of(SpecialUse.DRAFTS));
    }

    /** The message with {@code X-Backsync-Id: id} as its first header line; the rest is unchanged. */
    static RawMessage withTrackingHeader(RawMessage content, String id) throws SyncException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write((Reconciler.TRACKING_HEADER + ": " + id + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content.bytes());
            return RawMessage.of(out.toByteArray());
        } catch (IOException e) {
            throw new SyncException(Status.INTERNAL_ERROR, Scope.MESSAGE, "cannot read a message to tag it", null, e);
        }
    }
}
