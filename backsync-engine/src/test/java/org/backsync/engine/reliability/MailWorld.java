package org.backsync.engine.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.NewMessage;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.BadMailCorpus;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ImapSnapshot;
import org.backsync.testing.ImapSnapshot.ServerMessage;

/**
 * The reliability suites' model of one mailbox: what every message should look like once both sides are synced, kept
 * while random changes are made locally (through the store, while no engine runs) and on the server (through
 * doveadm, as another client). Flags are merged per flag as CONTRACT 4.6 says: a flag flipped on either side, or on
 * both, ends flipped.
 */
final class MailWorld {
    private static final List<String> LOCAL_FLAGS = List.of(Flags.SEEN, Flags.FLAGGED);
    private static final List<String> SERVER_FLAGS = List.of(Flags.ANSWERED, "$Srv", Flags.SEEN);

    /** One message as it must end up on both sides. */
    record Expected(String messageId, FolderPath folder, Flags flags, String sha256) {}

    private final DovecotServer dovecot;
    private final Path storeDir;
    private final SplittableRandom random;
    private final Map<String, Expected> expected = new LinkedHashMap<>();
    private final List<FolderPath> folders =
            new ArrayList<>(List.of(FolderPath.INBOX, FolderPath.of("Work"), FolderPath.of("Lists/java")));
    private final String run = Long.toHexString(System.nanoTime());
    private int counter;

    MailWorld(DovecotServer dovecot, Path storeDir, SplittableRandom random) {
        this.dovecot = dovecot;
        this.storeDir = storeDir;
        this.random = random;
    }

    Map<String, Expected> expected() {
        return Map.copyOf(expected);
    }

    Path storeDir() {
        return storeDir;
    }

    /** Creates the folders and saves {@code perFolder} messages in each, with random flags. */
    void seedServer(int perFolder) {
        for (FolderPath f : folders) {
            if (!f.equals(FolderPath.INBOX)) {
                dovecot.createMailbox(f);
            }
            for (int i = 0; i < perFolder; i++) {
                saveOnServer(f, random.nextBoolean() ? Flags.of(Flags.SEEN) : Flags.NONE);
            }
        }
    }

