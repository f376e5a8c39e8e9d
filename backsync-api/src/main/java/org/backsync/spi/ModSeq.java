package org.backsync.spi;

/** A CONDSTORE mod-sequence (RFC 7162): a positive 63-bit number that grows with every change in a folder. */
public record ModSeq(long value) implements Comparable<ModSeq> {
    public ModSeq {
        if (value < 0) {
            throw new IllegalArgumentException("MODSEQ < 0: " + value);
        }
    }

    public static ModSeq of(long value) {
        return new ModSeq(value);
    }

    @Override
    public int compareTo(ModSeq o) {
        return Long.compare(value, o.value);
    }
}
