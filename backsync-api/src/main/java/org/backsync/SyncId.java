package org.backsync;

/** Identifies one accepted sync for its engine's lifetime; assigned in increasing order. */
public record SyncId(long value) {
    @Override
    public String toString() {
        return "sync-" + value;
    }
}
