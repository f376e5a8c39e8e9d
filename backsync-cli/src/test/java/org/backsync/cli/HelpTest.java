package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Help on every level: {@code backsync --help}, {@code backsync sync --help}, {@code backsync outbox list -h}. */
class HelpTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpWithItsUsageAndExitsZero() {
        for (String[] args : new String[][] {
            {"--help"}, {"sync", "--help"}, {"export", "-h"}, {"outbox", "--help"}, {"outbox", "list", "--help"}
        }) {
            String[] r = run(args);

            assertThat(r[0]).as(String.join(" ", args) + ": " + r[2]).isEqualTo("0");
            assertThat(r[1]).contains("Usage: backsync" + (args[0].startsWith("-") ? "" : " " + args[0]));
        }
    }

    @Test
    void helpNamesEveryCommandAndAnUnknownCommandIsABadCommandLine() {
        String[] help = run("help");
        String[] unknown = run("frobnicate");

        assertThat(help[1]).contains("sync", "serve", "status", "outbox", "fetch", "account", "export", "version");
        assertThat(unknown[0]).isEqualTo(Integer.toString(ExitCode.USAGE.code()));
        assertThat(unknown[2]).contains("frobnicate");
    }
}
