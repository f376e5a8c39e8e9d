package org.backsync.bench;

import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.MailProvider;

/** IMAP connections for the benchmark: plain text on loopback, as the bench Dovecot serves them. */
final class ImapTargets {
    private ImapTargets() {}

    static MailProvider.Factory factory(BenchEngine.Target target) {
        return ImapProvider.factory(ImapSettings.loopback(target.port(), target.user(), target.password()));
    }
}
