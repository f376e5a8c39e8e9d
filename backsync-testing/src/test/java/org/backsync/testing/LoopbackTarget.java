package org.backsync.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback server for proxy tests. Per connection it reads lines: {@code SEND n} makes it send {@code n} pattern
 * bytes ({@link #pattern}); any other line is echoed back. Everything a connection received is available, once the
 * client side closed, from {@link #received(int)}.
 */
final class LoopbackTarget implements AutoCloseable {
    private final ServerSocket listener;
    private final List<CompletableFuture<byte[]>> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    LoopbackTarget() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    int accepted() {
        return received.size();
    }

    /** What connection {@code index} (0 for the first) received; waits a few seconds for the accept. */
    CompletableFuture<byte[]> received(int index) {
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() > index);
        return received.get(index);
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private void acceptLoop() {
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            received.add(f);
            Thread.ofVirtual().start(() -> serve(s, f));
        }
    }

    private static void serve(Socket s, CompletableFuture<byte[]> result) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                all.write(b);
                line.write(b);
                if (b == '\n') {
                    answer(line.toString(StandardCharsets.US_ASCII).strip(), line.toByteArray(), out);
                    line.reset();
                }
            }
        } catch (IOException e) {
            // a cut or reset connection: what arrived so far is the result
        }
        result.complete(all.toByteArray());
    }

    private static void answer(String text, byte[] raw, OutputStream out) throws IOException {
        if (text.startsWith("SEND ")) {
            out.write(pattern(Integer.parseInt(text.substring(5))));
        } else {
            out.write(raw);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
