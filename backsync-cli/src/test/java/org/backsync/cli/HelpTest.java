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
            {"--help"},
            {"sync", "--help"},
            {"export", "-h"},
            {"outbox", "--help"},
            {"outbox", "list", "--help"},
            {"outbox", "retry", "-h"},
            {"outbox", "cancel", "-h"},
            {"demo", "--help"},
            {"serve", "--help"},
            {"status", "--help"},
            {"fetch", "--help"},
            {"account", "--help"},
            {"account", "add", "--help"},
            {"account", "test", "--help"},
            {"version", "--help"},
            {"help", "--help"}
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

    @Test
    void helpNamingACommandPrintsThatCommandsUsage() {
        String[] help = run("help", "outbox", "retry");
        String[] unknown = run("help", "frob");

        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1]).startsWith("Usage: backsync outbox retry").contains("ID");
        assertThat(unknown[0]).isEqualTo(Integer.toString(ExitCode.USAGE.code()));
        assertThat(unknown[2]).isEqualTo("backsync: Unknown subcommand 'frob'.\n");
    }

    @Test
    void versionPrintsBacksyncsVersionAndTheJava() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"version"}}) {
            String[] r = run(args);

            assertThat(r[0]).isEqualTo("0");
            assertThat(r[1]).startsWith("backsync ").contains("\nJava " + Runtime.version());
        }
    }

    @Test
    void aMissingCommandOrSubcommandIsABadCommandLineOnOneLine() {
        for (String[] args : new String[][] {{}, {"outbox"}, {"account"}}) {
            String[] r = run(args);

            assertThat(r[0]).as(String.join(" ", args)).isEqualTo(Integer.toString(ExitCode.USAGE.code()));
            assertThat(r[2]).startsWith("backsync: Missing").hasLineCount(1);
            assertThat(r[1]).isEmpty();
        }
    }

    @Test
    void aBadOptionOfACommandIsABadCommandLineNamingTheOption() {
        String[] unknown = run("sync", "--frob");
        String[] noValue = run("status", "--config");
        String[] required = run("export");
        String[] notANumber = run("outbox", "retry", "abc");

        assertThat(unknown[0]).isEqualTo("2");
        assertThat(unknown[2]).isEqualTo("backsync: Unknown option: '--frob'\n");
        assertThat(noValue[2]).isEqualTo("backsync: Missing required parameter for option '--config' (FILE)\n");
        assertThat(required[2]).isEqualTo("backsync: Missing required option: '--maildir=DIR'\n");
        assertThat(notANumber[0]).isEqualTo("2");
        assertThat(notANumber[2]).contains("'abc' is not a long");
    }
}
