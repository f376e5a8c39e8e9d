package org.backsync.store.sqlite;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Journal, Outbox and lease changes inside a write transaction (CONTRACT 4.2, 6.2, R18). */
final class SqliteJournal {
    private static final Logger log = LoggerFactory.getLogger(SqliteJournal.class);

    private final Sql sql;
    private final SqliteReads reads;
    private final PackWriter packs;

    SqliteJournal(Sql sql, SqliteReads reads, PackWriter packs) {
        this.sql = sql;
        this.reads = reads;
        this.packs = packs;
    }

    long openIntent(IntentSpec s, Instant now) throws SyncException {
        sql.update("INSERT OR IGNORE INTO account (id) VALUES (?)", s.account().value());
        return sql.insert(
                "INSERT INTO intent (account, kind, folder_id, folder_path, target_folder_id, target_path, local_ids,"
                        + " uids, add_flags, remove_flags, message_id, tracking_id, uid_next_seen, uid_validity,"
                        + " outbox_id, state, data_complete, attempts, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', 0, 0, ?)",
                s.account().value(),
                s.kind(),
                s.folderId(),
                s.folderPath().map(FolderPath::value),
                s.targetFolderId(),
                s.targetPath().map(FolderPath::value),
                Columns.longs(s.localIds()),
                Columns.longs(s.uids().stream().map(Uid::value).toList()),
                Columns.flags(s.addFlags()),
                Columns.flags(s.removeFlags()),
                s.messageId(),
                s.trackingId(),
                s.uidNextSeen().map(Uid::value),
                s.uidValidity().map(UidValidity::value),
                s.outboxId(),
                Columns.micros(now));
    }

