package org.backsync.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScriptedImapServerTest {
    private static final String BASIC = """
            S: * OK scripted ready
            C*: CAPABILITY
            S: * CAPABILITY IMAP4rev1
            S: $TAG OK CAPABILITY completed
            C: STATUS .*
            S: $TAG OK first
            C: STATUS .*
            S: $TAG OK second
            C*: APPEND .*
            S: $TAG OK APPEND completed
            C: AUTHENTICATE PLAIN
            S: +
            READ
            S: $TAG OK welcome
            C: RAW
            B: * 1 FETCH (X \\0\\x41)\\r\\n
            S: $TAG OK raw
            C: BYE
            S: * BYE going away
            CLOSE
            C: QUIET
            STALL
            """;

    /** A raw-socket client: reads lines and bytes, writes text. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Client(ScriptedImapServer server) throws IOException {
            socket = new Socket(server.host(), server.port());
            socket.setSoTimeout(5_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String text) throws IOException {
            socket.getOutputStream().write(text.getBytes(UTF_8));
            socket.getOutputStream().flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                b.write(c);
            }
            return c < 0 ? "<EOF>" : b.toString(UTF_8).stripTrailing();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static ScriptedImapServer basic() {
        return ScriptedImapServer.start(Transcript.parse("basic", BASIC));
    }

    @Test
    void everyConnectionGetsTheGreeting() throws IOException {
        try (ScriptedImapServer server = basic();
                Client a = new Client(server);
                Client b = new Client(server)) {
            assertThat(a.line()).isEqualTo("* OK scripted ready");
            assertThat(b.line()).isEqualTo("* OK scripted ready");
        }
    }

    @Test
    void answersAMatchingCommandWithTheCommandsTag() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("x7 capability\r\n");

            assertThat(c.line()).isEqualTo("* CAPABILITY IMAP4rev1");
            assertThat(c.line()).isEqualTo("x7 OK CAPABILITY completed");
            assertThat(server.commands()).containsExactly("x7 capability");
        }
    }

    @Test
    void singleUseExchangesAnswerInFileOrderThenTheCommandIsUnmatched() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 STATUS INBOX (MESSAGES)\r\na2 STATUS INBOX (MESSAGES)\r\na3 STATUS INBOX (MESSAGES)\r\n");

            assertThat(c.line()).isEqualTo("a1 OK first");
            assertThat(c.line()).isEqualTo("a2 OK second");
            assertThat(c.line()).startsWith("a3 BAD");
            assertThat(server.unmatched()).containsExactly("a3 STATUS INBOX (MESSAGES)");
        }
    }

    @Test
    void aSynchronizingLiteralGetsAContinuationAndIsRecorded() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 APPEND INBOX {5}\r\n");
            String continuation = c.line();
            c.send("hello\r\n");

            assertThat(continuation).startsWith("+ ");
            assertThat(c.line()).isEqualTo("a1 OK APPEND completed");
            assertThat(server.literals())
                    .singleElement()
                    .satisfies(b -> assertThat(new String(b, UTF_8)).isEqualTo("hello"));
        }
    }

    @Test
    void aNonSynchronizingLiteralIsReadWithoutContinuation() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 APPEND INBOX {3+}\r\nabc\r\n");

            assertThat(c.line()).isEqualTo("a1 OK APPEND completed");
            assertThat(server.literals()).hasSize(1);
        }
    }

    @Test
    void readStepTakesOneClientLineWithoutMatchingIt() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 AUTHENTICATE PLAIN\r\n");
            String plus = c.line();
            c.send("AHVzZXIAcGFzcw==\r\n");

            assertThat(plus).isEqualTo("+");
            assertThat(c.line()).isEqualTo("a1 OK welcome");
            assertThat(server.unmatched()).isEmpty();
        }
    }

    @Test
    void byteStepsSendEscapedBytesVerbatim() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 RAW\r\n");

            assertThat(c.line()).isEqualTo("* 1 FETCH (X \0A)");
            assertThat(c.line()).isEqualTo("a1 OK raw");
        }
    }

    @Test
    void closeStepEndsTheConnectionAfterWhatWasSent() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 BYE\r\n");

            assertThat(c.line()).isEqualTo("* BYE going away");
            assertThat(c.line()).isEqualTo("<EOF>");
        }
    }

    @Test
    void stallStepKeepsQuietUntilTheServerCloses() throws IOException {
        ScriptedImapServer server = basic();
        try (Client c = new Client(server)) {
            c.line();
            c.send("a1 QUIET\r\n");
            c.socket.setSoTimeout(300);

            assertThatThrownBy(c::line).isInstanceOf(SocketTimeoutException.class);

            c.socket.setSoTimeout(5_000);
            server.close();
            assertThat(c.line()).isEqualTo("<EOF>");
        }
    }

    @Test
    void logoutAndNoopHaveBuiltInAnswers() throws IOException {
        try (ScriptedImapServer server = basic();
                Client c = new Client(server)) {
            c.line();

            c.send("a1 NOOP\r\na2 LOGOUT\r\n");

            assertThat(c.line()).isEqualTo("a1 OK NOOP completed");
            assertThat(c.line()).startsWith("* BYE");
            assertThat(c.line()).isEqualTo("a2 OK LOGOUT completed");
            assertThat(c.line()).isEqualTo("<EOF>");
        }
    }

    @Test
    void unusedExchangesAreListedByTranscriptLine() {
        try (ScriptedImapServer server = basic()) {
            assertThat(server.unusedExchanges()).containsExactly(5, 7, 11, 15, 18, 21);
        }
    }

    @Test
    void aMalformedTranscriptLineIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> Transcript.parse("broken", "S: * OK\nC: LOGIN .*\nX: what\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken:3");
    }

    @Test
    void includesSpliceTheSharedAnswers() {
        Transcript t = Transcript.load("bye-mid-command");

        assertThat(t.exchanges())
                .anySatisfy(e -> assertThat(e.command().pattern()).isEqualTo("LOGIN .*"));
    }

    @ParameterizedTest
    @EnumSource(ImapQuirk.class)
    void everyQuirkTranscriptGreetsAndAnswersCapability(ImapQuirk quirk) throws IOException {
        try (ScriptedImapServer server = quirk.start();
                Client c = new Client(server)) {
            assertThat(c.line()).startsWith("* OK");

            c.send("a1 CAPABILITY\r\n");

            assertThat(c.line()).startsWith("* CAPABILITY IMAP4rev1");
            assertThat(c.line()).isEqualTo("a1 OK CAPABILITY completed");
        }
    }
}
