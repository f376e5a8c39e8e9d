package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command-line parser on its own: one small command with every kind of option and parameter. */
class SyntaxTest {
    private final List<String> accounts = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private final List<String> set = new ArrayList<>();
    private String config = "";
    private int port;

    private Syntax testSubject() {
        return new Syntax("try", "A command to try the parser on.", "Second line.")
                .option("-c, --config", "FILE", "Configuration file.", v -> config = v)
                .flag("-v, --verbose", "More logs.", () -> set.add("verbose"))
                .flag("--once", "Once.", () -> set.add("once"))
                .option("--port", "<port>", "A port.", v -> port = Syntax.intValue(v))
                .required("--account", "NAME", "The account.", accounts::add)
                .list("--kinds", "KIND", ",", "Kinds, comma-separated.", kinds::add)
                .parameter("ID", "Ids.", 1, Integer.MAX_VALUE, v -> ids.add(Syntax.longValue(v)));
    }

    private Syntax.Parsed parse(String... args) throws Syntax.UsageException {
        return testSubject().parse(List.of(args), 0);
    }

    private String usageError(String... args) {
        try {
            parse(args);
        } catch (Syntax.UsageException e) {
            return e.getMessage();
        }
        throw new AssertionError("no usage error for " + List.of(args));
    }

    @Nested
    class Parsing {
        @Test
        void optionsTakeTheirValueFromTheNextWordOrAfterAnEqualsSign() throws Exception {
            Syntax.Parsed parsed = parse("--config", "a.toml", "--account=work", "--port=143", "7");

            assertThat(parsed).isInstanceOf(Syntax.Run.class);
            assertThat(config).isEqualTo("a.toml");
            assertThat(accounts).containsExactly("work");
            assertThat(port).isEqualTo(143);
            assertThat(ids).containsExactly(7L);
        }

        @Test
        void shortNamesFlagsAndParametersMixInAnyOrder() throws Exception {
            parse("1", "-c", "b.toml", "--once", "2", "-v", "--account", "home", "3");

            assertThat(config).isEqualTo("b.toml");
            assertThat(set).containsExactly("once", "verbose");
            assertThat(ids).containsExactly(1L, 2L, 3L);
        }

        @Test
        void aListOptionSplitsItsValueAndMayBeRepeated() throws Exception {
            parse("--account", "a", "--kinds", "upload_contents,download_contents", "--kinds=upload_hierarchy", "1");

            assertThat(kinds).containsExactly("upload_contents", "download_contents", "upload_hierarchy");
        }

        @Test
        void doubleDashEndsTheOptionsSoADashedWordIsAParameter() throws Exception {
            Syntax syntax = new Syntax("x").parameter("WORD", "A word.", 1, 1, set::add);

            syntax.parse(List.of("--", "-v"), 0);

            assertThat(set).containsExactly("-v");
        }

        @Test
        void helpIsAnsweredEvenWhenRequiredArgumentsAreMissing() throws Exception {
            assertThat(parse("--help")).isInstanceOf(Syntax.Help.class);
            assertThat(parse("-h", "--port", "1")).isInstanceOf(Syntax.Help.class);
        }

        @Test
        void aWordNamingASubcommandHandsTheRestToIt() throws Exception {
            Syntax group = new Syntax("outbox").subcommands(List.of("list"), n -> new VersionCommand());

            Syntax.Parsed parsed = group.parse(List.of("outbox", "list", "--config", "x"), 1);

            assertThat(parsed).isInstanceOfSatisfying(Syntax.Descend.class, d -> {
                assertThat(d.name()).isEqualTo("list");
                assertThat(d.index()).isEqualTo(1);
            });
        }
    }

    @Nested
    class BadCommandLines {
        @Test
        void anUnknownOptionIsNamed() {
            assertThat(usageError("--frob", "1")).isEqualTo("Unknown option: '--frob'");
        }

        @Test
        void anOptionWithoutItsValueNamesTheValue() {
            assertThat(usageError("--account", "a", "1", "--config"))
                    .isEqualTo("Missing required parameter for option '--config' (FILE)");
        }

        @Test
        void aMissingRequiredOptionIsNamedWithItsLabel() {
            assertThat(usageError("1")).isEqualTo("Missing required option: '--account=NAME'");
        }

        @Test
        void aMissingParameterIsNamed() {
            assertThat(usageError("--account", "a")).isEqualTo("Missing required parameter: 'ID'");
        }

        @Test
        void aSingleValuedOptionGivenTwiceIsRefused() {
            assertThat(usageError("--account", "a", "-c", "x", "--config", "y", "1"))
                    .isEqualTo("option '--config' (FILE) should be specified only once");
        }

        @Test
        void aValueOfTheWrongTypeIsNamedWithItsOption() {
            assertThat(usageError("--account", "a", "--port", "abc", "1"))
                    .isEqualTo("Invalid value for option '--port': 'abc' is not an int");
            assertThat(usageError("--account", "a", "x"))
                    .isEqualTo("Invalid value for positional parameter at index 0 (ID): 'x' is not a long");
        }

        @Test
        void aFlagGivenAValueIsRefused() {
            assertThat(usageError("--account", "a", "--once=yes", "1")).contains("'--once' takes no value");
        }

        @Test
        void aWordNoParameterTakesIsUnmatched() {
            Syntax one = new Syntax("x").parameter("ID", "An id.", 1, 1, set::add);
            Syntax group = new Syntax("g").subcommands(List.of("list"), n -> new VersionCommand());

            assertThatThrownBy(() -> one.parse(List.of("1", "2"), 0)).hasMessage("Unmatched argument at index 1: '2'");
            assertThatThrownBy(() -> group.parse(List.of("frob"), 0))
                    .hasMessage("Unmatched argument at index 0: 'frob'");
        }
    }

    @Nested
    class Usage {
        @Test
        void usageShowsTheSynopsisDescriptionAndEveryOptionSortedByName() {
            String usage = testSubject().usage("backsync try");

            assertThat(usage)
                    .startsWith("Usage: backsync try [-hv] [--once] --account=NAME [-c=FILE]")
                    .contains("A command to try the parser on.\nSecond line.\n")
                    .contains("      ID...")
                    .contains("  -c, --config=FILE")
                    .contains("      --kinds=KIND[,KIND...]");
            assertThat(usage.indexOf("--account=NAME  ")).isLessThan(usage.indexOf("-c, --config"));
            assertThat(usage.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(HelpText.WIDTH));
        }

        @Test
        void aGroupListsItsSubcommandsWithTheFirstLineOfTheirDescription() {
            String usage = new OutboxCommand().syntax().usage("backsync outbox");

            assertThat(usage)
                    .startsWith("Usage: backsync outbox [-h] [COMMAND]")
                    .contains("Commands:\n  list ")
                    .contains("  retry   Put a FAILED or HELD message back in the queue and send it now.");
        }

        @Test
        void longDescriptionsWrapUnderTheirColumn() {
            String text = HelpText.table(
                    List.<String[]>of(new String[] {"  --x", "word ".repeat(30).trim()}), 3);

            assertThat(text.lines())
                    .hasSizeGreaterThan(1)
                    .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(HelpText.WIDTH));
            assertThat(text.lines().skip(1)).allSatisfy(l -> assertThat(l).startsWith(" ".repeat(10) + "word"));
        }
    }
}
