package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.backsync.spi.Flags;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several FETCH responses for one UID in one answer are one message (RFC 3501 §7.4.2; with CONDSTORE/QRESYNC an
 * unsolicited flag update carries the UID, RFC 7162 §3.2.4). Found by {@code ImapMirrorDovecotIT}'s UIDVALIDITY test
 * on a reused connection: Dovecot sent {@code * 2 FETCH (UID 2 MODSEQ (..) FLAGS (\Seen))} after the message's
 * metadata response, the bare update replaced the metadata, and the re-map missed the message and downloaded it again.
 */
class FetchResponseMergeTest {
    @TempDir
    Path spoolDir;

    private FetchReader.Answer read(String answer, String bodySection) throws Exception {
        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
        FetchReader.Spool spool = new FetchReader.Spool(spoolDir, Long.MAX_VALUE, Long.MAX_VALUE);
        return new FetchReader(new WireInput(new ByteArrayInputStream(bytes)), "A7", bodySection, spool).read();
    }

    @Test
    void aFlagUpdateAfterAMessagesMetadataKeepsTheMetadataAndTakesTheNewerFlags() throws Exception {
        String answer =
                "* 2 FETCH (UID 2 FLAGS () MODSEQ (7) RFC822.SIZE 120 INTERNALDATE \"23-Nov-2026 10:00:00 +0000\""
                        + " BODY[HEADER.FIELDS (MESSAGE-ID)] {21}\r\nMessage-ID: <m@x>\r\n\r\n)\r\n"
                        + "* 2 FETCH (UID 2 MODSEQ (9) FLAGS (\\Seen))\r\n"
                        + "A7 OK FETCH completed\r\n";

        FetchReader.Answer a = read(answer, null);

        assertThat(a.listed()).singleElement().satisfies(m -> {
            assertThat(m.uid()).isEqualTo(Uid.of(2));
            assertThat(m.flags()).isEqualTo(Flags.of(Flags.SEEN));
            assertThat(m.modSeq()).contains(ModSeq.of(9));
            assertThat(m.size()).isEqualTo(120);
            assertThat(m.internalDate()).isPresent();
            assertThat(m.messageId()).contains("<m@x>");
        });
    }

    @Test
    void aMessagesItemsSplitOverTwoResponsesAreOneMessage() throws Exception {
        String answer = "* 1 FETCH (UID 4 RFC822.SIZE 5 BODY[] {5}\r\nhello)\r\n"
                + "* 1 FETCH (UID 4 FLAGS (\\Flagged) INTERNALDATE \"1-Jan-2024 10:00:00 +0000\")\r\n"
                + "* 2 FETCH (UID 6 FLAGS (\\Seen))\r\n"
                + "A7 OK FETCH completed\r\n";

        FetchReader.Answer a = read(answer, "");

        assertThat(a.messages()).singleElement().satisfies(m -> {
            RemoteMessage meta = m.meta();
            assertThat(meta.uid()).isEqualTo(Uid.of(4));
            assertThat(meta.flags()).isEqualTo(Flags.of(Flags.FLAGGED));
            assertThat(meta.size()).isEqualTo(5);
            assertThat(meta.internalDate()).isPresent();
            assertThat(new String(m.content().bytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello");
        });
        assertThat(a.listed()).extracting(RemoteMessage::uid).containsExactly(Uid.of(6));
    }

    @Test
    void aFlagUpdateWithoutFlagsLeavesTheFlagsAlone() throws Exception {
        String answer = "* 3 FETCH (UID 8 FLAGS (\\Answered) MODSEQ (3))\r\n"
                + "* 3 FETCH (UID 8 MODSEQ (4))\r\n"
                + "A7 OK FETCH completed\r\n";

        FetchReader.Answer a = read(answer, null);

        assertThat(a.listed()).singleElement().satisfies(m -> {
            assertThat(m.flags()).isEqualTo(Flags.of(Flags.ANSWERED));
            assertThat(m.modSeq()).isEqualTo(Optional.of(ModSeq.of(4)));
        });
        assertThat(a.messages()).isEmpty();
    }
}
