package org.backsync.store.sqlite;

import static org.backsync.store.sqlite.Sql.optionalLong;
import static org.backsync.store.sqlite.Sql.optionalString;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.OutboxEntry;
import org.backsync.OutboxId;
import org.backsync.OutboxState;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.spi.FolderSyncState;
import org.backsync.spi.Intent;
import org.backsync.spi.IntentKind;
import org.backsync.spi.IntentSpec;
import org.backsync.spi.IntentState;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.ModSeq;
import org.backsync.spi.OutboxRecord;
import org.backsync.spi.RemoteRef;
import org.backsync.spi.ServerQuirk;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.spi.UidValidity;

/**
 * The read queries, over one connection: a borrowed reader connection (latest committed state) or the writer's
 * (the transaction's own view). Each method is one statement, so it sees one consistent snapshot (WAL).
 */
class SqliteReads implements StoreReader {
    static final String FOLDER_COLUMNS = "id, account, path, remote_path, special_use, subscribed, uid_validity,"
            + " uid_next, highest_modseq, pending";
    static final String MESSAGE_COLUMNS =
            "id, folder_id, remote_folder_id, uid, message_id, internal_date, size, flags,"
                    + " base_flags, modseq, header_only, deleted, tracking_id";
    private static final String INTENT_COLUMNS = "id, account, kind, folder_id, folder_path, target_folder_id,"
            + " target_path, local_ids, uids, add_flags, remove_flags, message_id, tracking_id, uid_next_seen,"
            + " uid_validity, outbox_id, state, data_complete, attempts, detail, created, closed";

    /** UIDs per {@code IN (...)} list: well below SQLite's default limit of 32,766 parameters. */
    private static final int UID_CHUNK = 500;

    private final Sql sql;
    private final Path packs;

    SqliteReads(Sql sql, Path packs) {
        this.sql = sql;
        this.packs = packs;
    }

    @Override
    public List<AccountId> accounts() throws SyncException {
        return sql.query("SELECT id FROM account ORDER BY id", rs -> AccountId.of(rs.getString(1)));
    }

    @Override
    public Set<ServerQuirk> quirks(AccountId account) throws SyncException {
        return Set.copyOf(sql.query(
                "SELECT quirk FROM server_quirk WHERE account = ?",
                rs -> ServerQuirk.valueOf(rs.getString(1)),
                account.value()));
    }

    @Override
    public List<LocalFolder> folders(AccountId account) throws SyncException {
        return sql.query(
                "SELECT " + FOLDER_COLUMNS + " FROM folder WHERE account = ? ORDER BY path, id",
                SqliteReads::folder,
                account.value());
    }

    @Override
    public Optional<LocalFolder> folder(long folderId) throws SyncException {
        return sql.queryOne("SELECT " + FOLDER_COLUMNS + " FROM folder WHERE id = ?", SqliteReads::folder, folderId);
    }

    /** The visible folder at {@code path}, else a pending-delete one there. */
    @Override
    public Optional<LocalFolder> folder(AccountId account, FolderPath path) throws SyncException {
        return sql.queryOne(
                "SELECT " + FOLDER_COLUMNS + " FROM folder WHERE account = ? AND path = ?"
                        + " ORDER BY pending = 'DELETE', id LIMIT 1",
                SqliteReads::folder,
                account.value(),
                path.value());
    }

    static LocalFolder folder(ResultSet rs) throws SQLException {
        Optional<Long> validity = optionalLong(rs, "uid_validity");
        Optional<FolderSyncState> state = validity.isEmpty()
                ? Optional.empty()
                : Optional.of(new FolderSyncState(
                        UidValidity.of(validity.get()),
                        Uid.of(rs.getLong("uid_next")),
                        optionalLong(rs, "highest_modseq").map(ModSeq::of)));
        return new LocalFolder(
                rs.getLong("id"),
                AccountId.of(rs.getString("account")),
                FolderPath.of(rs.getString("path")),
                optionalString(rs, "remote_path").map(FolderPath::of),
                optionalString(rs, "special_use").map(SpecialUse::valueOf),
                rs.getInt("subscribed") == 1,
                state,
                LocalFolder.Pending.valueOf(rs.getString("pending")));
    }

    @Override
    public List<LocalMessage> messages(long folderId) throws SyncException {
        // "uid IS NOT NULL" (implied by the schema) lets the second term use message_by_uid, not a scan of the table
        return sql.query(
                "SELECT " + MESSAGE_COLUMNS + " FROM message WHERE folder_id = ?"
                        + " OR (remote_folder_id = ? AND uid IS NOT NULL) ORDER BY id",
                SqliteReads::message,
                folderId,
                folderId);
    }

