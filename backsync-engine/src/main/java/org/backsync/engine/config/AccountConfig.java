package org.backsync.engine.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;

/**
 * One account as configured. Two configs are equal exactly when every setting is; the scheduler uses that to lift a
 * {@code LOGON_FAILED} block only when the account's configuration changed.
 *
 * @param folders which folders are synced at all
 * @param headersOnly folders whose new messages are stored header-only (bodies come on demand)
 * @param push folders watched with IDLE; empty means no push for this account
 * @param maxConnections connections this account may hold to its IMAP server at once
 */
public record AccountConfig(
        AccountId id,
        String email,
        ServerConfig imap,
        Optional<ServerConfig> smtp,
        FolderFilter folders,
        FolderFilter headersOnly,
        List<FolderPath> push,
        boolean deleteToTrash,
        int maxConnections) {
    public AccountConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(imap, "imap");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(folders, "folders");
        Objects.requireNonNull(headersOnly, "headersOnly");
        push = List.copyOf(push);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
        }
    }
}
