package org.backsync.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The bulk download over several connections (STYLE 8; issue 5). Fetchers, one per connection (the session's own and
 * up to {@code fetchConnections - 1} extra ones opened through the factory), take UID chunks from a shared queue and
 * hand each fetched batch to the session's thread through a queue; the session's thread alone writes to the store,
 * reports progress, checks cancel and the {@code ON_DEMAND} pause (R17) and decides. A fetcher waits until its batch is
 * stored before it fetches the next one (the provider deletes spool files once the sink returns), so at most one batch
 * per connection is in memory, and store writes overlap the other connections' fetches.
 *
 * <pre>
 * fetcher:  take chunk --fetch--> batch --queue--> wait until stored --> next chunk ... no chunk left --> finished
 *           a FOLDER/MESSAGE failure of a chunk: reported by the session's thread, the folder stays incomplete
 *           a transient or ACCOUNT failure: the chunk goes back, the fetcher ends (its connection is dropped)
 * session:  store batch, checkpoint, release the fetcher ... all finished --> chunks left over are fetched on the
 *           session's connection, with its reconnect and retry (R20)
 * </pre>
 *
 * Cancel aborts every connection ({@link SyncJob#fetchConnections()}); a failure on the session's thread stops the
 * fetchers and waits for them, so no fetcher outlives {@link #fetch}. Used on the session's thread only.
 */
final class FetchWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FetchWorkers.class);

    /** Stores one batch; runs on the session's thread. */
    @FunctionalInterface
    interface Writer {
        void write(List<FetchedMessage> batch) throws SyncException;
    }

    /** What {@link #fetch} did: whether every chunk it fetched went well, and the chunks it left to the caller. */
    record Outcome(boolean complete, List<List<Uid>> left) {}

    private sealed interface Event permits Fetched, Failed, Crashed, Finished {}

    private record Fetched(List<FetchedMessage> batch, CompletableFuture<Boolean> stored) implements Event {}

    private record Failed(SyncException error) implements Event {}

    /** A bug on a fetcher's thread: rethrown on the session's thread, where the sync boundary reports it. */
    private record Crashed(RuntimeException error) implements Event {}

    private record Finished(MailProvider provider, boolean usable) implements Event {}

    private final SessionContext ctx;
    private final List<MailProvider> extra = new ArrayList<>();
    private boolean openFailed;

    FetchWorkers(SessionContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Fetches {@code chunks} of {@code remote} on every connection the account allows, storing each batch with {@code
     * writer}. With one connection allowed (or one chunk) nothing is fetched and every chunk is left to the caller.
     */
    Outcome fetch(FolderPath remote, List<List<Uid>> chunks, boolean headersOnly, Writer writer) throws SyncException {
        if (chunks.size() < 2 || ctx.settings().fetchConnections() < 2) {
            return new Outcome(true, chunks);
        }
        openExtra(ctx.settings().fetchConnections() - 1);
        if (extra.isEmpty()) {
            return new Outcome(true, chunks);
        }
        List<MailProvider> fetchers = new ArrayList<>(extra);
        fetchers.add(ctx.connection().provider());
        Queue<List<Uid>> pending = new ConcurrentLinkedQueue<>(chunks);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, String> mdc = MDC.getCopyOfContextMap(); // account and sync, for the fetchers' log lines
        for (MailProvider p : fetchers) {
            Thread.ofVirtual().name("backsync-fetch").start(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                run(p, remote, headersOnly, pending, events, stop);
            });
        }
        boolean complete = true;
        int running = fetchers.size();
        try {
            while (running > 0) {
                switch (take(events)) {
                    case Fetched x -> storeAndRelease(writer, x);
                    case Failed x -> {
                        ctx.fail(x.error());
                        complete = false;
                    }
                    case Crashed x -> throw x.error();
                    case Finished x -> {
                        running--;
                        if (!x.usable()) {
                            drop(x.provider());
                        }
                    }
                }
            }
        } finally {
            if (running > 0) {
                stop.set(true);
                extra.forEach(MailProvider::abort); // the session's connection is left alone: it may serve on
                drain(events, running);
            }
        }
        return new Outcome(complete, List.copyOf(pending));
    }

    /** Stores a batch, then lets its fetcher go on; a failure here (or a cancel at the checkpoint) stops it. */
    private void storeAndRelease(Writer writer, Fetched x) throws SyncException {
        boolean ok = false;
        try {
            writer.write(x.batch());
            ctx.checkpoint();
            ok = true;
        } finally {
            x.stored().complete(ok);
        }
    }

    private void run(
            MailProvider p,
            FolderPath remote,
            boolean headersOnly,
            Queue<List<Uid>> pending,
            BlockingQueue<Event> events,
            AtomicBoolean stop) {
        boolean usable = true;
        try {
            for (List<Uid> chunk = pending.poll(); chunk != null && !stop.get(); chunk = pending.poll()) {
                try {
                    p.fetch(remote, chunk, headersOnly, batch -> handOver(batch, events));
                } catch (SyncException e) {
                    if (stop.get() || ctx.job().isCancelled() || e.status() == Status.CANCELLED) {
                        pending.add(chunk);
                        return;
                    }
                    if (e.scope() == Scope.ACCOUNT || e.isTransient()) {
                        log.debug("fetch connection lost ({}: {}); its chunk goes back", e.status(), e.getMessage());
                        pending.add(chunk); // fetched again by another connection; stored UIDs are skipped
                        usable = false;
                        return;
                    }
                    events.add(new Failed(e));
                }
            }
        } catch (RuntimeException bug) {
            usable = false;
            events.add(new Crashed(bug));
        } finally {
            events.add(new Finished(p, usable));
        }
    }

    /** The fetcher's sink: queues the batch and waits until the session's thread stored it. */
    private void handOver(List<FetchedMessage> batch, BlockingQueue<Event> events) throws SyncException {
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        events.add(new Fetched(batch, stored));
        boolean goOn;
        try {
            goOn = stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            goOn = false;
        } catch (ExecutionException e) {
            goOn = false;
        }
        if (!goOn) {
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, "bulk download stopped");
        }
    }

    private Event take(BlockingQueue<Event> events) throws SyncException {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ctx.connection().cancelled();
        }
    }

    /** After a failure on the session's thread: releases waiting fetchers until every one has finished. */
    private void drain(BlockingQueue<Event> events, int running) {
        boolean interrupted = Thread.interrupted();
        while (running > 0) {
            Event e;
            try {
                e = events.take();
            } catch (InterruptedException ie) {
                interrupted = true;
                continue;
            }
            if (e instanceof Fetched x) {
                x.stored().complete(false);
            } else if (e instanceof Finished) {
                running--;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Opens extra connections up to {@code wanted}; a refused one (a server's connection limit) is not retried. */
    private void openExtra(int wanted) {
        while (extra.size() < wanted && !openFailed && !ctx.job().isCancelled()) {
            MailProvider p;
            try {
                p = ctx.providers().open(ctx.account());
            } catch (SyncException e) {
                log.debug("no extra fetch connection ({}: {}); downloading on fewer", e.status(), e.getMessage());
                openFailed = true;
                return;
            }
            ctx.job().fetchConnections().add(p);
            extra.add(p);
            if (ctx.job().isCancelled()) { // cancel() raced with open: it may have missed this connection
                p.abort();
            }
        }
    }

    private void drop(MailProvider p) {
        if (extra.remove(p)) {
            ctx.job().fetchConnections().remove(p);
            p.close();
        }
    }

    @Override
    public void close() {
        for (MailProvider p : extra) {
            ctx.job().fetchConnections().remove(p);
            p.close();
        }
        extra.clear();
    }
}
