package org.backsync.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One command's command line: its options, positional parameters and subcommands, declared by the command with
 * setters into its own fields, parsed from the arguments and printed by {@code --help}.
 *
 * <p>Our own parser instead of picocli: picocli's 177 classes are Java 5 class files, which the JDK's CDS and AOT
 * cache refuse, so every start loaded, verified and reflected over them (about 0.13 s of a one-shot command's wall
 * time, docs/cli.md). The grammar is picocli's, as far as the commands use it: {@code --name value} and
 * {@code --name=value} (short names too), options and parameters in any order, {@code --} ends the options,
 * {@code -h}/{@code --help} on every command, and the same messages for a bad command line.
 */
final class Syntax {
    /** A bad command line: printed as one line, exit code {@link ExitCode#USAGE}. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** A setter for one value of an option or parameter; an {@link IllegalArgumentException} says it is invalid. */
    @FunctionalInterface
    interface Setter {
        void set(String value);
    }

    /** An option: a flag when {@code label} is null, otherwise it takes one value (repeated or split if so marked). */
    private record Option(
            List<String> names,
            @Nullable String label,
            String description,
            boolean required,
            boolean repeatable,
            @Nullable String split,
            Setter setter) {
        String longName() {
            return names.getLast();
        }

        /** {@code --config=FILE}, as picocli prints it in messages and synopses. */
        String withLabel() {
            return label == null
                    ? longName()
                    : longName() + "=" + label + (split != null ? "[" + split + label + "...]" : "");
        }
    }

    /** A positional parameter taking between {@code min} and {@code max} words. */
    private record Parameter(String label, String description, int min, int max, Setter setter) {
        String synopsis() {
            String s = max > 1 ? label + "..." : label;
            return min == 0 ? "[" + s + "]" : s;
        }
    }

    static final String HELP_DESCRIPTION = "Show this help message and exit.";

    private final String name;
    private final List<String> description;
    private final List<Option> options = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<String> subcommands = new ArrayList<>();
    private Function<String, Command> factory = name -> {
        throw new IllegalArgumentException("no subcommand " + name);
    };
    private Supplier<String> footer = () -> "";

    Syntax(String name, String... description) {
        this.name = name;
        this.description = List.of(description);
        option(List.of("-h", "--help"), null, HELP_DESCRIPTION, false, false, null, v -> {});
    }

    String name() {
        return name;
    }

    /** The first line of the description: what a parent's command list shows. */
    String summary() {
        return description.isEmpty() ? "" : description.getFirst();
    }

    /** A flag such as {@code "-v, --verbose"} or {@code "--once"}: {@code set} runs when it is given. */
    Syntax flag(String names, String description, Runnable set) {
        return option(names(names), null, description, false, false, null, v -> set.run());
    }

    /** An option taking one value, given at most once. */
    Syntax option(String names, String label, String description, Setter set) {
        return option(names(names), label, description, false, false, null, set);
    }

    /** An option taking one value that must be given. */
    Syntax required(String names, String label, String description, Setter set) {
        return option(names(names), label, description, true, false, null, set);
    }

    /** An option that may be given several times; {@code set} gets each value. */
    Syntax repeatable(String names, String label, String description, Setter set) {
        return option(names(names), label, description, false, true, null, set);
    }

    /** A repeatable option whose value is also a list: {@code --kinds a,b}; {@code set} gets each part. */
    Syntax list(String names, String label, String separator, String description, Setter set) {
        return option(names(names), label, description, false, true, separator, set);
    }

    /** A positional parameter: {@code min} and {@code max} words ({@link Integer#MAX_VALUE} for any number). */
    Syntax parameter(String label, String description, int min, int max, Setter set) {
        parameters.add(new Parameter(label, description, min, max, set));
        return this;
    }

    /**
     * Subcommands, in the order help lists them, each made by {@code factory} only when the command line names it
     * (or help lists it): a switch, so that a run loads and links one command class, not every one a map of
     * constructor references would.
     */
    Syntax subcommands(List<String> names, Function<String, Command> factory) {
        this.subcommands.addAll(names);
        this.factory = factory;
        return this;
    }

