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
 * The scenario table of {@link SyncScenarioTest}, unchanged, against a private Dovecot through the real IMAP provider:
 * each row runs straight and then once more changing nothing, and after each the whole mirror is compared (folders,
 * and per folder every message's SHA-256 and flags, server against store). The upload and conflict rows run in {@link
 * UploadScenarioDovecotIT}, so that each class stays under a minute. The server's capabilities are Dovecot's
 * own (CONDSTORE, QRESYNC, UIDPLUS, MOVE); rows written for a plain server check that the result does not depend on
 * them. With {@code -Dbacksync.scenarios.long=true} every row also runs with the journal replayed and with a crash at
 * every journal step, the four ways of the fake (about two minutes here; 114 runs, all held on 2026-11-23).
 */
class SyncScenarioDovecotIT {
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
    Stream<DynamicContainer> everyScenarioHoldsAgainstDovecotWithTheWholeMirrorCompared() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(SyncScenarios.contents());
        all.addAll(SyncScenarios.hierarchy());
        all.addAll(SyncScenarios.special());
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        return ScenarioRunner.onRealServer(all, DovecotRemote.worlds(dovecot, proxy));
    }
}
