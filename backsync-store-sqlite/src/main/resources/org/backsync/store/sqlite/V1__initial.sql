-- Schema version 1 of the backsync local store. Every column is typed; times are microseconds since the epoch (UTC).
-- Flag sets are space-separated IMAP atoms (flags never contain spaces, RFC 3501 flag-keyword = atom).
CREATE TABLE account (
    id TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE folder (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account        TEXT    NOT NULL REFERENCES account (id),
    path           TEXT    NOT NULL,
    remote_path    TEXT,
    special_use    TEXT CHECK (special_use IN ('SENT', 'DRAFTS', 'TRASH', 'JUNK', 'ARCHIVE', 'ALL', 'FLAGGED')),
    subscribed     INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
    uid_validity   INTEGER CHECK (uid_validity BETWEEN 1 AND 4294967295),
    uid_next       INTEGER CHECK (uid_next BETWEEN 1 AND 4294967295),
    highest_modseq INTEGER CHECK (highest_modseq >= 0),
    pending        TEXT    NOT NULL CHECK (pending IN ('NONE', 'CREATE', 'RENAME', 'DELETE'))
);
CREATE INDEX folder_by_path ON folder (account, path);

-- An append-only file of message bodies; size is the committed length (bytes past it are an aborted write).
CREATE TABLE pack (
    id   INTEGER PRIMARY KEY,
    size INTEGER NOT NULL CHECK (size >= 0),
    dead INTEGER NOT NULL CHECK (dead >= 0)
);

CREATE TABLE message (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    folder_id        INTEGER NOT NULL,
    remote_folder_id INTEGER,
    uid              INTEGER CHECK (uid BETWEEN 1 AND 4294967295),
    message_id       TEXT,
    internal_date    INTEGER NOT NULL,
    size             INTEGER NOT NULL,
    flags            TEXT    NOT NULL,
    base_flags       TEXT,
    modseq           INTEGER CHECK (modseq >= 0),
    header_only      INTEGER NOT NULL CHECK (header_only IN (0, 1)),
    deleted          INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    tracking_id      TEXT,
    pack             INTEGER NOT NULL REFERENCES pack (id),
    pack_offset      INTEGER NOT NULL CHECK (pack_offset >= 0),
    length           INTEGER NOT NULL CHECK (length >= 0),
    CHECK ((remote_folder_id IS NULL) = (uid IS NULL))
);
CREATE INDEX message_by_folder ON message (folder_id);
CREATE UNIQUE INDEX message_by_uid ON message (remote_folder_id, uid) WHERE uid IS NOT NULL;

CREATE TABLE intent (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    account          TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('CREATE_FOLDER', 'RENAME_FOLDER', 'DELETE_FOLDER', 'APPEND',
                                                      'STORE_FLAGS', 'MOVE', 'DELETE', 'SMTP_SEND')),
    folder_id        INTEGER,
    folder_path      TEXT,
    target_folder_id INTEGER,
    target_path      TEXT,
    local_ids        TEXT    NOT NULL,
    uids             TEXT    NOT NULL,
    add_flags        TEXT    NOT NULL,
    remove_flags     TEXT    NOT NULL,
    message_id       TEXT,
    tracking_id      TEXT,
    uid_next_seen    INTEGER,
    uid_validity     INTEGER,
    outbox_id        INTEGER,
    state            TEXT    NOT NULL CHECK (state IN ('OPEN', 'APPLIED', 'NOT_APPLIED')),
    data_complete    INTEGER NOT NULL CHECK (data_complete IN (0, 1)),
    attempts         INTEGER NOT NULL CHECK (attempts >= 0),
    detail           TEXT,
    created          INTEGER NOT NULL,
    closed           INTEGER
);
CREATE INDEX intent_open ON intent (account, state, id);
CREATE INDEX intent_closed ON intent (closed) WHERE closed IS NOT NULL;

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account      TEXT    NOT NULL REFERENCES account (id),
    message_id   TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'HELD')),
    reason       TEXT,
    attempts     INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt INTEGER,
    submitted    INTEGER NOT NULL,
    sender       TEXT    NOT NULL,
    pack         INTEGER NOT NULL REFERENCES pack (id),
    pack_offset  INTEGER NOT NULL,
    length       INTEGER NOT NULL
);
CREATE INDEX outbox_by_account ON outbox (account, id);

CREATE TABLE outbox_recipient (
    outbox_id INTEGER NOT NULL REFERENCES outbox (id),
    position  INTEGER NOT NULL,
    address   TEXT    NOT NULL,
    PRIMARY KEY (outbox_id, position)
) WITHOUT ROWID;

CREATE TABLE outbox_outcome (
    outbox_id  INTEGER NOT NULL REFERENCES outbox (id),
    position   INTEGER NOT NULL,
    address    TEXT    NOT NULL,
    accepted   INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    reply_code INTEGER NOT NULL,
    reply      TEXT    NOT NULL,
    PRIMARY KEY (outbox_id, position)
) WITHOUT ROWID;

CREATE TABLE lease (
    account TEXT PRIMARY KEY,
    owner   TEXT    NOT NULL,
    until   INTEGER NOT NULL
) WITHOUT ROWID;
