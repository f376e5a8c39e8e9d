package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.backsync.Status;
import org.backsync.SyncResult;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultPlan;
import org.backsync.testing.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A move on a Dovecot that does not advertise MOVE (its capability list set without it), so the engine takes the
 * fallback of CONTRACT 5.4 as two journaled steps (ADR 0008): {@code UID COPY}, then STORE {@code \Deleted} and {@code
 * UID EXPUNGE} of the source UID. The rows of {@link UploadScenarios#withoutMove()} run straight, again, and with a crash
 * at every journal step, including the one between the copy and the expunge; a reply to the COPY lost on the wire is
 * resolved by a search in the target before anything is copied again. After each, no message is lost or doubled (by
 * Message-ID and SHA-256) and the whole mirror agrees. The conflict rows run here too, straight and again: another
 * client moving or expunging the message during our COPY.
 */
class MoveWithoutMoveDovecotIT {
    /** Dovecot 2.3's own list, without MOVE. */
    private static final String CAPABILITIES_WITHOUT_MOVE = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT"
            + " SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE"
            + " UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES"
            + " WITHIN CONTEXT=SEARCH LIST-STATUS BINARY SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE"
            + " LITERAL+ NOTIFY SPECIAL-USE";

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer()
            .withConfig(conf -> DovecotRemote.specialUseOnDemand(conf)
                    .replace("protocol imap {", "protocol imap {\n  imap_capability = " + CAPABILITIES_WITHOUT_MOVE));

    private static FaultProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = FaultProxy.to(dovecot.port());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static final ScenarioRunner.Worlds ON_DOVECOT =
            s -> new ScenarioWorld(new DovecotRemote(dovecot, proxy).reset(), s.settings());

    @TestFactory
    Stream<DynamicContainer> aMoveWithoutMoveIsExactStraightAgainAndAfterACrashAtEveryJournalStep() {
        List<Scenario> rows = UploadScenarios.withoutMove();
        return rows.stream().map(s -> {
            ScenarioRunner r = new ScenarioRunner(s, ON_DOVECOT);
            return DynamicContainer.dynamicContainer(
                    s.name(),
                    Stream.of(
                            DynamicTest.dynamicTest("straight, then again", r::straightThenAgain),
                            DynamicTest.dynamicTest(
                                    "crash at every journal step, then resume",
                                    () -> assertThat(r.crashAtEveryStep())
                                            .as("journal steps after the row's own crash")
                                            .isPositive())));
        });
    }

    @TestFactory
    Stream<DynamicTest> theConflictRowsHoldOnTheFallbackToo() {
        return UploadScenarios.conflicts().stream()
                .map(s -> DynamicTest.dynamicTest(s.name(), new ScenarioRunner(s, ON_DOVECOT)::straightThenAgain));
    }

    @Test
    void theServerReallyHasNoMoveSoTheEngineCopiesAndExpungesExactlyTheMovedUid() throws Exception {
        Scenario s = UploadScenarios.withoutMove().getFirst();
        ScenarioWorld w = new ScenarioRunner(s, ON_DOVECOT).prepared();
        int before = w.remote.commandNames().size();

        SyncResult r = w.sync(s.request());

        List<String> sent =
                w.remote.commandNames().subList(before, w.remote.commandNames().size());
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(sent).doesNotContain("MOVE").containsOnlyOnce("COPY").contains("EXPUNGE");
        assertThat(w.snapshot()).containsExactlyElementsOf(s.expected());
    }

    @Test
    void aLostReplyToTheCopyIsResolvedInTheTargetAndTheMessageIsCopiedOnce() throws Exception {
        Scenario s = UploadScenarios.withoutMove().getFirst();
        ScenarioWorld w = new ScenarioRunner(s, ON_DOVECOT).prepared();
        int before = w.remote.commandNames().size();
        proxy.defaultPlan(FaultPlan.cut(FaultPlan.Direction.SERVER_TO_CLIENT, 0).afterClientLine(" UID COPY "));
        SyncResult r;
        try {
            r = w.sync(s.request());
        } finally {
            proxy.defaultPlan(FaultPlan.pass());
        }

        List<String> sent =
                w.remote.commandNames().subList(before, w.remote.commandNames().size());
        assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(Status.OK);
        assertThat(proxy.anyFaultFired()).as("the reply to the COPY was cut").isTrue();
        assertThat(sent).as("commands after the cut").containsOnlyOnce("COPY");
        assertThat(w.snapshot()).containsExactlyElementsOf(s.expected());
        new ScenarioRunner(s, ON_DOVECOT).assertMirror(w);
    }
}
