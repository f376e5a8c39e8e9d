package org.backsync.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.backsync.AccountId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: a lease held by a process that was killed is handed on at once, and only then. */
class SqliteLeaseTakeoverTest {
    private static final AccountId ACCOUNT = AccountId.of("lease");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATER = NOW.plus(Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private SqliteMessageStore store;

    @BeforeEach
    void open() throws Exception {
        store = SqliteMessageStore.open(dir.resolve("store"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private boolean take(String owner) throws Exception {
        return store.write(tx -> tx.tryLease(ACCOUNT, owner, NOW, LATER));
    }

    private static String boot() {
        return LeaseHolders.bootId().orElseThrow();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    @Test
    void aLeaseOfAProcessThatIsGoneIsTakenOverAtOnce() throws Exception {
        assumeTrue(LeaseHolders.bootId().isPresent(), "needs Linux boot_id");
        assertThat(take("engine-pid" + deadPid() + "-boot" + boot() + "-" + UUID.randomUUID()))
                .isTrue();

        assertThat(take("engine-pid1-boot" + boot() + "-" + UUID.randomUUID())).isTrue();
    }

    @Test
    void aLeaseOfALiveProcessIsNotTakenOver() throws Exception {
        assumeTrue(LeaseHolders.bootId().isPresent(), "needs Linux boot_id");
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertThat(take("engine-pid" + parent + "-boot" + boot() + "-" + UUID.randomUUID()))
                .isTrue();

        assertThat(take("engine-pid1-boot" + boot() + "-" + UUID.randomUUID())).isFalse();
    }

    @Test
    void aLeaseFromAnotherBootOrWithoutAPidWaitsForItsTerm() throws Exception {
        assertThat(take("engine-pid" + deadPid() + "-boot00000000-0000-0000-0000-000000000000-old"))
                .isTrue();
        assertThat(take("engine-some-other-process")).isFalse();
    }
}
