package org.backsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback TCP relay in front of the IMAP server that counts what crosses it: commands by verb, bytes each way and
 * connections. The engine is pointed at {@link #port()} instead of the server, so the count does not depend on what a
 * provider chooses to expose.
 *
 * <p>Client-to-server bytes are parsed as IMAP commands (RFC 9051 §2.2.1): a command is one line, possibly continued
 * after literals ({@code {n}} or {@code {n+}}); the literal bytes are skipped, not parsed. A line {@code DONE} ends an
 * IDLE and is not a command. A synchronizing literal ({@code {n}} without {@code +}) costs the client one more round
 * trip (it waits for the server's {@code +}), so it is counted as one. Server-to-client bytes are only counted.
 *
 * <p>Angus Mail does not pipeline, so commands plus synchronizing literals is the number of round trips.
 */
final class WireCounter implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Map<String, LongAdder> verbs = new ConcurrentHashMap<>();
    private final LongAdder literalWaits = new LongAdder();
    private final LongAdder toServer = new LongAdder();
    private final LongAdder toClient = new LongAdder();
    private final AtomicLong connections = new AtomicLong();

    WireCounter(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("wire-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** A copy of the counts so far. */
    Snapshot snapshot() {
        Map<String, Long> byVerb = new TreeMap<>();
        verbs.forEach((verb, n) -> byVerb.put(verb, n.sum()));
        return new Snapshot(byVerb, literalWaits.sum(), toServer.sum(), toClient.sum(), connections.get());
    }

    /** Counts at one moment; {@link #minus} gives what happened between two. */
    record Snapshot(Map<String, Long> verbs, long literalWaits, long bytesToServer, long bytesToClient, long conns) {
        long commands() {
            return verbs.values().stream().mapToLong(Long::longValue).sum();
        }

        long roundTrips() {
            return commands() + literalWaits;
        }

        Snapshot minus(Snapshot before) {
            Map<String, Long> diff = new TreeMap<>();
            verbs.forEach((verb, n) -> {
                long d = n - before.verbs.getOrDefault(verb, 0L);
                if (d != 0) {
                    diff.put(verb, d);
                }
            });
            return new Snapshot(
                    diff,
                    literalWaits - before.literalWaits,
                    bytesToServer - before.bytesToServer,
                    bytesToClient - before.bytesToClient,
                    conns - before.conns);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing a listening socket: nothing left to release
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> pump(server, client, toClient, null));
                Thread.ofVirtual().start(() -> pump(client, server, toServer, new CommandParser()));
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    private void pump(Socket from, Socket to, LongAdder bytes, CommandParser parser) {
        byte[] buf = new byte[1 << 16];
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (parser != null) {
                    parser.feed(buf, n);
                }
                out.write(buf, 0, n);
                bytes.add(n);
            }
        } catch (IOException e) {
            // the other side hung up: both sockets are closed by the try block
        }
    }

    /** Splits the client's byte stream into commands, skipping literal bytes. Confined to one pump thread. */
    private final class CommandParser {
        private final StringBuilder line = new StringBuilder();
        private long literalLeft;
        private boolean continuation;

        void feed(byte[] buf, int n) {
            int i = 0;
            while (i < n) {
                if (literalLeft > 0) {
                    int skip = (int) Math.min(literalLeft, n - i);
                    literalLeft -= skip;
                    i += skip;
                    continue;
                }
                byte b = buf[i++];
                if (b == '\n') {
                    endOfLine();
                } else if (b != '\r' && line.length() < 200) {
                    line.append((char) (b & 0xff));
                }
            }
        }

        private void endOfLine() {
            String text = line.toString();
            line.setLength(0);
            if (!continuation && !text.equalsIgnoreCase("DONE") && !text.isEmpty()) {
                verbs.computeIfAbsent(verbOf(text), v -> new LongAdder()).increment();
            }
            continuation = false;
            int open = text.lastIndexOf('{');
            if (text.endsWith("}") && open >= 0) {
                String size = text.substring(open + 1, text.length() - 1);
                boolean nonSync = size.endsWith("+");
                try {
                    literalLeft = Long.parseLong(nonSync ? size.substring(0, size.length() - 1) : size);
                    continuation = true;
                    if (!nonSync) {
                        literalWaits.increment();
                    }
                } catch (NumberFormatException e) {
                    // "{...}" inside a quoted string, not a literal
                }
            }
        }
    }

    /** "a12 UID FETCH 1:* (FLAGS)" gives "UID FETCH"; "a3 SELECT INBOX" gives "SELECT". */
    static String verbOf(String commandLine) {
        String[] words = commandLine.split(" ", 4);
        if (words.length < 2) {
            return "?";
        }
        String verb = words[1].toUpperCase(Locale.ROOT);
        if (verb.equals("UID") && words.length > 2) {
            verb = "UID " + words[2].toUpperCase(Locale.ROOT);
        }
        return verb;
    }
}
