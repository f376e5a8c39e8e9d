package org.backsync.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import org.backsync.AccountId;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticated connections a running engine keeps between syncs, per account (ADR 0010), behind {@link
 * MailProvider.Factory} so that the core does not know: a sync's {@code close()} of a connection hands it back here,
 * and the account's next sync takes it instead of connecting, logging in and negotiating again (7 of the 8 round trips
 * of a no-change resync on a new connection).
 *
 * <pre>
 * opened or taken --sync closes it, healthy--> IDLE --the account's next open()--> checked: reusable? --> IN USE
 * IN USE --aborted (cancel), a failure, not reusable at close--> closed without reuse
 * IDLE --idle longer than the limit, over the account's cap, not reusable when taken, clear(), close()--> LOGOUT
 * </pre>
 *
 * The newest idle connection is taken first (the likeliest to be alive); at most {@code cap(account)} idle ones are
 * kept (the account's connections, already capped per host). A taken connection is checked with {@link
 * MailProvider#isReusable()} (a quiet socket: no BYE, no end of stream); a connection the network dropped silently
 * passes, so the first read-only call of a reused connection that fails with a transient status is repeated once on a
 * new connection, invisibly ({@link PooledProvider}). Thread-safe: the lock guards the idle lists only; connecting,
 * checking and LOGOUT happen outside it.
 */
public final class ConnectionPool implements MailProvider.Factory, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    /**
     * How long an idle connection is kept for a next sync. Longer than the default Send/Receive interval (5 minutes),
     * so that a scheduled daemon reuses its connections, and well under the 30-minute autologout RFC 9051 §5.4 lets
     * servers apply; the keep-alive below holds the connection open that long.
     */
    public static final Duration IDLE_LIMIT = Duration.ofMinutes(15);

    /**
     * How long an idle connection may stay silent before {@link #keepAlive()} sends it a NOOP. A connection the network
     * dropped silently (a NAT or load balancer that forgot it) would otherwise be found only by its next read timing
     * out; the shortest idle timeouts common middleboxes apply are Azure's 4 minutes and AWS NAT's 350 s.
     */
    public static final Duration KEEPALIVE_AFTER = Duration.ofMinutes(2);

    private final MailProvider.Factory opener;
    private final InstantSource clock;
    private final ToIntFunction<AccountId> cap;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. Per account, oldest first. */
    private final Map<AccountId, Deque<Idle>> idle = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /** {@code since}: given back by its last sync; {@code heard}: its last traffic (that sync, or a keep-alive). */
    private record Idle(MailProvider provider, Instant since, Instant heard) {}

    /**
     * A pool over {@code opener}, which connects and logs in; at most {@code cap(account)} idle connections are kept
     * per account (0 keeps none).
     */
    public ConnectionPool(MailProvider.Factory opener, InstantSource clock, ToIntFunction<AccountId> cap) {
        this.opener = Objects.requireNonNull(opener, "opener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cap = Objects.requireNonNull(cap, "cap");
    }

    /** An idle connection of {@code account} that is still usable, else a new one from the opener. */
    @Override
    public MailProvider open(AccountId account) throws SyncException {
        for (MailProvider p = take(account); p != null; p = take(account)) {
            if (p.isReusable()) {
                log.debug("account {}: reusing an idle connection", account);
                return new PooledProvider(this, account, p, true);
            }
            log.debug("account {}: an idle connection was dropped by the server; closing it", account);
            p.abort(); // nothing to say to a server that is gone: no LOGOUT
        }
        return new PooledProvider(this, account, opener.open(account), false);
    }

    /** A new connection from the opener, for a reused one that turned out dead. */
    MailProvider reopen(AccountId account) throws SyncException {
        return opener.open(account);
    }

    /** Closes (LOGOUT) every idle connection that has been idle for {@link #IDLE_LIMIT} or longer. */
    public void expire() {
        Instant now = clock.instant();
        List<MailProvider> out = new ArrayList<>();
        lock.lock();
        try {
            for (Deque<Idle> q : idle.values()) {
                while (!q.isEmpty() && isExpired(q.peekFirst(), now)) {
                    out.add(q.pollFirst().provider());
                }
            }
        } finally {
            lock.unlock();
        }
        logOut(out, "idle for " + IDLE_LIMIT.toMinutes() + " minutes");
    }

    /**
     * Sends a NOOP on every idle connection silent for {@link #KEEPALIVE_AFTER} or longer (outside the lock: each is
     * taken out of the pool while its NOOP runs, so no sync can take it meanwhile) and puts it back; a connection whose
     * NOOP fails is closed, so that the next sync connects anew instead of waiting for a dead one to time out.
     */
    public void keepAlive() {
        Instant now = clock.instant();
        List<Map.Entry<AccountId, Idle>> due = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<AccountId, Deque<Idle>> e : idle.entrySet()) {
                for (var it = e.getValue().iterator(); it.hasNext(); ) {
                    Idle i = it.next();
                    if (!isExpired(i, now) && Duration.between(i.heard(), now).compareTo(KEEPALIVE_AFTER) >= 0) {
                        it.remove();
                        due.add(Map.entry(e.getKey(), i));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        for (Map.Entry<AccountId, Idle> e : due) {
            Idle i = e.getValue();
            try {
                i.provider().keepAlive();
            } catch (SyncException ex) {
                log.debug(
                        "account {}: an idle connection failed its keep-alive ({}); closing it",
                        e.getKey(),
                        ex.status());
                i.provider().abort();
                continue;
            }
            putBack(e.getKey(), new Idle(i.provider(), i.since(), clock.instant()));
        }
    }

    /**
     * Puts an idle connection in its place (oldest first, by when its sync gave it back), closing the oldest beyond
     * the account's cap, or this one if the pool has closed.
     */
    private void putBack(AccountId account, Idle i) {
        List<MailProvider> out = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                out.add(i.provider());
            } else {
                Deque<Idle> q = idle.computeIfAbsent(account, a -> new ArrayDeque<>());
                List<Idle> all = new ArrayList<>(q);
                all.add(i);
                all.sort(Comparator.comparing(Idle::since));
                q.clear();
                q.addAll(all);
                while (q.size() > Math.max(0, cap.applyAsInt(account))) {
                    out.add(q.pollFirst().provider());
                }
            }
        } finally {
            lock.unlock();
        }
        logOut(out, "over the account's cap or engine closed");
    }

    /** Closes (LOGOUT) every idle connection; connections in use are closed when their sync gives them back. */
    public void clear() {
        logOut(drain(), "pool cleared");
    }

    /** Closes every idle connection (LOGOUT); connections given back later are closed at once. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        logOut(drain(), "engine closing");
    }

    /** How many idle connections the pool holds for {@code account}. */
    int idleCount(AccountId account) {
        lock.lock();
        try {
            Deque<Idle> q = idle.get(account);
            return q == null ? 0 : q.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A sync is done with {@code p}: kept if {@code healthy}, else closed. Whether the socket is still quiet is checked
     * when the connection is taken, not here, so a sync does not wait for the check at its end.
     */
    void giveBack(AccountId account, MailProvider p, boolean healthy) {
        if (!healthy) {
            log.debug("account {}: connection not kept (failed, aborted or out of step)", account);
            p.close();
            return;
        }
        Instant now = clock.instant();
        putBack(account, new Idle(p, now, now));
        expire();
    }

    /** The newest idle connection of {@code account}, closing the expired ones on the way; null if none. */
    private MailProvider take(AccountId account) {
        Instant now = clock.instant();
        List<MailProvider> expired = new ArrayList<>();
        MailProvider found = null;
        lock.lock();
        try {
            Deque<Idle> q = idle.get(account);
            while (q != null && !q.isEmpty() && found == null) {
                Idle i = q.pollLast();
                if (isExpired(i, now)) {
                    expired.add(i.provider());
                } else {
                    found = i.provider();
                }
            }
        } finally {
            lock.unlock();
        }
        logOut(expired, "idle for " + IDLE_LIMIT.toMinutes() + " minutes");
        return found;
    }

    private List<MailProvider> drain() {
        List<MailProvider> out = new ArrayList<>();
        lock.lock();
        try {
            idle.values().forEach(q -> q.forEach(i -> out.add(i.provider())));
            idle.clear();
        } finally {
            lock.unlock();
        }
        return out;
    }

    private static boolean isExpired(Idle i, Instant now) {
        return Duration.between(i.since(), now).compareTo(IDLE_LIMIT) >= 0;
    }

    private static void logOut(List<MailProvider> providers, String why) {
        for (MailProvider p : providers) {
            log.debug("closing an idle connection: {}", why);
            p.close();
        }
    }
}
