package org.backsync.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.backsync.engine.config.ConfigException;
import org.backsync.spi.SyncException;

/**
 * Turns an exception that escaped a command into one line on standard error and an exit code: a bad configuration
 * ({@link ExitCode#CONFIG}), a {@link SyncException} (by its status), anything else ({@link ExitCode#INTERNAL_ERROR}).
 * A stack trace is printed only with {@code --verbose}.
 */
final class Failures {
    private final PrintWriter err;
    private final boolean verbose;

    Failures(PrintWriter err, String[] args) {
        this.err = err;
        this.verbose = Arrays.stream(args).anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
    }

    int handle(Exception e) {
        int code = switch (e) {
            case ConfigException c -> {
                err.println("backsync: " + c.getMessage());
                yield ExitCode.CONFIG.code();
            }
            case SyncException s -> {
                err.println("backsync: " + s.status() + " (" + s.status().hresultText() + "): " + s.getMessage());
                yield ExitCode.of(s.status()).code();
            }
            default -> {
                err.println("backsync: internal error: " + e + (verbose ? "" : " (rerun with --verbose for details)"));
                yield ExitCode.INTERNAL_ERROR.code();
            }
        };
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
