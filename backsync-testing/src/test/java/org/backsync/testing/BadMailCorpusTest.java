package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.backsync.testing.BadMailCorpus.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadMailCorpusTest {
    private static byte[] bytes(Kind kind) {
        return BadMailCorpus.generate(kind);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int headerEnd(byte[] b) {
        return indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void generationIsDeterministic() {
        for (Kind kind : Kind.values()) {
            assertThat(BadMailCorpus.generate(kind)).as(kind.name()).isEqualTo(BadMailCorpus.generate(kind));
        }
    }

    @Test
    void bareLineEndingKindsHaveNoCrlf() {
        assertThat(bytes(Kind.BARE_LF)).doesNotContain((byte) '\r').contains((byte) '\n');
        assertThat(bytes(Kind.BARE_CR)).doesNotContain((byte) '\n').contains((byte) '\r');
    }

    @Test
    void nulBytesAppearInTheHeaderAndTheBody() {
        byte[] b = bytes(Kind.NUL_BYTES);
        int end = headerEnd(b);

        assertThat(Arrays.copyOf(b, end)).contains((byte) 0);
        assertThat(Arrays.copyOfRange(b, end, b.length)).contains((byte) 0);
    }

    @Test
    void eightBitHeadersHoldRawHighBytesAndInvalidUtf8() {
        byte[] b = bytes(Kind.EIGHT_BIT_HEADERS);
        byte[] header = Arrays.copyOf(b, headerEnd(b));

        assertThat(header).contains((byte) 0xC3, (byte) 0x28).contains((byte) 0xE9);
    }

    @Test
    void overlongHeaderLineIsFarAboveTheRfcLimit() {
        String text = new String(bytes(Kind.OVERLONG_HEADER_LINE), StandardCharsets.ISO_8859_1);

        assertThat(text.lines().mapToInt(String::length).max().orElseThrow()).isGreaterThan(998 * 20);
    }

    @Test
    void oneMegabyteHeaderHasAHeaderSectionOfAtLeastOneMegabyte() {
        assertThat(headerEnd(bytes(Kind.HEADER_1MB))).isGreaterThanOrEqualTo(1 << 20);
    }

    @Test
    void emptyIsEmptyAndTheNoSeparatorKindHasNoBlankLine() {
        assertThat(bytes(Kind.EMPTY)).isEmpty();
        assertThat(headerEnd(bytes(Kind.NO_HEADER_SEPARATOR))).isEqualTo(-1);
    }

    @Test
    void invalidEncodedWordsAndCharsetsAreThere() {
        String words = new String(bytes(Kind.INVALID_ENCODED_WORDS), StandardCharsets.ISO_8859_1);
        String charset = new String(bytes(Kind.INVALID_CHARSET), StandardCharsets.ISO_8859_1);

        assertThat(words).contains("=?no-such-charset?B?", "=?utf-8?X?", "=?utf-8?Q?unterminated_word\r\n");
        assertThat(charset).contains("charset=\"x-no-such-charset-");
        assertThat(bytes(Kind.INVALID_CHARSET)).contains((byte) 0xED, (byte) 0xA0, (byte) 0x80);
    }

    @Test
    void brokenMimeNeverClosesItsBoundary() {
        String text = new String(bytes(Kind.BROKEN_MIME), StandardCharsets.ISO_8859_1);

        assertThat(text).contains("boundary=\"outer\"").doesNotContain("--outer--");
    }

    @Test
    void everyMessageIdIsUniqueAndPresentInItsMessage() {
        List<BadMailCorpus.Sample> all = BadMailCorpus.all();

        assertThat(all.stream().flatMap(s -> s.messageId().stream())).doesNotHaveDuplicates();
        for (BadMailCorpus.Sample s : all) {
            String text = new String(BadMailCorpus.generate(Kind.valueOf(s.name())), StandardCharsets.ISO_8859_1);
            s.messageId().ifPresent(id -> assertThat(text).as(s.name()).contains("Message-ID: " + id));
        }
        assertThat(all).filteredOn(s -> s.messageId().equals(Optional.empty())).hasSize(2);
    }

    @Test
    void theLargeMessageIsStreamedToExactlyItsSize(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("large.eml");

        BadMailCorpus.Sample large = BadMailCorpus.writeLarge(file, BadMailCorpus.LARGE_SIZE);

        assertThat(Files.size(file)).isEqualTo(50L << 20);
        assertThat(BadMailCorpus.sha256(large.message())).isEqualTo(large.sha256());
        assertThat(large.messageId()).contains(BadMailCorpus.messageId("large"));
    }
}
