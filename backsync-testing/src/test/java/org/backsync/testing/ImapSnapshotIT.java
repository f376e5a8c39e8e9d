package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.testing.ImapSnapshot.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ImapSnapshotIT {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @Test
    void readsEveryFolderAndMessageWithFlagsMessageIdAndHash() throws Exception {
        FolderPath nested = FolderPath.of("Archive/2024 Q1");
        dovecot.createMailbox(nested);
        byte[] one = MailSamples.plain("<snap-1@x>", "one");
        byte[] two = MailSamples.plain("<snap-2@x>", "two");
        dovecot.save(FolderPath.INBOX, one, Flags.of(Flags.SEEN));
        dovecot.save(nested, two, Flags.of(Flags.FLAGGED, "$Work"));

        List<ServerMessage> all =
                ImapSnapshot.take(dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), '/', true);

        assertThat(all).extracting(ServerMessage::folder).contains(FolderPath.INBOX, nested);
        ServerMessage inInbox = all.stream()
                .filter(m -> m.messageId().equals(Optional.of("<snap-1@x>")))
                .findFirst()
                .orElseThrow();
        ServerMessage inNested = all.stream()
                .filter(m -> m.messageId().equals(Optional.of("<snap-2@x>")))
                .findFirst()
                .orElseThrow();
        assertThat(inInbox.flags()).isEqualTo(Flags.of(Flags.SEEN));
        assertThat(inInbox.sha256()).isEqualTo(BadMailCorpus.sha256(one));
        assertThat(inInbox.bytes()).hasValueSatisfying(b -> assertThat(b).isEqualTo(one));
        assertThat(inNested.folder()).isEqualTo(nested);
        assertThat(inNested.flags()).isEqualTo(Flags.of(Flags.FLAGGED, "$Work"));
        assertThat(inNested.size()).isEqualTo(two.length);
    }
}