    /**
     * The query keeps the rows that can be pending (appends, deletes, moves, flags unlike the base), through the
     * partial indexes {@code message_local_new} and {@code message_pending} (V3), so unchanged rows are not visited;
     * the exact test of {@link StoreReader#isPendingUploadIn} then runs on those few rows. Keep the terms identical to
     * the indexes' WHERE clauses, or SQLite stops using them.
     */
    @Override
    public List<LocalMessage> pendingUploads(long folderId) throws SyncException {
        return sql
                .query(
                        "SELECT " + MESSAGE_COLUMNS + " FROM message"
                                + " WHERE (folder_id = ? AND remote_folder_id IS NULL AND deleted = 0)"
                                + " OR (remote_folder_id = ? AND (deleted = 1 OR folder_id <> remote_folder_id"
                                + " OR flags <> COALESCE(base_flags, ''))) ORDER BY id",
                        SqliteReads::message,
                        folderId,
                        folderId)
                .stream()
                .filter(m -> StoreReader.isPendingUploadIn(m, folderId))
                .toList();
    }

    @Override
    public List<LocalMessage> headerOnly(long folderId) throws SyncException {
        return sql.query(
                "SELECT " + MESSAGE_COLUMNS + " FROM message"
                        + " WHERE remote_folder_id = ? AND header_only = 1 AND deleted = 0 ORDER BY id",
                SqliteReads::message,
                folderId);
    }

    @Override
    public long countOnServer(long folderId) throws SyncException {
        // "uid IS NOT NULL" adds nothing (the schema ties it to remote_folder_id) but lets SQLite count over the
        // partial index message_by_uid instead of scanning every message: the audit asks this for each unchanged
        // folder of every resync (500 folders x 20,000 messages: 0.28 s -> 0.003 s)
        return sql.queryOne(
                        "SELECT count(*) FROM message WHERE remote_folder_id = ? AND uid IS NOT NULL",
                        rs -> rs.getLong(1),
                        folderId)
                .orElse(0L);
    }

