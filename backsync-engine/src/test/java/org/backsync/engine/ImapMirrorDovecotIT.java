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
import org.backsync.SyncKind;
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
import org.backsync.testing.DovecotServer;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole engine (SQLite store, core, IMAP provider) against a private Dovecot. After every sync the mirror is
 * compared with the server: same folders, and per folder the same UIDs, SHA-256 of every message and flags.
 */
class ImapMirrorDovecotIT {
    private static final AccountId ACCOUNT = AccountId.of("mirror");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path data;

    /** What a folder holds, by UID: SHA-256 of the bytes and the flags. */
    record Entry(String sha256, Flags flags) {}

    @Test
    void initialSyncMirrorsFoldersBytesAndFlags() throws Exception {
        FolderPath nested = FolderPath.of("Archive/2024");
        dovecot.createMailbox(nested);
        dovecot.save(FolderPath.INBOX, MailSamples.plain("<m1@mirror>", "one"), Flags.of(Flags.SEEN, "$Work"));
        dovecot.save(FolderPath.INBOX, MailSamples.eightBit("<m2@mirror>"), Flags.NONE);
        dovecot.save(FolderPath.INBOX, MailSamples.malformed("<m3@mirror>"), Flags.of(Flags.FLAGGED));
        dovecot.save(nested, MailSamples.large("<m4@mirror>", 3_000_000), Flags.NONE);

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
        }
        assertThat(dovecot.flags(FolderPath.INBOX, Uid.of(2)).contains(Flags.SEEN))
                .isFalse();
    }

    @Test
    void initialSyncOverTwoConnectionsMirrorsSeveralFoldersOfManyMessages() throws Exception {
        List<FolderPath> folders = List.of(FolderPath.of("BulkOne"), FolderPath.of("BulkTwo"));
        try (MailProvider writer =
                ImapProvider.open(ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password()))) {
            for (FolderPath folder : folders) {
                writer.createFolder(folder);
                for (int i = 0; i < 320; i++) {
                    byte[] m = i % 50 == 7
                            ? MailSamples.large("<b" + i + "@" + folder + ">", 200_000)
                            : MailSamples.plain("<b" + i + "@" + folder + ">", "bulk " + i);
                    Flags flags = i % 3 == 0 ? Flags.of(Flags.SEEN) : i % 3 == 1 ? Flags.of("$Bulk") : Flags.NONE;
                    writer.append(folder, org.backsync.RawMessage.of(m), flags, java.time.Instant.now());
                }
            }
        }
        int loginsBefore = logins();

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertThat(logins() - loginsBefore)
                    .as("the session's connection and one fetch connection")
                    .isEqualTo(2);
            assertMirror(engine);
        }
    }

    @Test
    void aFiftyMegabyteMessageIsStoredByteForByteThroughTheSpool() throws Exception {
        FolderPath folder = FolderPath.of("Huge");
        dovecot.createMailbox(folder);
        dovecot.save(folder, MailSamples.large("<huge@mirror>", 50 * 1024 * 1024), Flags.of(Flags.FLAGGED));
        dovecot.save(folder, MailSamples.plain("<after-huge@mirror>", "small"), Flags.NONE);

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
        }
    }

    /** Logins Dovecot logged so far. */
    private static int logins() throws Exception {
        return (int) java.nio.file.Files.readAllLines(dovecot.logFile()).stream()
                .filter(l -> l.contains("Login: user=<"))
                .count();
    }

    @Test
    void newMailFlagChangesAndExpungesReachTheMirrorOnResync() throws Exception {
        FolderPath folder = FolderPath.of("Changing");
        dovecot.createMailbox(folder);
        Uid flagged = dovecot.save(folder, MailSamples.plain("<c1@mirror>", "one"), Flags.NONE);
        Uid gone = dovecot.save(folder, MailSamples.plain("<c2@mirror>", "two"), Flags.NONE);

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);
            dovecot.addFlags(folder, flagged, Flags.of(Flags.ANSWERED, "$Label1"));
            dovecot.expunge(folder, gone);
            dovecot.save(folder, MailSamples.plain("<c3@mirror>", "three"), Flags.NONE);

            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
        }
    }

    @Test
    void remoteFolderCreateRenameAndDeleteReachTheMirror() throws Exception {
        FolderPath doomed = FolderPath.of("Doomed");
        FolderPath before = FolderPath.of("Before");
        dovecot.createMailbox(doomed);
        dovecot.createMailbox(before);
        dovecot.save(before, MailSamples.plain("<r1@mirror>", "kept"), Flags.NONE);

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);
            dovecot.deleteMailbox(doomed);
            dovecot.renameMailbox(before, FolderPath.of("After"));
            dovecot.createMailbox(FolderPath.of("Fresh"));

            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
        }
    }

    @Test
    void uidValidityChangeKeepsTheLocalMessagesAndRemapsThem() throws Exception {
        FolderPath folder = FolderPath.of("Renumbered");
        dovecot.createMailbox(folder);
        dovecot.save(folder, MailSamples.plain("<u1@mirror>", "one"), Flags.NONE);
        dovecot.save(folder, MailSamples.plain("<u2@mirror>", "two"), Flags.of(Flags.SEEN));

        try (Engine engine = engine()) {
            assertThat(sync(engine).status()).isEqualTo(Status.OK);
            LocalFolder local = engine.store().folder(ACCOUNT, folder).orElseThrow();
            Set<Long> idsBefore = localIds(engine, local);
            dovecot.updateUidValidity(folder, dovecot.statusField(folder, "uidvalidity") + 7);

            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
            assertThat(localIds(engine, local)).isEqualTo(idsBefore);
        }
    }

    @Test
    void headersOnlySyncStoresHeadersAndOnDemandFetchPromotesInPlace() throws Exception {
        FolderPath folder = FolderPath.of("Headers");
        dovecot.createMailbox(folder);
        byte[] message = MailSamples.large("<h1@mirror>", 500_000);
        dovecot.save(folder, message, Flags.of(Flags.FLAGGED));

        try (Engine engine = engine()) {
            RecordingSyncListener headers = new RecordingSyncListener();
            engine.synchronizeInBackground(
                    SyncRequest.forFolders(
                            ACCOUNT,
                            Set.of(
                                    SyncKind.DOWNLOAD_HIERARCHY,
                                    SyncKind.DOWNLOAD_CONTENTS,
                                    SyncKind.HEADERS_ONLY,
                                    SyncKind.THESE_FOLDERS,
                                    SyncKind.BACKGROUND),
                            Set.of(folder)),
                    headers);
            assertThat(headers.awaitDone().status()).isEqualTo(Status.OK);
            LocalFolder local = engine.store().folder(ACCOUNT, folder).orElseThrow();
            LocalMessage stored = engine.store().messages(local.id()).getFirst();
            assertThat(stored.headerOnly()).isTrue();
            assertThat(read(engine.store().content(stored.localId()).orElseThrow()).length)
                    .isLessThan(1_000);

            RecordingSyncListener promote = new RecordingSyncListener();
            engine.fetchFull(ACCOUNT, Set.of(new org.backsync.MessageKey(ACCOUNT, stored.localId())), promote);
            assertThat(promote.awaitDone().status()).isEqualTo(Status.OK);

            LocalMessage promoted = engine.store().message(stored.localId()).orElseThrow();
            assertThat(promoted.headerOnly()).isFalse();
            assertThat(promoted.flags()).isEqualTo(Flags.of(Flags.FLAGGED));
            assertThat(sha256(read(engine.store().content(stored.localId()).orElseThrow())))
                    .isEqualTo(sha256(message));
        }
    }

    @Test
    void serverChangesMadeDuringASyncAreMirroredAfterTheNextSync() throws Exception {
        FolderPath folder = FolderPath.of("During");
        dovecot.createMailbox(folder);
        Uid flagged = dovecot.save(folder, MailSamples.plain("<d1@mirror>", "one"), Flags.NONE);
        Uid gone = dovecot.save(folder, MailSamples.plain("<d2@mirror>", "two"), Flags.NONE);
        java.util.concurrent.atomic.AtomicBoolean changed = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<SyncResult> first = new java.util.concurrent.CompletableFuture<>();

        try (Engine engine = engine()) {
            engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), new org.backsync.SyncListener() {
                @Override
                public void progress(org.backsync.Progress p) {
                    if (p.phase() == org.backsync.Phase.DOWNLOAD_CONTENTS && changed.compareAndSet(false, true)) {
                        dovecot.addFlags(folder, flagged, Flags.of(Flags.SEEN));
                        dovecot.expunge(folder, gone);
                        dovecot.save(folder, MailSamples.plain("<d3@mirror>", "three"), Flags.NONE);
                    }
                }

                @Override
                public void done(SyncResult r) {
                    first.complete(r);
                }
            });
            assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS).status())
                    .isEqualTo(Status.OK);
            assertThat(changed).isTrue();

            assertThat(sync(engine).status()).isEqualTo(Status.OK);

            assertMirror(engine);
        }
    }

    // ---- the mirror check ----

    private static void assertMirror(Engine engine) throws Exception {
        Map<FolderPath, Map<Uid, Entry>> server = serverView();
        Map<FolderPath, Map<Uid, Entry>> local = localView(engine);
        assertThat(local.keySet()).isEqualTo(server.keySet());
        for (FolderPath f : server.keySet()) {
            assertThat(local.get(f)).as("folder %s", f).isEqualTo(server.get(f));
        }
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
                        entries.put(
                                m.meta().uid(),
                                new Entry(sha256(m.content()), m.meta().flags()));
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
                    assertThat(m.headerOnly()).isFalse();
                    byte[] bytes = read(engine.store().content(m.localId()).orElseThrow());
                    entries.put(m.remote().get().uid(), new Entry(sha256(bytes), m.flags()));
                }
            }
            out.put(f.path(), entries);
        }
        return out;
    }

    private static Set<Long> localIds(Engine engine, LocalFolder folder) throws Exception {
        return engine.store().messages(folder.id()).stream()
                .map(LocalMessage::localId)
                .collect(java.util.stream.Collectors.toSet());
    }

    // ---- wiring ----

    private Engine engine() throws Exception {
        EngineConfig config = TestConfigs.loopback(data, ACCOUNT, dovecot.port(), dovecot.user(), List.of());
        return Backsync.newEngine(config, new SecretSource(Map.of("PW", dovecot.password())), new ImapConnector());
    }

    private static SyncResult sync(Engine engine) {
        RecordingSyncListener listener = new RecordingSyncListener();
        engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), listener);
        SyncResult result = listener.awaitDone();
        assertThat(result.errors()).as("errors of %s", result).isEmpty();
        listener.assertRules();
        return result;
    }

    private static byte[] read(org.backsync.RawMessage m) throws Exception {
        return m.bytes();
    }

    private static String sha256(org.backsync.RawMessage m) {
        try (java.io.InputStream in = m.open()) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
