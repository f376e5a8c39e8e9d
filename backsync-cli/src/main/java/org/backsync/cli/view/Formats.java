package org.backsync.cli.view;

import java.util.Locale;
import org.backsync.AccountId;
import org.backsync.SyncError;

/** Text shared by both displays. */
final class Formats {
    private Formats() {}

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }

    /** {@code [work] error NOT_FOUND 0x8004010F scope=FOLDER folder=Archive: message} */
    static String error(AccountId account, SyncError e) {
        return "[" + account + "] " + (e.isWarning() ? "warning " : "error ") + e.status() + " "
                + e.status().hresultText() + " scope=" + e.scope()
                + e.folder().map(f -> " folder=" + f).orElse("") + ": " + e.message();
    }
}
