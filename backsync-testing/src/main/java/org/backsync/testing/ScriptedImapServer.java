package org.backsync.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.testing.Transcript.Exchange;
import org.backsync.testing.Transcript.Step;

/**
 * A loopback IMAP server that replays a {@link Transcript}: for server quirks no real server here reproduces (bad
 * literal sizes, unknown FETCH items, a BYE mid-command, a lying QRESYNC, {@code NO [INUSE]}, no UIDPLUS, grammar
 * violations). Each connection gets the greeting; each client command is answered by the first unused exchange whose
 * pattern matches it, with {@code $TAG} replaced by the command's tag. Client literals are read (synchronizing ones
 * get a {@code +} continuation) and recorded.
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} connections, lines of {@value #MAX_LINE} bytes, literals of {@value
 * #MAX_LITERAL} bytes. {@link #close()} closes every connection, which also ends a {@code STALL}.
 */
public final class ScriptedImapServer implements AutoCloseable {
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_LITERAL = 64 << 20;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,10})(\\+?)}$");

    private final Transcript transcript;
    private final ServerSocket listener;
    private final ThreadFactory threads =
            Thread.ofVirtual().name("scripted-imap-", 0).factory();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> unmatched = new CopyOnWriteArrayList<>();
    private final List<byte[]> literals = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final boolean[] used;

    private ScriptedImapServer(Transcript transcript) throws IOException {
        this.transcript = transcript;
        this.used = new boolean[transcript.exchanges().size()];
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = threads.newThread(this::acceptLoop);
        workers.add(t);
        t.start();
    }

    /** Starts a server replaying {@code transcripts/<name>.txt}. */
    public static ScriptedImapServer start(String transcriptName) {
        return start(Transcript.load(transcriptName));
    }

    public static ScriptedImapServer start(Transcript transcript) {
        try {
            return new ScriptedImapServer(transcript);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback listener for " + transcript.name(), e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** Every command received, tag included, literal data left out, in arrival order. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Commands no exchange matched (they were answered BAD). */
    public List<String> unmatched() {
        return List.copyOf(unmatched);
    }

    /** The data of every client literal, in arrival order (APPENDed messages, for example). */
    public List<byte[]> literals() {
        return List.copyOf(literals);
    }

    /** Transcript line numbers of single-use exchanges not played yet. */
    public List<Integer> unusedExchanges() {
        List<Integer> out = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < used.length; i++) {
                Exchange e = transcript.exchanges().get(i);
                if (!used[i] && !e.reusable()) {
                    out.add(e.line());
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    public int connectionCount() {
        return sockets.size();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            if (sockets.size() > MAX_CONNECTIONS || closed.get()) {
                closeQuietly(s, true);
                continue;
            }
            Thread t = threads.newThread(() -> serve(s));
            workers.add(t);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (!play(transcript.greeting(), "*", in, out, s)) {
                return;
            }
            while (!closed.get()) {
                String first = readLine(in);
                String tag = first.contains(" ") ? first.substring(0, first.indexOf(' ')) : first;
                String text = readRestOfCommand(first, in, out)
                        .substring(tag.length())
                        .strip();
                commands.add(first);
                if (!play(answerFor(text, tag), tag, in, out, s)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the server is closing: nothing left to answer
        }
    }

    /** Reads the literals a command line announces and the lines that follow them; returns the whole text. */
    private String readRestOfCommand(String first, InputStream in, OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder(first);
        String line = first;
        Matcher m = LITERAL.matcher(line);
        while (m.find()) {
            long size = Long.parseLong(m.group(1));
            if (size > MAX_LITERAL) {
                throw new IOException("client literal of " + size + " bytes is above the scripted server's bound");
            }
            if (m.group(2).isEmpty()) {
                out.write("+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            byte[] data = in.readNBytes((int) size);
            if (data.length < size) {
                throw new EOFException("client closed inside a literal");
            }
            literals.add(data);
            line = readLine(in);
            text.append(line);
            m = LITERAL.matcher(line);
        }
        return text.toString();
    }

    private List<Step> answerFor(String text, String tag) {
        Optional<List<Step>> scripted = Optional.empty();
        lock.lock();
        try {
            for (int i = 0; i < used.length && scripted.isEmpty(); i++) {
                Exchange e = transcript.exchanges().get(i);
                if ((!used[i] || e.reusable()) && e.command().matcher(text).matches()) {
                    used[i] = true;
                    scripted = Optional.of(e.reply());
                }
            }
        } finally {
            lock.unlock();
        }
        return scripted.orElseGet(() -> builtIn(text, tag));
    }

    private List<Step> builtIn(String text, String tag) {
        String verb = text.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
        return switch (verb) {
            case "LOGOUT" ->
                List.of(
                        send("* BYE scripted server logging out"),
                        send("$TAG OK LOGOUT completed"),
                        new Transcript.Close(false));
            case "NOOP" -> List.of(send("$TAG OK NOOP completed"));
            default -> {
                unmatched.add(tag + " " + text);
                yield List.of(send("$TAG BAD [CLIENTBUG] scripted server (" + transcript.name()
                        + ") has no answer for this command"));
            }
        };
    }

    private static Step send(String line) {
        return new Transcript.Send((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Plays steps; false when the connection must end. */
    private boolean play(List<Step> steps, String tag, InputStream in, OutputStream out, Socket s) throws IOException {
        for (Step step : steps) {
            switch (step) {
                case Transcript.Send send -> out.write(withTag(send.bytes(), tag));
                case Transcript.ReadLine r -> {
                    out.flush();
                    readLine(in);
                }
                case Transcript.Close c -> {
                    out.flush();
                    closeQuietly(s, c.reset());
                    return false;
                }
                case Transcript.Stall st -> {
                    out.flush();
                    awaitClose();
                    return false;
                }
            }
        }
        out.flush();
        return true;
    }

    private static byte[] withTag(byte[] bytes, String tag) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!s.contains("$TAG")) {
            return bytes;
        }
        return s.replace("$TAG", tag).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE) {
                throw new IOException("client line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        if (b < 0) {
            throw new EOFException("client closed the connection");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private void awaitClose() {
        try {
            closedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s, boolean reset) {
        try {
            if (reset) {
                s.setSoLinger(true, 0);
            }
            s.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    /** Closes the listener and every connection, then waits a few seconds at most for the server's threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closedLatch.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            // unusable either way
        }
        sockets.forEach(s -> closeQuietly(s, false));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
