package org.backsync.cli;

import org.backsync.Status;

/**
 * The process exit codes of every command, one per kind of outcome a script may want to tell apart. The final
 * {@link Status} of a sync maps through {@link #of(Status)}; the table is printed by {@code --help} and written in
 * {@code docs/cli.md}. Warnings ({@code CONFLICT}) do not change the exit code: the objects were synchronized.
 */
enum ExitCode {
    OK(0, "OK: everything requested completed (warnings such as CONFLICT included)"),
    PARTIAL(1, "PARTIAL: some messages or folders were skipped, the rest completed; see the errors"),
    USAGE(2, "bad command line (unknown option, missing argument)"),
    CONFIG(3, "bad configuration file: the message names the key and the value"),
    LOGON_FAILED(4, "LOGON_FAILED: login or certificate refused; fix the credentials, no retry helps"),
    UNREACHABLE(5, "NETWORK_ERROR, END_OF_SESSION, TIMEOUT or OFFLINE: the server could not be reached; try later"),
    BUSY(6, "BUSY: the server throttled us or the item is in use; try later"),
    NOT_FOUND(7, "NOT_FOUND: a named account, folder or message does not exist"),
    CORRUPT_STORE(8, "CORRUPT_STORE: the local store failed its integrity or schema check"),
    REFUSED(9, "REFUSED: the server refused a message for good (SMTP 5xx); change it, then retry"),
    NO_JDK(10, "./backsync only: no JDK 25 or newer found, or the build failed"),
    INTERNAL_ERROR(70, "INTERNAL_ERROR: a bug in backsync; rerun with --verbose and report the stack trace"),
    CANCELLED(130, "CANCELLED: interrupted by Ctrl-C or cancelled");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    static ExitCode of(Status status) {
        return switch (status) {
            case OK, CONFLICT, UNKNOWN_FLAGS -> OK;
            case PARTIAL -> PARTIAL;
            case CANCELLED -> CANCELLED;
            case NETWORK_ERROR, END_OF_SESSION, TIMEOUT, OFFLINE -> UNREACHABLE;
            case BUSY -> BUSY;
            case LOGON_FAILED -> LOGON_FAILED;
            case NOT_FOUND -> NOT_FOUND;
            case CORRUPT_STORE -> CORRUPT_STORE;
            case REFUSED -> REFUSED;
            case INTERNAL_ERROR -> INTERNAL_ERROR;
        };
    }

    /** The table for the help footer: one line per code. */
    static String table() {
        StringBuilder b = new StringBuilder();
        for (ExitCode c : values()) {
            String code = Integer.toString(c.code);
            b.append(" ".repeat(5 - code.length()))
                    .append(code)
                    .append("  ")
                    .append(c.meaning)
                    .append('\n');
        }
        return b.toString();
    }
}
