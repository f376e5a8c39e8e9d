package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.testing.FakeFault;
import org.backsync.testing.FakeMailServer;
import org.junit.jupiter.api.Test;

/** {@link ConnectionPool} over fake connections that say whether they are reusable, on a manual clock. */
class ConnectionPoolTest {
    private static final AccountId ACCOUNT = AccountId.of("a");
    private static final AccountId OTHER = AccountId.of("b");

    private final FakeMailServer server = new FakeMailServer();
    private final ManualClock clock = new ManualClock();
    private final List<Connection> opened = new ArrayList<>();
    private final AtomicInteger cap = new AtomicInteger(2);
    private final ConnectionPool testSubject = new ConnectionPool(this::connect, clock, a -> cap.get());

    /** A fake connection that is reusable until the test says the server dropped it, or until closed or aborted. */
    private static final class Connection extends ForwardingMailProvider {
        boolean droppedByServer;
        boolean closed;
        boolean aborted;
        int keptAlive;

        Connection(MailProvider inner) {
            super(inner);
        }

        @Override
        public boolean isReusable() {
            return !droppedByServer && !closed && !aborted;
        }

        @Override
        public void abort() {
            aborted = true;
            super.abort();
        }

        @Override
        public void keepAlive() throws SyncException {
            if (droppedByServer) {
                throw new SyncException(Status.NETWORK_ERROR, org.backsync.Scope.ACCOUNT, "NOOP: connection lost");
            }
            keptAlive++;
        }

        @Override
        public void close() {
            closed = true;
            super.close();
        }
    }

    private MailProvider connect(AccountId account) throws SyncException {
        Connection c = new Connection(server.factory().open(account));
        opened.add(c);
        return c;
    }