    @Override
    public List<LocalMessage> messagesByUid(long folderId, Set<Uid> uids) throws SyncException {
        List<Long> values = uids.stream().map(Uid::value).sorted().toList();
        List<LocalMessage> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += UID_CHUNK) {
            List<Long> chunk = values.subList(i, Math.min(values.size(), i + UID_CHUNK));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = folderId;
            for (int j = 0; j < chunk.size(); j++) {
                args[j + 1] = chunk.get(j);
            }
            out.addAll(sql.query(
                    "SELECT " + MESSAGE_COLUMNS + " FROM message WHERE remote_folder_id = ? AND uid IN ("
                            + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                    SqliteReads::message,
                    args));
        }
        out.sort(Comparator.comparingLong(LocalMessage::localId));
        return out;
    }

    @Override
    public Optional<LocalMessage> message(long localId) throws SyncException {
        return sql.queryOne("SELECT " + MESSAGE_COLUMNS + " FROM message WHERE id = ?", SqliteReads::message, localId);
    }

    @Override
    public Optional<LocalMessage> messageByUid(long folderId, Uid uid) throws SyncException {
        return sql.queryOne(
                "SELECT " + MESSAGE_COLUMNS + " FROM message WHERE remote_folder_id = ? AND uid = ?",
                SqliteReads::message,
                folderId,
                uid.value());
    }

    static LocalMessage message(ResultSet rs) throws SQLException {
        Optional<Long> remoteFolder = optionalLong(rs, "remote_folder_id");
        Optional<RemoteRef> remote = remoteFolder.isEmpty()
                ? Optional.empty()
                : Optional.of(new RemoteRef(remoteFolder.get(), Uid.of(rs.getLong("uid"))));
        return new LocalMessage(
                rs.getLong("id"),
                rs.getLong("folder_id"),
                remote,
                optionalString(rs, "message_id"),
                Columns.instant(rs.getLong("internal_date")),
                rs.getLong("size"),
                Columns.flags(rs.getString("flags")),
                optionalString(rs, "base_flags").map(Columns::flags),
                optionalLong(rs, "modseq").map(ModSeq::of),
                rs.getInt("header_only") == 1,
                rs.getInt("deleted") == 1,
                optionalString(rs, "tracking_id"));
    }

    @Override
    public Optional<RawMessage> content(long localId) throws SyncException {
        return slice("SELECT pack, pack_offset, length FROM message WHERE id = ?", localId);
    }

    private Optional<RawMessage> slice(String query, long id) throws SyncException {
        return sql.queryOne(
                query, rs -> new PackSlice(PackWriter.file(packs, rs.getLong(1)), rs.getLong(2), rs.getLong(3)), id);
    }

    @Override
    public List<Intent> openIntents(AccountId account) throws SyncException {
        return sql.query(
                "SELECT " + INTENT_COLUMNS + " FROM intent WHERE account = ? AND state = 'OPEN' ORDER BY id",
                SqliteReads::intent,
                account.value());
    }

    @Override
    public Optional<Intent> intent(long intentId) throws SyncException {
        return sql.queryOne("SELECT " + INTENT_COLUMNS + " FROM intent WHERE id = ?", SqliteReads::intent, intentId);
    }

    private static Intent intent(ResultSet rs) throws SQLException {
        IntentSpec spec = new IntentSpec(
                AccountId.of(rs.getString("account")),
                IntentKind.valueOf(rs.getString("kind")),
                optionalLong(rs, "folder_id"),
                optionalString(rs, "folder_path").map(FolderPath::of),
                optionalLong(rs, "target_folder_id"),
                optionalString(rs, "target_path").map(FolderPath::of),
                Columns.longs(rs.getString("local_ids"), Long::valueOf),
                Columns.longs(rs.getString("uids"), Uid::of),
                Columns.flags(rs.getString("add_flags")),
                Columns.flags(rs.getString("remove_flags")),
                optionalString(rs, "message_id"),
                optionalString(rs, "tracking_id"),
                optionalLong(rs, "uid_next_seen").map(Uid::of),
                optionalLong(rs, "uid_validity").map(UidValidity::of),
                optionalLong(rs, "outbox_id"));
        return new Intent(
                rs.getLong("id"),
                spec,
                IntentState.valueOf(rs.getString("state")),
                rs.getInt("data_complete") == 1,
                rs.getInt("attempts"),
                optionalString(rs, "detail"),
                Columns.instant(rs.getLong("created")),
                optionalLong(rs, "closed").map(Columns::instant));
    }

    @Override
    public List<OutboxRecord> outbox(AccountId account) throws SyncException {
        List<Long> ids =
                sql.query("SELECT id FROM outbox WHERE account = ? ORDER BY id", rs -> rs.getLong(1), account.value());
        List<OutboxRecord> records = new java.util.ArrayList<>();
        for (long id : ids) {
            outboxRecord(new OutboxId(id)).ifPresent(records::add);
        }
        return records;
    }

    @Override
    public Optional<OutboxRecord> outboxRecord(OutboxId id) throws SyncException {
        Optional<OutboxRecord> base = sql.queryOne(
                "SELECT id, account, message_id, state, reason, attempts, next_attempt, submitted, sender"
                        + " FROM outbox WHERE id = ?",
                SqliteReads::outboxWithoutLists,
                id.value());
        if (base.isEmpty()) {
            return base;
        }
        List<String> recipients = sql.query(
                "SELECT address FROM outbox_recipient WHERE outbox_id = ? ORDER BY position",
                rs -> rs.getString(1),
                id.value());
        List<RecipientOutcome> outcomes = sql.query(
                "SELECT address, accepted, reply_code, reply FROM outbox_outcome WHERE outbox_id = ? ORDER BY position",
                rs -> new RecipientOutcome(rs.getString(1), rs.getInt(2) == 1, rs.getInt(3), rs.getString(4)),
                id.value());
        OutboxEntry e = base.get().entry();
        OutboxEntry full = new OutboxEntry(
                e.id(),
                e.account(),
                e.messageId(),
                e.state(),
                e.reason(),
                e.attempts(),
                e.nextAttempt(),
                outcomes,
                e.submitted());
        return Optional.of(new OutboxRecord(full, base.get().from(), recipients));
    }

    private static OutboxRecord outboxWithoutLists(ResultSet rs) throws SQLException {
        OutboxEntry entry = new OutboxEntry(
                new OutboxId(rs.getLong("id")),
                AccountId.of(rs.getString("account")),
                rs.getString("message_id"),
                OutboxState.valueOf(rs.getString("state")),
                optionalString(rs, "reason"),
                rs.getInt("attempts"),
                optionalLong(rs, "next_attempt").map(Columns::instant),
                List.of(),
                Columns.instant(rs.getLong("submitted")));
        return new OutboxRecord(entry, rs.getString("sender"), List.of());
    }

    @Override
    public Optional<RawMessage> outboxContent(OutboxId id) throws SyncException {
        return slice("SELECT pack, pack_offset, length FROM outbox WHERE id = ?", id.value());
    }
}
