package org.backsync.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.backsync.Counts;
import org.backsync.Phase;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncResult;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One running sync: the phase pipeline in {@link #runPhases()}, and the boundary that turns whatever happens into
 * exactly one {@code done} (R4).
 *
 * <pre>
 * phase               needs                      writes                               resume is safe because
 * RECONCILE           open intents exist         closes intents, records outcomes     read commands only (4.3)
 * UPLOAD_HIERARCHY    RECONCILE                  server folders; clears folder marks  each op journaled first
 * UPLOAD_CONTENTS     UPLOAD_HIERARCHY (parents) server messages; clears pending diff  each op journaled first
 * DOWNLOAD_HIERARCHY  uploads done (ours win)    local folders                        LIST is idempotent
 * DOWNLOAD_CONTENTS   DOWNLOAD_HIERARCHY         local messages, sync state last      state saved after changes
 * </pre>
 *
 * Only requested phases run, in this order (4.1). Cancel is checked between phases and, inside them, between folders
 * and batches. A {@code MESSAGE}/{@code FOLDER} failure is reported and skipped inside the phase; an {@code ACCOUNT}
 * failure or a cancel ends the pipeline here. The final status follows R12.
 */
final class SyncSession {
    private static final Logger log = LoggerFactory.getLogger(SyncSession.class);
    private static final List<Phase> ORDER =
            List.of(Phase.UPLOAD_HIERARCHY, Phase.UPLOAD_CONTENTS, Phase.DOWNLOAD_HIERARCHY, Phase.DOWNLOAD_CONTENTS);

    private final SyncJob job;
    private final SyncEngine engine;
    private final Connection connection;
    private final AccountLease lease;
    private final SessionContext ctx;

    SyncSession(SyncJob job, SyncEngine engine, boolean nested) {
        EngineOptions o = engine.options();
        this.job = job;
        this.engine = engine;
        this.connection = new Connection(o.providers(), job.request().account(), o.backoff(), job);
        this.lease = new AccountLease(engine, job, nested);
        this.ctx = new SessionContext(job, engine, connection, new Journal(o.store(), o.clock(), o.probe()), lease);
    }

    /** Runs the sync and reports its one {@code done}. Never throws. */
    void run() {
        Instant start = engine.options().clock().instant();
        Map<String, String> outerMdc = MDC.getCopyOfContextMap(); // a paused sync's, when this one runs nested
        MDC.put("account", job.request().account().value());
        MDC.put("sync", job.id().toString());
        log.info(
                "sync start kinds={} folders={}",
                job.request().kinds(),
                job.request().folders());
        Status status;
        try {
            status = runPhases();
        } catch (SyncException e) {
            status = stopped(e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) { // the sync-boundary catch-all: a bug becomes INTERNAL_ERROR and done still fires
            log.error("sync failed with an unexpected exception", t);
            status = job.isCancelled() ? Status.CANCELLED : Status.INTERNAL_ERROR;
            if (status == Status.INTERNAL_ERROR) {
                job.dispatch()
                        .error(SyncError.of(
                                Status.INTERNAL_ERROR,
                                Scope.ACCOUNT,
                                "internal error in the sync of account "
                                        + job.request().account() + ": "
                                        + t.getClass().getSimpleName()));
            }
        } finally {
            ctx.closeFetchWorkers();
            connection.close();
            lease.release();
        }
        finish(status, start);
        if (outerMdc != null) {
            MDC.setContextMap(outerMdc);
        }
    }

    /** The pipeline: reconcile open intents, then the requested phases in order, checking cancel between them. */
    private Status runPhases() throws SyncException {
        job.firstError().ifPresent(job.dispatch()::error);
        if (!job.request().hasDirection()) {
            return Status.OK; // R15: OUTGOING_MAIL alone opens no connection and sends nothing
        }
        lease.acquire(); // before the first checkpoint: a sync run nested at a checkpoint shares this lease
        ctx.checkpoint();
        if (!ctx.store().openIntents(ctx.account()).isEmpty()) {
            engine.phases().get(Phase.RECONCILE).run(ctx);
        }
        for (Phase phase : ORDER) {
            if (requested(phase)) {
                ctx.checkpoint();
                engine.phases().get(phase).run(ctx);
            }
        }
        ctx.checkpoint();
        return ctx.failureReported() ? Status.PARTIAL : Status.OK;
    }

    private boolean requested(Phase phase) {
        return switch (phase) {
            case RECONCILE -> false;
            case UPLOAD_HIERARCHY ->
                ctx.has(SyncKind.UPLOAD_HIERARCHY) && job.promoteOnly().isEmpty();
            case UPLOAD_CONTENTS ->
                ctx.has(SyncKind.UPLOAD_CONTENTS) && job.promoteOnly().isEmpty();
            case DOWNLOAD_HIERARCHY ->
                ctx.has(SyncKind.DOWNLOAD_HIERARCHY) && job.promoteOnly().isEmpty();
            case DOWNLOAD_CONTENTS -> ctx.has(SyncKind.DOWNLOAD_CONTENTS);
        };
    }

    /** R12: a cancel that took effect wins; else the ACCOUNT failure that stopped the sync, reported once. */
    private Status stopped(SyncException e) {
        if (job.isCancelled() || e.status() == Status.CANCELLED) {
            log.debug("sync cancelled: {}", e.getMessage());
            return Status.CANCELLED;
        }
        SyncException account = e.scope() == Scope.ACCOUNT ? e : e.withScope(Scope.ACCOUNT, null);
        job.dispatch().error(account.toError());
        return account.status();
    }

    private void finish(Status status, Instant start) {
        Duration elapsed = Duration.between(start, engine.options().clock().instant());
        Counts c = ctx.counts();
        SyncResult result = new SyncResult(job.id(), status, c, job.dispatch().errors(), elapsed);
        log.info(
                "sync done status={} up={} down={} errors={} elapsed={}",
                status,
                c.uploaded(),
                c.downloaded(),
                result.errors().size(),
                elapsed);
        MDC.remove("account");
        MDC.remove("sync");
        job.dispatch().done(result);
    }

    /** R19: a sync cancelled while queued gets only {@code done(CANCELLED)}, without touching store or server. */
    static void reportCancelledWhileQueued(SyncJob job, InstantSource clock) {
        Duration waited = Duration.between(job.accepted(), clock.instant());
        job.dispatch().done(new SyncResult(job.id(), Status.CANCELLED, Counts.ZERO, List.of(), waited));
    }
}
