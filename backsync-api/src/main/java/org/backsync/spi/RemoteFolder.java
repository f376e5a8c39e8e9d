package org.backsync.spi;

import java.util.Objects;
import java.util.Optional;
import org.backsync.FolderPath;

/** One folder as the server's LIST shows it. {@code selectable} is false for {@code \Noselect} containers. */
public record RemoteFolder(
        FolderPath path, char delimiter, Optional<SpecialUse> specialUse, boolean subscribed, boolean selectable) {
    public RemoteFolder {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(specialUse, "specialUse");
    }

    public static RemoteFolder of(FolderPath path) {
        return new RemoteFolder(path, '/', Optional.empty(), true, true);
    }
}
