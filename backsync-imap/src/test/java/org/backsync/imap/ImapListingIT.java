package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.Uid;
import org.backsync.testing.ScriptedImapServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: the first-contact listing {@code UID FETCH 1:* (UID FLAGS)} is read by {@link FetchReader}, not by Angus;
 * the answer shapes real servers send (Dovecot and GreenMail: {@code MailProviderContract}) and the odd ones RFC 3501
 * allows give the same listing.
 */
class ImapListingIT {
    @Test
    void aListingInOddShapesGivesEveryUidWithItsFlagsAndNothingElse() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("listing-odd-shapes");
                MailProvider testSubject = ImapProvider.open(scripted(server))) {

            FolderChanges changes = testSubject.changes(FolderPath.INBOX, Optional.empty());

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.FULL);
            assertThat(changes.messages())
                    .extracting(RemoteMessage::uid, RemoteMessage::flags)
                    .containsExactly(
                            tuple(Uid.of(1), Flags.of(Flags.SEEN)),
                            tuple(Uid.of(5), Flags.of(Flags.FLAGGED, "$Label1")),
                            tuple(Uid.of(9), Flags.NONE));
            assertThat(changes.messages().getLast().messageId()).contains("<n@x>");
        }
    }

    private static ImapSettings scripted(ScriptedImapServer server) {
        return ScriptedSettings.of(server, "pw");
    }
}
