package org.backsync.smtp;

import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The self-signed key GreenMail ships ({@code greenmail.p12}), reused as the scripted server's TLS key. */
final class TestTls {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestTls() {}

    static KeyStore keyStore() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTls.class.getClassLoader().getResourceAsStream("greenmail.p12")) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** The SHA-256 fingerprint of the GreenMail certificate, as {@link SmtpSettings#pinnedSha256()} takes it. */
    static String fingerprint() throws Exception {
        KeyStore ks = keyStore();
        String alias = ks.aliases().nextElement();
        return SmtpTls.fingerprint((X509Certificate) ks.getCertificate(alias));
    }
}
