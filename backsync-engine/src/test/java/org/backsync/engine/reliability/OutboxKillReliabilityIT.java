package org.backsync.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.spi.OutboxRecord;
import org.backsync.store.sqlite.SqliteMessageStore;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.ImapSnapshot;
import org.backsync.testing.ImapSnapshot.ServerMessage;
import org.backsync.testing.ReliabilityTally;
import org.backsync.testing.ScriptedSmtpServer;
import org.backsync.testing.ScriptedSmtpServer.Action;
import org.backsync.testing.ScriptedSmtpServer.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, sending: the real engine ({@link OutboxReliabilityChild}, a child JVM) submits a batch to its Outbox and
 * sends it over SMTP ({@link ScriptedSmtpServer}, which answers the final dot after {@link #REPLY_DELAY} to widen the
 * window between the dot and the 250), appending each Sent copy to Dovecot's Sent folder; it is killed with {@code
 * kill -9} after the k-th SMTP command the server received in the trial, plus a random delay up to twice the reply
 * delay, so that kills land before, inside and after the data phase and during the Sent APPEND. A restarted engine
 * then recovers and sends what is left. After every trial, over every message submitted so far: delivered at most
 * once; a {@code SENT} message delivered exactly once with exactly one Sent copy; otherwise {@code HELD} "delivery
 * uncertain" (CONTRACT 6.3) with no Sent copy; nothing left queued or sending.
 *
 * <p>6 trials by default, 60 with {@code -Dbacksync.reliability=long}.
 */
class OutboxKillReliabilityIT {
    static final Duration REPLY_DELAY = Duration.ofMillis(40);
    static final int BATCH = 3;
    static final String SMTP_PASSWORD = "smtp-secret-for-kill";
    static final Pattern MESSAGE_ID = Pattern.compile("(?m)^Message-ID: (<[^>]+>)");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path dir;

