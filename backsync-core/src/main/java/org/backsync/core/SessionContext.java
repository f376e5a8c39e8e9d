package org.backsync.core;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.Counts;
import org.backsync.FolderPath;
import org.backsync.Phase;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.MailProvider;
import org.backsync.spi.MessageStore;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;

/**
 * What a phase sees of its sync: the request, the store, the connection, the journal, and the ways to report. Used
 * on the session's thread only, so its counters need no lock.
 */
final class SessionContext {
    /** One unit of work whose {@code MESSAGE}/{@code FOLDER} failure is reported and skipped (R10). */
    @FunctionalInterface
    interface Action {
        void run() throws SyncException;
    }

    private final SyncJob job;
    private final SyncEngine engine;
    private final Connection connection;
    private final Journal journal;
    private final AccountLease lease;
    private long uploaded;
    private long downloaded;
    private long skipped;
    private long conflicts;
    private boolean failureReported;
    private @Nullable List<RemoteFolder> remoteFolders;
    /** {@link Connection#writes()} when {@link #remoteFolders} was listed. */
    private long writesAtList;

    private @Nullable Boolean modSeqTrusted;
    private @Nullable FetchWorkers fetchWorkers;

    SessionContext(SyncJob job, SyncEngine engine, Connection connection, Journal journal, AccountLease lease) {
        this.job = job;
        this.engine = engine;
        this.connection = connection;
        this.journal = journal;
        this.lease = lease;
    }

    SyncRequest request() {
        return job.request();
    }

    AccountId account() {
        return job.request().account();
    }

    boolean has(SyncKind kind) {
        return job.request().has(kind);
    }

    MessageStore store() {
        return engine.options().store();
    }

    InstantSource clock() {
        return engine.options().clock();
    }

    AccountSettings settings() {
        return engine.settings(account());
    }

    /** True when new messages of {@code f} are stored header-only: the request says so, or the account does. */
    boolean headersOnly(LocalFolder f) {
        return has(SyncKind.HEADERS_ONLY) || settings().headersOnlyFolders().test(f.path());
    }

    Connection connection() {
        return connection;
    }

    /** False once the account's server was caught lying about HIGHESTMODSEQ ({@link ModSeqAudit}); read once. */
    boolean modSeqTrusted() throws SyncException {
        Boolean trusted = modSeqTrusted;
        if (trusted == null) {
            trusted = !store().quirks(account()).contains(ServerQuirk.UNRELIABLE_MODSEQ);
            modSeqTrusted = trusted;
        }
        return trusted;
    }

    /** Records in the store that the account's server's HIGHESTMODSEQ cannot be trusted, for this and later syncs. */
    void distrustModSeq() throws SyncException {
        store().write(tx -> {
            tx.setQuirk(account(), ServerQuirk.UNRELIABLE_MODSEQ, true);
            return null;
        });
        modSeqTrusted = false;
    }

    /** Opens connections for the account, beside the session's own ({@link FetchWorkers}). */
    MailProvider.Factory providers() {
        return engine.options().providers();
    }

    /** The bulk download's extra connections, opened on first use and closed with the session. */
    FetchWorkers fetchWorkers() {
        FetchWorkers w = fetchWorkers;
        if (w == null) {
            w = new FetchWorkers(this);
            fetchWorkers = w;
        }
        return w;
    }

    /** Closes the bulk download's extra connections, if any were opened. */
    void closeFetchWorkers() {
        FetchWorkers w = fetchWorkers;
        fetchWorkers = null;
        if (w != null) {
            w.close();
        }
    }

    Journal journal() {
        return journal;
    }

    SyncJob job() {
        return job;
    }

