package org.backsync.spi;

/**
 * The remote side effects the journal records before they happen (CONTRACT 4.2), and how an open one is resolved
 * after a crash (4.3).
 */
public enum IntentKind {
    /** CREATE of {@code folderPath}; resolved by LIST. */
    CREATE_FOLDER,
    /** RENAME of {@code folderPath} to {@code targetPath}; resolved by LIST of both names. */
    RENAME_FOLDER,
    /** DELETE of {@code folderPath}; resolved by LIST. */
    DELETE_FOLDER,
    /** APPEND of {@code localIds[0]} to {@code folderPath}; resolved by searching from {@code uidNextSeen}. */
    APPEND,
    /** STORE of {@code addFlags}/{@code removeFlags} on {@code uids}; resolved by FETCH FLAGS. */
    STORE_FLAGS,
    /** MOVE of {@code uids} from {@code folderPath} to {@code targetPath}; resolved by source and target search. */
    MOVE,
    /** STORE {@code \Deleted} plus UID EXPUNGE of {@code uids}; resolved by checking the UIDs are gone. */
    DELETE,
    /** SMTP send of outbox message {@code outboxId}; resolved by the transport (CONTRACT 6.3). */
    SMTP_SEND
}
