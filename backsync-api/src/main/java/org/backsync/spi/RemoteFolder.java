package org.backsync.spi;

import java.util.Objects;
import java.util.Optional;
import org.backsync.FolderPath;

/**
 * One folder as the server's LIST shows it. {@code selectable} is false for {@code \Noselect} containers.
 *
 * @param status the folder's STATUS when the server sent it in the LIST answer itself (IMAP LIST-STATUS, RFC 5819),
 *     as of that {@link MailProvider#listFolders()} call; empty when it did not (and for a folder that cannot be
 *     selected). A caller may use it as a STATUS taken at that moment, as long as it has changed nothing on the
 *     server since.
 */
public record RemoteFolder(
        FolderPath path,
        char delimiter,
        Optional<SpecialUse> specialUse,
        boolean subscribed,
        boolean selectable,
        Optional<FolderStatus> status) {
    public RemoteFolder {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(specialUse, "specialUse");
        Objects.requireNonNull(status, "status");
    }

    /** A folder listed without its STATUS. */
    public RemoteFolder(
            FolderPath path, char delimiter, Optional<SpecialUse> specialUse, boolean subscribed, boolean selectable) {
        this(path, delimiter, specialUse, subscribed, selectable, Optional.empty());
    }

    public static RemoteFolder of(FolderPath path) {
        return new RemoteFolder(path, '/', Optional.empty(), true, true);
    }
}