    @Test
    void killNineWhileSendingDeliversEachMessageAtMostOnceWithOneSentCopyOrHoldsItAsUncertain() throws Exception {
        ReliabilityTally tally = new ReliabilityTally("kill -9 during Outbox sending (SMTP and Sent copy)");
        SplittableRandom random = new SplittableRandom(tally.seed());
        Path storeDir = dir.resolve("store");
        Path logs = ChildRuns.logDir("outbox-kill");
        int trials = ReliabilityTally.trials(6, 60);
        Set<String> submitted = new HashSet<>();
        try (ScriptedSmtpServer smtp = ScriptedSmtpServer.start().requireAuth("send", SMTP_PASSWORD)) {
            for (int i = 0; i < (trials + 1) * BATCH * 3; i++) {
                smtp.next(Step.END, new Action.Delayed(REPLY_DELAY, "250 2.0.0 Ok: queued"));
            }
            // a batch sent to its end tells how many SMTP commands a trial's sending takes
            String first = runToEnd(storeDir, smtp, logs, -1, submitted);
            assertThat(first).contains("DONE");
            int before = smtp.commands().size();
            assertThat(runToEnd(storeDir, smtp, logs, 0, submitted)).contains("DONE");
            int commandsPerBatch = smtp.commands().size() - before;

            for (int trial = 1; trial <= trials; trial++) {
                int k = 1 + random.nextInt(commandsPerBatch);
                int start = smtp.commands().size();
                int dotsBefore = smtp.received().size();
                String output;
                try (ChildJvm child = start(storeDir, smtp, logs, trial)) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (child.isAlive() && smtp.commands().size() - start < k && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(500_000);
                    }
                    LockSupport.parkNanos(random.nextLong(2 * REPLY_DELAY.toNanos()));
                    child.kill();
                    output = child.output();
                    tally.outcome(
                            output.contains("DONE")
                                    ? "kill after the sending had finished"
                                    : where(
                                            smtp.commands()
                                                    .subList(
                                                            start,
                                                            smtp.commands().size()),
                                            smtp.received().size() - dotsBefore));
                }
                output.lines().filter(l -> l.startsWith("SUBMITTED ")).forEach(l -> submitted.add(l.substring(10)));
                String recovery = runToEnd(storeDir, smtp, logs, -1, submitted);
                Verdict v = check(storeDir, smtp, submitted);
                String problem = (recovery.contains("DONE") ? "" : "recovery did not settle: " + recovery) + " "
                        + String.join("; ", v.problems());
                tally.trial(v.checked(), v.lost(), v.duplicated(), problem.strip());
            }
            Set<String> delivered = new HashSet<>();
            smtp.accepted().forEach(r -> {
                Matcher m = MESSAGE_ID.matcher(r.text());
                if (m.find()) {
                    delivered.add(m.group(1));
                }
            });
            try (SqliteMessageStore store = SqliteMessageStore.open(storeDir)) {
                for (OutboxRecord r : store.outbox(OutboxReliabilityChild.ACCOUNT)) {
                    tally.outcome("message ends " + r.entry().state()
                            + (delivered.contains(r.entry().messageId()) ? ", delivered" : ", not delivered"));
                }
            }
        }
        tally.finish();
        assertThat(tally.problems()).as("seed " + tally.seed()).isEmpty();
    }

    /** Where a kill landed, from the commands the server had received in the trial and the final dots it read. */
    static String where(List<String> commands, int dots) {
        if (commands.isEmpty()) {
            return "kill before the first SMTP command";
        }
        long data = commands.stream().filter(c -> c.equalsIgnoreCase("DATA")).count();
        String last = commands.getLast().split(" ")[0].toUpperCase(java.util.Locale.ROOT);
        if (last.equals("DATA") && dots == data) {
            return "kill mid-sending, after the final dot (before or after the 250)";
        }
        return "kill mid-sending, after " + last;
    }

    private record Verdict(long checked, long lost, long duplicated, List<String> problems) {}

    private ChildJvm start(Path storeDir, ScriptedSmtpServer smtp, Path logs, int batch) {
        return ChildJvm.start(
                OutboxReliabilityChild.class,
                ChildRuns.packedClassPath(),
                ChildRuns.childJvmArgs(),
                List.of(
                        storeDir.toString(),
                        Integer.toString(dovecot.port()),
                        dovecot.user(),
                        dovecot.password(),
                        Integer.toString(smtp.port()),
                        SMTP_PASSWORD,
                        Integer.toString(batch),
                        Integer.toString(BATCH)),
                logs.resolve("child-" + System.nanoTime() + ".log"));
    }

    /** Runs a child to its end (bounded); returns its output. */
    private String runToEnd(Path storeDir, ScriptedSmtpServer smtp, Path logs, int batch, Set<String> submitted) {
        try (ChildJvm child = start(storeDir, smtp, logs, batch)) {
            child.awaitExit(Duration.ofSeconds(60));
            String output = child.output();
            output.lines().filter(l -> l.startsWith("SUBMITTED ")).forEach(l -> submitted.add(l.substring(10)));
            return output;
        }
    }

    /** Every Outbox entry against the SMTP server's deliveries and the Sent folder's copies. */
    private Verdict check(Path storeDir, ScriptedSmtpServer smtp, Set<String> submitted) throws Exception {
        Map<String, Integer> delivered = new HashMap<>();
        for (ScriptedSmtpServer.Received r : smtp.accepted()) {
            Matcher m = MESSAGE_ID.matcher(r.text());
            delivered.merge(m.find() ? m.group(1) : "(no Message-ID)", 1, Integer::sum);
            if (r.text().contains("hidden@example.org")) {
                delivered.merge("(a Bcc header transmitted)", 1, Integer::sum);
            }
        }
        Map<String, Integer> sentCopies = new HashMap<>();
        for (ServerMessage m : ImapSnapshot.take(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password())) {
            if (m.folder().equals(FolderPath.of("Sent"))) {
                sentCopies.merge(m.messageId().orElse("(no Message-ID)"), 1, Integer::sum);
            }
        }
        Map<String, OutboxEntry> entries = new HashMap<>();
        try (SqliteMessageStore store = SqliteMessageStore.open(storeDir)) {
            for (OutboxRecord r : store.outbox(OutboxReliabilityChild.ACCOUNT)) {
                entries.put(r.entry().messageId(), r.entry());
            }
        }
        List<String> problems = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (String id : submitted) {
            if (!entries.containsKey(id)) {
                lost++;
                problems.add("submitted " + id + " is not in the Outbox");
            }
        }
        for (OutboxEntry e : entries.values()) {
            String id = e.messageId();
            int copies = delivered.getOrDefault(id, 0);
            int sent = sentCopies.getOrDefault(id, 0);
            if (copies > 1 || sent > 1) {
                duplicated += Math.max(0, copies - 1) + Math.max(0, sent - 1);
                problems.add(id + " delivered " + copies + " times, " + sent + " Sent copies");
            }
            switch (e.state()) {
                case SENT -> {
                    if (copies != 1 || sent != 1) {
                        lost += copies == 0 || sent == 0 ? 1 : 0;
                        problems.add("SENT " + id + " delivered " + copies + " times with " + sent + " Sent copies");
                    }
                }
                case HELD -> {
                    if (!e.reason().orElse("").startsWith("delivery uncertain") || sent != 0) {
                        problems.add("HELD " + id + " (" + e.reason().orElse("no reason") + ") with " + sent
                                + " Sent copies");
                    }
                }
                case QUEUED, SENDING, FAILED ->
                    problems.add(id + " left " + e.state() + " " + e.reason().orElse(""));
            }
        }
        delivered.keySet().stream()
                .filter(id -> !entries.containsKey(id))
                .forEach(id -> problems.add("the server received " + id + ", which no Outbox entry holds"));
        return new Verdict(entries.size(), lost, duplicated, problems);
    }
}
