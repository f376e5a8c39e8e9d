package org.backsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a reliability suite measured for one fault kind: trials, trials that broke an invariant, messages
 * checked, lost and duplicated. {@link #finish()} prints one line and appends it to {@code
 * target/reliability/results.tsv}, which is where {@code docs/reliability.md} takes its figures from.
 *
 * <p>Profiles: {@code -Dbacksync.reliability=long} selects the long trial counts (run by hand); anything else the short
 * ones (CI). {@code -Dbacksync.reliability.seed=N} fixes the random seed; otherwise one is drawn and printed, so a
 * failing run can be replayed.
 */
public final class ReliabilityTally {
    private final String faultKind;
    private final long seed;
    private final Instant started = Instant.now();
    private final AtomicLong trials = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentSkipListMap<>();

    public ReliabilityTally(String faultKind) {
        this.faultKind = faultKind;
        this.seed = Long.getLong("backsync.reliability.seed", System.nanoTime());
    }

    /** True when the long profile was asked for. */
    public static boolean isLong() {
        return "long".equalsIgnoreCase(System.getProperty("backsync.reliability", "short"));
    }

    /**
     * {@code shortCount} in CI, {@code longCount} with {@code -Dbacksync.reliability=long}; {@code
     * -Dbacksync.reliability.trials=N} overrides both (to fit a run by hand into the time at hand).
     */
    public static int trials(int shortCount, int longCount) {
        Integer forced = Integer.getInteger("backsync.reliability.trials");
        return forced != null ? forced : isLong() ? longCount : shortCount;
    }

    public long seed() {
        return seed;
    }

    /** Records one finished trial; {@code problem} is empty when every invariant held. */
    public void trial(long messagesChecked, long messagesLost, long messagesDuplicated, String problem) {
        trials.incrementAndGet();
        checked.addAndGet(messagesChecked);
        lost.addAndGet(messagesLost);
        duplicated.addAndGet(messagesDuplicated);
        if (!problem.isEmpty() || messagesLost > 0 || messagesDuplicated > 0) {
            failures.incrementAndGet();
            problems.add(
                    "trial " + trials.get() + ": " + problem + " lost=" + messagesLost + " dup=" + messagesDuplicated);
        }
    }

    /** Counts one trial's outcome class (for example "sent", "failed before data end"), shown by {@link #finish}. */
    public void outcome(String name) {
        outcomes.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    public long failures() {
        return failures.get();
    }

    public long trialCount() {
        return trials.get();
    }

    /** The problems recorded so far, one line each, for an assertion message. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Prints the summary and appends it to {@code target/reliability/results.tsv}; returns the line. */
    public String finish() {
        double seconds = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
        String line = String.join(
                "\t",
                Instant.now().toString(),
                faultKind,
                isLong() ? "long" : "short",
                Long.toString(trials.get()),
                Long.toString(failures.get()),
                Long.toString(checked.get()),
                Long.toString(lost.get()),
                Long.toString(duplicated.get()),
                String.format(Locale.ROOT, "%.1fs", seconds),
                "seed=" + seed,
                outcomes.toString());
        System.out.println("[reliability] " + line.replace('\t', ' '));
        Path out = Path.of("target", "reliability", "results.tsv");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(
                    out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out, e);
        }
        return line;
    }
}
