package org.backsync.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A socket output stream whose every write must finish within the write timeout: Java sockets have no write timeout,
 * so a watchdog closes the socket when one passes, and the blocked write then fails as a {@link
 * SocketTimeoutException}. One daemon thread serves every connection in the process.
 */
final class WriteDeadline extends FilterOutputStream {
    private static final ScheduledThreadPoolExecutor WATCHDOG = newWatchdog();

    private final Socket socket;
    private final long timeoutMillis;
    private volatile boolean expired;

    WriteDeadline(Socket socket, Duration timeout) throws IOException {
        super(socket.getOutputStream());
        this.socket = socket;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(this::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw expired ? timeout(e) : e;
        } finally {
            alarm.cancel(false);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    private void expire() {
        expired = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // the blocked write fails either way
        }
    }

    private SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("write timed out after " + timeoutMillis + " ms");
        e.initCause(cause);
        return e;
    }

    private static ScheduledThreadPoolExecutor newWatchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "smtp-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
