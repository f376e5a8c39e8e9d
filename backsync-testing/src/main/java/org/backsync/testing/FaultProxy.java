package org.backsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A loopback TCP proxy that breaks connections on purpose: pass-through, cut, reset, stall, slow, or inject garbage,
 * at a chosen byte offset in either direction (see {@link FaultPlan}). Each accepted connection gets the plan set for
 * its number (the first connection is number 1), else the default plan. The proxy records what clients send, so a
 * test can assert which commands reached the server ({@link #clientLines()}, {@link #imapCommands()}).
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} live connections (more are refused), {@value #MAX_LINES} recorded lines
 * and {@link ProxyLink#MAX_RECORDED_BYTES} recorded bytes per connection. {@link #close()} closes the listener and
 * every connection and waits (bounded) for the proxy's threads. Threads are virtual; no lock is held during I/O.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(imapPort)) {
 *     proxy.plan(1, FaultPlan.cut(SERVER_TO_CLIENT, 300).afterClientLine("UID FETCH"));
 *     ... connect the client to proxy.port() ...
 *     assertThat(proxy.imapCommands()).contains("UID FETCH");
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_LINES = 20_000;
    private static final long CLOSE_WAIT_MS = 5_000;

    /** A snapshot of one connection: its number, plan, bytes each way, whether the fault fired, whether open. */
    public record Connection(
            int index, FaultPlan plan, long bytesToServer, long bytesToClient, boolean faultFired, boolean open) {}

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final ThreadFactory threads =
            Thread.ofVirtual().name("fault-proxy-", 0).factory();
    private final Map<Integer, FaultPlan> plans = new ConcurrentHashMap<>();
    private final List<ProxyLink> links = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Thread> workers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lineCount = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;
    private volatile IntFunction<FaultPlan> defaultPlan = n -> FaultPlan.pass();

    private FaultProxy(InetSocketAddress target) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("FaultProxy forwards to loopback only, not " + target);
        }
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = start(this::acceptLoop);
    }

    /** A proxy on a free loopback port forwarding to {@code 127.0.0.1:targetPort}. */
    public static FaultProxy to(int targetPort) {
        return to(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    /** A proxy on a free loopback port forwarding to {@code target}, which must be a loopback address. */
    public static FaultProxy to(InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback listener for the fault proxy", e);
        }
    }

    /** The port clients connect to, on {@code 127.0.0.1}. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The loopback host clients connect to. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** Gives connection number {@code n} (1 for the first one accepted) the plan {@code plan}. */
    public FaultProxy plan(int n, FaultPlan plan) {
        if (n < 1) {
            throw new IllegalArgumentException("connection numbers start at 1: " + n);
        }
        plans.put(n, Objects.requireNonNull(plan, "plan"));
        return this;
    }

    /** The plan of every connection without its own plan; pass-through unless set. */
    public FaultProxy defaultPlan(FaultPlan plan) {
        Objects.requireNonNull(plan, "plan");
        this.defaultPlan = n -> plan;
        return this;
    }

    /** Chooses the plan of every connection without its own plan from its number: a script over connections. */
    public FaultProxy script(IntFunction<FaultPlan> planForConnection) {
        this.defaultPlan = Objects.requireNonNull(planForConnection, "planForConnection");
        return this;
    }

    /** How many connections were accepted so far, refused ones included. */
    public int connectionCount() {
        return accepted.get();
    }

    /** Snapshots of every connection so far, in accept order. */
    public List<Connection> connections() {
        return links.stream().map(ProxyLink::snapshot).toList();
    }

    /** True if the fault of any connection has fired. */
    public boolean anyFaultFired() {
        return connections().stream().anyMatch(Connection::faultFired);
    }

    /** The bytes connection {@code n} sent towards the server (up to the recording bound). */
    public byte[] clientBytes(int n) {
        if (n < 1 || n > links.size()) {
            throw new IllegalArgumentException("no connection " + n + " (have " + links.size() + ")");
        }
        return links.get(n - 1).recordedBytes();
    }

    /** Every line clients sent, all connections, in arrival order; IMAP literal data is skipped. */
    public List<String> clientLines() {
        return List.copyOf(lines);
    }

    /**
     * The IMAP command names clients sent, upper case and in order, {@code UID} joined to its command: for example
     * {@code [CAPABILITY, LOGIN, SELECT, UID FETCH, LOGOUT]}. Lines that are not tagged commands are left out.
     */
    public List<String> imapCommands() {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] w = line.trim().split(" +");
            if (w.length < 2 || w[0].isEmpty() || w[0].equals("+") || w[0].equals("*")) {
                continue;
            }
            String cmd = w[1].toUpperCase(Locale.ROOT);
            if (cmd.equals("UID") && w.length > 2) {
                cmd = "UID " + w[2].toUpperCase(Locale.ROOT);
            }
            out.add(cmd);
        }
        return out;
    }

    /** Closes every live connection now with a FIN, as a server restart would; the proxy keeps accepting. */
    public void cutAll() {
        links.forEach(l -> l.close(false));
    }

    /** Resets every live connection now (RST); the proxy keeps accepting. */
    public void resetAll() {
        links.forEach(l -> l.close(true));
    }

    /** Forgets recorded lines, so a test can look at one phase only. */
    public void clearRecording() {
        lines.clear();
        lineCount.set(0);
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            int n = accepted.incrementAndGet();
            long live = links.stream().filter(l -> l.snapshot().open()).count();
            FaultPlan plan = live >= MAX_CONNECTIONS ? FaultPlan.refuse() : planFor(n);
            ProxyLink link = new ProxyLink(n, client, plan, this::recordLine);
            links.add(link);
            workers.add(start(() -> link.run(target, threads)));
            if (closed.get()) {
                link.close(false);
            }
        }
    }

    private Thread start(Runnable r) {
        Thread t = threads.newThread(r);
        t.start();
        return t;
    }

    private FaultPlan planFor(int n) {
        FaultPlan p = plans.get(n);
        return p != null ? p : Objects.requireNonNull(defaultPlan.apply(n), "script returned no plan");
    }

    private void recordLine(String line) {
        if (lineCount.incrementAndGet() <= MAX_LINES) {
            lines.add(line);
        }
    }

    /** Stops accepting, closes every connection and waits up to a few seconds for the proxy's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            // the listener is unusable either way
        }
        links.forEach(l -> l.close(false));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MS);
        join(acceptor, deadline);
        for (Thread t : workers) {
            join(t, deadline);
        }
    }

    private static void join(Thread t, long deadlineNanos) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        try {
            t.join(Math.max(1, left));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + target + ", " + accepted.get() + " connections]";
    }
}
