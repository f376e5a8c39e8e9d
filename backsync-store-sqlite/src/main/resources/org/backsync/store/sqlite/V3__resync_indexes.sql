-- The targeted reads of a resync (StoreReader.pendingUploads, headerOnly) over partial indexes that hold only the rows
-- they can return, so a folder's unchanged messages are never visited: a no-change resync reads no message row.
-- The WHERE clauses match the queries in SqliteReads term for term (SQLite uses a partial index only then).
CREATE INDEX message_local_new ON message (folder_id) WHERE remote_folder_id IS NULL;
CREATE INDEX message_pending ON message (remote_folder_id)
    WHERE deleted = 1 OR folder_id <> remote_folder_id OR flags <> COALESCE(base_flags, '');
CREATE INDEX message_header_only ON message (remote_folder_id) WHERE header_only = 1;
