package org.backsync.smtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for SMTP: the JDK's default trust store with host-name verification, or, for a pinned certificate, a trust
 * manager that accepts exactly the leaf certificate with the pinned SHA-256 fingerprint and nothing else.
 */
final class SmtpTls {
    private SmtpTls() {}

    static SSLSocketFactory socketFactory(SmtpSettings settings) {
        try {
            if (settings.pinnedSha256().isEmpty()) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    null, new TrustManager[] {new Pinned(settings.pinnedSha256().get())}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    /** SHA-256 of a certificate's DER encoding, lower-case hex: the form {@link SmtpSettings#pinnedSha256()} takes. */
    static String fingerprint(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException("no SHA-256", e);
        }
    }

    private record Pinned(String sha256) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0) {
                throw new CertificateException("server sent no certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equals(sha256)) {
                throw new CertificateException("certificate fingerprint " + actual + " is not the pinned one");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