    private Intent requireOpen(long intentId) throws SyncException {
        Intent i = reads.intent(intentId)
                .orElseThrow(() -> new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "no intent with id " + intentId));
        if (!i.isOpen()) {
            throw new IllegalStateException("intent " + intentId + " is already closed as " + i.state());
        }
        return i;
    }

    void closeIntent(long intentId, IntentState outcome, String detail, Instant now) throws SyncException {
        if (outcome == IntentState.OPEN) {
            throw new IllegalArgumentException("closeIntent needs APPLIED or NOT_APPLIED, not OPEN");
        }
        requireOpen(intentId);
        sql.update(
                "UPDATE intent SET state = ?, detail = ?, closed = ? WHERE id = ?",
                outcome,
                detail,
                Columns.micros(now),
                intentId);
    }

    void recordAttempt(long intentId, String error) throws SyncException {
        requireOpen(intentId);
        sql.update("UPDATE intent SET attempts = attempts + 1, detail = ? WHERE id = ?", error, intentId);
    }

    void markDataComplete(long intentId) throws SyncException {
        Intent i = requireOpen(intentId);
        if (i.kind() != IntentKind.SMTP_SEND) {
            throw new IllegalArgumentException("markDataComplete on a " + i.kind() + " intent " + intentId);
        }
        sql.update("UPDATE intent SET data_complete = 1 WHERE id = ?", intentId);
    }

    int pruneIntents(Instant before) throws SyncException {
        return sql.update("DELETE FROM intent WHERE closed IS NOT NULL AND closed < ?", Columns.micros(before));
    }

    OutboxId addToOutbox(OutboxEntry e, String from, List<String> recipients, RawMessage content) throws SyncException {
        sql.update("INSERT OR IGNORE INTO account (id) VALUES (?)", e.account().value());
        PackWriter.Location at = packs.append(sql, content);
        long id = sql.insert(
                "INSERT INTO outbox (account, message_id, state, reason, attempts, next_attempt, submitted, sender,"
                        + " pack, pack_offset, length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.account().value(),
                e.messageId(),
                e.state(),
                e.reason(),
                e.attempts(),
                Columns.micros(e.nextAttempt()),
                Columns.micros(e.submitted()),
                from,
                at.pack(),
                at.offset(),
                at.length());
        for (int i = 0; i < recipients.size(); i++) {
            sql.update(
                    "INSERT INTO outbox_recipient (outbox_id, position, address) VALUES (?, ?, ?)",
                    id,
                    i,
                    recipients.get(i));
        }
        writeOutcomes(id, e.recipients());
        return new OutboxId(id);
    }

    private void writeOutcomes(long id, List<RecipientOutcome> outcomes) throws SyncException {
        sql.update("DELETE FROM outbox_outcome WHERE outbox_id = ?", id);
        for (int i = 0; i < outcomes.size(); i++) {
            RecipientOutcome o = outcomes.get(i);
            sql.update(
                    "INSERT INTO outbox_outcome (outbox_id, position, address, accepted, reply_code, reply)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    i,
                    o.address(),
                    o.accepted(),
                    o.replyCode(),
                    o.reply());
        }
    }

    void updateOutbox(OutboxEntry e) throws SyncException {
        Optional<OutboxRecord> old = reads.outboxRecord(e.id());
        if (old.isEmpty()) {
            throw new SyncException(Status.NOT_FOUND, Scope.MESSAGE, "no Outbox message with id " + e.id().value());
        }
        if (!old.get().entry().account().equals(e.account())) {
            throw new IllegalArgumentException("Outbox message " + e.id().value() + " belongs to "
                    + old.get().entry().account() + ", not " + e.account());
        }
        sql.update(
                "UPDATE outbox SET message_id = ?, state = ?, reason = ?, attempts = ?, next_attempt = ?,"
                        + " submitted = ? WHERE id = ?",
                e.messageId(),
                e.state(),
                e.reason(),
                e.attempts(),
                Columns.micros(e.nextAttempt()),
                Columns.micros(e.submitted()),
                e.id().value());
        writeOutcomes(e.id().value(), e.recipients());
    }

    boolean tryLease(AccountId account, String owner, Instant now, Instant until) throws SyncException {
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("lease until " + until + " is not after now " + now);
        }
        int taken = sql.update(
                "INSERT INTO lease (account, owner, until) VALUES (?, ?, ?) ON CONFLICT (account) DO UPDATE"
                        + " SET owner = excluded.owner, until = excluded.until"
                        + " WHERE lease.owner = excluded.owner OR lease.until <= ?",
                account.value(),
                owner,
                Columns.micros(until),
                Columns.micros(now));
        if (taken == 0) {
            taken = takeOverFromDeadProcess(account, owner, until);
        }
        if (taken > 0) {
            sql.update("INSERT OR IGNORE INTO account (id) VALUES (?)", account.value());
        }
        return taken > 0;
    }

    /**
     * A process killed while holding the lease would block every other process until the lease expires (issue 10:
     * after kill -9 the restarted engine waited out the whole term and ended BUSY). When the holder's name says it was
     * a process of this machine's current boot ({@link LeaseHolders}) and that process is gone, the lease is free.
     */
    private int takeOverFromDeadProcess(AccountId account, String owner, Instant until) throws SyncException {
        Optional<String> holder =
                sql.queryOne("SELECT owner FROM lease WHERE account = ?", rs -> rs.getString(1), account.value());
        if (holder.isEmpty() || !LeaseHolders.isDeadLocalProcess(holder.get())) {
            return 0;
        }
        int taken = sql.update(
                "UPDATE lease SET owner = ?, until = ? WHERE account = ? AND owner = ?",
                owner,
                Columns.micros(until),
                account.value(),
                holder.get());
        if (taken > 0) {
            log.debug("account {}: took over the sync lease of {}, whose process is gone", account, holder.get());
        }
        return taken;
    }

    void releaseLease(AccountId account, String owner) throws SyncException {
        sql.update("DELETE FROM lease WHERE account = ? AND owner = ?", account.value(), owner);
    }
}