    private byte[] newMessage(String origin) {
        String id = "<rel-" + origin + "-" + (++counter) + "-" + run + "@backsync.test>";
        StringBuilder b = new StringBuilder("From: rel@backsync.test\r\nTo: user@backsync.test\r\nSubject: message "
                + counter + " from " + origin + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: " + id
                + "\r\n\r\n");
        int lines = 2 + random.nextInt(300);
        for (int i = 0; i < lines; i++) {
            b.append("body line ").append(i).append(" of ").append(id).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void saveOnServer(FolderPath folder, Flags flags) {
        byte[] m = newMessage("server");
        dovecot.save(folder, m, flags);
        String id = header(m);
        expected.put(id, new Expected(id, folder, flags, BadMailCorpus.sha256(m)));
    }

    private static String header(byte[] m) {
        String s = new String(m, StandardCharsets.US_ASCII);
        int i = s.indexOf("Message-ID: ") + 12;
        return s.substring(i, s.indexOf("\r\n", i));
    }

    /**
     * Makes {@code n} random local changes: flag flips, moves, deletes and new messages. Returns the Message-IDs moved
     * or deleted, which server-side changes must leave alone (their conflict rules are tested elsewhere).
     */
    Set<String> localChanges(int n) throws IOException {
        return localChanges(n, false);
    }

    /** As {@link #localChanges(int)}; with {@code inboxFlagsOnly}, only flag flips of INBOX messages. */
    Set<String> localChanges(int n, boolean inboxFlagsOnly) throws IOException {
        Set<String> touched = new HashSet<>();
        try (SqliteMessageStore store = SqliteMessageStore.open(storeDir)) {
            Map<FolderPath, Long> ids = new HashMap<>();
            for (LocalFolder f : store.folders(ReliabilityChild.ACCOUNT)) {
                ids.put(f.path(), f.id());
            }
            for (int i = 0; i < n; i++) {
                List<LocalMessage> all = visible(store, ids).stream()
                        .filter(m -> !inboxFlagsOnly || m.folderId() == ids.get(FolderPath.INBOX))
                        .toList();
                int op = inboxFlagsOnly ? 2 + random.nextInt(5) : random.nextInt(10);
                if (all.isEmpty() && inboxFlagsOnly) {
                    break;
                }
                if (op < 2 || all.isEmpty()) {
                    FolderPath f = folders.get(random.nextInt(folders.size()));
                    byte[] m = newMessage("local");
                    Flags flags = random.nextBoolean() ? Flags.of(Flags.SEEN) : Flags.NONE;
                    store.write(tx -> tx.insertMessage(
                            ids.get(f),
                            NewMessage.local(Optional.of(header(m)), Instant.now(), flags, RawMessage.of(m))));
                    expected.put(header(m), new Expected(header(m), f, flags, BadMailCorpus.sha256(m)));
                    continue;
                }
                LocalMessage msg = all.get(random.nextInt(all.size()));
                String id = msg.messageId().orElseThrow();
                Expected e = expected.get(id);
                if (op < 7) {
                    String flag = LOCAL_FLAGS.get(random.nextInt(LOCAL_FLAGS.size()));
                    Flags now = msg.flags().contains(flag)
                            ? msg.flags().without(flag)
                            : msg.flags().with(flag);
                    store.write(tx -> {
                        tx.setFlags(msg.localId(), now);
                        return null;
                    });
                    expected.put(id, new Expected(id, e.folder(), flip(e.flags(), flag), e.sha256()));
                } else if (op < 9) {
                    FolderPath to = folders.get(random.nextInt(folders.size()));
                    store.write(tx -> {
                        tx.moveLocal(msg.localId(), ids.get(to));
                        return null;
                    });
                    expected.put(id, new Expected(id, to, e.flags(), e.sha256()));
                    touched.add(id);
                } else {
                    store.write(tx -> {
                        tx.markDeleted(msg.localId());
                        return null;
                    });
                    expected.remove(id);
                    touched.add(id);
                }
            }
        }
        return touched;
    }

    private static List<LocalMessage> visible(SqliteMessageStore store, Map<FolderPath, Long> ids) throws IOException {
        List<LocalMessage> out = new ArrayList<>();
        for (long folderId : ids.values()) {
            for (LocalMessage m : store.messages(folderId)) {
                if (m.folderId() == folderId && !m.deleted() && m.messageId().isPresent()) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    /**
     * Makes {@code n} random changes on the server as another client: new messages, flag flips (possibly of a flag
     * also flipped locally: both sides then agree) and expunges of messages not in {@code leaveAlone}.
     */
    void serverChanges(int n, Set<String> leaveAlone) throws IOException {
        List<ServerMessage> onServer = snapshot();
        Set<String> flipped = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int op = random.nextInt(10);
            List<ServerMessage> candidates = onServer.stream()
                    .filter(m -> m.messageId().map(expected::containsKey).orElse(false))
                    .filter(m -> !leaveAlone.contains(m.messageId().orElseThrow()))
                    .toList();
            if (op < 3 || candidates.isEmpty()) {
                saveOnServer(folders.get(random.nextInt(folders.size())), Flags.NONE);
                continue;
            }
            ServerMessage m = candidates.get(random.nextInt(candidates.size()));
            String id = m.messageId().orElseThrow();
            Expected e = expected.get(id);
            if (op < 8) {
                String flag = SERVER_FLAGS.get(random.nextInt(SERVER_FLAGS.size()));
                if (!flipped.add(id + " " + flag)) {
                    continue; // a second flip would only undo the first
                }
                Flags current = dovecot.flags(m.folder(), Uid.of(m.uid()));
                Flags next = current.contains(flag) ? current.without(flag) : current.with(flag);
                dovecot.replaceFlags(m.folder(), Uid.of(m.uid()), next);
                if (!localFlipped(e, flag, current)) {
                    expected.put(id, new Expected(id, e.folder(), flip(e.flags(), flag), e.sha256()));
                }
            } else {
                dovecot.expunge(m.folder(), Uid.of(m.uid()));
                expected.remove(id);
                onServer = onServer.stream().filter(s -> s != m).toList();
            }
        }
    }

    /** True when the local side already flipped {@code flag}: expected differs from what the server still has. */
    private static boolean localFlipped(Expected e, String flag, Flags serverNow) {
        return e.flags().contains(flag) != serverNow.contains(flag);
    }

    private static Flags flip(Flags f, String flag) {
        return f.contains(flag) ? f.without(flag) : f.with(flag);
    }

    /** The folders messages are put in; changes as the server renames or deletes them. */
    List<FolderPath> folders() {
        return List.copyOf(folders);
    }

    /** The server renamed {@code from} to {@code to} (done by the caller): its messages are now expected there. */
    void renamedOnServer(FolderPath from, FolderPath to) {
        folders.replaceAll(f -> f.equals(from) ? to : f);
        expected.replaceAll((id, e) -> e.folder().equals(from) ? new Expected(id, to, e.flags(), e.sha256()) : e);
    }

    /** The server deleted {@code folder} (done by the caller): its messages are gone; a new folder takes its place. */
    void deletedOnServer(FolderPath folder, FolderPath replacement, int messages) {
        folders.remove(folder);
        expected.values().removeIf(e -> e.folder().equals(folder));
        dovecot.createMailbox(replacement);
        folders.add(replacement);
        for (int i = 0; i < messages; i++) {
            saveOnServer(replacement, Flags.NONE);
        }
    }

    /**
     * After a failed trial: takes the server's current state as the model, so later trials measure their own faults
     * rather than the first one's aftermath.
     */
    void adoptServer() throws IOException {
        expected.clear();
        for (ServerMessage m : snapshot()) {
            m.messageId().ifPresent(id -> expected.put(id, new Expected(id, m.folder(), m.flags(), m.sha256())));
        }
    }

    List<ServerMessage> snapshot() throws IOException {
        return ImapSnapshot.take(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password());
    }
}
