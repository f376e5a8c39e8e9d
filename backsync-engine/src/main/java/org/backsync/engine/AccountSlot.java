package org.backsync.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Priority;
import org.backsync.Status;
import org.backsync.SyncHandle;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.engine.config.AccountConfig;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's view of one account: waiting requests ({@code ON_DEMAND} first), running syncs, the failure count
 * and next retry time, and the status that blocks it. Every field is guarded by the scheduler's lock; nothing here
 * blocks or calls out.
 */
final class AccountSlot {
    /** A request waiting to start, not before {@code notBefore}. */
    record Waiting(SyncRequest request, Instant notBefore) {}

    /** A started sync; {@code handle} is set once the engine returned it. */
    static final class Running {
        final SyncRequest request;

        @Nullable
        SyncHandle handle;

        Running(SyncRequest request) {
            this.request = request;
        }
    }

    AccountConfig config;
    final List<Waiting> waiting = new ArrayList<>();
    final Set<Running> running = new HashSet<>();
    int failures;
    Optional<Status> blockedBy = Optional.empty();

    AccountSlot(AccountConfig config) {
        this.config = config;
    }

    String host() {
        return config.imap().host().toLowerCase(Locale.ROOT);
    }

    /** Queues {@code request} unless an equal or wider request is already waiting; ON_DEMAND goes ahead. */
    void offer(SyncRequest request, Instant notBefore) {
        if (waiting.stream().anyMatch(w -> covers(w.request(), request))) {
            return;
        }
        Waiting w = new Waiting(request, notBefore);
        if (request.priority() == Priority.ON_DEMAND) {
            int i = 0;
            while (i < waiting.size() && waiting.get(i).request().priority() == Priority.ON_DEMAND) {
                i++;
            }
            waiting.add(i, w);
        } else {
            waiting.add(w);
        }
    }

    /** True when a running sync works on a folder {@code request} names (every folder counts as all of them). */
    boolean overlapsRunning(SyncRequest request) {
        return running.stream().anyMatch(r -> overlaps(r.request, request));
    }

    void dropBackground() {
        waiting.removeIf(w -> w.request().priority() == Priority.BACKGROUND);
    }

    /** Takes the first waiting request that may start now, given whether a host connection is free. */
    @Nullable
    Waiting take(Instant now, boolean hostSlotFree, boolean paused) {
        Iterator<Waiting> it = waiting.iterator();
        while (it.hasNext()) {
            Waiting w = it.next();
            boolean onDemand = w.request().priority() == Priority.ON_DEMAND;
            boolean ok = onDemand
                    ? hostSlotFree || !running.isEmpty()
                    : !paused
                            && blockedBy.isEmpty()
                            && hostSlotFree
                            && !now.isBefore(w.notBefore())
                            && !overlapsRunning(w.request());
            if (ok) {
                it.remove();
                return w;
            }
            if (onDemand) {
                return null;
            }
        }
        return null;
    }

    private static boolean covers(SyncRequest wide, SyncRequest narrow) {
        return wide.priority() == narrow.priority()
                && wide.kinds().containsAll(withoutFolderFlag(narrow.kinds()))
                && (wide.folders().isEmpty() || wide.folders().containsAll(narrow.folders()));
    }

    private static Set<SyncKind> withoutFolderFlag(Set<SyncKind> kinds) {
        Set<SyncKind> k = new HashSet<>(kinds);
        k.remove(SyncKind.THESE_FOLDERS);
        return k;
    }

    private static boolean overlaps(SyncRequest a, SyncRequest b) {
        if (a.folders().isEmpty() || b.folders().isEmpty()) {
            return true;
        }
        for (FolderPath f : a.folders()) {
            if (b.folders().contains(f)) {
                return true;
            }
        }
        return false;
    }
}
