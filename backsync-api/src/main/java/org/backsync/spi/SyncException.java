package org.backsync.spi;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.SyncError;
import org.jspecify.annotations.Nullable;

/**
 * A failure as data: its {@link Status}, its {@link Scope} and, where known, the folder. The message is written for a
 * person and never holds a password, token or message body. {@code MESSAGE}: skip the message; {@code FOLDER}: skip
 * the folder; {@code ACCOUNT}: end the account's sync.
 */
public class SyncException extends IOException {
    private final Status status;
    private final Scope scope;
    private final @Nullable FolderPath folder;

    public SyncException(Status status, Scope scope, String message) {
        this(status, scope, message, null, null);
    }

    public SyncException(
            Status status, Scope scope, String message, @Nullable FolderPath folder, @Nullable Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        if (!status.isFailure()) {
            throw new IllegalArgumentException("SyncException needs a failure status, not " + status);
        }
        this.status = Objects.requireNonNull(status, "status");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.folder = folder;
    }

    public Status status() {
        return status;
    }

    public Scope scope() {
        return scope;
    }

    public Optional<FolderPath> folder() {
        return Optional.ofNullable(folder);
    }

    /** The same failure with another scope, for a caller that knows better how much it affects. */
    public SyncException withScope(Scope newScope, @Nullable FolderPath newFolder) {
        return new SyncException(status, newScope, getMessage(), newFolder != null ? newFolder : folder, this);
    }

    /** The report the engine passes to {@code SyncListener.error}. */
    public SyncError toError() {
        return new SyncError(status, scope, getMessage(), folder());
    }

    /** True for the statuses R20 retries after reconnecting: network errors, end of session, timeouts. */
    public boolean isTransient() {
        return switch (status) {
            case NETWORK_ERROR, END_OF_SESSION, TIMEOUT -> true;
            case OK,
                    PARTIAL,
                    CONFLICT,
                    UNKNOWN_FLAGS,
                    CANCELLED,
                    OFFLINE,
                    BUSY,
                    LOGON_FAILED,
                    NOT_FOUND,
                    CORRUPT_STORE,
                    REFUSED,
                    INTERNAL_ERROR -> false;
        };
    }
}
