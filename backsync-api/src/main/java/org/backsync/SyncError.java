package org.backsync;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem met during a sync: {@code IMAPISyncProgressCallback::Error}. Reporting it does not end the sync (R10).
 *
 * <p>{@code message} is written for a person: it names the account, folder, UID or count involved and never contains
 * a password, token or message body. A warning ({@link #isWarning()}) means the object was synchronized, possibly
 * after a rule-based resolution; a failure means it was not (R11).
 */
public record SyncError(Status status, Scope scope, String message, Optional<FolderPath> folder) {
    public SyncError {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(folder, "folder");
    }

    public static SyncError of(Status status, Scope scope, String message) {
        return new SyncError(status, scope, message, Optional.empty());
    }

    public static SyncError of(Status status, Scope scope, String message, FolderPath folder) {
        return new SyncError(status, scope, message, Optional.of(folder));
    }

    public boolean isWarning() {
        return status.severity() == Severity.WARNING;
    }
}
