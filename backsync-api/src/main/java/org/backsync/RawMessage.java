package org.backsync;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The exact bytes of one RFC 5322 message, held in memory or in a file. backsync never rewrites them: what the server
 * sent is what the store keeps, byte for byte, malformed or not.
 *
 * <p>Each {@link #open()} returns a fresh stream from the first byte; the caller closes it. A file-backed instance is
 * valid as long as its file exists; who deletes the file is said where the instance is handed over.
 */
public interface RawMessage {
    /** The size in bytes. */
    long size();

    /** A new stream over the whole message. */
    InputStream open() throws IOException;

    /** Reads the whole message into memory; for small messages and tests only. */
    default byte[] bytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    /** A message held in memory; the array is not copied and must not be changed afterwards. */
    static RawMessage of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new RawMessage() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public byte[] bytes() {
                return bytes;
            }
        };
    }

    /** A message held in a file; its size is read once, now. */
    static RawMessage of(Path file) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read size of " + file, e);
        }
        return new RawMessage() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
