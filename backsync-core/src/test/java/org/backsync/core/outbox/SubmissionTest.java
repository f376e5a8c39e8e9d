package org.backsync.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.backsync.RawMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionTest {
    static Submission check(String headers) throws Exception {
        return Submission.check(FakeOutboxWorld.message(headers + "\n\nbody\n"), Optional.empty(), "<new@x.org>");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "To: a@example.org|a@example.org",
                "To: \"Doe, Jane\" <jane@example.org>, bob@example.org (Bob)|jane@example.org,bob@example.org",
                "To: Friends: a@example.org, b@example.org;|a@example.org,b@example.org",
                "To: undisclosed-recipients:;\\nBcc: hidden@example.org|hidden@example.org",
                "To: A@Example.org\\nCc: a@example.org|A@Example.org",
                "To: \"x y\"@example.org|\"x y\"@example.org",
                "To: user@[192.0.2.1]|user@[192.0.2.1]"
            })
    void recipientsComeFromToCcAndBccWithDisplayNamesGroupsAndCommentsUnderstood(String to, String expected)
            throws Exception {
        Submission s = check("From: me@example.org\n" + to.replace("\\n", "\n"));

        assertThat(s.problem()).isEmpty();
        assertThat(String.join(",", s.recipients())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainname", "a@", "@b.org", "a b@c.org", "a@b..org", "a@-b.org", "a@@b.org"})
    void malformedAddressesAreNamedInTheReason(String addr) throws Exception {
        Submission s = check("From: me@example.org\nTo: " + addr);

        assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p).contains("invalid recipient address"));
    }

    @org.junit.jupiter.api.Test
    void theSenderHeaderIsTheEnvelopeFromWhenPresent() throws Exception {
        Submission s = check("From: boss@example.org\nSender: assistant@example.org\nTo: a@example.org");

        assertThat(s.from()).isEqualTo("assistant@example.org");
    }

    @org.junit.jupiter.api.Test
    void anExistingMessageIdIsKeptAndTheBytesUntouched() throws Exception {
        RawMessage m = FakeOutboxWorld.message("From: me@example.org\nTo: a@example.org\nMessage-ID: <k@x>\n\nb\n");

        Submission s = Submission.check(m, Optional.empty(), "<new@x.org>");

        assertThat(s.messageId()).isEqualTo("<k@x>");
        assertThat(s.content()).isSameAs(m);
    }
}
