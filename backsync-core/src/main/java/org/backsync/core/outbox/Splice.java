package org.backsync.core.outbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.backsync.RawMessage;

/** A message made of new leading bytes followed by another message's bytes from an offset on; nothing is copied. */
final class Splice implements RawMessage {
    private final byte[] prefix;
    private final RawMessage rest;
    private final long skip;

    private Splice(byte[] prefix, RawMessage rest, long skip) {
        this.prefix = prefix;
        this.rest = rest;
        this.skip = skip;
    }

    /** {@code prefix}, then {@code rest} without its first {@code skip} bytes. */
    static RawMessage of(byte[] prefix, RawMessage rest, long skip) {
        if (skip < 0 || skip > rest.size()) {
            throw new IllegalArgumentException("skip out of range: " + skip + " of " + rest.size());
        }
        return new Splice(prefix.clone(), rest, skip);
    }

    @Override
    public long size() {
        return prefix.length + rest.size() - skip;
    }

    @Override
    public InputStream open() throws IOException {
        InputStream tail = rest.open();
        try {
            tail.skipNBytes(skip);
        } catch (IOException | RuntimeException e) {
            tail.close();
            throw e;
        }
        return new SequenceInputStream(new ByteArrayInputStream(prefix), tail);
    }
}
