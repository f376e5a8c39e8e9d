package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running engine keeps its connection between syncs (ADR 0010), against Dovecot through a recording proxy: the second
 * sync logs in no more and sends only the hierarchy and STATUS commands; a connection the server dropped while idle is
 * replaced without an error, and a local change waiting to go up is written once; closing the engine logs out.
 */
class ConnectionReuseIT {
    private static final AccountId ACCOUNT = AccountId.of("reuse");
    private static final Set<String> SESSION_SETUP =
            Set.of("LOGIN", "AUTHENTICATE", "CAPABILITY", "ENABLE", "NAMESPACE", "ID", "LOGOUT");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path data;

    private final FaultProxy proxy = FaultProxy.to(dovecot.port());

    /** What a folder holds, by UID: SHA-256 of the bytes and the flags. */
    record Entry(String sha256, Flags flags) {}

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void secondSyncOfARunningEngineSendsNoLoginAndOnlyOneListWithStatus() throws Exception {
        FolderPath quiet = FolderPath.of("Quiet");
        dovecot.createMailbox(quiet);
        dovecot.save(quiet, MailSamples.plain("<q1@reuse>", "quiet"), Flags.NONE);
        try (Engine engine = engine(SqliteMessageStore.open(data))) {
            sync(engine);
            int connections = proxy.connectionCount();
            proxy.clearRecording();

            sync(engine);

            assertThat(proxy.connectionCount()).as("connections opened").isEqualTo(connections);
            // the mailbox the first sync left selected is left first, pipelined with the LIST (no round trip of its
            // own)
            assertThat(proxy.imapCommands()).as("one LIST-STATUS").containsExactly("UNSELECT", "LIST");
            proxy.clearRecording();

            sync(engine);

            assertThat(proxy.imapCommands()).containsExactly("LIST");
        }
    }

    @Test
    void connectionKickedByTheServerWhileIdleIsReplacedAndLocalChangesGoUpOnce() throws Exception {
        FolderPath work = FolderPath.of("Work");
        dovecot.createMailbox(work);
        Uid uid = dovecot.save(work, MailSamples.plain("<w1@reuse>", "work"), Flags.NONE);
        SqliteMessageStore store = SqliteMessageStore.open(data);
        try (Engine engine = engine(store)) {
            sync(engine);
            int connections = proxy.connectionCount();
            dovecot.doveadm("kick", dovecot.user()); // BYE, then the server closes the idle connection
            dovecot.save(FolderPath.INBOX, MailSamples.plain("<new@reuse>", "new"), Flags.NONE);
            flagLocally(store, work, Flags.FLAGGED);
            proxy.clearRecording();

            SyncResult result = sync(engine);

            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(proxy.connectionCount()).as("a new connection").isEqualTo(connections + 1);
            assertThat(proxy.imapCommands().stream().filter(c -> c.equals("UID STORE")))
                    .as("the flag change is written once")
                    .hasSize(1);
            assertThat(dovecot.flags(work, uid)).isEqualTo(Flags.of(Flags.FLAGGED));
            assertMirror(engine);
        }
    }

    @Test
    void connectionClosedUnderneathWhileIdleIsReplacedWithoutAnError() throws Exception {
        dovecot.save(FolderPath.INBOX, MailSamples.plain("<c1@reuse>", "one"), Flags.NONE);
        try (Engine engine = engine(SqliteMessageStore.open(data))) {
            sync(engine);
            proxy.cutAll(); // a restart or a middlebox closing it: FIN, no BYE
            dovecot.save(FolderPath.INBOX, MailSamples.plain("<c2@reuse>", "two"), Flags.of(Flags.SEEN));

            SyncResult result = sync(engine);

            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(result.counts().downloaded()).isEqualTo(1);
            assertMirror(engine);
        }
    }

