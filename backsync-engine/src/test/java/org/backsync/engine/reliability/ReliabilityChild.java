package org.backsync.engine.reliability;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.backsync.Progress;
import org.backsync.SyncError;
import org.backsync.SyncListener;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.core.AccountSettings;
import org.backsync.core.Backoff;
import org.backsync.core.EngineOptions;
import org.backsync.core.SyncEngine;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * The process the reliability suites kill: opens the SQLite store, runs one full sync of the account against the
 * IMAP server at {@code 127.0.0.1:port} and prints every error and the result, one line each, so the parent can
 * check that each was reported with a status. Exit 0 after {@code done}, whatever its status.
 *
 * <pre>
 * args: storeDir imapPort user password
 * out:  START uptimeMillis            (store open, engine built: the sync begins)
 *       P phase index/max             (one per progress report: where a kill lands)
 *       ERROR status scope message    (one per listener error)
 *       DONE status up=N down=N errors=N
 * </pre>
 */
public final class ReliabilityChild {
    static final AccountId ACCOUNT = AccountId.of("rel");

    private ReliabilityChild() {}

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        ImapSettings imap = new ImapSettings(
                "127.0.0.1",
                Integer.parseInt(args[1]),
                ImapSettings.Security.NONE,
                ImapSettings.Auth.PLAIN,
                args[2],
                () -> args[3],
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                2,
                java.util.Optional.empty(),
                false);
        try (SqliteMessageStore store = SqliteMessageStore.open(storeDir);
                SyncEngine engine = new SyncEngine(
                        EngineOptions.of(store, ImapProvider.factory(imap), Map.of(ACCOUNT, AccountSettings.DEFAULT))
                                .withBackoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500))))) {
            System.out.println("START " + ManagementFactory.getRuntimeMXBean().getUptime());
            System.out.flush();
            SyncResult r = engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), new Printer())
                    .result()
                    .get(120, TimeUnit.SECONDS);
            System.out.println("DONE " + r.status() + " up=" + r.counts().uploaded() + " down="
                    + r.counts().downloaded() + " errors=" + r.errors().size() + " uptime="
                    + ManagementFactory.getRuntimeMXBean().getUptime());
        }
        System.out.flush();
        System.exit(0);
    }

    private static final class Printer implements SyncListener {
        @Override
        public void progress(Progress p) {
            System.out.println("P " + p.phase() + " " + p.index() + "/" + p.max());
            System.out.flush();
        }

        @Override
        public void error(SyncError e) {
            System.out.println(
                    "ERROR " + e.status() + " " + e.scope() + " " + e.message().replace('\n', ' '));
            System.out.flush();
        }
    }
}
