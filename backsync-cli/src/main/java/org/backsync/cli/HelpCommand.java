package org.backsync.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code backsync help [COMMAND...]}: the usage of {@code backsync} or of the command named. */
final class HelpCommand implements Command {
    private final List<String> names = new ArrayList<>();

    @Override
    public Syntax syntax() {
        return new Syntax("help", "Display help information about the specified command.")
                .parameter(
                        "COMMAND",
                        "The COMMAND to display the usage help message for.",
                        0,
                        Integer.MAX_VALUE,
                        names::add);
    }

    @Override
    public int call(Streams streams) throws Syntax.UsageException {
        Command command = new BacksyncCommand();
        String path = "backsync";
        for (String name : names) {
            Command sub = command.syntax().subcommand(name);
            if (sub == null) {
                throw new Syntax.UsageException("Unknown subcommand '" + name + "'.");
            }
            command = sub;
            path = path + " " + name;
        }
        streams.out().print(command.syntax().usage(path));
        return ExitCode.OK.code();
    }
}
