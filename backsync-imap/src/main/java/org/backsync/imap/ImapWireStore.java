package org.backsync.imap;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.util.MailLogger;
import org.jspecify.annotations.Nullable;

/**
 * Angus's store with one change: its connection is an {@link ImapWireProtocol}, through Angus's own protected factory
 * {@link IMAPStore#newIMAPProtocol}. Connecting, TLS and authentication stay Angus's.
 */
final class ImapWireStore extends IMAPStore {
    private final AbortableSockets sockets;
    private final MailLogger wireLogger;
    private volatile @Nullable ImapWireProtocol protocol;

    ImapWireStore(Session session, String protocol, AbortableSockets sockets) {
        super(session, new URLName(protocol, null, -1, null, null, null), protocol, protocol.equals("imaps"));
        this.sockets = sockets;
        // named as Angus names it, so that the wire log stays under the level ImapProperties pins (no bodies at TRACE)
        this.wireLogger = new MailLogger(IMAPStore.class, "DEBUG IMAP", session);
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        ImapWireProtocol p = new ImapWireProtocol(
                name, host, port, session.getProperties(), name.equals("imaps"), wireLogger, sockets);
        protocol = p;
        return p;
    }

    /** The protocol this store created last: the connection's, read without taking any of Angus's locks. */
    @Nullable
    ImapWireProtocol protocol() {
        return protocol;
    }
}
