package org.backsync.imap;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.ResponseInputStream;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;
import org.jspecify.annotations.Nullable;

/**
 * Angus's IMAP protocol reading through a {@link WireInput} of our own: Angus parses every response as before, except
 * that {@link FetchReader} may take the socket over for one command ({@link #send}, then {@link #wire}) and parse the
 * bulk FETCH itself, without Angus's whole-response buffer. The socket is found through {@link AbortableSockets}, which
 * created it (after STARTTLS, the TLS socket layered on it), so no Angus internals are touched.
 *
 * <p>Used by the connection's thread only, inside {@code IMAPFolder.doCommand}.
 */
final class ImapWireProtocol extends IMAPProtocol {
    /** How long {@link #isQuiet()} waits for a byte; an idle server sends none, a BYE is already there. */
    static final int PEEK_MILLIS = 1;

    private final AbortableSockets sockets;
    private @Nullable Socket wired;
    private @Nullable WireInput wire;
    private @Nullable ResponseInputStream responses;

    ImapWireProtocol(
            String name,
            String host,
            int port,
            Properties props,
            boolean isSSL,
            MailLogger logger,
            AbortableSockets sockets)
            throws IOException, ProtocolException {
        this.sockets = sockets; // set before super(): Angus reads the greeting from inside its constructor (JEP 513)
        super(name, host, port, props, isSSL, logger);
    }

    /** The response stream Angus reads from: over this connection's current socket, through its {@link WireInput}. */
    @Override
    protected ResponseInputStream getInputStream() {
        Socket s = sockets.latest();
        if (s == null) {
            return super.getInputStream();
        }
        if (s != wired || responses == null) {
            try {
                WireInput in = new WireInput(s.getInputStream());
                responses = new ResponseInputStream(in);
                wire = in;
                wired = s;
            } catch (IOException closed) {
                return super.getInputStream(); // the socket is closed: Angus's own stream fails the read as usual
            }
        }
        return responses;
    }

    /** Writes one command; returns its tag. The caller reads the answer from {@link #wire()}. */
    String send(String command, Argument args) throws IOException, ProtocolException {
        getInputStream(); // make sure the wire follows the current socket before the answer arrives
        return writeCommand(command, args);
    }

    WireInput wire() throws IOException {
        getInputStream();
        WireInput in = wire;
        if (in == null) {
            throw new IOException("connection is not open");
        }
        return in;
    }

    /**
     * True when nothing waits to be read and the server has not closed the socket: the state of an idle connection
     * whose last command was read to its end. Looks at the socket for at most {@value #PEEK_MILLIS} ms: a byte that
     * arrives (a {@code BYE}, or the rest of an answer nobody read) or an end of stream makes it false; what it read
     * stays in the buffer. Called between commands only.
     */
    boolean isQuiet() {
        getInputStream(); // follows the current socket, as before any read
        Socket s = wired;
        WireInput in = wire;
        if (s == null || in == null || s != sockets.latest() || s.isClosed() || in.buffered() > 0) {
            return false;
        }
        try {
            int timeout = s.getSoTimeout();
            s.setSoTimeout(PEEK_MILLIS);
            try {
                in.peek(); // bytes (true) or the end of the stream (false): either way not quiet
                return false;
            } catch (SocketTimeoutException quiet) {
                return true;
            } finally {
                s.setSoTimeout(timeout);
            }
        } catch (IOException e) {
            return false; // reset or closed: not usable
        }
    }

    /** Closes the socket after a response that could not be read to its end: the stream is out of step for good. */
    void drop() {
        disconnect();
    }
}
