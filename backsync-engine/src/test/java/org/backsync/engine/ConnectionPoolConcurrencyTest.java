package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.Test;

/**
 * The sync core over a {@link ConnectionPool}: two accounts, and {@code ON_DEMAND} syncs that run nested inside a paused
 * {@code BACKGROUND} sync of the same account (R17), all at once. Every sync ends OK, no connection is ever used by two
 * syncs at the same time, and none is leaked: what is open afterwards is exactly what the pool keeps idle.
 */
class ConnectionPoolConcurrencyTest {
    private static final AccountId A = AccountId.of("a");
    private static final AccountId B = AccountId.of("b");

    /** Reusable until closed or aborted; a call while another one runs on it is a bug the test reports. */
    private static final class Exclusive extends ForwardingMailProvider {
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile boolean done;

        Exclusive(MailProvider inner) {
            super(inner);
        }

        private void enter() {
            if (!busy.compareAndSet(false, true)) {
                throw new IllegalStateException("one connection used by two syncs at once");
            }
        }

        @Override
        public List<RemoteFolder> listFolders() throws SyncException {
            enter();
            try {
                return super.listFolders();
            } finally {
                busy.set(false);
            }
        }

        @Override
        public Map<FolderPath, FolderStatus> statuses(List<FolderPath> folders) throws SyncException {
            enter();
            try {
                return super.statuses(folders);
            } finally {
                busy.set(false);
            }
        }

        @Override
        public boolean isReusable() {
            return !done;
        }

        @Override
        public void abort() {
            done = true;
            super.abort();
        }

        @Override
        public void close() {
            done = true;
            super.close();
        }
    }

    @Test
    void twoAccountsAndNestedOnDemandSyncsShareThePoolWithoutLeaksOrOverlap() throws Exception {
        FakeMailServer server = new FakeMailServer(FakeMailServer.ALL);
        for (int i = 0; i < 4; i++) {
            FolderPath f = FolderPath.of("F" + i);
            server.createFolder(f);
            server.deliver(f, MailSamples.plain("<m" + i + "@pool>", "m" + i), Flags.NONE);
        }
        ConnectionPool pool =
                new ConnectionPool(a -> new Exclusive(server.factory().open(a)), InstantSource.system(), a -> 2);
        SyncEngine core = new SyncEngine(EngineOptions.of(
                new InMemoryMessageStore(), pool, Map.of(A, AccountSettings.DEFAULT, B, AccountSettings.DEFAULT)));
        List<CompletableFuture<SyncResult>> results = new ArrayList<>();
        SyncRequest onDemand = SyncRequest.of(
                A, EnumSet.of(SyncKind.DOWNLOAD_HIERARCHY, SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND));

        try (core) {
            for (int round = 0; round < 20; round++) {
                results.add(core.synchronizeInBackground(SyncRequest.all(A), SyncListener.NONE)
                        .result());
                results.add(core.synchronizeInBackground(SyncRequest.all(B), SyncListener.NONE)
                        .result());
                results.add(core.synchronizeInBackground(onDemand, SyncListener.NONE)
                        .result());
            }
            for (CompletableFuture<SyncResult> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.OK);
            }
        }

        assertThat(pool.idleCount(A)).isBetween(1, 2);
        assertThat(pool.idleCount(B)).isBetween(1, 2);
        assertThat(server.openConnections()).isEqualTo(pool.idleCount(A) + pool.idleCount(B));
        pool.close();
        assertThat(server.openConnections()).isZero();
    }
}
