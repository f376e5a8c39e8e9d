package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DovecotServerIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @Test
    void savedMessagesGetConsecutiveUidsAndKeepTheirFlags() {
        FolderPath folder = FolderPath.of("Saved");
        dovecot.createMailbox(folder);

        Uid first = dovecot.save(folder, MailSamples.plain("<s1@x>", "one"), Flags.NONE);
        Uid second = dovecot.save(folder, MailSamples.plain("<s2@x>", "two"), Flags.of(Flags.SEEN, "$Work"));

        assertThat(second).isEqualTo(first.next());
        assertThat(dovecot.uids(folder)).containsExactly(first, second);
        assertThat(dovecot.flags(folder, second)).isEqualTo(Flags.of(Flags.SEEN, "$Work"));
        assertThat(dovecot.flags(folder, first)).isEqualTo(Flags.NONE);
    }

    @Test
    void expungeAndUidValidityUpdateAreVisibleInStatus() {
        FolderPath folder = FolderPath.of("Changing");
        dovecot.createMailbox(folder);
        Uid uid = dovecot.save(folder, MailSamples.plain("<c1@x>", "one"), Flags.NONE);

        dovecot.expunge(folder, uid);
        dovecot.updateUidValidity(folder, 4242);

        assertThat(dovecot.statusField(folder, "messages")).isZero();
        assertThat(dovecot.statusField(folder, "uidvalidity")).isEqualTo(4242);
    }
}
