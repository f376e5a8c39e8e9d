package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.backsync.spi.FetchedMessage;
import org.junit.jupiter.api.Test;

class FetchParseBenchmarkTest {
    @Test
    void theSyntheticAnswerParsesIntoFiveHundredWholeMessagesOfTheirAnnouncedSize() throws Exception {
        FetchParseBenchmark b = new FetchParseBenchmark();
        b.size = 10240;
        b.setUp();

        FetchReader.Answer a = b.parseBatchOf500();

        assertThat(a.status()).isEqualTo("OK");
        assertThat(a.messages()).hasSize(500).allSatisfy(m -> assertWhole(m, 10240));
        assertThat(a.messages().getFirst().meta().uid().value()).isEqualTo(1001);
    }

    private static void assertWhole(FetchedMessage m, int size) {
        assertThat(m.headerOnly()).isFalse();
        assertThat(m.content().size()).isEqualTo(size);
    }
}
