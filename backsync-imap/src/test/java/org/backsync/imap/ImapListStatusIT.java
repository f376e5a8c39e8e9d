package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.MailSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LIST-STATUS (RFC 5819) on Dovecot: one LIST command brings every selectable folder's STATUS. */
class ImapListStatusIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    private final FaultProxy proxy = FaultProxy.to(dovecot.port());

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void oneListCommandBringsEverySelectableFoldersStatus() throws Exception {
        FolderPath work = FolderPath.of("Work");
        FolderPath nested = FolderPath.of("Lists/dev");
        dovecot.createMailbox(work);
        dovecot.createMailbox(nested);
        dovecot.save(work, MailSamples.plain("<w1@ls>", "one"), Flags.NONE);
        dovecot.save(work, MailSamples.plain("<w2@ls>", "two"), Flags.of(Flags.SEEN));
        try (MailProvider testSubject =
                ImapProvider.open(ImapSettings.loopback(proxy.port(), dovecot.user(), dovecot.password()))) {
            proxy.clearRecording();

            List<RemoteFolder> listed = testSubject.listFolders();

            assertThat(proxy.imapCommands()).containsExactly("LIST");
            assertThat(listed).extracting(RemoteFolder::path).contains(FolderPath.INBOX, work, nested);
            for (RemoteFolder f : listed) {
                if (f.selectable()) {
                    assertThat(f.status()).as("%s", f.path()).contains(testSubject.status(f.path()));
                }
            }
            assertThat(listed.stream()
                            .filter(f -> f.path().equals(work))
                            .findFirst()
                            .orElseThrow()
                            .status())
                    .hasValueSatisfying(s -> assertThat(s.messages()).isEqualTo(2));
        }
    }
}
