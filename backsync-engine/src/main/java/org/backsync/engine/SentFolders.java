package org.backsync.engine;

import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.core.outbox.SentFolder;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * The Outbox's view of each account's Sent folder (CONTRACT 6.3, 6.4), over a fresh IMAP connection per call. The
 * folder is the one LIST marks {@code \Sent} (RFC 6154), else the first of the well-known names, else {@code Sent},
 * created on first append. Whether the server saves sent mail itself is remembered per account for the engine's
 * lifetime once detected.
 */
final class SentFolders implements SentFolder.Factory {
    private static final List<String> WELL_KNOWN = List.of("Sent", "Sent Items", "Sent Messages", "Sent Mail");

    private final MailProvider.Factory providers;
    private final InstantSource clock;
    private final Set<AccountId> savesSentMail = ConcurrentHashMap.newKeySet();

    SentFolders(MailProvider.Factory providers, InstantSource clock) {
        this.providers = providers;
        this.clock = clock;
    }

    @Override
    public SentFolder forAccount(AccountId account) {
        return new SentFolder() {
            @Override
            public boolean savesSentMail() {
                return savesSentMail.contains(account);
            }

            @Override
            public void recordSavesSentMail() {
                savesSentMail.add(account);
            }

            @Override
            public boolean contains(String messageId) throws SyncException {
                try (MailProvider p = providers.open(account)) {
                    Optional<FolderPath> sent = find(p.listFolders());
                    return sent.isPresent()
                            && !p.searchHeader(sent.get(), "Message-ID", messageId, Uid.of(1))
                                    .isEmpty();
                }
            }

            @Override
            public void append(String messageId, RawMessage message) throws SyncException {
                try (MailProvider p = providers.open(account)) {
                    Optional<FolderPath> found = find(p.listFolders());
                    FolderPath sent = found.orElse(FolderPath.of("Sent"));
                    if (found.isEmpty()) {
                        p.createFolder(sent);
                    }
                    p.append(sent, message, Flags.of(Flags.SEEN), clock.instant());
                }
            }
        };
    }

    static Optional<FolderPath> find(List<RemoteFolder> folders) {
        Optional<FolderPath> marked = folders.stream()
                .filter(f -> f.specialUse().equals(Optional.of(SpecialUse.SENT)))
                .map(RemoteFolder::path)
                .findFirst();
        if (marked.isPresent()) {
            return marked;
        }
        Map<String, FolderPath> byName = new java.util.HashMap<>();
        folders.forEach(f -> byName.putIfAbsent(f.path().value().toLowerCase(Locale.ROOT), f.path()));
        return WELL_KNOWN.stream()
                .map(n -> byName.get(n.toLowerCase(Locale.ROOT)))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }
}
