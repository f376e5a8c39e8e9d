package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.backsync.FolderPath;
import org.backsync.OutboxState;
import org.backsync.spi.Flags;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.Uid;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.BadMailCorpus;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ReliabilityTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, soak: the real engine ({@link SoakChild}: scheduler every 3 s, IDLE push on INBOX, Outbox over GreenMail
 * SMTP with Sent copies on Dovecot) runs while both sides change continuously. This process is the other IMAP client
 * (through doveadm): it appends messages, sets and clears {@code \Answered} and {@code $Srv}, expunges, and now and
 * then renames the {@code Feed-N} folder. The child is the mail client: local flag changes, moves, deletes, new
 * messages and Outbox submissions. The child samples its heap after a full GC, its open file descriptors and its
 * threads; each must stay flat ({@link ResourceTrend}). At the end changes stop, the child drains its Outbox and syncs
 * twice, and the server, the store and the model must agree exactly (Message-ID, folder, flags, SHA-256; nothing lost,
 * nothing duplicated), and every Outbox message must have reached GreenMail once, be {@code SENT}, and have one Sent
 * copy.
 *
 * <p>Two minutes by default; {@code -Dbacksync.soak=PT1H} (an ISO-8601 duration) for the run by hand. The figures go
 * to {@code target/reliability/soak.tsv} beside the tally line.
 */
