package org.backsync.spi;

import java.util.Objects;

/**
 * Where a message is on the server as far as the store knows: a folder's local id and the UID there, under the
 * folder's current UIDVALIDITY.
 */
public record RemoteRef(long folderId, Uid uid) {
    public RemoteRef {
        Objects.requireNonNull(uid, "uid");
    }
}
