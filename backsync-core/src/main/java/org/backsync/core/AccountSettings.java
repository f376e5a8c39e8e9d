package org.backsync.core;

import java.util.Objects;
import java.util.function.Predicate;
import org.backsync.FolderPath;

/**
 * Per-account choices the core needs.
 *
 * @param deleteToTrash a local delete becomes a move to the special-use Trash folder (CONTRACT 4.4) when the account
 *     has one; otherwise it is STORE {@code \Deleted} plus UID EXPUNGE of exactly that UID
 * @param promoteSizeLimit header-only items larger than this (RFC822.SIZE, bytes) are not promoted by a download
 *     pass (4.5); {@code 0} means no limit. {@code fetchFull} ignores the limit.
 * @param headersOnlyFolders folders treated as if every sync of them carried {@code HEADERS_ONLY}: their new
 *     messages are stored header-only and download passes never promote their items; {@code fetchFull} still does.
 *     Called on the sync's thread; must not block.
 * @param fetchConnections connections the download of new messages may use at once, the session's own included
 *     ({@link FetchWorkers}); {@code 1} downloads on the session's connection alone
 */
public record AccountSettings(
        boolean deleteToTrash, long promoteSizeLimit, Predicate<FolderPath> headersOnlyFolders, int fetchConnections) {
    public static final AccountSettings DEFAULT = new AccountSettings(false, 0);

    public AccountSettings {
        if (promoteSizeLimit < 0) {
            throw new IllegalArgumentException("promoteSizeLimit < 0: " + promoteSizeLimit);
        }
        Objects.requireNonNull(headersOnlyFolders, "headersOnlyFolders");
        if (fetchConnections < 1) {
            throw new IllegalArgumentException("fetchConnections < 1: " + fetchConnections);
        }
    }

    /** Settings downloading on the session's connection alone. */
    public AccountSettings(boolean deleteToTrash, long promoteSizeLimit, Predicate<FolderPath> headersOnlyFolders) {
        this(deleteToTrash, promoteSizeLimit, headersOnlyFolders, 1);
    }

    /** Settings with no header-only folders. */
    public AccountSettings(boolean deleteToTrash, long promoteSizeLimit) {
        this(deleteToTrash, promoteSizeLimit, folder -> false);
    }
}