    /** Text printed after the options by {@code --help}, made only then. */
    Syntax footer(Supplier<String> text) {
        this.footer = text;
        return this;
    }

    /** The subcommand called {@code name}, or null when there is none. */
    @Nullable
    Command subcommand(String name) {
        return subcommands.contains(name) ? factory.apply(name) : null;
    }

    private Syntax option(
            List<String> names,
            @Nullable String label,
            String description,
            boolean required,
            boolean repeatable,
            @Nullable String split,
            Setter set) {
        options.add(new Option(names, label, description, required, repeatable, split, set));
        return this;
    }

    private static List<String> names(String names) {
        return List.of(names.split(", "));
    }

    /** What {@link #parse} found. */
    sealed interface Parsed {}

    /** The arguments are this command's: run it. */
    record Run() implements Parsed {}

    /** {@code -h} or {@code --help} was given: print the usage. */
    record Help() implements Parsed {}

    /** {@code args[index]} names a subcommand, which parses the arguments after it. */
    record Descend(Command command, String name, int index) implements Parsed {}

    /**
     * Parses {@code args} from {@code from} on, calling the setters of the options and parameters given. A word that
     * names a subcommand, before any parameter, hands the rest to that subcommand.
     */
    Parsed parse(List<String> args, int from) throws UsageException {
        List<Option> seen = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Integer> wordIndex = new ArrayList<>();
        boolean help = false;
        boolean optionsEnded = false;
        for (int i = from; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && (a.equals("-h") || a.equals("--help"))) {
                help = true;
            } else if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                i = readOption(args, i, seen);
            } else if (words.isEmpty() && subcommands.contains(a) && !help) {
                return new Descend(factory.apply(a), a, i);
            } else {
                words.add(a);
                wordIndex.add(i);
            }
        }
        if (help) {
            return new Help();
        }
        if (!subcommands.isEmpty() && parameters.isEmpty() && !words.isEmpty()) {
            throw new UsageException(
                    "Unmatched argument at index " + wordIndex.getFirst() + ": '" + words.getFirst() + "'");
        }
        assign(words, wordIndex);
        for (Option o : options) {
            if (o.required() && !seen.contains(o)) {
                throw new UsageException("Missing required option: '" + o.withLabel() + "'");
            }
        }
        return new Run();
    }

    /** Reads the option at {@code args[i]} and its value; returns the index of the last word it took. */
    private int readOption(List<String> args, int i, List<Option> seen) throws UsageException {
        String a = args.get(i);
        int eq = a.indexOf('=');
        Option o = find(eq > 0 ? a.substring(0, eq) : a);
        if (o == null) {
            throw new UsageException("Unknown option: '" + a + "'");
        }
        String value = eq > 0 ? a.substring(eq + 1) : null;
        int last = i;
        if (o.label() == null) {
            if (value != null) {
                throw new UsageException("option '" + o.longName() + "' takes no value: '" + a + "'");
            }
        } else if (value == null) {
            if (i + 1 >= args.size()) {
                throw new UsageException(
                        "Missing required parameter for option '" + o.longName() + "' (" + o.label() + ")");
            }
            value = args.get(++last);
        }
        if (seen.contains(o) && !o.repeatable()) {
            throw new UsageException("option '" + o.longName() + "' (" + o.label() + ") should be specified only once");
        }
        seen.add(o);
        set(o, value == null ? "true" : value);
        return last;
    }

    private @Nullable Option find(String optionName) {
        for (Option o : options) {
            if (o.names().contains(optionName)) {
                return o;
            }
        }
        return null;
    }

    private static void set(Option o, String value) throws UsageException {
        List<String> parts = o.split() == null ? List.of(value) : List.of(value.split(o.split()));
        for (String part : parts) {
            try {
                o.setter().set(part);
            } catch (IllegalArgumentException e) {
                throw new UsageException("Invalid value for option '" + o.longName() + "': " + e.getMessage());
            }
        }
    }

    private void assign(List<String> words, List<Integer> wordIndex) throws UsageException {
        int w = 0;
        for (int p = 0; p < parameters.size(); p++) {
            Parameter param = parameters.get(p);
            int taken = 0;
            while (w < words.size() && taken < param.max()) {
                try {
                    param.setter().set(words.get(w));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("Invalid value for positional parameter at index " + w + " ("
                            + param.label() + "): " + e.getMessage());
                }
                w++;
                taken++;
            }
            if (taken < param.min()) {
                throw new UsageException("Missing required parameter: '" + param.label() + "'");
            }
        }
        if (w < words.size()) {
            throw new UsageException("Unmatched argument at index " + wordIndex.get(w) + ": '" + words.get(w) + "'");
        }
    }

    /** An {@code int} value, or the message picocli gave for one that is not. */
    static int intValue(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an int");
        }
    }

    /** A {@code long} value, or the message picocli gave for one that is not. */
    static long longValue(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a long");
        }
    }

    /** The {@code --help} text, {@code path} being the words that lead to this command ({@code backsync outbox}). */
    String usage(String path) {
        Map<String, String> commandSummaries = new LinkedHashMap<>();
        subcommands.forEach(
                n -> commandSummaries.put(n, factory.apply(n).syntax().summary()));
        StringBuilder b = new StringBuilder();
        b.append(HelpText.wrap("Usage: " + path + " " + synopsis(!commandSummaries.isEmpty()), path.length() + 8));
        for (String line : description) {
            b.append(HelpText.wrap(line, 0));
        }
        List<String[]> rows = new ArrayList<>();
        for (Parameter p : parameters) {
            rows.add(new String[] {"      " + p.synopsis(), p.description()});
        }
        for (Option o : sorted()) {
            String shortName = o.names().size() > 1 ? o.names().getFirst() + ", " : "    ";
            rows.add(new String[] {"  " + shortName + o.withLabel(), o.description()});
        }
        b.append(HelpText.table(rows, 3));
        if (!commandSummaries.isEmpty()) {
            b.append("Commands:\n");
            List<String[]> commands = new ArrayList<>();
            commandSummaries.forEach((n, s) -> commands.add(new String[] {"  " + n, s}));
            b.append(HelpText.table(commands, 2));
        }
        String end = footer.get();
        if (!end.isEmpty()) {
            b.append("\n").append(end);
        }
        return b.toString();
    }

    /** The options by their shortest name without dashes ({@code c} for {@code -c, --config}), as picocli lists them. */
    private List<Option> sorted() {
        List<Option> sorted = new ArrayList<>(options);
        sorted.sort((x, y) -> key(x).compareTo(key(y)));
        return sorted;
    }

    private static String key(Option o) {
        return o.names().getFirst().replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }

    /** {@code [-hv] [--headers-only] [-c=FILE] [--account=NAME]... ID...}: every option and parameter. */
    private String synopsis(boolean hasCommands) {
        StringBuilder shortFlags = new StringBuilder();
        List<String> flags = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (Option o : sorted()) {
            String shortName = o.names().size() > 1 ? o.names().getFirst() : null;
            if (o.label() == null && shortName != null) {
                shortFlags.append(shortName.substring(1));
            } else if (o.label() == null) {
                flags.add("[" + o.longName() + "]");
            } else {
                String text = (shortName != null ? shortName + "=" + o.label() : o.withLabel());
                parts.add(o.required() ? text : "[" + text + "]" + (o.repeatable() ? "..." : ""));
            }
        }
        List<String> all = new ArrayList<>();
        if (!shortFlags.isEmpty()) {
            all.add("[-" + shortFlags + "]");
        }
        all.addAll(flags);
        all.addAll(parts);
        parameters.forEach(p -> all.add(p.synopsis()));
        if (hasCommands) {
            all.add("[COMMAND]");
        }
        return String.join(" ", all);
    }
}
