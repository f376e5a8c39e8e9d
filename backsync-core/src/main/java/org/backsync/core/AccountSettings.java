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
 */
public record AccountSettings(boolean deleteToTrash, long promoteSizeLimit, Predicate<FolderPath> headersOnlyFolders) {
    public static final AccountSettings DEFAULT = new AccountSettings(false, 0);

    public AccountSettings {
        if (promoteSizeLimit < 0) {
            throw new IllegalArgumentException("promoteSizeLimit < 0: " + promoteSizeLimit);
        }
        Objects.requireNonNull(headersOnlyFolders, "headersOnlyFolders");
    }

    /** Settings with no header-only folders. */
    public AccountSettings(boolean deleteToTrash, long promoteSizeLimit) {
        this(deleteToTrash, promoteSizeLimit, folder -> false);
    }
}