    @Test
    void connectionGivenBackAfterACleanSyncServesTheNextOne() throws Exception {
        MailProvider first = testSubject.open(ACCOUNT);
        first.listFolders();
        first.close();

        MailProvider second = testSubject.open(ACCOUNT);
        second.listFolders();

        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().closed).isFalse();
    }

    @Test
    void connectionIdleForTheLimitIsLoggedOutWithoutASyncToTakeIt() throws Exception {
        testSubject.open(ACCOUNT).close();
        clock.advance(ConnectionPool.IDLE_LIMIT.minusSeconds(1));
        testSubject.expire();
        assertThat(opened.getFirst().closed).as("closed before the limit").isFalse();

        clock.advance(java.time.Duration.ofSeconds(1));
        testSubject.expire();

        assertThat(opened.getFirst().closed).isTrue();
        assertThat(testSubject.idleCount(ACCOUNT)).isZero();
    }

    @Test
    void connectionIdleThroughTheDefaultFiveMinuteIntervalIsKeptAliveAndReused() throws Exception {
        testSubject.open(ACCOUNT).close();
        for (int minute = 1; minute <= 5; minute++) { // the engine sweeps every minute
            clock.advance(java.time.Duration.ofMinutes(1));
            testSubject.expire();
            testSubject.keepAlive();
        }

        testSubject.open(ACCOUNT).listFolders();

        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().keptAlive)
                .as("a NOOP every two minutes of silence")
                .isEqualTo(2);
    }

    @Test
    void connectionSilentForLessThanTheKeepAliveTimeGetsNoNoop() throws Exception {
        testSubject.open(ACCOUNT).close();
        clock.advance(ConnectionPool.KEEPALIVE_AFTER.minusSeconds(1));

        testSubject.keepAlive();

        assertThat(opened.getFirst().keptAlive).isZero();
    }

    @Test
    void connectionWhoseKeepAliveFailsIsClosedAndTheNextSyncConnectsAnew() throws Exception {
        testSubject.open(ACCOUNT).close();
        opened.getFirst().droppedByServer = true;
        clock.advance(ConnectionPool.KEEPALIVE_AFTER);

        testSubject.keepAlive();

        assertThat(testSubject.idleCount(ACCOUNT)).isZero();
        assertThat(opened.getFirst().aborted).isTrue();
        testSubject.open(ACCOUNT);
        assertThat(opened).hasSize(2);
    }

    @Test
    void keptAliveConnectionStillExpiresAtTheIdleLimit() throws Exception {
        testSubject.open(ACCOUNT).close();
        for (long s = 0; s < ConnectionPool.IDLE_LIMIT.toSeconds(); s += 60) {
            clock.advance(java.time.Duration.ofMinutes(1));
            testSubject.expire();
            testSubject.keepAlive();
        }

        assertThat(opened.getFirst().closed).isTrue();
        assertThat(testSubject.idleCount(ACCOUNT)).isZero();
    }

    @Test
    void expiredConnectionIsClosedAndANewOneOpenedInstead() throws Exception {
        testSubject.open(ACCOUNT).close();
        clock.advance(ConnectionPool.IDLE_LIMIT);

        testSubject.open(ACCOUNT);

        assertThat(opened).hasSize(2);
        assertThat(opened.getFirst().closed).isTrue();
    }

    @Test
    void abortedConnectionIsClosedNotKept() throws Exception {
        MailProvider p = testSubject.open(ACCOUNT);
        p.abort(); // what cancel() does to a running sync's connection

        p.close();
        testSubject.open(ACCOUNT);

        assertThat(opened).hasSize(2);
        assertThat(opened.getFirst().closed).isTrue();
        assertThat(testSubject.idleCount(ACCOUNT)).isZero();
    }

    @Test
    void connectionWhoseCallFailedWithALostConnectionIsNotKept() throws Exception {
        server.inject(FakeFault.on("LIST").nth(1).fail(Status.NETWORK_ERROR));
        MailProvider p = testSubject.open(ACCOUNT);
        assertThatThrownBy(p::listFolders).isInstanceOf(SyncException.class);

        p.close();

        assertThat(testSubject.idleCount(ACCOUNT)).isZero();
        assertThat(opened.getFirst().closed).isTrue();
    }

    @Test
    void folderRefusalLeavesTheConnectionReusable() throws Exception {
        MailProvider p = testSubject.open(ACCOUNT);
        assertThatThrownBy(() -> p.status(FolderPath.of("Missing")))
                .isInstanceOfSatisfying(
                        SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));

        p.close();

        assertThat(testSubject.idleCount(ACCOUNT)).isOne();
    }

    @Test
    void idleConnectionTheServerDroppedIsReplacedWhenTaken() throws Exception {
        testSubject.open(ACCOUNT).close();
        opened.getFirst().droppedByServer = true; // a BYE or an end of stream seen on the idle socket

        MailProvider p = testSubject.open(ACCOUNT);
        p.listFolders();

        assertThat(opened).hasSize(2);
        assertThat(opened.getFirst().aborted)
                .as("dropped connection closed without LOGOUT")
                .isTrue();
    }

    @Test
    void firstReadOfAReusedConnectionThatFailsIsRepeatedOnANewConnectionUnseen() throws Exception {
        server.createFolder(FolderPath.of("Work"));
        testSubject.open(ACCOUNT).close();
        server.inject(FakeFault.on("LIST").nth(1).fail(Status.NETWORK_ERROR)); // dropped silently while idle

        MailProvider p = testSubject.open(ACCOUNT);

        assertThat(p.listFolders()).extracting(f -> f.path()).contains(FolderPath.of("Work"));
        assertThat(opened).hasSize(2);
    }

    @Test
    void firstWriteOfAReusedConnectionThatFailsIsNotRepeated() throws Exception {
        testSubject.open(ACCOUNT).close();
        server.inject(FakeFault.on("APPEND").nth(1).fail(Status.NETWORK_ERROR));
        MailProvider p = testSubject.open(ACCOUNT);

        assertThatThrownBy(() -> p.append(
                        FolderPath.INBOX,
                        RawMessage.of("Subject: x\r\n\r\nx\r\n".getBytes()),
                        Flags.NONE,
                        Instant.EPOCH))
                .isInstanceOf(SyncException.class);

        assertThat(server.commands().stream().filter(c -> c.name().equals("APPEND")))
                .hasSize(1);
        assertThat(server.uids(FolderPath.INBOX)).isEmpty();
        assertThat(opened).hasSize(1);
    }

    @Test
    void closingThePoolLogsOutIdleConnectionsAndClosesOnesGivenBackLater() throws Exception {
        MailProvider inUse = testSubject.open(ACCOUNT);
        testSubject.open(ACCOUNT).close();

        testSubject.close();
        assertThat(opened.get(1).closed).as("idle one logged out").isTrue();
        inUse.close();

        assertThat(opened.get(0).closed).as("given back after close").isTrue();
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void atMostTheAccountsCapIsKeptIdle() throws Exception {
        cap.set(1);
        MailProvider a = testSubject.open(ACCOUNT);
        MailProvider b = testSubject.open(ACCOUNT);

        a.close();
        b.close();

        assertThat(testSubject.idleCount(ACCOUNT)).isOne();
        assertThat(opened.get(0).closed).as("the older one").isTrue();
        assertThat(opened.get(1).closed).isFalse();
    }

    @Test
    void connectionOfOneAccountIsNeverGivenToAnother() throws Exception {
        testSubject.open(ACCOUNT).close();

        testSubject.open(OTHER);

        assertThat(opened).hasSize(2);
        assertThat(testSubject.idleCount(ACCOUNT)).isOne();
    }

    @Test
    void clearLogsOutEveryIdleConnection() throws Exception {
        testSubject.open(ACCOUNT).close();
        testSubject.open(OTHER).close();

        testSubject.clear();

        assertThat(opened).allSatisfy(c -> assertThat(c.closed).isTrue());
    }
}
