package org.backsync.spi;

/** A folder's role (RFC 6154 SPECIAL-USE, else well-known names, else account settings). */
public enum SpecialUse {
    SENT,
    DRAFTS,
    TRASH,
    JUNK,
    ARCHIVE,
    ALL,
    FLAGGED
}
