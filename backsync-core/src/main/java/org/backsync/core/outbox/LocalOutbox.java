package org.backsync.core.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.Outbox;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Outbox over the local store (CONTRACT 6.1). {@link #submit} validates ({@link Submission}) and stores in one
 * transaction, {@code QUEUED}, or {@code HELD} with the reason when the message cannot be sent as it is: nothing
 * submitted is ever dropped. Sending is the {@link OutboxSender}'s job, triggered from here; every method returns
 * without waiting for the network. A store failure is thrown as an {@link UncheckedIOException} wrapping the {@link
 * SyncException}.
 *
 * <p>{@code hold}: {@code QUEUED -> HELD}; a message being sent cannot be held ({@link IllegalStateException}).
 * {@code retry}: {@code FAILED, HELD, QUEUED -> QUEUED} now, attempts reset to zero.
 */
public final class LocalOutbox implements Outbox {
    private static final Logger log = LoggerFactory.getLogger(LocalOutbox.class);
    private static final OutboxId UNASSIGNED = new OutboxId(1); // the store assigns the real id

    private final OutboxSetup setup;
    private final OutboxSender sender;

    public LocalOutbox(OutboxSetup setup, OutboxSender sender) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    @Override
    public OutboxId submit(AccountId account, RawMessage message) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(message, "message");
        Submission s;
        try {
            String unique = HexFormat.of().toHexDigits(setup.random().nextLong())
                    + HexFormat.of().toHexDigits(setup.random().nextLong());
            s = Submission.check(message, setup.limits().limits(account), Submission.newMessageId(unique, message));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the submitted message", e);
        }
        OutboxEntry entry = new OutboxEntry(
                UNASSIGNED,
                account,
                s.messageId(),
                s.problem().isPresent() ? OutboxState.HELD : OutboxState.QUEUED,
                s.problem(),
                0,
                Optional.empty(),
                List.of(),
                setup.clock().instant());
        OutboxId id = write(tx -> {
            tx.ensureAccount(account);
            return tx.addToOutbox(entry, s.from(), s.recipients(), s.content());
        });
        log.debug(
                "{} submitted as {}: {}",
                s.messageId(),
                entry.state(),
                s.problem().orElse("valid"));
        if (s.problem().isEmpty()) {
            sender.trigger(account, false);
        }
        return id;
    }

    @Override
    public OutboxEntry entry(OutboxId id) {
        Objects.requireNonNull(id, "id");
        try {
            return setup.store().outboxRecord(id).map(OutboxRecord::entry).orElseThrow(() -> unknown(id));
        } catch (SyncException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void hold(OutboxId id) {
        Objects.requireNonNull(id, "id");
        write(tx -> {
            OutboxEntry e = tx.outboxRecord(id).map(OutboxRecord::entry).orElseThrow(() -> unknown(id));
            switch (e.state()) {
                case QUEUED -> tx.updateOutbox(Entries.held(e, "held by the user"));
                case HELD -> {}
                case SENDING, SENT, FAILED ->
                    throw new IllegalStateException("cannot hold Outbox message " + id.value() + ": " + e.state());
            }
            return null;
        });
    }

    @Override
    public void retry(OutboxId id) {
        Objects.requireNonNull(id, "id");
        AccountId account = write(tx -> {
            OutboxEntry e = tx.outboxRecord(id).map(OutboxRecord::entry).orElseThrow(() -> unknown(id));
            switch (e.state()) {
                case FAILED, HELD, QUEUED -> tx.updateOutbox(Entries.requeued(e));
                case SENDING, SENT ->
                    throw new IllegalStateException("cannot retry Outbox message " + id.value() + ": " + e.state());
            }
            return e.account();
        });
        sender.trigger(account, false);
    }

    @Override
    public void flush(AccountId account) {
        sender.trigger(Objects.requireNonNull(account, "account"), true);
    }

    private <T> T write(org.backsync.spi.MessageStore.Work<T> work) {
        try {
            return setup.store().write(work);
        } catch (SyncException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IllegalArgumentException unknown(OutboxId id) {
        return new IllegalArgumentException("no Outbox message with id " + id.value());
    }
}
