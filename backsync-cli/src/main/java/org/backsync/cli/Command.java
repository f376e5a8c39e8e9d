package org.backsync.cli;

import java.io.PrintWriter;

/**
 * One command of the command line ({@code sync}, {@code outbox list}, ...): its {@link Syntax}, whose setters write
 * the parsed arguments into the command's fields, and what it does with them.
 */
interface Command {
    /** Where a command prints: results on {@code out}, problems on {@code err}. */
    record Streams(PrintWriter out, PrintWriter err) {}

    /** The options, parameters and subcommands; called once per parse, before {@link #call}. */
    Syntax syntax();

    /**
     * Runs the command on its parsed arguments and returns the exit code ({@link ExitCode}). A bad argument found
     * only now (an account name not in the configuration) is a {@link Syntax.UsageException}; any other exception
     * goes to {@link Failures}.
     */
    int call(Streams streams) throws Exception;
}
