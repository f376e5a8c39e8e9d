package org.backsync.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.ModSeq;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * Uploads flag changes as {@code UID STORE +FLAGS.SILENT / -FLAGS.SILENT}, one journaled STORE per folder and
 * identical change (CONTRACT 4.4, B37): never a re-upload. With CONDSTORE the STORE carries {@code UNCHANGEDSINCE}
 * (the highest MODSEQ of the batch); UIDs the server reports MODIFIED are merged per flag against the base (4.6, B39)
 * and the merged difference is stored once more, unconditionally.
 */
final class FlagUpload {
    private FlagUpload() {}

    /** One batch: the same flags added and removed on several messages. */
    private record Change(Flags add, Flags remove) {}

    static void run(
            SessionContext ctx, LocalFolder f, FolderPath remote, List<LocalMessage> changed, PhaseProgress progress)
            throws SyncException {
        if (changed.isEmpty()) {
            return;
        }
        boolean condstore = ctx.connection().provider().capabilities().contains(Capability.CONDSTORE);
        for (Map.Entry<Change, List<LocalMessage>> batch : group(changed).entrySet()) {
            ctx.checkpoint();
            List<LocalMessage> ms = batch.getValue();
            boolean ok = ctx.attempt(() -> {
                Set<Uid> modified =
                        store(ctx, f, remote, batch.getKey(), ms, condstore ? highest(ms) : Optional.empty());
                if (!modified.isEmpty()) {
                    mergeModified(ctx, f, remote, ms, modified);
                }
            });
            if (ok) {
                ctx.uploaded(ms.size());
            }
            progress.advance(ms.size(), 0);
        }
    }

    private static Map<Change, List<LocalMessage>> group(List<LocalMessage> changed) {
        Map<Change, List<LocalMessage>> groups = new LinkedHashMap<>();
        for (LocalMessage m : changed) {
            Flags base = m.baseFlags().orElse(Flags.NONE);
            Change c = new Change(m.flags().minus(base), base.minus(m.flags()));
            groups.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
        }
        return groups;
    }

    /**
     * The batch's highest known MODSEQ. A lower one would report every sibling changed after it as MODIFIED. A
     * server change the check misses is harmless: {@code +FLAGS}/{@code -FLAGS} are deltas, so they never undo it.
     */
    private static Optional<ModSeq> highest(List<LocalMessage> ms) {
        if (ms.stream().anyMatch(m -> m.modSeq().isEmpty())) {
            return Optional.empty();
        }
        return ms.stream().map(m -> m.modSeq().orElseThrow()).max(ModSeq::compareTo);
    }

    /** One journaled STORE; returns the UIDs the server reported MODIFIED (not changed, still pending). */
    private static Set<Uid> store(
            SessionContext ctx,
            LocalFolder f,
            FolderPath remote,
            Change c,
            List<LocalMessage> ms,
            Optional<ModSeq> since)
            throws SyncException {
        List<Long> ids = ms.stream().map(LocalMessage::localId).toList();
        List<Uid> uids = ms.stream().map(m -> m.remote().orElseThrow().uid()).toList();
        IntentSpec spec = IntentSpec.of(ctx.account(), IntentKind.STORE_FLAGS)
                .withFolder(f.id(), remote)
                .withMessages(ids, uids)
                .withFlags(c.add(), c.remove());
        Set<Uid> modified = new HashSet<>();
        ctx.journal()
                .perform(
                        ctx.connection(),
                        spec,
                        Journal.Prep.NONE,
                        p -> notApplied(
                                p, remote, uids, p.storeFlags(remote, Set.copyOf(uids), c.add(), c.remove(), since)),
                        (tx, mod) -> {
                            modified.addAll(mod);
                            List<Long> applied = new ArrayList<>();
                            List<Uid> appliedUids = new ArrayList<>();
                            for (int i = 0; i < ids.size(); i++) {
                                if (!mod.contains(uids.get(i))) {
                                    applied.add(ids.get(i));
                                    appliedUids.add(uids.get(i));
                                }
                            }
                            Reconciler.recordFlags(tx, spec.withMessages(applied, appliedUids));
                            return "stored on " + applied.size() + " UIDs, " + mod.size() + " modified since";
                        });
        return modified;
    }

    /**
     * The UIDs the STORE did not change: those reported MODIFIED, and those expunged meanwhile (a STORE ignores
     * them). The latter keep their pending change, so that the download sees a server expunge against a pending
     * local flag change and reports the conflict (4.6, B40).
     */
    private static Set<Uid> notApplied(MailProvider p, FolderPath remote, List<Uid> uids, Set<Uid> modified)
            throws SyncException {
        Set<Uid> out = new HashSet<>(modified);
        Set<Uid> present = p.fetchFlags(remote, Set.copyOf(uids)).keySet();
        for (Uid u : uids) {
            if (!present.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** MODIFIED: per-flag three-way merge against the base, then the merged difference is stored unconditionally. */
    private static void mergeModified(
            SessionContext ctx, LocalFolder f, FolderPath remote, List<LocalMessage> ms, Set<Uid> modified)
            throws SyncException {
        Map<Uid, Flags> now = ctx.connection().read(p -> p.fetchFlags(remote, modified));
        ctx.store().write(tx -> {
            for (LocalMessage m : ms) {
                Uid uid = m.remote().orElseThrow().uid();
                Flags server = now.get(uid);
                Optional<LocalMessage> cur = tx.message(m.localId());
                if (server != null && cur.isPresent()) {
                    Flags merged = Flags.merge(cur.get().baseFlags(), cur.get().flags(), server);
                    tx.setSyncedFlags(m.localId(), merged, server, cur.get().modSeq());
                }
            }
            return null;
        });
        List<LocalMessage> again = new ArrayList<>();
        for (LocalMessage m : ms) {
            if (now.containsKey(m.remote().orElseThrow().uid())) {
                ctx.store()
                        .message(m.localId())
                        .filter(LocalMessage::hasFlagChange)
                        .ifPresent(again::add);
            }
        }
        for (Map.Entry<Change, List<LocalMessage>> batch : group(again).entrySet()) {
            store(ctx, f, remote, batch.getKey(), batch.getValue(), Optional.empty());
        }
    }
}
