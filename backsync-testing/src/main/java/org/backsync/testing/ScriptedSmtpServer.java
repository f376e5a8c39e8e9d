package org.backsync.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A small SMTP server on 127.0.0.1 that answers from a script, for what GreenMail cannot do: temporary and permanent
 * replies at any step, a connection dropped after DATA or after the final dot, a server that never answers, partial
 * recipient failure, SIZE/8BITMIME/SMTPUTF8/STARTTLS/AUTH advertising. It records every command line and every
 * message whose final dot it read.
 *
 * <p>Script steps are {@link Step}s: {@code GREETING, EHLO, MAIL, RCPT, DATA, END} (the reply to the final dot),
 * {@code RSET, AUTH, STARTTLS}. {@link #next} queues one action for the next occurrence of a step (first in, first
 * out); without one, the step succeeds. Thread-safe; one virtual thread per connection; {@link #close()} stops all.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    public enum Step {
        GREETING,
        EHLO,
        MAIL,
        RCPT,
        DATA,
        END,
        RSET,
        AUTH,
        STARTTLS
    }

    /** What the server does at a step. */
    public sealed interface Action {
        /** Answers with this reply line (or lines separated by "\n", the last one final). */
        record Reply(String text) implements Action {}

        /** Closes the connection without answering. */
        record Drop() implements Action {}

        /** Never answers; keeps the connection open until the client gives up. */
        record Silence() implements Action {}

        /** Waits, then answers. */
        record Delayed(Duration delay, String text) implements Action {}
    }

    /** One message whose final dot the server read: envelope, content with the dot-stuffing undone, final reply. */
    public record Received(String mailFrom, List<String> recipients, byte[] content, String reply) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final Map<Step, Deque<Action>> script = new java.util.EnumMap<>(Step.class);
    private volatile List<String> extensions = List.of("8BITMIME", "SMTPUTF8", "SIZE 10485760");
    private volatile @Nullable SSLContext tls;
    private volatile @Nullable String user;
    private volatile @Nullable String password;

    private ScriptedSmtpServer(ServerSocket socket) {
        this.socket = socket;
        Thread.ofVirtual().name("scripted-smtp-accept").start(this::acceptLoop);
    }

    /** Starts a server on a free loopback port. */
    public static ScriptedSmtpServer start() throws IOException {
        return start(0);
    }

    /** Starts a server on this loopback port (0: a free one), for a server that comes back where it was. */
    public static ScriptedSmtpServer start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new ScriptedSmtpServer(socket);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The EHLO keywords advertised, replacing the default ({@code 8BITMIME, SMTPUTF8, SIZE 10485760}). */
    public ScriptedSmtpServer advertise(String... keywords) {
        extensions = List.of(keywords);
        return this;
    }

    /** Offers STARTTLS and completes it with this server-side context (the caller supplies the key). */
    public ScriptedSmtpServer tls(SSLContext context) {
        tls = context;
        return this;
    }

    /** Offers AUTH PLAIN and LOGIN and accepts exactly these credentials; mail is refused before AUTH. */
    public ScriptedSmtpServer requireAuth(String username, String secret) {
        user = username;
        password = secret;
        return this;
    }

    /** Queues {@code action} for the next occurrence of {@code step}. */
    public ScriptedSmtpServer next(Step step, Action action) {
        lock.lock();
        try {
            script.computeIfAbsent(step, s -> new ArrayDeque<>()).add(action);
        } finally {
            lock.unlock();
        }
        return this;
    }

    /** Queues a reply for the next occurrence of {@code step}, for example {@code next(MAIL, "451 4.3.0 later")}. */
    public ScriptedSmtpServer next(Step step, String reply) {
        return next(step, new Action.Reply(reply));
    }

    /** Every RCPT TO for {@code address} gets {@code reply} (partial recipient failure). */
    public ScriptedSmtpServer recipientReply(String address, String reply) {
        recipientReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /** Every command line received, in order, AUTH arguments replaced by {@code ***}. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** Every message whose final dot was read, whatever the reply. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Messages answered with 250 after the final dot. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.reply().startsWith("250")).toList();
    }

    public int connectionCount() {
        return connections.get();
    }

    private Optional<Action> take(Step step) {
        lock.lock();
        try {
            Deque<Action> q = script.get(step);
            return q == null ? Optional.empty() : Optional.ofNullable(q.poll());
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                clients.add(client);
                Thread.ofVirtual().name("scripted-smtp-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            new ScriptedSmtpConversation(this, client).run();
        } catch (IOException | RuntimeException e) {
            // the client went away or a script dropped the connection: nothing to report
        } finally {
            clients.remove(client);
        }
    }

    // The conversation reads the server's configuration through these package-private accessors.
    List<String> extensions() {
        return extensions;
    }

    @Nullable
    SSLContext tlsContext() {
        return tls;
    }

    boolean authRequired() {
        return user != null;
    }

    boolean credentialsMatch(String username, String secret) {
        return username.equals(user) && secret.equals(password);
    }

    Optional<String> recipientReply(String address) {
        return Optional.ofNullable(recipientReplies.get(address.toLowerCase(Locale.ROOT)));
    }

    Optional<Action> script(Step step) {
        return take(step);
    }

    void record(String command) {
        commands.add(command);
    }

    void record(Received message) {
        received.add(message);
    }

    /** Reads one line up to LF, without the CRLF; null at end of stream. */
    static @Nullable String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            buf.write(b);
        }
        if (b < 0 && buf.size() == 0) {
            return null;
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
    }

    static SSLSocket upgrade(SSLContext context, Socket plain) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    static InputStream buffered(Socket s) throws IOException {
        return new BufferedInputStream(s.getInputStream());
    }

    static OutputStream output(Socket s) throws IOException {
        return s.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket c : new ArrayList<>(clients)) {
            c.close();
        }
    }
}
