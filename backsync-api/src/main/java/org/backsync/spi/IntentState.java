package org.backsync.spi;

/** An intent's life: opened before the remote command, closed once its outcome is known. */
public enum IntentState {
    /** Recorded; the remote command may or may not have happened. */
    OPEN,
    /** The server acknowledged the effect, or reconciliation found it done. */
    APPLIED,
    /** The effect did not happen (a NO, or reconciliation found nothing); the local change stays pending. */
    NOT_APPLIED
}
