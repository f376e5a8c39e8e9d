package org.backsync.engine;

import org.backsync.Status;

/**
 * What a person should do about a reported {@link Status}, for the Send/Receive display. The wording follows the
 * status's {@link org.backsync.Retry} class (nothing to do / retried automatically / needs a change first) and names the
 * change where the status says which one.
 */
final class SuggestedAction {
    private SuggestedAction() {}

    static String forStatus(Status status) {
        return switch (status.retry()) {
            case NONE -> noRetry(status);
            case LATER -> "Retried automatically with backoff; press Sync now to retry at once.";
            case NEVER -> needsChange(status);
        };
    }

    private static String noRetry(Status status) {
        return switch (status) {
            case CONFLICT -> "Resolved by the conflict rule; check the folder if the result looks wrong.";
            case CANCELLED -> "Cancelled on request; press Sync now to run it again.";
            default -> "No action needed.";
        };
    }

    private static String needsChange(Status status) {
        return switch (status) {
            case LOGON_FAILED -> "Check the account's password command and certificate settings, then sync again.";
            case NOT_FOUND -> "The folder or message no longer exists on the server; check the folder settings.";
            case CORRUPT_STORE -> "The local store is damaged; restore it from a backup or re-create the account.";
            case UNKNOWN_FLAGS -> "The caller sent flags backsync does not know; update the caller.";
            case REFUSED -> "The server refused the message for good; read its reply, change the message, then retry.";
            default -> "Will not be retried until the configuration changes.";
        };
    }
}
