package org.backsync.spi;

/**
 * A server behaviour the engine learned by itself and keeps in the store, per account (CONTRACT 5.1: the capability
 * profile of the account's server). Recorded with {@link StoreTransaction#setQuirk}; read with {@link
 * StoreReader#quirks}.
 */
public enum ServerQuirk {
    /**
     * The server's CONDSTORE/QRESYNC state was caught lying by the audit after a resync (STATUS MESSAGES unlike the
     * local count while HIGHESTMODSEQ said nothing changed, or a full scan found expunges VANISHED did not report):
     * change detection for this account uses the full {@code UID FETCH 1:* (FLAGS)} scan from then on.
     */
    UNRELIABLE_MODSEQ
}
