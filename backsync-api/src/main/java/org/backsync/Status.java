package org.backsync;

/**
 * The outcome of a sync or of one reported problem, with its MAPI {@code HRESULT}. Every entry is produced by a code
 * path in the engine and has a test (CONTRACT 2.4).
 *
 * <p>{@link #severity()} matches the HRESULT severity bit (bit 31) for every entry except {@link #CONFLICT} and {@link
 * #UNKNOWN_FLAGS}: they keep their MAPI failure codes for the adapter, but the sync goes on after them, so backsync
 * classifies them as warnings.
 */
public enum Status {
    OK(0x00000000, "S_OK", Severity.SUCCESS, Retry.NONE),
    PARTIAL(0x00040680, "MAPI_W_PARTIAL_COMPLETION", Severity.WARNING, Retry.LATER),
    CONFLICT(0x80040802, "SYNC_E_CONFLICT", Severity.WARNING, Retry.NONE),
    UNKNOWN_FLAGS(0x80040106, "MAPI_E_UNKNOWN_FLAGS", Severity.WARNING, Retry.NEVER),
    CANCELLED(0x80040113, "MAPI_E_USER_CANCEL", Severity.FAILURE, Retry.NONE),
    NETWORK_ERROR(0x80040115, "MAPI_E_NETWORK_ERROR", Severity.FAILURE, Retry.LATER),
    END_OF_SESSION(0x80040200, "MAPI_E_END_OF_SESSION", Severity.FAILURE, Retry.LATER),
    TIMEOUT(0x80040401, "MAPI_E_TIMEOUT", Severity.FAILURE, Retry.LATER),
    OFFLINE(0x80040126, "MAPI_E_OFFLINE", Severity.FAILURE, Retry.LATER),
    BUSY(0x8004010B, "MAPI_E_BUSY", Severity.FAILURE, Retry.LATER),
    LOGON_FAILED(0x80040111, "MAPI_E_LOGON_FAILED", Severity.FAILURE, Retry.NEVER),
    NOT_FOUND(0x8004010F, "MAPI_E_NOT_FOUND", Severity.FAILURE, Retry.NEVER),
    CORRUPT_STORE(0x80040600, "MAPI_E_CORRUPT_STORE", Severity.FAILURE, Retry.NEVER),
    /**
     * The server refused a message for good (an SMTP 5xx reply: 550, 552, 554...); the error text is the server's
     * reply. Resending the same message cannot help. Produced by the SMTP transport ({@code SmtpFailures}).
     */
    REFUSED(0x80070005, "MAPI_E_NO_ACCESS", Severity.FAILURE, Retry.NEVER),
    INTERNAL_ERROR(0x80004005, "E_FAIL", Severity.FAILURE, Retry.LATER);

    private final int hresult;
    private final String mapiName;
    private final Severity severity;
    private final Retry retry;

    Status(int hresult, String mapiName, Severity severity, Retry retry) {
        this.hresult = hresult;
        this.mapiName = mapiName;
        this.severity = severity;
        this.retry = retry;
    }

    /** The MAPI HRESULT, for example {@code 0x80040111} for {@link #LOGON_FAILED}. */
    public int hresult() {
        return hresult;
    }

    /** The MAPI constant's name, for example {@code "MAPI_E_LOGON_FAILED"}. */
    public String mapiName() {
        return mapiName;
    }

    public Severity severity() {
        return severity;
    }

    public Retry retry() {
        return retry;
    }

    /** {@code severity() == FAILURE}: the object concerned was not synchronized. */
    public boolean isFailure() {
        return severity == Severity.FAILURE;
    }

    /** The HRESULT as {@code 0x8004_0111}-style text, for people. */
    public String hresultText() {
        return String.format("0x%08X", hresult);
    }
}
