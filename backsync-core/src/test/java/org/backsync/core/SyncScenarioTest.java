package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The scenario table (isync's run-tests.pl): each row runs four ways on the shared fakes; see {@link ScenarioRunner}.
 * Flags are written as IMAP lists; "both" means the local store and the server agree.
 */
class SyncScenarioTest {
    static final String SEEN = "\\Seen";
    static final String FLAGGED = "\\Flagged";

    @TestFactory
    Stream<DynamicContainer> everyScenarioHoldsStraightReplayedAgainAndAfterACrashAtEveryJournalStep() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(SyncScenarios.contents());
        all.addAll(SyncScenarios.hierarchy());
        all.addAll(SyncScenarios.special());
        all.addAll(UploadScenarios.withoutMove());
        all.addAll(UploadScenarios.uploads());
        all.addAll(UploadScenarios.conflicts());
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        return all.stream().map(s -> {
            ScenarioRunner r = new ScenarioRunner(s);
            return DynamicContainer.dynamicContainer(
                    s.name(),
                    Stream.of(
                            DynamicTest.dynamicTest("straight", r::straight),
                            DynamicTest.dynamicTest("with the journal replayed", r::journalReplayed),
                            DynamicTest.dynamicTest("again, changing nothing", r::againChangingNothing),
                            DynamicTest.dynamicTest("crash at every journal step, then resume", r::crashAtEveryStep)));
        });
    }

    @TestFactory
    Stream<DynamicTest> theHarnessNoticesAWrongAfterTable() {
        Scenario wrong = Scenario.named("a new server message is expected but not delivered")
                .base(w -> w.deliver("INBOX", "<a@x>"))
                .expect("""
                        both INBOX <a@x> ()
                        both INBOX <never@x> ()
                        """);
        return Stream.of(DynamicTest.dynamicTest("straight fails", () -> {
            ScenarioRunner r = new ScenarioRunner(wrong);
            org.assertj.core.api.Assertions.assertThatThrownBy(r::straight).isInstanceOf(AssertionError.class);
        }));
    }
}
