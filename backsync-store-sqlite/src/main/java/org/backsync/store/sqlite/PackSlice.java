package org.backsync.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.backsync.RawMessage;

/**
 * A message body stored in a pack file: {@code length} bytes from {@code offset}. Each {@link #open()} opens the file
 * anew and streams the range, so a 50 MB body is never held in the heap. Valid while the message exists (the SPI's
 * rule for file-backed contents): packs are compacted only when a store is opened.
 */
record PackSlice(Path file, long offset, long length) implements RawMessage {
    @Override
    public long size() {
        return length;
    }

    @Override
    public InputStream open() throws IOException {
        return new SliceStream(FileChannel.open(file, StandardOpenOption.READ), offset, offset + length);
    }

    private static final class SliceStream extends InputStream {
        private final FileChannel channel;
        private final long end;
        private long position;

        SliceStream(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.position = start;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            long left = end - position;
            if (left <= 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, left)), position);
            if (n < 0) {
                throw new IOException("pack file " + channel + " ends before byte " + end + " (truncated)");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
