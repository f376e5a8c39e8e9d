package org.backsync.testing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.backsync.testing.FaultPlan.Direction.CLIENT_TO_SERVER;
import static org.backsync.testing.FaultPlan.Direction.SERVER_TO_CLIENT;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultProxyTest {
    private LoopbackTarget target;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        target = new LoopbackTarget();
        proxy = FaultProxy.to(target.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        target.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(proxy.host(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        s.getOutputStream().flush();
    }

    private static byte[] readToEnd(Socket s) throws IOException {
        return s.getInputStream().readAllBytes();
    }

    @Test
    void passThroughForwardsBothWaysUnchanged() throws IOException {
        try (Socket s = connect()) {
            send(s, "hello proxy\nSEND 100000\n");

            byte[] echo = s.getInputStream().readNBytes(12);
            byte[] data = s.getInputStream().readNBytes(100_000);

            assertThat(new String(echo, US_ASCII)).isEqualTo("hello proxy\n");
            assertThat(data).isEqualTo(LoopbackTarget.pattern(100_000));
        }
        assertThat(proxy.clientLines()).containsExactly("hello proxy", "SEND 100000");
    }

    @Test
    void cutServerToClientDeliversExactlyTheOffsetThenEndOfStream() throws IOException {
        proxy.defaultPlan(FaultPlan.cut(SERVER_TO_CLIENT, 1_000));

        try (Socket s = connect()) {
            send(s, "SEND 50000\n");
            byte[] got = readToEnd(s);

            assertThat(got).isEqualTo(LoopbackTarget.pattern(1_000));
        }
        assertThat(proxy.connections())
                .singleElement()
                .satisfies(c -> assertThat(c.faultFired()).isTrue());
    }

    @Test
    void cutClientToServerDeliversExactlyTheOffsetToTheServer() throws Exception {
        proxy.defaultPlan(FaultPlan.cut(CLIENT_TO_SERVER, 500));
        byte[] sent = LoopbackTarget.pattern(4_000);

        try (Socket s = connect()) {
            s.getOutputStream().write(sent);
            s.getOutputStream().flush();
            readToEnd(s);
        }

        assertThat(target.received(0).get(5, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOf(sent, 500));
    }

    @Test
    void cutAtRandomOffsetDeliversThePlannedNumberOfBytes() throws IOException {
        FaultPlan plan = FaultPlan.cutAtRandom(SERVER_TO_CLIENT, 20_000, new SplittableRandom(42));
        proxy.defaultPlan(plan);

        try (Socket s = connect()) {
            send(s, "SEND 30000\n");

            assertThat(readToEnd(s)).hasSize((int) plan.offset());
        }
    }

    @Test
    void resetMakesTheClientSeeAConnectionReset() throws IOException {
        proxy.defaultPlan(FaultPlan.reset(SERVER_TO_CLIENT, 100));

        try (Socket s = connect()) {
            send(s, "SEND 100000\n");
            InputStream in = s.getInputStream();
            byte[] first = in.readNBytes(100);

            assertThat(first).isEqualTo(LoopbackTarget.pattern(100));
            assertThatThrownBy(() -> in.readNBytes(1)).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void stallKeepsTheConnectionOpenButDeliversNothingMore() throws IOException {
        proxy.defaultPlan(FaultPlan.stall(SERVER_TO_CLIENT, 64));

        try (Socket s = connect()) {
            send(s, "SEND 1000\n");
            s.setSoTimeout(300);
            InputStream in = s.getInputStream();

            assertThat(in.readNBytes(64)).isEqualTo(LoopbackTarget.pattern(64));
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.connections().getFirst().open()).isTrue();
        }
    }

    @Test
    void slowLimitsTheByteRate() throws IOException {
        proxy.defaultPlan(FaultPlan.slow(SERVER_TO_CLIENT, 10_000));

        try (Socket s = connect()) {
            send(s, "SEND 3000\n");
            long start = System.nanoTime();
            byte[] got = s.getInputStream().readNBytes(3_000);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(got).isEqualTo(LoopbackTarget.pattern(3_000));
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void garbageIsInsertedAtTheOffsetAndTheRestFollows() throws IOException {
        proxy.defaultPlan(FaultPlan.garbage(SERVER_TO_CLIENT, 5, "\0* BAD}\r\n".getBytes(US_ASCII)));

        try (Socket s = connect()) {
            send(s, "SEND 20\n");
            byte[] got = s.getInputStream().readNBytes(29);

            assertThat(new String(got, US_ASCII)).isEqualTo("abcde\0* BAD}\r\nfghijklmnopqrst");
        }
    }

    @Test
    void eachConnectionGetsItsOwnScriptedPlan() throws Exception {
        proxy.plan(2, FaultPlan.refuse());

        String first = roundTrip();
        try (Socket s = connect()) {
            assertThatThrownBy(() -> {
                        send(s, "ping\n");
                        if (s.getInputStream().read() < 0) {
                            throw new SocketException("closed");
                        }
                    })
                    .isInstanceOf(SocketException.class);
        }
        String third = roundTrip();

        assertThat(first).isEqualTo("ping\n");
        assertThat(third).isEqualTo("ping\n");
        assertThat(proxy.connectionCount()).isEqualTo(3);
        assertThat(target.accepted())
                .as("a refused connection never reaches the server")
                .isEqualTo(2);
    }

    private String roundTrip() throws IOException {
        try (Socket s = connect()) {
            send(s, "ping\n");
            return new String(s.getInputStream().readNBytes(5), US_ASCII);
        }
    }

    @Test
    void offsetCanCountFromAClientLine() throws IOException {
        proxy.defaultPlan(FaultPlan.cut(SERVER_TO_CLIENT, 10).afterClientLine("UID FETCH"));

        try (Socket s = connect()) {
            send(s, "SEND 30\n");
            byte[] before = s.getInputStream().readNBytes(30);
            send(s, "A2 UID FETCH 1:* FLAGS\nSEND 100\n");
            byte[] after = readToEnd(s);

            assertThat(before).isEqualTo(LoopbackTarget.pattern(30));
            assertThat(new String(after, US_ASCII)).isEqualTo("A2 UID FET");
        }
    }

    @Test
    void clientToServerCutAfterALineLandsInsideTheLiteral() throws Exception {
        proxy.defaultPlan(FaultPlan.cut(CLIENT_TO_SERVER, 4).afterClientLine("APPEND"));

        try (Socket s = connect()) {
            send(s, "A1 APPEND INBOX {11}\r\nhello world\r\n");
            readToEnd(s);
        }

        assertThat(new String(target.received(0).get(5, TimeUnit.SECONDS), US_ASCII))
                .isEqualTo("A1 APPEND INBOX {11}\r\nhell");
    }

    @Test
    void recordsImapCommandsAndSkipsLiteralData() throws IOException {
        try (Socket s = connect()) {
            send(s, "A1 LOGIN u p\r\nA2 APPEND INBOX {14}\r\nA9 NOT A CMD\r\nA3 UID FETCH 1 BODY.PEEK[]\r\n");
            s.getInputStream().readNBytes(14);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.clientLines().size() == 3);
        assertThat(proxy.imapCommands()).containsExactly("LOGIN", "APPEND", "UID FETCH");
        assertThat(new String(proxy.clientBytes(1), US_ASCII)).startsWith("A1 LOGIN u p\r\n");
    }

    @Test
    void cutAllClosesLiveConnectionsAndTheProxyKeepsAccepting() throws IOException {
        try (Socket s = connect()) {
            send(s, "ping\n");
            s.getInputStream().readNBytes(5);

            proxy.cutAll();

            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(roundTrip()).isEqualTo("ping\n");
    }

    @Test
    void closeEndsStalledConnectionsAndStopsListening() throws IOException {
        proxy.defaultPlan(FaultPlan.stall(SERVER_TO_CLIENT, 0));
        int port = proxy.port();
        try (Socket s = connect()) {
            send(s, "SEND 10\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connectionCount() == 1);

            proxy.close();

            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesANonLoopbackTarget() {
        assertThatThrownBy(() -> FaultProxy.to(new java.net.InetSocketAddress("192.0.2.1", 143)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }
}