    @Test
    void changesOtherClientsMadeInTheMailboxTheLastSyncLeftSelectedAreMirrored() throws Exception {
        List<FolderPath> folders = List.of(FolderPath.INBOX, FolderPath.of("Alpha"), FolderPath.of("Zulu"));
        Map<FolderPath, Uid> firsts = new TreeMap<>();
        for (FolderPath f : folders) {
            if (!f.equals(FolderPath.INBOX)) {
                dovecot.createMailbox(f);
            }
            firsts.put(f, dovecot.save(f, MailSamples.plain("<first-" + f.name() + "@reuse>", "1"), Flags.NONE));
        }
        try (Engine engine = engine(SqliteMessageStore.open(data))) {
            sync(engine); // fetches into each folder: one of them stays selected on the kept connection
            for (FolderPath f : folders) { // another client, while the connection is idle
                dovecot.expunge(f, firsts.get(f));
                dovecot.save(f, MailSamples.plain("<second-" + f.name() + "@reuse>", "2"), Flags.of(Flags.SEEN));
            }

            sync(engine);

            assertMirror(engine);
        }
    }

    @Test
    void closingTheEngineLogsOutItsIdleConnections() throws Exception {
        Engine engine = engine(SqliteMessageStore.open(data));
        sync(engine);
        proxy.clearRecording();

        engine.close();

        assertThat(proxy.imapCommands()).containsExactly("LOGOUT");
    }

    // ---- wiring ----

    private Engine engine(SqliteMessageStore store) {
        EngineConfig config = TestConfigs.loopback(data, ACCOUNT, proxy.port(), dovecot.user(), List.of());
        return TestEngines.over(config, store, new SecretSource(Map.of("PW", dovecot.password())));
    }

    private static SyncResult sync(Engine engine) {
        RecordingSyncListener listener = new RecordingSyncListener();
        engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), listener);
        SyncResult result = listener.awaitDone();
        assertThat(result.status()).as("%s", result).isEqualTo(Status.OK);
        assertThat(result.errors()).as("warnings and errors").isEmpty();
        listener.assertRules();
        return result;
    }

    private static void flagLocally(SqliteMessageStore store, FolderPath folder, String flag) throws Exception {
        LocalFolder f = store.folder(ACCOUNT, folder).orElseThrow();
        LocalMessage m = store.messages(f.id()).getFirst();
        store.write(tx -> {
            tx.setFlags(m.localId(), m.flags().with(flag));
            return null;
        });
    }

    private static void assertMirror(Engine engine) throws Exception {
        assertThat(localView(engine)).isEqualTo(serverView());
    }

    private static Map<FolderPath, Map<Uid, Entry>> serverView() throws Exception {
        Map<FolderPath, Map<Uid, Entry>> out = new TreeMap<>();
        ImapSettings settings = ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password());
        try (MailProvider p = ImapProvider.open(settings)) {
            for (RemoteFolder f : p.listFolders()) {
                if (!f.selectable()) {
                    continue;
                }
                Map<Uid, Entry> entries = new TreeMap<>();
                List<Uid> uids = p.changes(f.path(), Optional.empty()).messages().stream()
                        .map(m -> m.uid())
                        .toList();
                p.fetch(f.path(), uids, false, batch -> {
                    for (FetchedMessage m : batch) { // a spooled content lives until the sink returns (BatchSink)
                        try {
                            entries.put(
                                    m.meta().uid(),
                                    new Entry(
                                            sha256(m.content().bytes()),
                                            m.meta().flags()));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                out.put(f.path(), entries);
            }
        }
        return out;
    }

    private static Map<FolderPath, Map<Uid, Entry>> localView(Engine engine) throws Exception {
        Map<FolderPath, Map<Uid, Entry>> out = new TreeMap<>();
        for (LocalFolder f : engine.store().folders(ACCOUNT)) {
            Map<Uid, Entry> entries = new TreeMap<>();
            for (LocalMessage m : engine.store().messages(f.id())) {
                if (m.remote().isPresent() && m.remote().get().folderId() == f.id() && !m.deleted()) {
                    byte[] bytes =
                            engine.store().content(m.localId()).orElseThrow().bytes();
                    entries.put(m.remote().get().uid(), new Entry(sha256(bytes), m.flags()));
                }
            }
            out.put(f.path(), entries);
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
