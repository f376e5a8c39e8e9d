package org.backsync.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The socket factories one connection hands to Angus. They remember every socket they create, so that {@link #closeAll}
 * can break a blocked read from another thread without taking any of Angus's locks (MailProvider.abort). The TLS
 * factory verifies certificates with the JDK's trust store, or trusts exactly one pinned certificate.
 */
final class AbortableSockets {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Closes every socket created so far; never blocks on Angus. */
    void closeAll() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing to abort: nothing more to do
            }
        }
    }

    /** The socket created last: the one the connection reads from (after STARTTLS, the TLS socket over the first). */
    @Nullable
    Socket latest() {
        List<Socket> all = sockets;
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    SocketFactory plain() {
        SocketFactory delegate = SocketFactory.getDefault();
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return remember(delegate.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return remember(delegate.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return remember(delegate.createSocket(host, port, local, localPort));
            }
        };
    }

    /** TLS sockets, verified by the JDK trust store or, with {@code pin}, by the certificate's SHA-256 alone. */
    SSLSocketFactory tls(Optional<String> pin) throws GeneralSecurityException {
        SSLContext context;
        if (pin.isPresent()) {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedCertificate(pin.get())}, null);
        } else {
            context = SSLContext.getDefault();
        }
        SSLSocketFactory delegate = context.getSocketFactory();
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return delegate.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return remember(delegate.createSocket(s, host, port, autoClose));
            }

            @Override
            public Socket createSocket() throws IOException {
                return remember(delegate.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return remember(delegate.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
                    throws IOException {
                return remember(delegate.createSocket(host, port, local, localPort));
            }
        };
    }

    private Socket remember(Socket s) throws SocketException {
        // IMAP is request/response: without TCP_NODELAY, a command written in two pieces (an APPEND's line, then its
        // LITERAL+ literal) waits for the server's delayed ACK, about 40 ms per command on Linux (RFC 896, RFC 1122).
        s.setTcpNoDelay(true);
        sockets.add(s);
        return s;
    }

    /** Trusts exactly the server certificate whose SHA-256 is {@code pin} (64 lower-case hex digits). */
    private record PinnedCertificate(String pin) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
                if (!HexFormat.of().formatHex(digest).equals(pin)) {
                    throw new CertificateException("server certificate does not match the pinned SHA-256");
                }
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
