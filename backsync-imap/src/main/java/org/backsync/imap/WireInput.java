package org.backsync.imap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one read buffer of a connection's socket, shared by Angus and {@link FetchReader}. Angus reads through {@link
 * #read(byte[], int, int)}, which never hands out bytes past the next line feed: Angus's own buffer then ends at a line
 * end, so when Angus has read a tagged response it holds nothing of the next one, and {@link FetchReader} can take the
 * socket over between commands without losing a byte. {@link FetchReader} reads lines and literals straight from this
 * buffer (a literal's bytes go from here into the message's array or spool file, one copy).
 *
 * <p>Used by one thread at a time (the connection's), except {@link #close()}.
 */
final class WireInput extends InputStream {
    private static final int SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[SIZE];
    private int pos;
    private int end;

    WireInput(InputStream in) {
        this.in = in;
    }

    /** Angus's view: at most up to and including the next line feed. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end && !fill()) {
            return -1;
        }
        int n = Math.min(len, end - pos);
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] == '\n') {
                n = i + 1;
                break;
            }
        }
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int available() throws IOException {
        return end - pos > 0 ? end - pos : in.available();
    }

    /** Bytes read from the socket and not yet handed out. */
    int buffered() {
        return end - pos;
    }

    /**
     * Reads what the socket has into the buffer, without handing it out: true if bytes came, false at the end of the
     * stream. With nothing buffered only; the socket's read timeout bounds the wait.
     */
    boolean peek() throws IOException {
        if (pos < end) {
            return true;
        }
        return fill();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One response line without its CRLF (a lone LF is accepted too), as ISO-8859-1 text; at most {@code limit}
     * bytes, else an {@link ImapGrammarException} (a line that never ends must not eat the heap).
     */
    String readLine(int limit) throws IOException {
        StringBuilder line = new StringBuilder(128);
        while (true) {
            if (pos == end && !fill()) {
                throw new EOFException("connection closed by the server in the middle of a response line");
            }
            int i = pos;
            while (i < end && buf[i] != '\n') {
                i++;
            }
            if (line.length() + (i - pos) > limit) {
                throw new ImapGrammarException("a response line longer than " + limit + " bytes");
            }
            line.append(new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1));
            if (i < end) {
                pos = i + 1;
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            pos = end;
        }
    }

    /** Reads exactly {@code len} bytes into {@code b}; a connection closed before that is an {@link EOFException}. */
    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == end) {
                if (len >= SIZE) { // large remainders go straight from the socket into the message's array
                    int n = in.read(b, off, len);
                    if (n < 0) {
                        throw truncated(len);
                    }
                    off += n;
                    len -= n;
                    continue;
                }
                if (!fill()) {
                    throw truncated(len);
                }
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Copies exactly {@code len} bytes to {@code out}. */
    void copy(long len, OutputStream out) throws IOException {
        while (len > 0) {
            if (pos == end && !fill()) {
                throw truncated(len);
            }
            int n = (int) Math.min(len, end - pos);
            out.write(buf, pos, n);
            pos += n;
            len -= n;
        }
    }

    private static EOFException truncated(long missing) {
        return new EOFException("connection closed by the server with " + missing + " bytes of a literal missing");
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, SIZE);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
