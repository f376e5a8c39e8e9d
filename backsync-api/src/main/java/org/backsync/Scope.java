package org.backsync;

/**
 * How much a failure affects: {@link #MESSAGE} skips one message, {@link #FOLDER} one folder, and {@link #ACCOUNT}
 * ends the account's sync (R10).
 */
public enum Scope {
    MESSAGE,
    FOLDER,
    ACCOUNT
}
