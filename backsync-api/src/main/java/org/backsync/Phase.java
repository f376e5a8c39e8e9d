package org.backsync;

/**
 * The steps of a sync, in the only order they ever run (CONTRACT 4.1). {@link #RECONCILE} runs only when open
 * journal intents exist; the other phases run only when requested.
 */
public enum Phase {
    /** Finds the outcome of remote effects left open by an earlier sync, using read commands only. */
    RECONCILE,
    UPLOAD_HIERARCHY,
    UPLOAD_CONTENTS,
    DOWNLOAD_HIERARCHY,
    DOWNLOAD_CONTENTS
}
