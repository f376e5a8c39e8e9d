package org.backsync.core.outbox;

import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * A {@link SentFolder} over the account's mail server: each call opens a connection, finds the folder (the account's
 * configured path, else the one LIST marks {@code \Sent}, else a folder named "Sent"), does one command and closes.
 * {@code contains} is a header search for the Message-ID (read-only); {@code append} stores the copy with {@code
 * \Seen}. "Saves sent mail" is the account's setting or, once detected, remembered for the life of this object.
 */
public final class ProviderSentFolder implements SentFolder {
    private final AccountId account;
    private final MailProvider.Factory connections;
    private final Optional<FolderPath> configured;
    private final InstantSource clock;
    private final AtomicBoolean savesSentMail;

    public ProviderSentFolder(
            AccountId account,
            MailProvider.Factory connections,
            Optional<FolderPath> configured,
            boolean savesSentMail,
            InstantSource clock) {
        this.account = Objects.requireNonNull(account, "account");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.configured = Objects.requireNonNull(configured, "configured");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.savesSentMail = new AtomicBoolean(savesSentMail);
    }

    @Override
    public boolean savesSentMail() {
        return savesSentMail.get();
    }

    @Override
    public void recordSavesSentMail() {
        savesSentMail.set(true);
    }

    @Override
    public boolean contains(String messageId) throws SyncException {
        try (MailProvider p = connections.open(account)) {
            return !p.searchHeader(sentFolder(p), "Message-ID", messageId, Uid.of(1))
                    .isEmpty();
        }
    }

    @Override
    public void append(String messageId, RawMessage message) throws SyncException {
        try (MailProvider p = connections.open(account)) {
            p.append(sentFolder(p), message, Flags.of(Flags.SEEN), clock.instant());
        }
    }

    private FolderPath sentFolder(MailProvider p) throws SyncException {
        if (configured.isPresent()) {
            return configured.get();
        }
        Optional<FolderPath> byName = Optional.empty();
        for (RemoteFolder f : p.listFolders()) {
            if (f.specialUse().equals(Optional.of(SpecialUse.SENT))) {
                return f.path();
            }
            if (f.path().value().equalsIgnoreCase("Sent")) {
                byName = Optional.of(f.path());
            }
        }
        return byName.orElseThrow(() -> new SyncException(
                Status.NOT_FOUND, Scope.FOLDER, "account " + account + " has no Sent folder on the server"));
    }
}
