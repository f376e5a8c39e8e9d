package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.backsync.Status;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void everyExitCodeIsDistinct() {
        assertThat(Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates();
    }

    @Test
    void warningsExitZeroAndFailuresNonZero() {
        for (Status s : Status.values()) {
            int code = ExitCode.of(s).code();
            if (s.isFailure() || s == Status.PARTIAL) {
                assertThat(code).as(s.name()).isNotZero();
            } else {
                assertThat(code).as(s.name()).isZero();
            }
        }
    }

    @Test
    void helpListsEveryExitCode() {
        StringWriter out = new StringWriter();

        int exit = Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));

        assertThat(exit).isZero();
        for (ExitCode c : ExitCode.values()) {
            assertThat(out.toString()).contains(c.code() + "  " + c.meaning().substring(0, 20));
        }
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        StringWriter err = new StringWriter();

        int exit = Main.run(new String[] {"frobnicate"}, new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(exit).isEqualTo(ExitCode.USAGE.code());
        assertThat(err.toString()).contains("frobnicate");
    }
}
