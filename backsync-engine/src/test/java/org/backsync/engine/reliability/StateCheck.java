package org.backsync.engine.reliability;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.BadMailCorpus;
import org.backsync.testing.ImapSnapshot.ServerMessage;

/**
 * Compares the server (read by {@code ImapSnapshot}, not by backsync), the store (opened after the engine exited) and
 * the {@link MailWorld} model: every expected message exactly once on each side, in its folder, with its flags and
 * its bytes (SHA-256); nothing else. Messages are identified by Message-ID.
 */
final class StateCheck {
    /** One side's copy of a message. */
    record Copy(FolderPath folder, Flags flags, String sha256, boolean headerOnly) {}

    /** The outcome: messages checked, lost (missing on a side), duplicated (extra copies) and every discrepancy. */
    record Verdict(long checked, long lost, long duplicated, List<String> problems) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && problems.isEmpty();
        }
    }

    private StateCheck() {}

    static Verdict check(MailWorld world) throws IOException {
        return check(world.expected(), world.snapshot(), world.storeDir(), ReliabilityChild.ACCOUNT);
    }

    /** Compares {@code serverNow} and the store of {@code account} in {@code storeDir} with {@code expected}. */
    static Verdict check(
            Map<String, MailWorld.Expected> expected, List<ServerMessage> serverNow, Path storeDir, AccountId account)
            throws IOException {
        Map<String, List<Copy>> server = new HashMap<>();
        for (ServerMessage m : serverNow) {
            String id = m.messageId().orElse("(no Message-ID) uid " + m.uid() + " in " + m.folder());
            server.computeIfAbsent(id, k -> new ArrayList<>()).add(new Copy(m.folder(), m.flags(), m.sha256(), false));
        }
        Map<String, List<Copy>> store = storeCopies(storeDir, account);
        List<String> problems = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (MailWorld.Expected e : expected.values()) {
            for (var side : List.of(Map.entry("server", server), Map.entry("store", store))) {
                List<Copy> copies = side.getValue().getOrDefault(e.messageId(), List.of());
                if (copies.isEmpty()) {
                    lost++;
                    problems.add(side.getKey() + " lost " + e.messageId() + " (expected in " + e.folder() + ")");
                    continue;
                }
                duplicated += copies.size() - 1;
                if (copies.size() > 1) {
                    problems.add(
                            side.getKey() + " holds " + copies.size() + " copies of " + e.messageId() + ": " + copies);
                }
                compare(side.getKey(), e, copies.getFirst(), problems);
            }
        }
        for (var side : List.of(Map.entry("server", server), Map.entry("store", store))) {
            for (var entry : side.getValue().entrySet()) {
                if (!expected.containsKey(entry.getKey())) {
                    duplicated += entry.getValue().size();
                    problems.add(side.getKey() + " holds unexpected " + entry.getKey() + " " + entry.getValue());
                }
            }
        }
        return new Verdict(expected.size(), lost, duplicated, problems);
    }

    private static void compare(String side, MailWorld.Expected e, Copy c, List<String> problems) {
        if (!c.folder().equals(e.folder())) {
            problems.add(side + ": " + e.messageId() + " in " + c.folder() + ", expected " + e.folder());
        }
        if (!c.flags().equals(e.flags())) {
            problems.add(side + ": " + e.messageId() + " flags " + c.flags() + ", expected " + e.flags());
        }
        if (!c.sha256().equals(e.sha256())) {
            problems.add(side + ": " + e.messageId() + " content differs (headerOnly=" + c.headerOnly() + ")");
        }
    }

    private static Map<String, List<Copy>> storeCopies(Path storeDir, AccountId account) throws IOException {
        Map<String, List<Copy>> out = new HashMap<>();
        try (SqliteMessageStore store = SqliteMessageStore.open(storeDir)) {
            for (LocalFolder f : store.folders(account)) {
                if (!f.isVisible()) {
                    continue;
                }
                for (LocalMessage m : store.messages(f.id())) {
                    if (m.folderId() != f.id() || m.deleted()) {
                        continue;
                    }
                    Optional<RawMessage> content = store.content(m.localId());
                    String sha = content.isPresent() ? BadMailCorpus.sha256(content.get()) : "(no content)";
                    String id = m.messageId().orElse("(no Message-ID) local " + m.localId());
                    out.computeIfAbsent(id, k -> new ArrayList<>())
                            .add(new Copy(f.path(), m.flags(), sha, m.headerOnly()));
                }
            }
        }
        return out;
    }
}
