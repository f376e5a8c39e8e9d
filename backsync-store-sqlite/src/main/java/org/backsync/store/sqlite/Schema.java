package org.backsync.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations with a {@code schema_version} table: a small equivalent of Flyway (one SQL resource per
 * version, {@code V<n>__<name>.sql}, each applied in its own transaction together with its version row).
 *
 * <p>{@link #prepare} only reads until it has decided the file is a backsync store it understands: a file that is not
 * SQLite, fails {@code PRAGMA quick_check}, holds foreign tables, or carries a schema version newer than {@link
 * #CURRENT} is refused with {@code CORRUPT_STORE} and left byte-for-byte as it was.
 */
final class Schema {
    static final int CURRENT = 3;
    private static final List<String> MIGRATIONS =
            List.of("V1__initial.sql", "V2__server_quirk.sql", "V3__resync_indexes.sql");
    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    private Schema() {}

    /** Checks the store and migrates it to {@link #CURRENT}; runs on the writer connection before WAL is enabled. */
    static void prepare(Sql sql, String store) throws SyncException {
        int version = check(sql, store);
        for (int v = version + 1; v <= CURRENT; v++) {
            migrate(sql, v);
            log.debug("store {} migrated to schema version {}", store, v);
        }
    }

    /** The stored schema version, 0 for an empty file; throws if the file must not be touched. */
    static int check(Sql sql, String store) throws SyncException {
        List<String> problems = sql.query("PRAGMA quick_check", rs -> rs.getString(1));
        if (!problems.equals(List.of("ok"))) {
            throw corrupt(
                    store,
                    "integrity check failed: " + String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
        }
        List<String> tables = sql.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                rs -> rs.getString(1));
        if (tables.isEmpty()) {
            return 0;
        }
        if (!tables.contains("schema_version")) {
            throw corrupt(store, "not a backsync store (no schema_version table; tables " + tables + ")");
        }
        int version = sql.queryOne("SELECT max(version) FROM schema_version", rs -> rs.getInt(1))
                .orElse(0);
        if (version > CURRENT) {
            throw corrupt(
                    store,
                    "written by a newer backsync (schema version " + version + "; this version reads up to " + CURRENT
                            + "); left untouched");
        }
        return version;
    }

    private static void migrate(Sql sql, int version) throws SyncException {
        sql.execute("BEGIN IMMEDIATE");
        boolean done = false;
        try {
            sql.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied INTEGER NOT NULL)");
            for (String statement : statements(MIGRATIONS.get(version - 1))) {
                sql.execute(statement);
            }
            sql.update(
                    "INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                    version,
                    Columns.micros(java.time.Instant.now()));
            sql.execute("COMMIT");
            done = true;
        } finally {
            if (!done) {
                rollbackQuietly(sql);
            }
        }
    }

    static void rollbackQuietly(Sql sql) {
        try {
            sql.execute("ROLLBACK");
        } catch (SyncException e) {
            // SQLite already rolled back (for example after SQLITE_FULL); nothing is left to undo
        }
    }

    private static List<String> statements(String resource) {
        try (InputStream in = Schema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " missing from the jar");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            return List.of(script.split(";")).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SyncException corrupt(String store, String why) {
        return new SyncException(Status.CORRUPT_STORE, Scope.ACCOUNT, "store " + store + ": " + why);
    }
}
