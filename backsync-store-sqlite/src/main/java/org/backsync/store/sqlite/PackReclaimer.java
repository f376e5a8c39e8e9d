package org.backsync.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.backsync.spi.SyncException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the space of removed bodies when a store is opened, before any reader can hold a {@link PackSlice}
 * (ADR 0001). A sealed pack (not the newest) whose dead bytes exceed half its size is compacted: its live bodies are
 * appended to the newest pack and forced, their rows re-pointed and the pack row deleted in one transaction, and only
 * after that commit is the old file deleted. A crash before the commit leaves the old pack in use (the copies are
 * unreferenced bytes past the newest pack's committed size); a crash after it leaves an unreferenced file, which the
 * next open deletes.
 */
final class PackReclaimer {
    private static final Logger log = LoggerFactory.getLogger(PackReclaimer.class);

    private PackReclaimer() {}

    static void reclaim(Sql sql, StoreFiles files, PackWriter packs) throws SyncException {
        long newest =
                sql.queryOne("SELECT max(id) FROM pack", rs -> rs.getLong(1)).orElse(0L);
        List<Long> sparse = sql.query(
                "SELECT id FROM pack WHERE id < ? AND dead * 2 > size ORDER BY id", rs -> rs.getLong(1), newest);
        for (long pack : sparse) {
            compact(sql, files, packs, pack);
        }
        deleteUnreferencedFiles(sql, files.packs(), newest);
    }

    private static void compact(Sql sql, StoreFiles files, PackWriter packs, long pack) throws SyncException {
        sql.execute("BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            int moved =
                    move(sql, packs, files.packs(), "message", pack) + move(sql, packs, files.packs(), "outbox", pack);
            packs.beforeCommit(sql);
            sql.update("DELETE FROM pack WHERE id = ?", pack);
            sql.execute("COMMIT");
            committed = true;
            log.debug("pack {} compacted: {} live bodies moved, file deleted", pack, moved);
        } finally {
            if (!committed) {
                Schema.rollbackQuietly(sql);
                packs.rollback();
            }
        }
        SqliteMessageStore.deleteQuietly(PackWriter.file(files.packs(), pack));
    }

    private static int move(Sql sql, PackWriter packs, Path dir, String table, long pack) throws SyncException {
        record Body(long id, long offset, long length) {}
        List<Body> bodies = sql.query(
                "SELECT id, pack_offset, length FROM " + table + " WHERE pack = ?",
                rs -> new Body(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                pack);
        for (Body b : bodies) {
            PackWriter.Location at =
                    packs.append(sql, new PackSlice(PackWriter.file(dir, pack), b.offset(), b.length()));
            sql.update(
                    "UPDATE " + table + " SET pack = ?, pack_offset = ? WHERE id = ?", at.pack(), at.offset(), b.id());
        }
        return bodies.size();
    }

    /** Deletes pack files below the newest pack that no pack row names (left by a crash after a compaction). */
    private static void deleteUnreferencedFiles(Sql sql, Path dir, long newest) throws SyncException {
        List<Long> known = sql.query("SELECT id FROM pack", rs -> rs.getLong(1));
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (!name.matches("pack-\\d{6,}\\.dat")) {
                    continue;
                }
                long id = Long.parseLong(name.substring(5, name.length() - 4));
                if (id < newest && !known.contains(id)) {
                    SqliteMessageStore.deleteQuietly(file);
                }
            }
        } catch (IOException e) {
            log.debug("could not list {} to delete unreferenced packs: {}", dir, e.toString());
        }
    }
}
