package org.backsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.backsync.testing.FaultPlan.Action;
import org.backsync.testing.FaultPlan.Direction;
import org.jspecify.annotations.Nullable;

/**
 * One proxied connection: two pump threads (client to server, server to client) and the fault of its {@link
 * FaultPlan}. States: connecting, then pumping, then closed; a fault that fires either closes the link (cut, reset) or
 * changes how one direction forwards (stall, slow, garbage). The fault's byte counter is touched only by the pump of
 * the fault's direction; {@code armed} is set by the client pump when a trigger line passes.
 */
final class ProxyLink {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int MAX_RECORDED_BYTES = 4 << 20;

    private final int index;
    private final Socket client;
    private final FaultPlan plan;
    private final Consumer<String> lineSink;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicBoolean armed;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger halfClosed = new AtomicInteger();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final ReentrantLock recordLock = new ReentrantLock();
    // guarded by recordLock
    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private volatile @Nullable Socket server;
    // touched only by the pump of plan.direction()
    private long counted;

    ProxyLink(int index, Socket client, FaultPlan plan, Consumer<String> lineSink) {
        this.index = index;
        this.client = client;
        this.plan = plan;
        this.lineSink = lineSink;
        this.armed = new AtomicBoolean(plan.trigger().isEmpty());
    }

    /** Connects to {@code target} and pumps both directions; returns when the client-to-server pump ends. */
    void run(InetSocketAddress target, ThreadFactory threads) {
        if (plan.refusesAtAccept()) {
            fired.set(true);
            close(plan.action() == Action.RESET);
            return;
        }
        Socket s = new Socket();
        try {
            s.connect(target, CONNECT_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(s);
            close(true);
            return;
        }
        server = s;
        if (closed.get()) {
            closeQuietly(s);
            return;
        }
        Thread downPump = threads.newThread(() -> pump(Direction.SERVER_TO_CLIENT, s, client));
        downPump.start();
        pump(Direction.CLIENT_TO_SERVER, client, s);
        try {
            downPump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Direction dir, Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        ClientLineRecorder lines = new ClientLineRecorder(lineSink);
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (!closed.get()) {
                int n = in.read(buf);
                if (n < 0) {
                    halfClose(to);
                    return;
                }
                (dir == Direction.CLIENT_TO_SERVER ? up : down).addAndGet(n);
                int countFrom = armed.get() ? 0 : n;
                if (dir == Direction.CLIENT_TO_SERVER) {
                    record(buf, n);
                    int[] armAt = {countFrom};
                    lines.feed(buf, 0, n, (line, after) -> {
                        if (!armed.get()
                                && plan.trigger().orElseThrow().matcher(line).find()) {
                            armed.set(true);
                            armAt[0] = after;
                        }
                    });
                    countFrom = armAt[0];
                }
                if (!forward(dir, out, buf, n, countFrom)) {
                    return;
                }
            }
        } catch (IOException e) {
            close(false);
        }
    }

    /** Forwards one chunk and applies the fault; false when this direction must stop. */
    private boolean forward(Direction dir, OutputStream out, byte[] buf, int n, int countFrom) throws IOException {
        if (dir != plan.direction() || plan.action() == Action.PASS) {
            out.write(buf, 0, n);
            return true;
        }
        if (fired.get()) {
            return afterFault(out, buf, 0, n);
        }
        int start = Math.min(countFrom, n);
        out.write(buf, 0, start);
        if (!armed.get()) {
            out.write(buf, start, n - start);
            return true;
        }
        int passNow = (int) Math.min(plan.offset() - counted, n - start);
        out.write(buf, start, passNow);
        counted += passNow;
        if (counted < plan.offset()) {
            return true;
        }
        out.flush();
        return fire(out) && afterFault(out, buf, start + passNow, n - start - passNow);
    }

    private boolean fire(OutputStream out) throws IOException {
        fired.set(true);
        switch (plan.action()) {
            case CUT, RESET -> {
                close(plan.action() == Action.RESET);
                return false;
            }
            case GARBAGE -> out.write(plan.garbage());
            case STALL, SLOW, PASS -> {}
        }
        return true;
    }

    private boolean afterFault(OutputStream out, byte[] buf, int off, int len) throws IOException {
        switch (plan.action()) {
            case STALL -> {
                awaitClose();
                return false;
            }
            case SLOW -> writeSlowly(out, buf, off, len);
            case GARBAGE, PASS -> out.write(buf, off, len);
            case CUT, RESET -> {
                return false;
            }
        }
        return true;
    }

    private void writeSlowly(OutputStream out, byte[] buf, int off, int len) throws IOException {
        int slice = Math.max(1, plan.bytesPerSecond() / 20);
        for (int i = off; i < off + len && !closed.get(); i += slice) {
            int k = Math.min(slice, off + len - i);
            out.write(buf, i, k);
            out.flush();
            pause(TimeUnit.SECONDS.toNanos(k) / plan.bytesPerSecond());
        }
    }

    private void pause(long nanos) {
        try {
            closedLatch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(false);
        }
    }

    private void awaitClose() {
        try {
            closedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(false);
        }
    }

    private void halfClose(Socket to) {
        try {
            to.shutdownOutput();
        } catch (IOException e) {
            close(false);
            return;
        }
        if (halfClosed.incrementAndGet() == 2) {
            close(false);
        }
    }

    private void record(byte[] buf, int n) {
        recordLock.lock();
        try {
            int room = MAX_RECORDED_BYTES - recorded.size();
            recorded.write(buf, 0, Math.max(0, Math.min(room, n)));
        } finally {
            recordLock.unlock();
        }
    }

    /** Closes both sockets; with {@code reset}, with {@code SO_LINGER 0} so that each peer sees an RST. */
    void close(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Socket s = server;
        for (Socket sock : new Socket[] {client, s}) {
            if (sock == null) {
                continue;
            }
            if (reset) {
                try {
                    sock.setSoLinger(true, 0);
                } catch (IOException e) {
                    // already closed by the peer: nothing left to reset
                }
            }
            closeQuietly(sock);
        }
        closedLatch.countDown();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort; the socket is unusable either way
        }
    }

    FaultProxy.Connection snapshot() {
        return new FaultProxy.Connection(index, plan, up.get(), down.get(), fired.get(), !closed.get());
    }

    byte[] recordedBytes() {
        recordLock.lock();
        try {
            return recorded.toByteArray();
        } finally {
            recordLock.unlock();
        }
    }
}
