package org.backsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WireCounterTest {
    @Test
    void countsCommandsByVerbAndSkipsLiteralBytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicLong received = new AtomicLong();
            Thread.ofVirtual().start(() -> drain(server, received));
            String script = "a1 LOGIN bench secret\r\n"
                    + "a2 APPEND INBOX (\\Seen) {12}\r\nline\r\na3 X\r\n\r\n"
                    + "a4 APPEND INBOX {3+}\r\nabc\r\n"
                    + "a5 uid fetch 1:* (FLAGS)\r\n"
                    + "a6 IDLE\r\nDONE\r\n";
            byte[] bytes = script.getBytes(StandardCharsets.US_ASCII);

            try (WireCounter testSubject =
                            new WireCounter(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), testSubject.port())) {
                OutputStream out = client.getOutputStream();
                out.write(bytes);
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == bytes.length);
                WireCounter.Snapshot counts = testSubject.snapshot();

                assertThat(counts.verbs()).isEqualTo(Map.of("LOGIN", 1L, "APPEND", 2L, "UID FETCH", 1L, "IDLE", 1L));
                assertThat(counts.literalWaits()).isEqualTo(1);
                assertThat(counts.commands()).isEqualTo(5);
                // the server never answered: every command after the first was sent without waiting
                assertThat(counts.roundTrips()).isEqualTo(2);
                assertThat(counts.bytesToServer()).isEqualTo(bytes.length);
            }
        }
    }

    @Test
    void snapshotDifferenceKeepsOnlyWhatChanged() {
        WireCounter.Snapshot before = new WireCounter.Snapshot(Map.of("STATUS", 20L, "LOGIN", 1L), 0, 21, 100, 1000, 1);
        WireCounter.Snapshot after =
                new WireCounter.Snapshot(Map.of("STATUS", 40L, "LOGIN", 1L, "SELECT", 2L), 1, 43, 300, 5000, 1);

        WireCounter.Snapshot delta = after.minus(before);

        assertThat(delta.verbs()).isEqualTo(Map.of("STATUS", 20L, "SELECT", 2L));
        assertThat(delta.roundTrips()).isEqualTo(23);
        assertThat(delta.bytesToClient()).isEqualTo(4000);
    }

    @Test
    void pipelinedCommandsShareOneRoundTripAndSequentialOnesTakeOneEach() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerEachCommand(server));
            try (WireCounter testSubject =
                            new WireCounter(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
                    Socket client = new Socket(InetAddress.getLoopbackAddress(), testSubject.port())) {
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream();
                for (int i = 1; i <= 3; i++) {
                    send(out, "s" + i + " NOOP\r\n");
                    awaitTagged(in, "s" + i);
                }
                StringBuilder burst = new StringBuilder();
                for (int i = 1; i <= 5; i++) {
                    burst.append("p").append(i).append(" STATUS F").append(i).append(" (MESSAGES)\r\n");
                }
                send(out, burst.toString());
                awaitTagged(in, "p5");

                WireCounter.Snapshot counts = testSubject.snapshot();

                assertThat(counts.commands()).isEqualTo(8);
                assertThat(counts.roundTrips()).isEqualTo(4);
            }
        }
    }

    /** Answers each command with a FETCH whose literal holds a line that looks tagged, then the real tagged OK. */
    private static void answerEachCommand(ServerSocket server) {
        try (Socket s = server.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                String tag = line.split(" ", 2)[0];
                send(out, "* 1 FETCH (BODY[] {12}\r\na9 OK fake\r\n)\r\n" + tag + " OK done\r\n");
            }
        } catch (IOException e) {
            // the relay closed the connection: the test is over
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void awaitTagged(BufferedReader in, String tag) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(tag + " ")) {
                return;
            }
        }
        throw new IOException("connection closed before " + tag + " was answered");
    }

    private static void drain(ServerSocket server, AtomicLong received) {
        try (Socket s = server.accept();
                InputStream in = s.getInputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // the relay closed the connection: the test is over
        }
    }
}