    /**
     * Between steps: stops on cancel (R19), renews the lease, and lets a waiting {@code ON_DEMAND} sync of the account
     * run first when this one is {@code BACKGROUND} (R17, B29).
     */
    void checkpoint() throws SyncException {
        if (job.isCancelled()) {
            throw connection.cancelled();
        }
        lease.renewIfDue();
        if (!job.isOnDemand()) {
            if (engine.yieldToOnDemand(account())) {
                connection.noteServerChange(); // the nested sync may have written: what was read before is stale
            }
            if (job.isCancelled()) {
                throw connection.cancelled();
            }
        }
    }

    PhaseProgress startPhase(Phase phase, String text, long max) {
        return new PhaseProgress(phase, job.dispatch(), text, max);
    }

    /**
     * Runs {@code action}; a {@code MESSAGE} or {@code FOLDER} failure is reported, counted as skipped, and false is
     * returned. Cancel and {@code ACCOUNT} failures propagate: they end the sync.
     */
    boolean attempt(Action action) throws SyncException {
        try {
            action.run();
            return true;
        } catch (SyncException e) {
            if (e.scope() == Scope.ACCOUNT || e.status() == Status.CANCELLED || job.isCancelled()) {
                throw e;
            }
            fail(e);
            return false;
        }
    }

    /** Reports a {@code MESSAGE} or {@code FOLDER} failure: the object is skipped, the final status PARTIAL (R12). */
    void fail(SyncException e) {
        failureReported = true;
        skipped++;
        job.dispatch().error(e.toError());
    }

    /** Reports a warning, such as a {@code CONFLICT} resolved by the rule in 4.6; the status does not change (B17). */
    void warn(Status status, Scope scope, String message, Optional<FolderPath> folder) {
        if (status == Status.CONFLICT) {
            conflicts++;
        }
        job.dispatch().error(new SyncError(status, scope, message, folder));
    }

    void conflict(String message, LocalFolder folder) {
        warn(Status.CONFLICT, Scope.MESSAGE, message, Optional.of(folder.path()));
    }

    void uploaded(long n) {
        uploaded += n;
    }

    void downloaded(long n) {
        downloaded += n;
    }

    Counts counts() {
        return new Counts(uploaded, downloaded, skipped, conflicts);
    }

    boolean failureReported() {
        return failureReported;
    }

    /**
     * The server's folders (LIST), fetched once per session unless {@code refresh}. Only UPLOAD_HIERARCHY changes the
     * server's folders, and it refreshes the list after doing so; a change another client makes meanwhile is found by
     * the next sync, as with any LIST.
     */
    List<RemoteFolder> remoteFolders(boolean refresh) throws SyncException {
        List<RemoteFolder> list = remoteFolders;
        if (list == null || refresh) {
            list = connection.read(p -> p.listFolders());
            remoteFolders = list;
            writesAtList = connection.writes();
        }
        return list;
    }

    /**
     * The session's LIST when nothing was written to the server since it was taken, else a new one: what DOWNLOAD_HIERARCHY
     * mirrors comes after the uploads (B27) without a second LIST in a sync that uploaded nothing.
     */
    List<RemoteFolder> remoteFoldersAfterUploads() throws SyncException {
        return remoteFolders(remoteFolders == null || writesAtList != connection.writes());
    }

    /**
     * The STATUS the server sent with the session's LIST ({@link RemoteFolder#status()}, LIST-STATUS), by server path,
     * while this session has changed nothing on the server since that LIST; empty otherwise, and for a folder the
     * server gave none.
     */
    Map<FolderPath, FolderStatus> listedStatuses() {
        List<RemoteFolder> list = remoteFolders;
        if (list == null || writesAtList != connection.writes()) {
            return Map.of();
        }
        Map<FolderPath, FolderStatus> out = new HashMap<>();
        for (RemoteFolder f : list) {
            f.status().ifPresent(s -> out.put(f.path(), s));
        }
        return out;
    }

    /** Local folders of the account in the request's scope (every folder, or THESE_FOLDERS). */
    List<LocalFolder> foldersInScope() throws SyncException {
        return store().folders(account()).stream()
                .filter(f -> request().covers(f.path()))
                .toList();
    }
}
