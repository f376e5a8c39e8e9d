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
 * One scenario's world: an {@link InMemoryMessageStore}, a server ({@link RemoteSide}: the {@link FakeMailServer} or a
 * real one), a crash probe, and the verbs a scenario table uses to change either side by Message-ID. {@link #snapshot()} renders both sides as
 * sorted lines: {@code local|remote FOLDER [MESSAGE-ID (FLAGS) [header-only]]}, plus a line per pending local change
 * and per open intent, so that anything left undone shows in the comparison.
 */
final class ScenarioWorld {
    static final Instant DATE = Instant.parse("2026-11-20T10:00:00Z");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)");
    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:\\s*(.+?)\\s*$");

    final InMemoryMessageStore store = new InMemoryMessageStore();
    final RemoteSide remote;
    /** The fake server when the world runs on it (fault injection, the command log); an idle one otherwise. */
    final FakeMailServer server;

    final CrashProbe probe = new CrashProbe();
    private final AccountSettings settings;
    private final List<SyncResult> results = new ArrayList<>();

    /** A world on a new {@link FakeMailServer} with {@code capabilities}. */
    ScenarioWorld(Set<Capability> capabilities, AccountSettings settings) {
        this(new FakeRemote(new FakeMailServer(capabilities)), settings);
    }

    ScenarioWorld(RemoteSide remote, AccountSettings settings) {
        this.remote = remote;
        this.server = remote instanceof FakeRemote fake ? fake.server : new FakeMailServer();
        this.settings = settings;
    }

    /** A new engine (a new process, as far as the journal knows) over this world; syncs once and closes. */
    SyncResult sync(SyncRequest request) {
        try (EngineFixture f = new EngineFixture(store, remote.factory(), settings, probe)) {
            SyncResult r = f.sync(request);
            results.add(r);
            return r;
        }
    }

    /** Every sync's result so far, oldest first: the reports of a crashed sync count too. */
    List<SyncResult> results() {
        return List.copyOf(results);
    }

    // ---- remote side, as another client ----

    void remoteFolder(String path) {
        remote.createFolder(FolderPath.of(path), Optional.empty());
    }

    void remoteFolder(String path, SpecialUse use) {
        remote.createFolder(FolderPath.of(path), Optional.of(use));
    }

    void remoteRenameFolder(String from, String to) {
        remote.renameFolder(FolderPath.of(from), FolderPath.of(to));
    }

    void remoteDeleteFolder(String path) {
        remote.deleteFolder(FolderPath.of(path));
    }

    void remoteNewUidValidity(String folder) {
        remote.changeUidValidity(FolderPath.of(folder));
    }

    void deliver(String folder, String messageId, String... flags) {
        remote.deliver(FolderPath.of(folder), MailSamples.plain(messageId, messageId), Flags.of(flags), DATE);
    }

    /** Delivers a message with {@code messageId} and a body of its own: another version of a draft. */
    void deliverVersion(String folder, String messageId, String version, String... flags) {
        remote.deliver(FolderPath.of(folder), MailSamples.plain(messageId, version), Flags.of(flags), DATE);
    }

    void remoteFlags(String folder, String messageId, String... flags) {
        remote.setFlags(FolderPath.of(folder), remoteUid(folder, messageId), Flags.of(flags));
    }

    void remoteExpunge(String folder, String messageId) {
        remote.expunge(FolderPath.of(folder), remoteUid(folder, messageId));
    }

    /** Another client moves a message: a copy in {@code to}, then an expunge in {@code from}. */
    void remoteMove(String from, String messageId, String to) {
        RemoteSide.Held m = remoteMessage(from, messageId);
        remote.deliver(FolderPath.of(to), m.content(), m.flags(), DATE);
        remote.expunge(m.folder(), m.uid());
    }

    /** Another client replaces a draft: the old version is expunged and {@code version} appended with its id. */
    void remoteReplace(String folder, String messageId, String version) {
        Uid old = remoteUid(folder, messageId);
        deliverVersion(folder, messageId, version, Flags.DRAFT);
        remote.expunge(FolderPath.of(folder), old);
    }

    private static boolean isVersionOf(String name, String messageId) {
        return name.equals(messageId) || name.startsWith(messageId + "~");
    }

    Uid remoteUid(String folder, String messageId) {
        return remoteMessage(folder, messageId).uid();
    }

    private RemoteSide.Held remoteMessage(String folder, String messageId) {
        FolderPath p = FolderPath.of(folder);
        return remote.messages().stream()
                .filter(m -> m.folder().equals(p) && isVersionOf(name(m.content()), messageId))
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

    /**
     * The user edits a draft: the stored version is deleted and {@code version} saved with the same Message-ID, as a
     * mail client saves a draft again.
     */
    void localReplaceDraft(String messageId, String version) throws SyncException {
        LocalMessage old = local(messageId);
        String folder = store.folder(old.folderId()).orElseThrow().path().value();
        store.write(tx -> {
            tx.markDeleted(old.localId());
            return null;
        });
        insertLocal(folder, Optional.of(messageId), MailSamples.plain(messageId, version), Flags.DRAFT);
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
        for (FolderPath p : remote.folders()) {
            lines.add("remote " + p);
        }
        for (RemoteSide.Held m : remote.messages()) {
            lines.add("remote " + m.folder() + " " + name(m.content()) + " " + m.flags());
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
        return name(content(m.localId()));
    }

    private byte[] content(long localId) {
        try {
            return store.content(localId).orElseThrow().bytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One side as sorted lines {@code FOLDER NAME SHA-256 (FLAGS)}; a local header-only item has no hash, and the
     * server's copy of it is shown the same way.
     */
    List<String> mirror(boolean local) throws SyncException {
        List<String> out = new ArrayList<>();
        java.util.Set<String> headerOnly = new java.util.HashSet<>();
        List<String> localLines = new ArrayList<>();
        for (LocalFolder f : store.folders(EngineFixture.ALICE)) {
            if (!f.isVisible()) {
                continue;
            }
            localLines.add(f.path().value());
            for (LocalMessage m : store.messages(f.id())) {
                if (m.folderId() == f.id() && !m.deleted()) {
                    String key = f.path() + " " + label(m);
                    if (m.headerOnly()) {
                        headerOnly.add(key);
                    }
                    localLines.add(key + (m.headerOnly() ? "" : " " + hash(content(m.localId()))) + " " + m.flags());
                }
            }
        }
        if (local) {
            out.addAll(localLines);
        } else {
            for (FolderPath p : remote.folders()) {
                out.add(p.value());
            }
            for (RemoteSide.Held m : remote.messages()) {
                String key = m.folder() + " " + name(m.content());
                out.add(key + (headerOnly.contains(key) ? "" : " " + hash(m.content())) + " " + m.flags());
            }
        }
        return out.stream().sorted().toList();
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
        for (RemoteSide.Held m : remote.messages()) {
            out.add(m.folder() + " " + name(m.content()) + " " + hash(m.content()) + " (remote)");
        }
        return out;
    }

    /**
     * The Message-ID, with "~" and the subject when the subject is not the Message-ID (one version of a draft: {@code
     * <d@x>~v2}); without a Message-ID, "subject:" and the subject.
     */
    static String name(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        Matcher id = MESSAGE_ID.matcher(head);
        Matcher subject = SUBJECT.matcher(head);
        Optional<String> subj = subject.find() ? Optional.of(subject.group(1)) : Optional.empty();
        if (id.find()) {
            return id.group(1)
                    + subj.filter(t -> !t.equals(id.group(1))).map(t -> "~" + t).orElse("");
        }
        return subj.map(t -> "subject:" + t).orElse("?");
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
