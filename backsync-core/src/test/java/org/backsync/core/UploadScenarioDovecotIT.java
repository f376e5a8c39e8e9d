package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The upload and conflict rows of the scenario table ({@link UploadScenarios#uploads()}, {@link
 * UploadScenarios#conflicts()}) against a private Dovecot, as {@link SyncScenarioDovecotIT} runs the others: keywords,
 * drafts, renames with children, special folders refused, a name the server rejects (reported with Dovecot's own text,
 * the change kept pending). In the conflict rows a second client ({@code doveadm}) changes the same messages before
 * the sync or during it, between our journal write and our command (a conditional STORE then meets a MODIFIED, a MOVE
 * meets a message already gone); each outcome follows the rule of ADR 0008 and each conflict is reported with its
 * folder. With {@code -Dbacksync.scenarios.long=true} the rows also run with the journal replayed and with a crash at
 * every journal step (48 runs, all held on 2026-11-23).
 */
class UploadScenarioDovecotIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer().withConfig(DovecotRemote::specialUseOnDemand);

    private static FaultProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = FaultProxy.to(dovecot.port());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @TestFactory
    Stream<DynamicContainer> everyUploadAndConflictScenarioHoldsAgainstDovecotWithTheWholeMirrorCompared() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(UploadScenarios.uploads());
        all.addAll(UploadScenarios.conflicts());
        assertThat(all).hasSizeGreaterThanOrEqualTo(15);
        return ScenarioRunner.onRealServer(all, DovecotRemote.worlds(dovecot, proxy));
    }
}
