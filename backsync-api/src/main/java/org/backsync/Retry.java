package org.backsync;

/** What a host should do after a status: nothing, retry later with backoff, or never retry without a change. */
public enum Retry {
    /** Nothing to retry. */
    NONE,
    /** A transient condition: retry with backoff. */
    LATER,
    /** Retrying cannot help until something changes (a password, the configuration, the store). */
    NEVER
}
