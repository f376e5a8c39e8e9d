package org.backsync.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The DATA transparency of RFC 5321 §4.5.2: a line that starts with a dot gets a second one, and every bare CR or
 * LF becomes CRLF, so the message can never contain the end-of-data marker. {@link #finishLine()} makes the content
 * end with CRLF; the marker itself ({@code .CRLF}) is written by the caller.
 */
final class DotStuffing extends FilterOutputStream {
    private int last = '\n'; // the start of the content is the start of a line

    DotStuffing(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (last == '\r' && b != '\n') {
            out.write('\n'); // a bare CR ends a line too
        }
        if (b == '\n' && last != '\r') {
            out.write('\r'); // a bare LF
        }
        if (b == '.' && (last == '\n' || last == '\r')) {
            out.write('.');
        }
        out.write(b);
        last = b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int run = off; // start of a run of plain bytes, copied in one call
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c == '\r' || c == '\n' || c == '.' || (i == run && last == '\r')) {
                if (i > run) {
                    out.write(b, run, i - run);
                    last = b[i - 1] & 0xff;
                }
                write(c);
                run = i + 1;
            }
        }
        if (off + len > run) {
            out.write(b, run, off + len - run);
            last = b[off + len - 1] & 0xff;
        }
    }

    /** Ends the content with CRLF unless it already does. Does not close the underlying stream. */
    void finishLine() throws IOException {
        if (last == '\r') {
            out.write('\n');
        } else if (last != '\n') {
            out.write('\r');
            out.write('\n');
        }
        last = '\n';
    }

    @Override
    public void close() {
        // the socket stays open for the end-of-data marker and the reply
    }
}
