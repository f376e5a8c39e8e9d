package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStuffingTest {
    static String stuff(String in, boolean byteByByte) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffing testSubject = new DotStuffing(out);
        byte[] bytes = in.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte b : bytes) {
                testSubject.write(b & 0xff);
            }
        } else {
            testSubject.write(bytes, 0, bytes.length);
        }
        testSubject.finishLine();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a\\r\\nb\\r\\n|a\\r\\nb\\r\\n",
                ".x\\r\\n|..x\\r\\n",
                "a\\r\\n.\\r\\nb|a\\r\\n..\\r\\nb\\r\\n",
                "a\\nb|a\\r\\nb\\r\\n",
                "a\\rb|a\\r\\nb\\r\\n",
                "a\\r|a\\r\\n",
                "x.y\\r\\n|x.y\\r\\n",
                "a\\n.b\\r\\r\\n|a\\r\\n..b\\r\\n\\r\\n"
            })
    void linesAreCrlfTerminatedAndLeadingDotsDoubled(String in, String expected) throws IOException {
        String input = in.replace("\\r", "\r").replace("\\n", "\n");
        String wanted = expected.replace("\\r", "\r").replace("\\n", "\n");

        assertThat(stuff(input, false)).isEqualTo(wanted);
        assertThat(stuff(input, true)).isEqualTo(wanted);
    }
}
