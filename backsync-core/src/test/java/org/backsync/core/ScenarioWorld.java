package org.backsync.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Capability;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.NewMessage;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.InMemoryMessageStore;
import org.backsync.testing.MailSamples;

/**
 * One scenario's world: the shared fakes (an {@link InMemoryMessageStore} and a {@link FakeMailServer}), a crash probe,
 * and the verbs a scenario table uses to change either side by Message-ID. {@link #snapshot()} renders both sides as
 * sorted lines: {@code local|remote FOLDER [MESSAGE-ID (FLAGS) [header-only]]}, plus a line per pending local change
 * and per open intent, so that anything left undone shows in the comparison.
 */
final class ScenarioWorld {
    static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)");
    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:\\s*(.+?)\\s*$");

    final InMemoryMessageStore store = new InMemoryMessageStore();
    final FakeMailServer server;
    final CrashProbe probe = new CrashProbe();
    private final AccountSettings settings;

    ScenarioWorld(Set<Capability> capabilities, AccountSettings settings) {
        this.server = new FakeMailServer(capabilities);
        this.settings = settings;
    }

    /** A new engine (a new process, as far as the journal knows) over this world; syncs once and closes. */
    SyncResult sync(SyncRequest request) {
        try (EngineFixture f = new EngineFixture(store, server, Phases.standard(), settings, probe)) {
            return f.sync(request);
        }
    }

    // ---- remote side, as another client ----

    void remoteFolder(String path) {
        server.createFolder(FolderPath.of(path));
    }

    void remoteFolder(String path, SpecialUse use) {
        server.createFolder(FolderPath.of(path), use);
    }

    void deliver(String folder, String messageId, String... flags) {
        server.deliver(FolderPath.of(folder), MailSamples.plain(messageId, messageId), Flags.of(flags), DATE);
    }

    void remoteFlags(String folder, String messageId, String... flags) {
        server.setFlags(FolderPath.of(folder), remoteUid(folder, messageId), Flags.of(flags));
    }

    void remoteExpunge(String folder, String messageId) {
        server.expunge(FolderPath.of(folder), remoteUid(folder, messageId));
    }

    Uid remoteUid(String folder, String messageId) {
        FolderPath p = FolderPath.of(folder);
        return server.uids(p).stream()
                .filter(u -> name(server.content(p, u)).equals(messageId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + messageId + " in remote " + folder));
    }

    // ---- local side, as the user ----

    LocalFolder folder(String path) throws SyncException {
        return store.folder(EngineFixture.ALICE, FolderPath.of(path)).orElseThrow();
    }

    LocalMessage local(String messageId) throws SyncException {
        for (LocalFolder f : store.folders(EngineFixture.ALICE)) {
            for (LocalMessage m : store.messages(f.id())) {
                if (m.folderId() == f.id() && !m.deleted() && m.messageId().equals(Optional.of(messageId))) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("no local " + messageId);
    }

    void localFlags(String messageId, String... flags) throws SyncException {
        long id = local(messageId).localId();
        store.write(tx -> {
            tx.setFlags(id, Flags.of(flags));
            return null;
        });
    }

    void localMove(String messageId, String folder) throws SyncException {
        long id = local(messageId).localId();
        long to = folder(folder).id();
        store.write(tx -> {
            tx.moveLocal(id, to);
            return null;
        });
    }

    void localDelete(String messageId) throws SyncException {
        long id = local(messageId).localId();
        store.write(tx -> {
            tx.markDeleted(id);
            return null;
        });
    }

    void localNew(String folder, String messageId, String... flags) throws SyncException {
        insertLocal(folder, Optional.of(messageId), MailSamples.plain(messageId, messageId), flags);
    }

    /** A local message without a Message-ID header, known by its subject. */
    void localNewWithoutId(String folder, String subject) throws SyncException {
        byte[] raw = ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nno id\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        insertLocal(folder, Optional.empty(), raw);
    }

    private void insertLocal(String folder, Optional<String> id, byte[] raw, String... flags) throws SyncException {
        long fid = folder(folder).id();
        store.write(tx -> tx.insertMessage(fid, NewMessage.local(id, DATE, Flags.of(flags), RawMessage.of(raw))));
    }

    void localCreateFolder(String path) throws SyncException {
        store.write(tx -> tx.addFolder(
                EngineFixture.ALICE, FolderPath.of(path), Optional.empty(), true, LocalFolder.Pending.CREATE));
    }

    void localRenameFolder(String from, String to) throws SyncException {
        long id = folder(from).id();
        store.write(tx -> {
            tx.renameFolder(id, FolderPath.of(to), true);
            return null;
        });
    }

    void localDeleteFolder(String path) throws SyncException {
        long id = folder(path).id();
        store.write(tx -> {
            tx.markFolderDeleted(id);
            return null;
        });
    }

    // ---- the after table ----

    /** Both sides and the journal as sorted lines. */
    List<String> snapshot() throws SyncException {
        List<String> lines = new ArrayList<>();
        for (LocalFolder f : store.folders(EngineFixture.ALICE)) {
            if (f.pending() != LocalFolder.Pending.NONE) {
                lines.add("pending folder " + f.pending() + " " + f.path());
            }
            if (!f.isVisible()) {
                continue;
            }
            lines.add("local " + f.path());
            for (LocalMessage m : store.messages(f.id())) {
                localLines(f, m, lines);
            }
        }
        for (FolderPath p : server.folders()) {
            lines.add("remote " + p);
            for (Uid u : server.uids(p)) {
                lines.add("remote " + p + " " + name(server.content(p, u)) + " " + server.flags(p, u));
            }
        }
        int open = store.openIntents(EngineFixture.ALICE).size();
        if (open > 0) {
            lines.add("open intents " + open);
        }
        return lines.stream().sorted().toList();
    }

    private void localLines(LocalFolder f, LocalMessage m, List<String> lines) throws SyncException {
        if (m.needsAppend() || m.hasFlagChange() || m.hasPendingMove() || m.hasPendingDelete()) {
            lines.add("pending message " + label(m) + " in " + f.path());
        }
        if (m.folderId() != f.id() || m.deleted()) {
            return;
        }
        lines.add("local " + f.path() + " " + label(m) + " " + m.flags() + (m.headerOnly() ? " header-only" : ""));
    }

    private String label(LocalMessage m) throws SyncException {
        return m.messageId().orElseGet(() -> name(content(m.localId())));
    }

    private byte[] content(long localId) {
        try {
            return store.content(localId).orElseThrow().bytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every (folder, message) on both sides with the SHA-256 of its content: for the lost/duplicate check. */
    List<String> copies() throws SyncException {
        List<String> out = new ArrayList<>();
        for (LocalFolder f : store.folders(EngineFixture.ALICE)) {
            for (LocalMessage m : store.messages(f.id())) {
                if (m.folderId() == f.id() && !m.deleted() && !m.headerOnly()) {
                    out.add(f.path() + " " + label(m) + " " + hash(content(m.localId())));
                }
            }
        }
        for (FolderPath p : server.folders()) {
            for (Uid u : server.uids(p)) {
                byte[] c = server.content(p, u);
                out.add(p + " " + name(c) + " " + hash(c) + " (remote)");
            }
        }
        return out;
    }

    /** The Message-ID, else "subject:" and the subject. */
    static String name(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        Matcher id = MESSAGE_ID.matcher(head);
        if (id.find()) {
            return id.group(1);
        }
        Matcher subject = SUBJECT.matcher(head);
        return subject.find() ? "subject:" + subject.group(1) : "?";
    }

    static String hash(byte[] content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
