package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two per-message fields both FETCH readers take apart by hand (issue 5: a regular expression and a {@link
 * DateTimeFormatter} per message cost more than the rest of the response): INTERNALDATE and the Message-ID field.
 */
class FetchFieldsTest {
    private static final DateTimeFormatter RFC3501 =
            DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "17-Jul-1996 02:44:25 -0700",
                "1-Jan-2024 10:00:00 +0000",
                "01-Jan-2024 10:00:00 +0000",
                "31-Dec-1999 23:59:59 +1400",
                "29-Feb-2024 12:30:00 +0530",
                "5-Nov-2026 00:00:00 -0000",
                "15-Sep-2023 08:07:06 -1130"
            })
    void anInternalDateInItsCommonShapeIsTheInstantTheFormatterReads(String text) {
        Instant expected = ZonedDateTime.parse(text, RFC3501).toInstant();

        assertThat(FetchReader.internalDate(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not a date",
                "",
                "17-Jxl-1996 02:44:25 -0700",
                "17-Jul-1996 02:44:25",
                "17-Jul-1996 2:44:25 -0700",
                "17-Jul-96 02:44:25 -0700",
                "17-Jul-1996 02:44:25 *0700"
            })
    void anUnreadableInternalDateIsEmpty(String text) {
        assertThat(FetchReader.internalDate(text)).isEmpty();
    }

    @Test
    void anInternalDateOutOfRangeIsLeftToTheFormatter() {
        String text = "31-Feb-2024 10:00:00 +0000";

        Optional<Instant> expected;
        try {
            expected = Optional.of(ZonedDateTime.parse(text, RFC3501).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            expected = Optional.empty();
        }

        assertThat(FetchReader.internalDate(text)).isEqualTo(expected);
    }

    @Test
    void theMessageIdFieldIsFoundWhateverTheCaseOfItsName() {
        assertThat(ImapResponses.messageIdIn("message-id: <a@b>\r\n\r\n")).contains("<a@b>");
        assertThat(ImapResponses.messageIdIn("Message-ID:<a@b>\n\n")).contains("<a@b>");
    }

    @Test
    void aFoldedMessageIdIsUnfoldedWithOneSpace() {
        assertThat(ImapResponses.messageIdIn("Message-ID:\r\n <a@b>\r\n\r\n")).contains("<a@b>");
        assertThat(ImapResponses.messageIdIn("Message-ID: <a\r\n \t@b>\r\n")).contains("<a @b>");
    }

    @Test
    void aMessageIdInsideAnotherFieldsContinuationIsNotTheMessageId() {
        assertThat(ImapResponses.messageIdIn("X-Note: see\r\n Message-ID: <no@x>\r\n\r\n"))
                .isEmpty();
    }

    @Test
    void aMissingOrBlankMessageIdIsEmpty() {
        assertThat(ImapResponses.messageIdIn("\r\n")).isEmpty();
        assertThat(ImapResponses.messageIdIn("")).isEmpty();
        assertThat(ImapResponses.messageIdIn("Message-ID:   \r\n\r\n")).isEmpty();
        assertThat(ImapResponses.messageIdIn("Subject: hi\r\n\r\n")).isEmpty();
    }
}
