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
 * <p>Round trips are counted as the client's waits: a command sent while none of its connection's earlier commands is
 * still unanswered (no tagged response yet) means the client waited for the server, so it starts a round trip; a
 * command sent while others are outstanding is pipelined and rides on the same trip (the provider pipelines STATUS).
 * For a client that never pipelines this equals the number of commands. The server's lines are parsed only for their
 * tags (literal bytes skipped); each is parsed before it is forwarded, so the client can never see an answer before it
 * is counted.
 */
final class WireCounter implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Map<String, LongAdder> verbs = new ConcurrentHashMap<>();
    private final LongAdder literalWaits = new LongAdder();
    private final LongAdder commandWaits = new LongAdder();
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
        return new Snapshot(
                byVerb, literalWaits.sum(), commandWaits.sum(), toServer.sum(), toClient.sum(), connections.get());
    }

    /** Counts at one moment; {@link #minus} gives what happened between two. */
    record Snapshot(
            Map<String, Long> verbs,
            long literalWaits,
            long commandWaits,
            long bytesToServer,
            long bytesToClient,
            long conns) {
        long commands() {
            return verbs.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Times the client waited for the server: commands not pipelined behind others, plus literal waits. */
        long roundTrips() {
            return commandWaits + literalWaits;
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
                    commandWaits - before.commandWaits,
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
                AtomicLong outstanding = new AtomicLong();
                Thread.ofVirtual().start(() -> pump(server, client, toClient, new LineParser(outstanding, false)));
                Thread.ofVirtual().start(() -> pump(client, server, toServer, new LineParser(outstanding, true)));
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    private void pump(Socket from, Socket to, LongAdder bytes, LineParser parser) {
        byte[] buf = new byte[1 << 16];
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                parser.feed(buf, n);
                out.write(buf, 0, n);
                bytes.add(n);
            }
        } catch (IOException e) {
            // the other side hung up: both sockets are closed by the try block
        }
    }

    /**
     * Splits one direction's byte stream into lines, skipping literal bytes: the client's into commands, the server's
     * into responses, of which only the tagged ones matter (they end a command). Confined to one pump thread; the
     * count of unanswered commands is shared by the connection's two parsers.
     */
    private final class LineParser {
        private final StringBuilder line = new StringBuilder();
        /** The line's last characters, where a literal's {n} is. */
        private final StringBuilder tail = new StringBuilder();

        private final AtomicLong outstanding;
        private final boolean client;
        private long literalLeft;
        private boolean continuation;

        LineParser(AtomicLong outstanding, boolean client) {
            this.outstanding = outstanding;
            this.client = client;
        }

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
                } else if (b != '\r') {
                    if (line.length() < 200) {
                        line.append((char) (b & 0xff));
                    }
                    tail.append((char) (b & 0xff));
                    if (tail.length() > 64) {
                        tail.delete(0, tail.length() - 32);
                    }
                }
            }
        }

        private void endOfLine() {
            String text = line.toString();
            String end = tail.toString();
            line.setLength(0);
            tail.setLength(0);
            if (!continuation && !text.isEmpty()) {
                if (client) {
                    command(text, outstanding);
                } else if (text.charAt(0) != '*' && text.charAt(0) != '+') {
                    outstanding.updateAndGet(n -> Math.max(0, n - 1)); // a tagged response ends one command
                }
            }
            continuation = false;
            int open = end.lastIndexOf('{');
            if (end.endsWith("}") && open >= 0) {
                String size = end.substring(open + 1, end.length() - 1);
                boolean nonSync = size.endsWith("+");
                try {
                    literalLeft = Long.parseLong(nonSync ? size.substring(0, size.length() - 1) : size);
                    continuation = true;
                    if (!nonSync && client) {
                        literalWaits.increment();
                    }
                } catch (NumberFormatException e) {
                    // "{...}" inside a quoted string, not a literal
                }
            }
        }
    }

    /** Counts one client line: its verb, and a wait when nothing else of its connection is outstanding. */
    private void command(String text, AtomicLong outstanding) {
        if (text.equalsIgnoreCase("DONE")) {
            return; // ends an IDLE: its tagged response follows
        }
        String verb = verbOf(text);
        verbs.computeIfAbsent(verb, v -> new LongAdder()).increment();
        if (verb.equals("?")) {
            return; // a SASL continuation line, not a command: no tagged response of its own
        }
        if (outstanding.getAndIncrement() == 0) {
            commandWaits.increment();
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
