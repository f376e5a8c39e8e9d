package org.backsync.core;

/**
 * Per-account choices the core needs.
 *
 * @param deleteToTrash a local delete becomes a move to the special-use Trash folder (CONTRACT 4.4) when the account
 *     has one; otherwise it is STORE {@code \Deleted} plus UID EXPUNGE of exactly that UID
 * @param promoteSizeLimit header-only items larger than this (RFC822.SIZE, bytes) are not promoted by a download
 *     pass (4.5); {@code 0} means no limit. {@code fetchFull} ignores the limit.
 */
public record AccountSettings(boolean deleteToTrash, long promoteSizeLimit) {
    public static final AccountSettings DEFAULT = new AccountSettings(false, 0);

    public AccountSettings {
        if (promoteSizeLimit < 0) {
            throw new IllegalArgumentException("promoteSizeLimit < 0: " + promoteSizeLimit);
        }
    }
}
