package org.backsync.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;

/**
 * What an IMAP server holds, read by a minimal client of its own (no Angus, no backsync code), so that tests can
 * compare the server with the store without trusting the code under test: every selectable folder, and in it every
 * message's UID, flags, Message-ID, size, SHA-256 and, on request, bytes. Read-only: EXAMINE and {@code BODY.PEEK[]}.
 * Plain LOGIN, so loopback test servers only; every read has a timeout.
 */
public final class ImapSnapshot {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern UID = Pattern.compile("[( ]UID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");

    /** One message as the server serves it. {@code bytes} is empty unless asked for. */
    public record ServerMessage(
            FolderPath folder,
            long uid,
            Flags flags,
            Optional<String> messageId,
            long size,
            String sha256,
            Optional<byte[]> bytes) {}

    private final InputStream in;
    private final OutputStream out;
    private final char separator;
    private int tag;

    private ImapSnapshot(Socket socket, char separator) throws IOException {
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.separator = separator;
    }

    /** Every message in every selectable folder, folders in LIST order, messages by UID; bytes left out. */
    public static List<ServerMessage> take(String host, int port, String user, String password) throws IOException {
        return take(host, port, user, password, '/', false);
    }

    /** As {@link #take(String, int, String, String)}, with the server's separator and, if asked, every byte. */
    public static List<ServerMessage> take(
            String host, int port, String user, String password, char separator, boolean withBytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 10_000);
            s.setSoTimeout(60_000);
            ImapSnapshot c = new ImapSnapshot(s, separator);
            c.readLine();
            c.command("LOGIN " + quote(user) + " " + quote(password));
            List<ServerMessage> all = new ArrayList<>();
            for (String mailbox : c.list()) {
                all.addAll(c.messages(mailbox, withBytes));
            }
            c.command("LOGOUT");
            return all;
        }
    }

    private List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : command("LIST \"\" \"*\"")) {
            if (!line.startsWith("* LIST ") || line.contains("\\Noselect") || line.contains("\\NonExistent")) {
                continue;
            }
            int close = line.indexOf(')');
            String rest = line.substring(close + 1).trim();
            rest = rest.substring(rest.indexOf(' ') + 1).trim(); // skip the delimiter
            names.add(rest.startsWith("\"") ? unquote(rest) : rest);
        }
        return names;
    }

    private List<ServerMessage> messages(String mailbox, boolean withBytes) throws IOException {
        command("EXAMINE " + quote(mailbox));
        FolderPath folder = FolderPath.of(mailbox.replace(separator, FolderPath.SEPARATOR));
        List<ServerMessage> result = new ArrayList<>();
        String t = send("UID FETCH 1:* (UID FLAGS BODY.PEEK[])");
        while (true) {
            String line = readLine();
            if (line.startsWith(t + " ")) {
                requireOk(line);
                return result;
            }
            Matcher lit = LITERAL.matcher(line);
            if (!line.startsWith("* ") || !line.contains(" FETCH ") || !lit.find()) {
                continue;
            }
            byte[] body = readBytes(Integer.parseInt(lit.group(1)));
            String tail = readLine();
            String items = line + " " + tail;
            Matcher uid = UID.matcher(items);
            Matcher flags = FLAGS.matcher(items);
            if (!uid.find() || !flags.find()) {
                throw new IOException("FETCH response without UID or FLAGS: " + line);
            }
            String f = flags.group(1).trim();
            result.add(new ServerMessage(
                    folder,
                    Long.parseLong(uid.group(1)),
                    f.isEmpty() ? Flags.NONE : Flags.of(f.split(" +")),
                    MessageHeaders.value(body, "Message-ID"),
                    body.length,
                    BadMailCorpus.sha256(body),
                    withBytes ? Optional.of(body) : Optional.empty()));
        }
    }

    private List<String> command(String command) throws IOException {
        String t = send(command);
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = readLine();
            Matcher lit = LITERAL.matcher(line);
            if (lit.find()) {
                line = line
                        + new String(readBytes(Integer.parseInt(lit.group(1))), StandardCharsets.UTF_8)
                        + readLine();
            }
            if (line.startsWith(t + " ")) {
                requireOk(line);
                return untagged;
            }
            untagged.add(line);
        }
    }

    private String send(String command) throws IOException {
        String t = "s" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return t;
    }

    private static void requireOk(String tagged) throws IOException {
        String status = tagged.split(" ", 3)[1];
        if (!status.equals("OK")) {
            String shown = tagged.replaceAll("(?i)LOGIN .*", "LOGIN (hidden)");
            throw new IOException("server answered: " + shown);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0) {
            throw new EOFException("server closed the connection");
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("server closed inside a literal");
        }
        return b;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String unquote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            b.append(c);
        }
        return b.toString();
    }
}
