package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code backsync demo --once}, in-process: the README's first command does one real round and says so. */
class DemoIT {
    @Test
    void demoOnceSyncsTheGeneratedMailboxSendsThroughTheOutboxAndExitsZeroWithTheSummaryLine() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Main.run(new String[] {"demo", "--once"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exit).as(out + "\n" + err).isZero();
        Matcher summary = Pattern.compile(
                        "(?m)^sync done status=OK up=\\d+ down=(\\d+) sent=1 errors=0 elapsed=\\d+\\.\\ds$")
                .matcher(out.toString());
        assertThat(summary.find()).as(out.toString()).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isGreaterThanOrEqualTo(2000);
        assertThat(out.toString())
                .contains("live Send/Receive page: http://127.0.0.1:")
                .contains("?token=")
                .contains("Sent copy: 1 on the server, 1 in the local store");
    }
}
