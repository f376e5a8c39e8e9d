package org.backsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A parsed IMAP transcript for {@link ScriptedImapServer}: a greeting, then exchanges, each a client-command pattern
 * and the server's reply. One line per step; blank lines and lines starting with {@code #} are ignored.
 *
 * <pre>
 * S: text      send text + CRLF; $TAG is the tag of the command being answered (greeting: before the first C:)
 * B: text      send text as raw bytes, no CRLF added; \r \n \0 \\ and \xHH escapes
 * C: regex     a new exchange: answers the first client command whose text after the tag matches regex
 *              (whole text, case-insensitive); used once
 * C*: regex    the same, but reusable (CAPABILITY, LOGIN, ...)
 * READ         read one more client line without matching it (AUTHENTICATE data, IDLE's DONE)
 * CLOSE        close the connection (FIN) after what was sent
 * RESET        close the connection with a TCP reset
 * STALL        stop answering; the connection stays open until the server closes
 * INCLUDE name insert the lines of transcripts/name.txt here (load only)
 * </pre>
 *
 * Exchanges are consumed in file order across every connection of one server, so two exchanges with the same pattern
 * answer the first and the second such command. When no exchange matches, the server answers {@code BAD}; LOGOUT and
 * NOOP have built-in answers when the transcript gives none.
 */
public record Transcript(String name, List<Step> greeting, List<Exchange> exchanges) {
    /** One thing the server does. */
    public sealed interface Step {}

    /** Sends {@code bytes}; {@code $TAG} in them is replaced by the current tag. */
    public record Send(byte[] bytes) implements Step {}

    /** Reads one client line, unmatched. */
    public record ReadLine() implements Step {}

    /** Ends the connection: {@code reset} with RST, else FIN. */
    public record Close(boolean reset) implements Step {}

    /** Stops answering until the server closes. */
    public record Stall() implements Step {}

    /** A client-command pattern and the reply to it. */
    public record Exchange(Pattern command, boolean reusable, List<Step> reply, int line) {
        public Exchange {
            reply = List.copyOf(reply);
        }
    }

    public Transcript {
        Objects.requireNonNull(name, "name");
        greeting = List.copyOf(greeting);
        exchanges = List.copyOf(exchanges);
    }

    /**
     * Loads {@code transcripts/<name>.txt} from the class path (this module's resources). A line {@code INCLUDE other}
     * is replaced by the lines of {@code transcripts/other.txt}, so quirk files share their ordinary answers.
     */
    public static Transcript load(String name) {
        return parse(name, expand(name, 0));
    }

    private static String expand(String name, int depth) {
        if (depth > 4) {
            throw new IllegalArgumentException("transcript includes nest deeper than 4 at " + name);
        }
        StringBuilder out = new StringBuilder();
        for (String line : read(name).split("\r?\n", -1)) {
            if (line.startsWith("INCLUDE ")) {
                out.append(expand(line.substring(8).strip(), depth + 1));
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String read(String name) {
        String path = "transcripts/" + name + ".txt";
        try (InputStream in = Transcript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript on the class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Parses transcript text; throws {@link IllegalArgumentException} naming the line of a malformed step. */
    public static Transcript parse(String name, String text) {
        List<Step> greeting = new ArrayList<>();
        List<Exchange> exchanges = new ArrayList<>();
        @Nullable Pattern pattern = null;
        boolean reusable = false;
        int at = 0;
        List<Step> current = greeting;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("C: ") || line.startsWith("C*: ")) {
                if (pattern != null) {
                    exchanges.add(new Exchange(pattern, reusable, current, at));
                }
                reusable = line.startsWith("C*: ");
                pattern = compile(name, no, line.substring(reusable ? 4 : 3).strip());
                at = no;
                current = new ArrayList<>();
            } else {
                current.add(step(name, no, line));
            }
        }
        if (pattern != null) {
            exchanges.add(new Exchange(pattern, reusable, current, at));
        }
        return new Transcript(name, greeting, exchanges);
    }

    private static Step step(String name, int no, String line) {
        if (line.startsWith("S: ") || line.equals("S:")) {
            String text = line.length() > 3 ? line.substring(3) : "";
            return new Send((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (line.startsWith("B: ")) {
            return new Send(unescape(name, no, line.substring(3)));
        }
        return switch (line.strip()) {
            case "READ" -> new ReadLine();
            case "CLOSE" -> new Close(false);
            case "RESET" -> new Close(true);
            case "STALL" -> new Stall();
            default -> throw new IllegalArgumentException(name + ":" + no + ": unknown step: " + line);
        };
    }

    private static Pattern compile(String name, int no, String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(name + ":" + no + ": bad pattern: " + e.getDescription(), e);
        }
    }

    static byte[] unescape(String name, int no, String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException(name + ":" + no + ": dangling backslash");
            }
            switch (s.charAt(i)) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    if (i + 2 >= s.length()) {
                        throw new IllegalArgumentException(name + ":" + no + ": \\x needs two hex digits");
                    }
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException(name + ":" + no + ": unknown escape \\" + s.charAt(i));
            }
        }
        return out.toByteArray();
    }
}
