package org.backsync.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;

/**
 * Appends message bodies to the current pack file for one write transaction at a time; used only on the writer
 * thread (docs/adr/0001-message-bodies-storage.md).
 *
 * <p>Order per transaction: {@link #begin} (under SQLite's write lock) trims bytes past the committed size left by an
 * aborted writer; {@link #append} writes at the end; {@link #beforeCommit} forces the pack to disk and records the
 * new committed size in the same SQLite transaction as the rows that point into it; {@link #rollback} cuts the
 * appended bytes off again. A crash between force and COMMIT leaves only unreferenced bytes past the recorded size.
 */
final class PackWriter implements AutoCloseable {
    /** A message body's place in a pack. */
    record Location(long pack, long offset, long length) {}

    private static final int SMALL = 1 << 20;
    private static final int CHUNK = 256 * 1024;

    private final Path dir;
    private final long packLimit;
    private long pack;
    private @Nullable FileChannel channel;
    /** Bodies are gathered here and written in 1 MB pieces: one pwrite per many small messages. */
    private final ByteBuffer staging = ByteBuffer.allocateDirect(1 << 20);

    private boolean begun;
    private long start;
    /** The logical end: committed size plus everything appended, staged or written. */
    private long position;
    /** The file offset up to which appended bytes were written from {@link #staging}. */
    private long written;

    PackWriter(Path dir, long packLimit) {
        this.dir = dir;
        this.packLimit = packLimit;
    }

    static Path file(Path dir, long pack) {
        return dir.resolve(String.format("pack-%06d.dat", pack));
    }

    Path file(long id) {
        return file(dir, id);
    }

    /** Opens the current pack for appending, starting a new one once the last has reached the size limit. */
    private void begin(Sql sql) throws SyncException {
        record Last(long id, long size) {}
        Last last = sql.queryOne(
                        "SELECT id, size FROM pack ORDER BY id DESC LIMIT 1",
                        rs -> new Last(rs.getLong(1), rs.getLong(2)))
                .orElse(new Last(0, packLimit));
        try {
            if (last.size() >= packLimit) {
                sql.update("INSERT INTO pack (id, size, dead) VALUES (?, 0, 0)", last.id() + 1);
                switchTo(last.id() + 1);
                start = 0;
            } else {
                switchTo(last.id());
                start = last.size();
            }
            FileChannel ch = current();
            if (ch.size() > start) {
                ch.truncate(start);
            }
            position = start;
            written = start;
            staging.clear();
            begun = true;
        } catch (IOException e) {
            throw failure("opening pack " + pack, e);
        }
    }

    private void switchTo(long id) throws IOException {
        if (channel != null && pack == id) {
            return;
        }
        closeChannel();
        channel = FileChannel.open(
                file(id), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        pack = id;
    }

    private FileChannel current() {
        FileChannel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("pack writer used outside a transaction");
        }
        return ch;
    }

    /** Appends a body; the first append of a transaction opens the pack (the caller holds SQLite's write lock). */
    Location append(Sql sql, RawMessage content) throws SyncException {
        if (!begun) {
            begin(sql);
        }
        long offset = position;
        try {
            if (content.size() <= SMALL) {
                byte[] bytes = content.bytes();
                stage(bytes, bytes.length);
            } else {
                try (InputStream in = content.open()) {
                    byte[] buffer = new byte[CHUNK];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        stage(buffer, n);
                    }
                }
            }
        } catch (IOException e) {
            throw failure("writing " + content.size() + " bytes to pack " + pack, e);
        }
        return new Location(pack, offset, position - offset);
    }

    /** Copies bytes into the staging buffer, writing it to the file whenever it fills. */
    private void stage(byte[] bytes, int length) throws IOException {
        int at = 0;
        while (at < length) {
            if (!staging.hasRemaining()) {
                flush();
            }
            int n = Math.min(staging.remaining(), length - at);
            staging.put(bytes, at, n);
            at += n;
            position += n;
        }
    }

    /** Writes staged bytes to the file; call before anything reads this transaction's bodies from the file. */
    void flush() throws IOException {
        if (staging.position() == 0) {
            return;
        }
        FileChannel ch = current();
        staging.flip();
        while (staging.hasRemaining()) {
            written += ch.write(staging, written);
        }
        staging.clear();
    }

    /** Forces appended bytes to disk and records the pack's new committed size; call just before COMMIT. */
    void beforeCommit(Sql sql) throws SyncException {
        if (!begun) {
            return;
        }
        begun = false;
        if (position == start) {
            return;
        }
        try {
            flush();
            current().force(false);
        } catch (IOException e) {
            throw failure("writing and forcing pack " + pack + " to disk", e);
        }
        sql.update("UPDATE pack SET size = ? WHERE id = ?", position, pack);
    }

    /** Cuts off what this transaction appended; best effort, since {@link #begin} trims again. */
    void rollback() {
        if (!begun) {
            return;
        }
        begun = false;
        staging.clear();
        if (channel != null && position > start) {
            try {
                channel.truncate(start);
            } catch (IOException e) {
                // begin() of the next transaction trims past the committed size anyway
            }
        }
        position = start;
    }

    private SyncException failure(String what, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SyncException(
                Status.CORRUPT_STORE,
                Scope.ACCOUNT,
                "store " + dir.getParent() + ": " + what + " failed: " + reason,
                null,
                e);
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() {
        try {
            closeChannel();
        } catch (IOException e) {
            // nothing left to flush: every commit forced its bytes
        }
    }

    static void deleteIfExists(Path dir, long pack) throws IOException {
        Files.deleteIfExists(file(dir, pack));
    }
}
