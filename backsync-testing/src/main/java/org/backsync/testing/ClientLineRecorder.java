package org.backsync.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the client's byte stream into command lines, IMAP-aware: a line ending in a literal announcement {@code {n}}
 * or {@code {n+}} (RFC 3501 §4.3, RFC 7888) is followed by {@code n} bytes of literal data, which are skipped rather
 * than reported as lines. Lines are reported without CRLF, cut to {@value #MAX_LINE} characters. Used by one pump
 * thread only.
 */
final class ClientLineRecorder {
    static final int MAX_LINE = 1000;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,12})\\+?}$");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Consumer<String> sink;
    private long literalLeft;
    private boolean truncated;

    ClientLineRecorder(Consumer<String> sink) {
        this.sink = sink;
    }

    /**
     * Feeds {@code len} bytes; calls the sink for each finished line.
     *
     * @param lineEnd called with the index just after each finished line's LF, before the next line is read
     */
    void feed(byte[] buf, int off, int len, LineEndListener lineEnd) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (literalLeft > 0) {
                int skip = (int) Math.min(literalLeft, end - i);
                literalLeft -= skip;
                i += skip;
                continue;
            }
            byte b = buf[i++];
            if (b == '\n') {
                String text = finishLine();
                sink.accept(text);
                lineEnd.lineEnded(text, i);
            } else if (line.size() < MAX_LINE) {
                line.write(b);
            } else {
                truncated = true;
            }
        }
    }

    private String finishLine() {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!truncated) {
            Matcher m = LITERAL.matcher(text);
            if (m.find()) {
                literalLeft = Long.parseLong(m.group(1));
            }
        }
        truncated = false;
        return text;
    }

    /** Told where in the fed buffer each line ended. */
    @FunctionalInterface
    interface LineEndListener {
        void lineEnded(String line, int indexAfterLf);
    }
}
