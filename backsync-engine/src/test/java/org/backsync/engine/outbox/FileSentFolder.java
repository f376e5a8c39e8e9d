package org.backsync.engine.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;
import org.backsync.RawMessage;
import org.backsync.core.outbox.SentFolder;

/**
 * A Sent folder in a directory that survives the sending process, as a server mailbox does: each append is one new
 * file, made visible by an atomic rename (the moment a server commits an APPEND), so a process killed mid-append has
 * appended nothing, and two appends of one message are two files. Copies are counted by the files, over every process
 * that used this directory. The server does not save sent mail.
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

    private static String prefix(String messageId) {
        return HexFormat.of().formatHex(messageId.getBytes(StandardCharsets.UTF_8)) + "-";
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
        try {
            return appends(messageId) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void append(String messageId, RawMessage message) {
        try {
            Path tmp = Files.createTempFile(dir, "append", ".tmp");
            Files.write(tmp, message.bytes());
            Files.move(
                    tmp, dir.resolve(prefix(messageId) + UUID.randomUUID() + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many copies of {@code messageId} are in the folder, whichever process appended them. */
    long appends(String messageId) throws IOException {
        String prefix = prefix(messageId);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".eml");
                    })
                    .count();
        }
    }
}
