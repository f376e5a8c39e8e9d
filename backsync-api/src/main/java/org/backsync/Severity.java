package org.backsync;

/** backsync's classification of a {@link Status}; see {@link Status#severity()}. */
public enum Severity {
    SUCCESS,
    WARNING,
    FAILURE
}
