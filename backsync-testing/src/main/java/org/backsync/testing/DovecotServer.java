package org.backsync.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.Uid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Dovecot for one test class: {@code @RegisterExtension static final DovecotServer dovecot = new
 * DovecotServer();}. Before the class it renders the configuration this module carries ({@code dovecot-test.conf.in})
 * into a fresh run directory, writes the users file, starts {@code dovecot -c} on a free loopback port and waits until
 * the port accepts connections; after the class it stops the master by the pid in its pid file (never by name) and
 * deletes the directory. Without a {@code dovecot} binary the tests are skipped (an assumption) with a message saying
 * so.
 *
 * <p>{@link #doveadm} and the helpers beside it change the server "as another client". The mailbox separator is
 * {@code '/'} unless {@link #withSeparator} says otherwise; helpers take backsync {@link FolderPath}s and map them.
 */
public final class DovecotServer implements BeforeAllCallback, AfterAllCallback {
    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
    private static final Path DOVEADM = Path.of("/usr/bin/doveadm");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String user = "backsync";
    private final String password = "secret-" + Long.toHexString(System.nanoTime());
    private char separator = '/';
    private UnaryOperator<String> configEdit = UnaryOperator.identity();
    private volatile @Nullable Path run;
    private int port;

    /** Uses {@code separator} as the hierarchy delimiter, to test delimiter mapping. */
    public DovecotServer withSeparator(char sep) {
        this.separator = sep;
        return this;
    }

    /**
     * Edits the rendered configuration before start, for a test that needs another server shape (special-use folders
     * that are not created automatically, a capability left out).
     */
    public DovecotServer withConfig(UnaryOperator<String> edit) {
        this.configEdit = edit;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public char separator() {
        return separator;
    }

    /** Dovecot's log file, the first place to look when something fails. */
    public Path logFile() {
        return runDir().resolve("log/dovecot.log");
    }

    public void start() throws IOException, InterruptedException {
        assumeTrue(
                Files.isExecutable(DOVECOT) && Files.isExecutable(DOVEADM),
                "Dovecot is not installed (" + DOVECOT
                        + "); install the Debian package dovecot-imapd to run this test");
        Path dir = Files.createTempDirectory("backsync-dovecot");
        run = dir;
        for (String sub : List.of("mail", "log", "state")) {
            Files.createDirectories(dir.resolve(sub));
        }
        // Dovecot drops to user nobody for mail access: it must be able to write here.
        for (Path p : List.of(dir, dir.resolve("mail"), dir.resolve("log"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.writeString(dir.resolve("users"), user + ":{PLAIN}" + password + "::::::\n");
        // A test JVM killed by a timeout still stops its Dovecot (SIGTERM runs shutdown hooks).
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::stop));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            writeConfig(dir);
            try {
                launch(dir);
                return;
            } catch (IOException e) {
                last = e;
                stop();
                run = dir;
            }
        }
        throw last;
    }

    public void stop() {
        Path dir = run;
        if (dir == null) {
            return;
        }
        run = null;
        Path pidFile = dir.resolve("run/master.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                Optional<ProcessHandle> master = ProcessHandle.of(pid);
                master.ifPresent(ProcessHandle::destroy);
                master.ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            }
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("DovecotServer: could not stop cleanly in " + dir + ": " + e);
        }
    }

    // ---- server-side changes ----

    /** Runs {@code doveadm -c <config> args...} and returns its standard output; fails on a non-zero exit. */
    public String doveadm(String... args) {
        return doveadm(null, args);
    }

    public String doveadm(byte @Nullable [] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOVEADM.toString(), "-c", config().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "doveadm " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running doveadm", e);
        }
    }

    /** The mailbox name of {@code folder} on this server. */
    public String mailbox(FolderPath folder) {
        return folder.value().replace(FolderPath.SEPARATOR, separator);
    }

    public void createMailbox(FolderPath folder) {
        doveadm("mailbox", "create", "-u", user, mailbox(folder));
    }

    public void deleteMailbox(FolderPath folder) {
        doveadm("mailbox", "delete", "-u", user, mailbox(folder));
    }

    public void renameMailbox(FolderPath from, FolderPath to) {
        doveadm("mailbox", "rename", "-u", user, mailbox(from), mailbox(to));
    }

    /** Saves {@code message} with {@code flags}; returns its UID (the UIDNEXT before the save). */
    public Uid save(FolderPath folder, byte[] message, Flags flags) {
        long uid = statusField(folder, "uidnext");
        doveadm(message, "save", "-u", user, "-m", mailbox(folder));
        if (!flags.isEmpty()) {
            replaceFlags(folder, Uid.of(uid), flags);
        }
        return Uid.of(uid);
    }

    public void replaceFlags(FolderPath folder, Uid uid, Flags flags) {
        doveadm(
                "flags",
                "replace",
                "-u",
                user,
                String.join(" ", flags.values()),
                "mailbox",
                mailbox(folder),
                "uid",
                uid.toString());
    }

    public void addFlags(FolderPath folder, Uid uid, Flags flags) {
        doveadm(
                "flags",
                "add",
                "-u",
                user,
                String.join(" ", flags.values()),
                "mailbox",
                mailbox(folder),
                "uid",
                uid.toString());
    }

    public void removeFlags(FolderPath folder, Uid uid, Flags flags) {
        doveadm(
                "flags",
                "remove",
                "-u",
                user,
                String.join(" ", flags.values()),
                "mailbox",
                mailbox(folder),
                "uid",
                uid.toString());
    }

    public void expunge(FolderPath folder, Uid uid) {
        doveadm("expunge", "-u", user, "mailbox", mailbox(folder), "uid", uid.toString());
    }

    /** Gives {@code folder} the UIDVALIDITY {@code value}, making clients forget its UIDs. */
    public void updateUidValidity(FolderPath folder, long value) {
        doveadm("mailbox", "update", "--uid-validity", Long.toString(value), "-u", user, mailbox(folder));
    }

    /** One STATUS field as doveadm reports it: messages, uidnext, uidvalidity, highestmodseq, ... */
    public long statusField(FolderPath folder, String field) {
        String out =
                doveadm("mailbox", "status", "-u", user, field, mailbox(folder)).trim();
        return Long.parseLong(out.substring(out.lastIndexOf('=') + 1));
    }

    public List<Uid> uids(FolderPath folder) {
        return fetch(folder, "uid").stream()
                .map(r -> Uid.of(Long.parseLong(r.getFirst())))
                .toList();
    }

    /** The flags of {@code uid}, without the session flag \Recent. */
    public Flags flags(FolderPath folder, Uid uid) {
        String out = doveadm("fetch", "-u", user, "flags", "mailbox", mailbox(folder), "uid", uid.toString());
        String value = out.trim().replaceFirst("^flags:", "").trim();
        return value.isEmpty() ? Flags.NONE : Flags.of(value.split("\\s+"));
    }

    private List<List<String>> fetch(FolderPath folder, String fields) {
        String out = doveadm("fetch", "-u", user, fields, "mailbox", mailbox(folder), "all");
        List<List<String>> records = new ArrayList<>();
        for (String record : out.split("\f")) {
            List<String> values = record.lines()
                    .filter(l -> l.contains(":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .toList();
            if (!values.isEmpty()) {
                records.add(values);
            }
        }
        return records;
    }

    // ---- internals ----

    private Path runDir() {
        Path dir = run;
        if (dir == null) {
            throw new IllegalStateException("Dovecot is not running");
        }
        return dir;
    }

    private Path config() {
        return runDir().resolve("dovecot.conf");
    }

    private void writeConfig(Path dir) throws IOException {
        String template;
        try (InputStream in = DovecotServer.class.getResourceAsStream("dovecot-test.conf.in")) {
            if (in == null) {
                throw new IOException("dovecot-test.conf.in is missing from backsync-testing");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String conf = template.replace("@RUN@", dir.toString())
                .replace("@PORT@", Integer.toString(port))
                .replace("separator = /", "separator = " + separator);
        Files.writeString(dir.resolve("dovecot.conf"), configEdit.apply(conf));
    }

    private void launch(Path dir) throws IOException, InterruptedException {
        // The daemon's children inherit stdout: a pipe would never reach EOF, so the output goes to a file.
        Path out = dir.resolve("log/start.out");
        Process p = new ProcessBuilder(
                        DOVECOT.toString(), "-c", dir.resolve("dovecot.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("dovecot did not start: " + Files.readString(out) + log(dir));
        }
        try {
            Awaitility.await()
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(this::accepts);
        } catch (ConditionTimeoutException e) {
            throw new IOException("dovecot did not open port " + port + " within " + START_TIMEOUT + log(dir), e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String log(Path dir) {
        try {
            return "\n" + Files.readString(dir.resolve("log/dovecot.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