class SoakReliabilityIT {
    private static final String SMTP_PASSWORD = "soak-smtp-secret";
    private static final List<String> SERVER_FLAGS = List.of(Flags.ANSWERED, "$Srv");
    private static final int MAX_SERVER_MESSAGES = 60;
    private static final FolderPath SENT = FolderPath.of("Sent");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("soak@localhost", "soak", SMTP_PASSWORD));

    @TempDir
    Path dir;

    /** A message this process (the other client) saved, where it is, and the server-owned flags it has. */
    private record ServerMessage(String id, FolderPath folder, Uid uid, Flags flags, String sha256) {}

    private final Map<String, ServerMessage> live = new LinkedHashMap<>();
    private final Map<String, Long> serverChanges = new TreeMap<>();
    /** Local changes the model cannot place: a message the client had deleted came back, for example. */
    private final List<String> modelProblems = new ArrayList<>();

    private final String run = Long.toHexString(System.nanoTime());
    private SplittableRandom random;
    private FolderPath feed = FolderPath.of("Feed-0");
    private int counter;

    @Test
    void changesOnBothSidesForMinutesKeepHeapFilesAndThreadsFlatAndEndInAnExactMirror() throws Exception {
        Duration length = Duration.parse(System.getProperty("backsync.soak", "PT2M"));
        Duration sampleEvery = max(Duration.ofSeconds(2), length.dividedBy(90));
        Duration renameEvery = min(Duration.ofMinutes(5), length.dividedBy(6));
        ReliabilityTally tally = new ReliabilityTally("soak " + length + ": continuous changes on both sides");
        random = new SplittableRandom(tally.seed());
        for (FolderPath f : List.of(FolderPath.of("Work"), FolderPath.of("Lists/java"), feed)) {
            dovecot.createMailbox(f);
        }
        for (FolderPath f : List.of(FolderPath.INBOX, FolderPath.of("Work"), FolderPath.of("Lists/java"), feed)) {
            for (int i = 0; i < 5; i++) {
                save(f);
            }
        }
        Path control = Files.createDirectories(dir.resolve("control"));
        Path storeDir = dir.resolve("store");
        Instant started = Instant.now();
        String output;
        try (ChildJvm child = ChildJvm.start(
                SoakChild.class,
                // soft references are caches, not leaks: the sampling GC clears them all, so that the heap figure is
                // what is strongly held
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:SoftRefLRUPolicyMSPerMB=0"),
                List.of(
                        storeDir.toString(),
                        control.toString(),
                        Integer.toString(dovecot.port()),
                        dovecot.user(),
                        dovecot.password(),
                        Integer.toString(greenMail.getSmtp().getPort()),
                        "soak",
                        SMTP_PASSWORD,
                        Long.toString(random.nextLong()),
                        Long.toString(sampleEvery.toMillis()),
                        "400"),
                ChildRuns.logDir("soak").resolve("child.log"))) {
            awaitLine(child, "READY", Duration.ofMinutes(2));
            long end = System.nanoTime() + length.toNanos();
            long nextRename = System.nanoTime() + renameEvery.toNanos();
            while (System.nanoTime() < end && child.isAlive()) {
                if (System.nanoTime() >= nextRename) {
                    rename();
                    nextRename += renameEvery.toNanos();
                } else {
                    serverChange();
                }
                LockSupport.parkNanos(
                        Duration.ofMillis(200 + random.nextLong(400)).toNanos());
            }
            Files.createFile(control.resolve("quiesce"));
            child.awaitExit(Duration.ofMinutes(5));
            output = child.output();
        }
        Duration elapsed = Duration.between(started, Instant.now());

        List<String> problems = new ArrayList<>();
        Map<String, MailWorld.Expected> expected = expected(output);
        StateCheck.Verdict v = StateCheck.check(
                expected,
                org.backsync.testing.ImapSnapshot.take(
                        dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password()),
                storeDir,
                SoakChild.ACCOUNT);
        problems.addAll(v.problems());
        problems.addAll(modelProblems);
        problems.addAll(childProblems(output));
        problems.addAll(outboxProblems(output, storeDir));
        List<ResourceTrend> trends = trends(output);
        trends.stream().map(ResourceTrend::problem).filter(p -> !p.isEmpty()).forEach(problems::add);

        Map<String, Long> localChanges = new TreeMap<>();
        output.lines()
                .map(l -> l.split(" ")[0])
                .filter(w -> List.of("LNEW", "LFLAG", "LMOVE", "LDEL", "OUTBOX").contains(w))
                .forEach(w -> localChanges.merge(w, 1L, Long::sum));
        serverChanges.forEach((k, n) -> {
            for (long i = 0; i < n; i++) {
                tally.outcome("server " + k);
            }
        });
        localChanges.forEach((k, n) -> {
            for (long i = 0; i < n; i++) {
                tally.outcome("local " + k);
            }
        });
        tally.trial(v.checked(), v.lost(), v.duplicated(), String.join("; ", problems));
        tally.finish();
        String engineFigures = String.join(
                " ",
                output.lines()
                        .filter(l -> l.startsWith("SYNCS")
                                || l.startsWith("ERRORS")
                                || l.startsWith("MOVED")
                                || l.startsWith("PUSH"))
                        .toList());
        record(length, elapsed, v, trends, localChanges, engineFigures);
        assertThat(problems).as("seed " + tally.seed()).isEmpty();
    }

    private void save(FolderPath folder) {
        String id = "<soak-s-" + (++counter) + "-" + run + "@backsync.test>";
        StringBuilder b = new StringBuilder("From: other@example.org\r\nTo: soak@localhost\r\nSubject: server "
                + counter + "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: " + id + "\r\n\r\n");
        int lines = 2 + random.nextInt(200);
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(" of ").append(id).append("\r\n");
        }
        byte[] m = b.toString().getBytes(StandardCharsets.US_ASCII);
        dovecot.doveadm(m, "save", "-u", dovecot.user(), "-m", dovecot.mailbox(folder));
        // the engine appends to the same folders meanwhile: the UID is the one that holds this Message-ID
        String found = dovecot.doveadm(
                        "search", "-u", dovecot.user(), "mailbox", dovecot.mailbox(folder), "header", "Message-ID", id)
                .strip();
        Uid uid = Uid.of(Long.parseLong(found.substring(found.lastIndexOf(' ') + 1)));
        live.put(id, new ServerMessage(id, folder, uid, Flags.NONE, BadMailCorpus.sha256(m)));
        serverChanges.merge("append", 1L, Long::sum);
    }

    private void serverChange() {
        List<ServerMessage> all = List.copyOf(live.values());
        int op = random.nextInt(100);
        if (all.size() < 8 || op < 35 && all.size() < MAX_SERVER_MESSAGES) {
            List<FolderPath> folders =
                    List.of(FolderPath.INBOX, FolderPath.of("Work"), FolderPath.of("Lists/java"), feed);
            save(folders.get(random.nextInt(folders.size())));
        } else if (op < 75) {
            ServerMessage m = all.get(random.nextInt(all.size()));
            String flag = SERVER_FLAGS.get(random.nextInt(SERVER_FLAGS.size()));
            if (m.flags().contains(flag)) {
                dovecot.removeFlags(m.folder(), m.uid(), Flags.of(flag));
                live.put(
                        m.id(),
                        new ServerMessage(m.id(), m.folder(), m.uid(), m.flags().without(flag), m.sha256()));
            } else {
                dovecot.addFlags(m.folder(), m.uid(), Flags.of(flag));
                live.put(
                        m.id(),
                        new ServerMessage(m.id(), m.folder(), m.uid(), m.flags().with(flag), m.sha256()));
            }
            serverChanges.merge("flag", 1L, Long::sum);
        } else {
            ServerMessage m = all.get(random.nextInt(all.size()));
            dovecot.expunge(m.folder(), m.uid());
            live.remove(m.id());
            serverChanges.merge("expunge", 1L, Long::sum);
        }
    }

    private void rename() {
        FolderPath to = FolderPath.of("Feed-" + (Integer.parseInt(feed.value().substring(5)) + 1));
        dovecot.renameMailbox(feed, to);
        live.replaceAll(
                (id, m) -> m.folder().equals(feed) ? new ServerMessage(id, to, m.uid(), m.flags(), m.sha256()) : m);
        feed = to;
        serverChanges.merge("rename", 1L, Long::sum);
    }

    /** The end state: the server's messages with the client's flags, the client's messages, the Sent copies. */
    private Map<String, MailWorld.Expected> expected(String output) {
        Map<String, MailWorld.Expected> out = new LinkedHashMap<>();
        live.values().forEach(m -> out.put(m.id(), new MailWorld.Expected(m.id(), m.folder(), m.flags(), m.sha256())));
        for (String line : output.lines().toList()) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "LNEW" ->
                    out.put(
                            w[1],
                            new MailWorld.Expected(
                                    w[1],
                                    FolderPath.of(w[2]),
                                    w[3].equals("-") ? Flags.NONE : Flags.of(w[3].split(",")),
                                    w[4]));
                case "LFLAG" -> {
                    MailWorld.Expected e = out.get(w[1]);
                    if (e != null) {
                        Flags f = w[3].equals("1")
                                ? e.flags().with(w[2])
                                : e.flags().without(w[2]);
                        out.put(w[1], new MailWorld.Expected(w[1], e.folder(), f, e.sha256()));
                    } else if (w[1].startsWith("<soak-l-")) { // a server message may be expunged; the client's are not
                        modelProblems.add("the client saw " + w[1] + " again after deleting it: " + line);
                    }
                }
                case "LMOVE" -> {
                    MailWorld.Expected e = out.get(w[1]);
                    if (e == null) {
                        modelProblems.add("the client saw " + w[1] + " again after deleting it: " + line);
                    } else {
                        out.put(w[1], new MailWorld.Expected(w[1], FolderPath.of(w[2]), e.flags(), e.sha256()));
                    }
                }
                case "LDEL" -> {
                    if (out.remove(w[1]) == null) {
                        modelProblems.add("the client saw " + w[1] + " again after deleting it: " + line);
                    }
                }
                case "OUTBOX" -> out.put(w[1], new MailWorld.Expected(w[1], SENT, Flags.of(Flags.SEEN), w[2]));
                default -> {}
            }
        }
        return out;
    }

    /** The child ended by itself, both last syncs ended OK, every error had a status, no secret was printed. */
    private List<String> childProblems(String output) {
        List<String> out = new ArrayList<>();
        if (!output.contains("\nDONE")) {
            out.add("the child did not finish: " + tail(output));
        }
        for (String n : List.of("1", "2")) {
            if (!output.contains("FINAL " + n + " OK")) {
                out.add("last sync " + n + " did not end OK: " + tail(output));
            }
        }
        ChildRuns.Report r = ChildRuns.report(output);
        for (String e : r.errors()) {
            if (e.split(" ", 4).length < 4) {
                out.add("error without status, scope or message: " + e);
            }
        }
        if (output.contains(dovecot.password()) || output.contains(SMTP_PASSWORD)) {
            out.add("a password appears in the child's output");
        }
        return out;
    }

    /** Every submission reached GreenMail exactly once and is SENT; GreenMail received nothing else. */
    private List<String> outboxProblems(String output, Path storeDir) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> submitted = output.lines()
                .filter(l -> l.startsWith("OUTBOX "))
                .map(l -> l.split(" ")[1])
                .toList();
        Map<String, Integer> received = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            received.merge(m.getMessageID(), 1, Integer::sum);
        }
        for (String id : submitted) {
            int n = received.getOrDefault(id, 0);
            if (n != 1) {
                out.add("SMTP delivered " + id + " " + n + " times");
            }
        }
        received.keySet().stream()
                .filter(id -> !submitted.contains(id))
                .forEach(id -> out.add("SMTP delivered unexpected " + id));
        try (SqliteMessageStore store = SqliteMessageStore.open(storeDir)) {
            List<OutboxRecord> records = store.outbox(SoakChild.ACCOUNT);
            if (records.size() != submitted.size()) {
                out.add("the Outbox holds " + records.size() + " entries for " + submitted.size() + " submissions");
            }
            for (OutboxRecord r : records) {
                if (r.entry().state() != OutboxState.SENT) {
                    out.add("Outbox entry " + r.entry().messageId() + " is "
                            + r.entry().state() + " " + r.entry().reason().orElse(""));
                }
            }
        }
        return out;
    }

    private static List<ResourceTrend> trends(String output) {
        List<String> lines = output.lines().toList();
        int ready = lines.indexOf("READY");
        List<long[]> samples = lines.subList(Math.max(0, ready), lines.size()).stream()
                .filter(l -> l.startsWith("SAMPLE "))
                .map(l -> java.util.Arrays.stream(l.substring(7).split(" "))
                        .mapToLong(Long::parseLong)
                        .toArray())
                .toList();
        List<Long> heap = samples.stream().map(s -> s[1]).toList();
        List<Long> fds = samples.stream().map(s -> s[2]).toList();
        List<Long> threads = samples.stream().map(s -> s[3]).toList();
        long heapBound = heap.isEmpty() ? 0 : Math.max(4L << 20, heap.getFirst() / 4);
        return List.of(
                new ResourceTrend("heap after GC (bytes)", heap, heapBound),
                new ResourceTrend("open file descriptors", fds, 8),
                new ResourceTrend("threads", threads, 8));
    }

    private void record(
            Duration length,
            Duration elapsed,
            StateCheck.Verdict v,
            List<ResourceTrend> trends,
            Map<String, Long> localChanges,
            String engineFigures)
            throws IOException {
        String line = String.join(
                "\t",
                Instant.now().toString(),
                "soak " + length,
                String.format(Locale.ROOT, "%.0fs", elapsed.toMillis() / 1000.0),
                "server " + serverChanges,
                "local " + localChanges,
                "checked=" + v.checked() + " lost=" + v.lost() + " dup=" + v.duplicated(),
                engineFigures,
                String.join(" | ", trends.stream().map(ResourceTrend::summary).toList()));
        System.out.println("[soak] " + line.replace('\t', ' '));
        Path out = Path.of("target", "reliability", "soak.tsv");
        Files.createDirectories(out.getParent());
        Files.writeString(
                out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void awaitLine(ChildJvm child, String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!child.output().lines().anyMatch(line::equals)) {
            assertThat(child.isAlive())
                    .as("child alive, waiting for " + line + ": " + tail(child.output()))
                    .isTrue();
            assertThat(System.nanoTime()).as("waiting for " + line).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static String tail(String output) {
        return output.length() > 3000 ? output.substring(output.length() - 3000) : output;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
