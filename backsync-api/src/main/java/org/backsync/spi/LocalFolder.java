package org.backsync.spi;

import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;

/**
 * One folder in the local store.
 *
 * <p>{@code id} is the stable local id. {@code syncState} is empty until the first complete download of the folder.
 * {@code pending} says which local hierarchy change waits for upload:
 *
 * <ul>
 *   <li>{@link Pending#NONE}: in step with the server as far as the store knows;
 *   <li>{@link Pending#CREATE}: created locally, not yet on the server;
 *   <li>{@link Pending#RENAME}: renamed locally; {@code remotePath} is the name the server still has;
 *   <li>{@link Pending#DELETE}: deleted locally (hidden from users), not yet deleted on the server.
 * </ul>
 *
 * {@code remotePath} is the folder's name on the server as far as the store knows (equal to {@code path} unless a
 * rename is pending). A folder with {@link Pending#CREATE} has no remote path.
 */
public record LocalFolder(
        long id,
        AccountId account,
        FolderPath path,
        Optional<FolderPath> remotePath,
        Optional<SpecialUse> specialUse,
        boolean subscribed,
        Optional<FolderSyncState> syncState,
        Pending pending) {
    public enum Pending {
        NONE,
        CREATE,
        RENAME,
        DELETE
    }

    public LocalFolder {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(remotePath, "remotePath");
        Objects.requireNonNull(specialUse, "specialUse");
        Objects.requireNonNull(syncState, "syncState");
        Objects.requireNonNull(pending, "pending");
    }

    /** True if users see this folder: everything but a pending delete. */
    public boolean isVisible() {
        return pending != Pending.DELETE;
    }
}
