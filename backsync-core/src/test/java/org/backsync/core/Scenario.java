package org.backsync.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.spi.Capability;
import org.backsync.spi.IntentKind;
import org.backsync.testing.FakeMailServer;

/**
 * One row of the scenario table: the state before (the server's base content, synced once; then changes on either
 * side; optionally an intent left open by a crash), the request, and the state after, written as lines:
 *
 * <pre>
 * both   INBOX  &lt;a@x&gt; (\Seen)          the message on both sides with these flags
 * local  Archive &lt;b@x&gt; () header-only  only in the local store
 * remote Trash                     an empty folder on the server
 * </pre>
 *
 * Folder lines are implied by message lines. After a sync nothing may be pending and no intent open, unless listed.
 */
record Scenario(
        String name,
        Set<Capability> capabilities,
        AccountSettings settings,
        Set<SyncKind> kinds,
        Setup base,
        Setup changes,
        Optional<JournalBefore> journal,
        Optional<During> during,
        List<String> after,
        Status status,
        int passes,
        int conflicts,
        Optional<String> reports) {

    /** Changes one side of a world. */
    @FunctionalInterface
    interface Setup {
        void apply(ScenarioWorld w) throws Exception;
    }

    /** An intent left open before the sync: a crash at {@code step} of the first intent of {@code kind}. */
    record JournalBefore(IntentKind kind, StepProbe.Step step) {}

    /**
     * A second client's change made during the sync, once: just after the first intent of {@code kind} is journaled
     * and before its command goes out, so that the command meets the change.
     */
    record During(IntentKind kind, Setup change) {}

    static Builder named(String name) {
        return new Builder(name);
    }

    SyncRequest request() {
        return SyncRequest.of(EngineFixture.ALICE, kinds);
    }

    /** The expected snapshot: "both" expanded to local and remote, folder lines added, sorted. */
    List<String> expected() {
        List<String> messages = new ArrayList<>();
        TreeSet<String> folders = new TreeSet<>();
        for (String raw : after) {
            String line = raw.strip().replaceAll("\\s+", " ");
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("pending ") || line.startsWith("open ")) {
                messages.add(line); // a change left pending on purpose, as the snapshot writes it
                continue;
            }
            String[] parts = line.split(" ", 3);
            List<String> sides = parts[0].equals("both") ? List.of("local", "remote") : List.of(parts[0]);
            for (String side : sides) {
                folders.add(side + " " + parts[1]);
                if (parts.length == 3) {
                    messages.add(side + " " + parts[1] + " " + parts[2]);
                }
            }
        }
        messages.addAll(folders);
        return messages.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return name;
    }

    static final class Builder {
        private final String name;
        private Set<Capability> capabilities = FakeMailServer.ALL;
        private AccountSettings settings = AccountSettings.DEFAULT;
        private Set<SyncKind> kinds = SyncKind.DIRECTIONS;
        private Setup base = w -> {};
        private Setup changes = w -> {};
        private Optional<JournalBefore> journal = Optional.empty();
        private Optional<During> during = Optional.empty();
        private Status status = Status.OK;
        private int passes = 1;
        private int conflicts;
        private Optional<String> reports = Optional.empty();

        private Builder(String name) {
            this.name = name;
        }

        Builder server(Set<Capability> c) {
            capabilities = c;
            return this;
        }

        Builder settings(AccountSettings s) {
            settings = s;
            return this;
        }

        Builder kinds(SyncKind first, SyncKind... rest) {
            kinds = EnumSet.of(first, rest);
            return this;
        }

        Builder base(Setup s) {
            base = s;
            return this;
        }

        Builder change(Setup s) {
            changes = s;
            return this;
        }

        Builder journal(IntentKind kind, StepProbe.Step step) {
            journal = Optional.of(new JournalBefore(kind, step));
            return this;
        }

        /** A second client's change during the sync, when the first intent of {@code kind} is journaled. */
        Builder during(IntentKind kind, Setup s) {
            during = Optional.of(new During(kind, s));
            return this;
        }

        /** The CONFLICT warnings the straight run reports (CONTRACT 4.6); 0 unless said. */
        Builder conflicts(int n) {
            conflicts = n;
            return this;
        }

        /** Some error of the straight run contains {@code text} (the server's own words, for example). */
        Builder reports(String text) {
            reports = Optional.of(text);
            return this;
        }

        Builder status(Status s) {
            status = s;
            return this;
        }

        /** The syncs it takes to settle: 2 when a download creates local work (a Recovered folder) to upload. */
        Builder passes(int n) {
            passes = n;
            return this;
        }

        Scenario expect(String table) {
            return new Scenario(
                    name,
                    capabilities,
                    settings,
                    kinds,
                    base,
                    changes,
                    journal,
                    during,
                    table.lines().toList(),
                    status,
                    passes,
                    conflicts,
                    reports);
        }
    }
}
