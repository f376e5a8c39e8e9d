package org.backsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario's measurements across its runs, written as one JSON object of the {@code rows} list that {@code bench.py
 * inproc} reads: {@code scenario}, {@code ref} (the harness scenario it compares with: initial, noop, changes),
 * {@code seconds} (one per run), {@code messages}, {@code bytes}, {@code roundTrips}, {@code serverCpu}, {@code
 * clientCpu} (this JVM's CPU seconds per run, less sensitive to the machine's load than wall time), {@code heapPeakMb}, {@code verbs} and a {@code note}.
 */
final class Row {
    final String scenario;
    final String ref;
    final List<Double> seconds = new ArrayList<>();
    final List<Long> roundTrips = new ArrayList<>();
    final List<Double> serverCpu = new ArrayList<>();
    final List<Double> clientCpu = new ArrayList<>();
    final Map<String, Long> verbs = new TreeMap<>();
    long messages;
    long bytes;
    long bytesOnWire;
    long heapPeakBytes;
    String note = "";

    Row(String scenario, String ref) {
        this.scenario = scenario;
        this.ref = ref;
    }

    /** Adds one run; {@code wire} is empty when the run did not go through the counting relay. */
    void add(double secs, double jvmCpu, WireCounter.Snapshot wire, Double cpu) {
        seconds.add(secs);
        clientCpu.add(jvmCpu);
        if (wire != null) {
            roundTrips.add(wire.roundTrips());
            bytesOnWire = Math.max(bytesOnWire, wire.bytesToClient() + wire.bytesToServer());
            wire.verbs().forEach((v, n) -> verbs.merge(v, n, Math::max));
        }
        if (cpu != null) {
            serverCpu.add(cpu);
        }
    }

    String toJson() {
        StringBuilder b = new StringBuilder("{");
        field(b, "scenario", quote(scenario));
        field(b, "ref", ref == null ? "null" : quote(ref));
        field(
                b,
                "seconds",
                seconds.stream()
                        .map(s -> String.format(Locale.ROOT, "%.4f", s))
                        .toList()
                        .toString());
        field(b, "messages", Long.toString(messages));
        field(b, "bytes", Long.toString(bytes));
        field(b, "bytesOnWire", Long.toString(bytesOnWire));
        field(b, "roundTrips", roundTrips.isEmpty() ? "null" : Long.toString(median(roundTrips)));
        field(b, "roundTripsPerRun", roundTrips.toString());
        field(b, "serverCpu", serverCpu.isEmpty() ? "null" : String.format(Locale.ROOT, "%.2f", medianD(serverCpu)));
        field(
                b,
                "clientCpu",
                clientCpu.stream()
                        .map(s -> String.format(Locale.ROOT, "%.3f", s))
                        .toList()
                        .toString());
        field(b, "heapPeakMb", String.format(Locale.ROOT, "%.1f", heapPeakBytes / 1048576.0));
        StringBuilder v = new StringBuilder("{");
        verbs.forEach((k, n) -> v.append(v.length() > 1 ? ", " : "")
                .append(quote(k))
                .append(": ")
                .append(n));
        field(b, "verbs", v.append('}').toString());
        field(b, "note", quote(note));
        b.setLength(b.length() - 2);
        return b.append('}').toString();
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
    }

    private static void field(StringBuilder b, String name, String json) {
        b.append('"').append(name).append("\": ").append(json).append(", ");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double medianD(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
