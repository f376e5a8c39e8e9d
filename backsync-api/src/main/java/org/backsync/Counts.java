package org.backsync;

/** What a sync moved: messages and changes uploaded and downloaded, objects skipped, conflicts resolved. */
public record Counts(long uploaded, long downloaded, long skipped, long conflicts) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    public Counts plus(Counts o) {
        return new Counts(
                uploaded + o.uploaded, downloaded + o.downloaded, skipped + o.skipped, conflicts + o.conflicts);
    }
}
