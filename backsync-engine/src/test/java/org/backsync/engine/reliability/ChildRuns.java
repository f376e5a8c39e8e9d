package org.backsync.engine.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;

/** Starts {@link ReliabilityChild} processes against a server port and reads what they reported. */
final class ChildRuns {
    /** What one finished child said: its final status (empty if it printed none) and its error lines. */
    record Report(Optional<String> status, List<String> errors, String output) {}

    private final DovecotServer dovecot;
    private final Path logs;
    private int runs;
    private int lastProgressLines;

    static final Path CDS_ARCHIVE = Path.of("target", "reliability", "child-cds.jsa");

    /** The class path with directories packed into jars (once per JVM): a class-data archive accepts jars only. */
    private static final class PackedClassPath {
        static final String VALUE = ChildJvm.packedClassPath(Path.of("target", "reliability", "classpath"));
    }

    ChildRuns(DovecotServer dovecot, Path logs) {
        this.dovecot = dovecot;
        this.logs = logs;
    }

    /** {@code target/reliability/logs/<name>-<time>}: kept after the test, for the child logs of a failed trial. */
    static Path logDir(String name) {
        return Path.of("target", "reliability", "logs", name + "-" + System.currentTimeMillis());
    }

    /** The class path children run on: this one, directories packed into jars. */
    static String packedClassPath() {
        return PackedClassPath.VALUE;
    }

    /** Small heap, quick start: C1 only, and a class-data archive the first child that exits writes for the rest. */
    static List<String> childJvmArgs() {
        return List.of(
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + CDS_ARCHIVE.toAbsolutePath(),
                "-Xlog:cds=off,cds+dynamic=off");
    }

    /** Starts a sync of the world's store against {@code port} (Dovecot's, or a proxy's in front of it). */
    ChildJvm start(MailWorld world, int port) {
        return ChildJvm.start(
                ReliabilityChild.class,
                packedClassPath(),
                childJvmArgs(),
                List.of(world.storeDir().toString(), Integer.toString(port), dovecot.user(), dovecot.password()),
                logs.resolve("child-" + (++runs) + ".log"));
    }

    /**
     * Waits until the child has printed at least {@code lines} progress lines ({@code P ...}), has exited, or {@code
     * timeout} has passed; returns the progress lines printed so far. Polls the log every millisecond, so that a kill
     * that follows lands within a few milliseconds of that report.
     */
    static int awaitProgress(ChildJvm child, int lines, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seenSize = -1;
        int count = 0;
        while (child.isAlive() && System.nanoTime() < deadline) {
            long size = child.logFile().toFile().length();
            if (size != seenSize) {
                seenSize = size;
                count = progressLines(child.output());
                if (count >= lines) {
                    return count;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        return progressLines(child.output());
    }

    static int progressLines(String output) {
        return (int) output.lines().filter(l -> l.startsWith("P ")).count();
    }

    /** Runs one sync to its end (bounded) against Dovecot directly and returns its report. */
    Report runToEnd(MailWorld world) {
        return runToEnd(world, dovecot.port());
    }

    Report runToEnd(MailWorld world, int port) {
        try (ChildJvm child = start(world, port)) {
            child.awaitExit(Duration.ofSeconds(30));
            lastProgressLines = progressLines(child.output());
            return report(child.output());
        }
    }

    /** How many progress lines the last sync run by {@link #runToEnd} printed. */
    int lastProgressLines() {
        return lastProgressLines;
    }

    static Report report(String output) {
        Optional<String> status = output.lines()
                .filter(l -> l.startsWith("DONE "))
                .map(l -> l.split(" ")[1])
                .reduce((a, b) -> b);
        List<String> errors = output.lines().filter(l -> l.startsWith("ERROR ")).toList();
        return new Report(status, errors, output);
    }

    /** A problem with a report, or empty: it must have ended, and every error must carry a status and a message. */
    String problems(Report r, String password) {
        if (r.status().isEmpty()) {
            String tail =
                    r.output().length() > 2000 ? r.output().substring(r.output().length() - 2000) : r.output();
            return "sync printed no DONE line: " + tail;
        }
        for (String e : r.errors()) {
            String[] w = e.split(" ", 4);
            if (w.length < 4 || w[3].isBlank()) {
                return "error without status, scope or message: " + e;
            }
        }
        if (r.output().contains(password)) {
            return "the password appears in the child's output";
        }
        return "";
    }
}
