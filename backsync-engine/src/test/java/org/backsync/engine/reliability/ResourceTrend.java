package org.backsync.engine.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a series of resource samples (heap after GC, open files, threads) stayed flat over a soak: the median of its
 * last third within {@code bound} of the median of its first third, and no steady rise (every sample of the last two
 * thirds at least the one before, rising by more than half the bound overall).
 */
record ResourceTrend(String name, List<Long> samples, long bound) {
    ResourceTrend {
        samples = List.copyOf(samples);
    }

    long firstThirdMedian() {
        return median(samples.subList(0, third()));
    }

    long lastThirdMedian() {
        return median(samples.subList(samples.size() - third(), samples.size()));
    }

    long first() {
        return samples.getFirst();
    }

    long last() {
        return samples.getLast();
    }

    long max() {
        return samples.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private int third() {
        return Math.max(1, samples.size() / 3);
    }

    /** Empty when flat; otherwise what grew, with the figures. */
    String problem() {
        if (samples.size() < 6) {
            return name + ": only " + samples.size() + " samples, too few to judge";
        }
        List<String> out = new ArrayList<>();
        if (lastThirdMedian() > firstThirdMedian() + bound) {
            out.add("last-third median " + lastThirdMedian() + " exceeds first-third median " + firstThirdMedian()
                    + " by more than " + bound);
        }
        List<Long> tail = samples.subList(third(), samples.size());
        boolean rising = true;
        for (int i = 1; i < tail.size(); i++) {
            rising &= tail.get(i) >= tail.get(i - 1);
        }
        if (rising && tail.getLast() - tail.getFirst() > bound / 2) {
            out.add("rose at every sample of the last two thirds, from " + tail.getFirst() + " to " + tail.getLast());
        }
        return out.isEmpty() ? "" : name + ": " + String.join("; ", out);
    }

    String summary() {
        return String.format(
                Locale.ROOT,
                "%s first %d, last %d, first-third median %d, last-third median %d, max %d (%d samples)",
                name,
                first(),
                last(),
                firstThirdMedian(),
                lastThirdMedian(),
                max(),
                samples.size());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
