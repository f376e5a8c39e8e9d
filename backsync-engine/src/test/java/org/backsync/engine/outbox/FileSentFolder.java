package org.backsync.engine.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.backsync.RawMessage;
import org.backsync.core.outbox.SentFolder;

/**
 * A Sent folder in a directory that survives the sending process: one file per Message-ID, written atomically, and a
 * log line per append so that a test can count appends across kills. The server does not save sent mail.
 */
final class FileSentFolder implements SentFolder {
    private final Path dir;

    FileSentFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String messageId) {
        return HexFormat.of().formatHex(messageId.getBytes(StandardCharsets.UTF_8)) + ".eml";
    }

    @Override
    public boolean savesSentMail() {
        return false;
    }

    @Override
    public void recordSavesSentMail() {
        throw new AssertionError("this server never saves sent mail itself");
    }

    @Override
    public boolean contains(String messageId) {
        return Files.exists(dir.resolve(fileName(messageId)));
    }

    @Override
    public void append(String messageId, RawMessage message) {
        try {
            Path tmp = dir.resolve(fileName(messageId) + ".tmp");
            Files.write(tmp, message.bytes());
            Files.writeString(
                    dir.resolve("appends.log"), messageId + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.move(tmp, dir.resolve(fileName(messageId)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times {@code messageId} was appended, over every process that used this directory. */
    long appends(String messageId) throws IOException {
        Path log = dir.resolve("appends.log");
        return Files.exists(log)
                ? Files.readAllLines(log).stream().filter(messageId::equals).count()
                : 0;
    }
}
