package org.backsync.engine.config;

/**
 * How a connection is protected (CONTRACT 5.9). {@link #NONE} is accepted only for a loopback host: tests, the demo
 * and a local bridge.
 */
public enum Security {
    /** Implicit TLS from the first byte (IMAP 993, SMTP 465). */
    TLS,
    /** STARTTLS required before any credentials (IMAP 143, SMTP 587). */
    STARTTLS,
    /** Plain text; loopback hosts only. */
    NONE
}
