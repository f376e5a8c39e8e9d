package org.backsync.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket to an SMTP server: lines out, replies in, TLS on demand. Every read has the read timeout (SO_TIMEOUT)
 * and every write the write timeout ({@link WriteDeadline}), so no call blocks for ever. Not thread-safe, except
 * {@link #close()}, which may be called from any thread to break a blocked call.
 */
final class SmtpConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);
    private static final int MAX_LINE = 8192;
    private static final int MAX_REPLY_LINES = 512;

    private final SmtpSettings settings;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpConnection(SmtpSettings settings, Socket socket) throws IOException {
        this.settings = settings;
        this.socket = socket;
        bindStreams();
    }

    /** Connects, with implicit TLS for SMTPS. The greeting is not read yet. */
    static SmtpConnection open(SmtpSettings settings) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(
                    new InetSocketAddress(settings.host(), settings.port()),
                    Math.toIntExact(settings.connectTimeout().toMillis()));
            plain.setSoTimeout(Math.toIntExact(settings.readTimeout().toMillis()));
            plain.setTcpNoDelay(true);
            Socket s = settings.security() == SmtpSettings.Security.SMTPS ? layerTls(settings, plain) : plain;
            return new SmtpConnection(settings, s);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Upgrades this connection after a 220 reply to STARTTLS; the handshake verifies the certificate. */
    void startTls() throws IOException {
        socket = layerTls(settings, socket);
        bindStreams();
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    private static SSLSocket layerTls(SmtpSettings settings, Socket plain) throws IOException {
        SSLSocket ssl =
                (SSLSocket) SmtpTls.socketFactory(settings).createSocket(plain, settings.host(), settings.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        if (settings.pinnedSha256().isEmpty()) {
            // RFC 6125 host-name check; a pinned certificate replaces it (SmtpTls).
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private void bindStreams() throws IOException {
        Socket s = socket;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = new BufferedOutputStream(new WriteDeadline(s, settings.writeTimeout()), 64 * 1024);
    }

    /** Sends one command line (CRLF added) and flushes. {@code logAs} replaces it in the log (AUTH data). */
    void writeLine(String line, String logAs) throws IOException {
        log.trace("C: {}", logAs);
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        out.flush();
    }

    /** The stream for the DATA phase; the caller stuffs dots and flushes. */
    OutputStream rawOutput() {
        return out;
    }

    /** Reads one complete, possibly multi-line, reply. */
    SmtpReply readReply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < MAX_REPLY_LINES) {
            String line = readLine();
            log.trace("S: {}", line);
            if (line.length() < 3 || !isCode(line)) {
                throw new ProtocolException("malformed SMTP reply: " + abbreviate(line));
            }
            int code = Integer.parseInt(line.substring(0, 3));
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (!more) {
                if (code < 200 || code > 599) {
                    throw new ProtocolException("SMTP reply code out of range: " + code);
                }
                return new SmtpReply(code, lines);
            }
        }
        throw new ProtocolException("SMTP reply longer than " + MAX_REPLY_LINES + " lines");
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (buf.size() >= MAX_LINE) {
                throw new ProtocolException("SMTP reply line longer than " + MAX_LINE + " bytes");
            }
            buf.write(b);
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean isCode(String line) {
        return Character.isDigit(line.charAt(0))
                && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** Closes the socket; safe from any thread, never throws. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing SMTP socket to {}: {}", settings.host(), e.toString());
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }
}
