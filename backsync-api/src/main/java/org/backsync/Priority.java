package org.backsync;

/**
 * How urgently a sync runs. {@link #ON_DEMAND} syncs start before every queued {@link #BACKGROUND} sync of their
 * account, and a running background sync that needs the same folders pauses for them at a batch boundary (R17).
 */
public enum Priority {
    ON_DEMAND,
    BACKGROUND
}
