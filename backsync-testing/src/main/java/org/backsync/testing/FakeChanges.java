package org.backsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.backsync.FolderPath;
import org.backsync.spi.Capability;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.Uid;

/**
 * {@link FakeMailProvider#changes}, issuing the commands the IMAP provider issues (CONTRACT 5.1):
 *
 * <ul>
 *   <li>STATUS first, unless the caller passes one it just took; with CONDSTORE and a known state equal to it: {@code UNCHANGED}, no SELECT (B41);
 *   <li>QRESYNC: {@code SELECT (QRESYNC (v m))}, changed messages and VANISHED: {@code INCREMENTAL};
 *   <li>CONDSTORE only: SELECT, {@code FETCH 1:* (FLAGS) (CHANGEDSINCE m)}, and {@code UID SEARCH} of the known range
 *       whose gaps are the expunges: {@code INCREMENTAL};
 *   <li>otherwise (no CONDSTORE, first contact, UIDVALIDITY changed): SELECT and {@code FETCH 1:* (UID FLAGS)}:
 *       {@code FULL}.
 * </ul>
 *
 * Messages at or above the known UIDNEXT (all of them in a FULL without usable state) carry size, INTERNALDATE and
 * Message-ID.
 */
final class FakeChanges {
    private final FakeMailProvider provider;
    private final FolderPath folder;
    private final Optional<FolderSyncState> known;
    private final Optional<FolderStatus> justTaken;

    FakeChanges(
            FakeMailProvider provider,
            FolderPath folder,
            Optional<FolderSyncState> known,
            Optional<FolderStatus> justTaken) {
        this.provider = provider;
        this.folder = folder;
        this.known = known;
        this.justTaken = justTaken;
    }

    FolderChanges run() throws org.backsync.spi.SyncException {
        FolderStatus status = justTaken.isPresent() ? justTaken.get() : provider.status(folder);
        boolean condstore = provider.has(Capability.CONDSTORE);
        if (known.isPresent() && condstore && known.get().equals(status.toSyncState())) {
            return FolderChanges.unchanged(status);
        }
        boolean validityChanged =
                known.isPresent() && !known.get().uidValidity().equals(status.uidValidity());
        if (known.isEmpty()
                || validityChanged
                || !condstore
                || known.get().highestModSeq().isEmpty()) {
            return full(status, validityChanged);
        }
        ModSeq since = known.get().highestModSeq().get();
        return provider.has(Capability.QRESYNC) ? qresync(status, since) : condstore(status, since);
    }

    private FolderChanges full(FolderStatus status, boolean validityChanged) throws org.backsync.spi.SyncException {
        long newFrom =
                known.isEmpty() || validityChanged ? 1 : known.get().uidNext().value();
        provider.select(folder, true);
        List<RemoteMessage> messages = provider.command(
                "FETCH",
                folder,
                "1:* (UID FLAGS)",
                Set.of(),
                () -> describe(provider.server().folder(folder).messages.values(), newFrom));
        return new FolderChanges(FolderChanges.Kind.FULL, status, messages, Set.of(), validityChanged);
    }

    private FolderChanges qresync(FolderStatus status, ModSeq since) throws org.backsync.spi.SyncException {
        long uidNext = known.orElseThrow().uidNext().value();
        String args = "(QRESYNC (" + status.uidValidity().value() + " " + since.value() + "))";
        provider.select(folder, true, args);
        List<RemoteMessage> changed = changedSince(since, uidNext);
        Set<Uid> vanished = provider.command("FETCH", folder, "VANISHED EARLIER", Set.of(), () -> {
            Set<Uid> out = new TreeSet<>();
            provider.server().folder(folder).expunged.forEach((uid, modSeq) -> {
                if (modSeq > since.value()) {
                    out.add(Uid.of(uid));
                }
            });
            return out;
        });
        return new FolderChanges(FolderChanges.Kind.INCREMENTAL, status, changed, vanished, false);
    }

    private FolderChanges condstore(FolderStatus status, ModSeq since) throws org.backsync.spi.SyncException {
        long uidNext = known.orElseThrow().uidNext().value();
        provider.select(folder, true);
        List<RemoteMessage> changed = changedSince(since, uidNext);
        Set<Uid> vanished = new TreeSet<>();
        if (uidNext > 1) {
            Set<Long> present = provider.command(
                    "SEARCH",
                    folder,
                    "UID 1:" + (uidNext - 1),
                    Set.of(),
                    () -> new TreeSet<>(provider.server()
                            .folder(folder)
                            .messages
                            .headMap(uidNext)
                            .keySet()));
            for (long uid = 1; uid < uidNext; uid++) {
                if (!present.contains(uid)) {
                    vanished.add(Uid.of(uid));
                }
            }
        }
        return new FolderChanges(FolderChanges.Kind.INCREMENTAL, status, changed, vanished, false);
    }

    private List<RemoteMessage> changedSince(ModSeq since, long newFrom) throws org.backsync.spi.SyncException {
        return provider.command(
                "FETCH",
                folder,
                "1:* (UID FLAGS) (CHANGEDSINCE " + since.value() + ")",
                Set.of(),
                () -> describe(
                        provider.server().folder(folder).messages.values().stream()
                                .filter(m -> m.modSeq() > since.value())
                                .toList(),
                        newFrom));
    }

    private List<RemoteMessage> describe(java.util.Collection<FakeFolder.Message> messages, long newFrom) {
        List<RemoteMessage> out = new ArrayList<>();
        for (FakeFolder.Message m : messages) {
            RemoteMessage full = provider.meta(m);
            out.add(
                    m.uid() >= newFrom
                            ? full
                            : new RemoteMessage(
                                    full.uid(), full.flags(), full.modSeq(), -1, Optional.empty(), Optional.empty()));
        }
        return out;
    }
}
