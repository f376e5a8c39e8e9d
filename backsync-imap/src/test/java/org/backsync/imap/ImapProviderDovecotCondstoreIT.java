package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.backsync.AccountId;
import org.backsync.spi.Capability;
import org.backsync.spi.MailProvider;
import org.junit.jupiter.api.Test;

/**
 * The contract against Dovecot with the per-server QRESYNC switch off, so change detection runs the CONDSTORE path
 * ({@code CHANGEDSINCE} plus a {@code UID SEARCH} for expunges) against a real server.
 */
class ImapProviderDovecotCondstoreIT extends ImapProviderDovecotIT {
    @Override
    public MailProvider.Factory providerFactory() {
        return ImapProvider.factory(ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password())
                .withQresync(false));
    }

    @Test
    void qresyncSwitchedOffLeavesCondstore() throws Exception {
        try (MailProvider testSubject = providerFactory().open(AccountId.of("condstore"))) {
            assertThat(testSubject.capabilities())
                    .contains(Capability.CONDSTORE)
                    .doesNotContain(Capability.QRESYNC);
        }
    }
}
