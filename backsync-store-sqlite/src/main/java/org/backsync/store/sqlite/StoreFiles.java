package org.backsync.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import org.backsync.spi.SyncException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The files of one store directory and how connections to them are opened. Nothing here writes to an existing file
 * before {@link Schema#check} has accepted it; a missing {@code store.db} is the only case in which one is created.
 */
record StoreFiles(Path dir, Path db, Path packs, boolean existed) {
    /** The SQLite header is 100 bytes and the smallest database one page; anything shorter was cut off. */
    private static final long MIN_DB_SIZE = 512;

    static StoreFiles prepare(Path dir) throws SyncException {
        Path db = dir.resolve("store.db");
        Path packs = dir.resolve("packs");
        boolean existed = Files.exists(db);
        try {
            if (existed && Files.size(db) < MIN_DB_SIZE) {
                throw Schema.corrupt(dir.toString(), "store.db is truncated (" + Files.size(db) + " bytes)");
            }
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw Schema.corrupt(dir.toString(), "the store directory is not writable");
            }
            Files.createDirectories(packs);
        } catch (IOException e) {
            throw Sql.failure(dir.toString(), "preparing the store directory", e);
        }
        return new StoreFiles(dir, db, packs, existed);
    }

    private SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(30_000);
        return config;
    }

    /**
     * The writer connection: checks and migrates the schema, then switches to WAL with full syncs. A new store is built
     * under a temporary name and renamed into place, so a crash during creation never leaves a half-made {@code
     * store.db} that a later open would have to refuse.
     */
    Sql openWriter() throws SyncException {
        if (!existed) {
            createAtomically();
        }
        SQLiteConfig config = config();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        Sql sql = connect(config, "writer");
        boolean ready = false;
        try {
            Schema.prepare(sql, dir.toString());
            sql.execute("PRAGMA journal_mode = WAL");
            sql.execute("PRAGMA synchronous = FULL");
            ready = true;
            return sql;
        } finally {
            if (!ready) {
                sql.close();
            }
        }
    }

    private void createAtomically() throws SyncException {
        Path fresh = dir.resolve("store.db.new");
        try {
            for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(dir.resolve("store.db.new" + suffix));
            }
            try (Sql sql = connectTo(fresh, new SQLiteConfig(), "creating")) {
                Schema.prepare(sql, dir.toString());
            }
            try (FileChannel f = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
                f.force(true);
            }
            Files.move(fresh, db, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw Sql.failure(dir.toString(), "creating store.db", e);
        }
    }

    /** A reader connection; it only ever runs SELECTs. */
    Sql openReader() throws SyncException {
        SQLiteConfig config = config();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        Sql sql = connect(config, "reader");
        sql.execute("PRAGMA query_only = 1");
        return sql;
    }

    private Sql connect(SQLiteConfig config, String role) throws SyncException {
        return connectTo(db, config, role);
    }

    private Sql connectTo(Path file, SQLiteConfig config, String role) throws SyncException {
        try {
            Connection c = config.createConnection("jdbc:sqlite:" + file);
            return new Sql(c, dir.toString());
        } catch (SQLException e) {
            throw Sql.failure(dir.toString(), "opening the " + role + " connection", e);
        }
    }
}
