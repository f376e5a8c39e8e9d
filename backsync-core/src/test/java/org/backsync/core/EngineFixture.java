package org.backsync.core;

import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.backsync.AccountId;
import org.backsync.SyncHandle;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Capability;
import org.backsync.spi.MailProvider;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.RecordingSyncListener;

/** An engine on the shared fakes (InMemoryMessageStore, FakeMailServer) for one account, virtual threads, no backoff. */
final class EngineFixture implements AutoCloseable {
    static final AccountId ALICE = AccountId.of("alice");

    final InMemoryMessageStore store;
    final FakeMailServer server;
    final SyncEngine engine;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    EngineFixture() {
        this(FakeMailServer.ALL);
    }

    EngineFixture(Set<Capability> capabilities) {
        this(
                new InMemoryMessageStore(),
                new FakeMailServer(capabilities),
                Phases.standard(),
                AccountSettings.DEFAULT,
                StepProbe.NONE);
    }

    EngineFixture(Phases phases) {
        this(
                new InMemoryMessageStore(),
                new FakeMailServer(FakeMailServer.ALL),
                phases,
                AccountSettings.DEFAULT,
                StepProbe.NONE);
    }

    EngineFixture(
            InMemoryMessageStore store,
            FakeMailServer server,
            Phases phases,
            AccountSettings settings,
            StepProbe probe) {
        this(store, server, server.factory(), phases, settings, probe);
    }

    /** An engine on {@code store} and any server; {@link #server} is an idle fake that nothing connects to. */
    EngineFixture(InMemoryMessageStore store, MailProvider.Factory factory, AccountSettings settings, StepProbe probe) {
        this(store, new FakeMailServer(), factory, Phases.standard(), settings, probe);
    }

    EngineFixture(
            InMemoryMessageStore store,
            FakeMailServer server,
            MailProvider.Factory factory,
            Phases phases,
            AccountSettings settings,
            StepProbe probe) {
        this.store = store;
        this.server = server;
        EngineOptions options = new EngineOptions(
                store, factory, Map.of(ALICE, settings), executor, InstantSource.system(), Backoff.NONE, probe);
        this.engine = new SyncEngine(options, phases);
    }

    /** True when the engine holds its lock or the store has a transaction open on this thread (R7). */
    boolean held() {
        return engine.lock().isHeldByCurrentThread() || store.inTransaction();
    }

    RecordingSyncListener listener() {
        return new RecordingSyncListener(this::held);
    }

    RecordingSyncListener listener(SyncListener inner) {
        return new RecordingSyncListener(this::held, inner);
    }

    SyncHandle start(SyncRequest request, RecordingSyncListener listener) {
        return engine.synchronizeInBackground(request, listener);
    }

    /** Runs one sync to its end and checks the listener rules. */
    SyncResult sync(SyncRequest request) {
        RecordingSyncListener l = listener();
        engine.synchronizeInBackground(request, l);
        return l.awaitDone();
    }

    SyncResult syncAll() {
        return sync(SyncRequest.all(ALICE));
    }

    @Override
    public void close() {
        engine.close();
        executor.close();
    }
}
