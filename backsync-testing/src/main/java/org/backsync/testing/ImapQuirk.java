package org.backsync.testing;

/**
 * The server quirks backsync's tests replay with {@link ScriptedImapServer}, one transcript file each under {@code
 * transcripts/}. Every transcript serves user {@code user}, any password, and one message in INBOX (UID 1) unless it
 * says otherwise.
 */
public enum ImapQuirk {
    /** A FETCH literal announces 5000 bytes, 30 arrive, then silence: the client must time out. */
    BAD_LITERAL_SIZE("bad-literal-size"),
    /** A FETCH literal size that is not a number. */
    BAD_LITERAL_SYNTAX("bad-literal-syntax"),
    /** A FETCH response with an item no RFC defines. */
    UNKNOWN_FETCH_ITEM("unknown-fetch-item"),
    /** {@code * BYE} in the middle of answering UID FETCH, then the connection closes. */
    BYE_MID_COMMAND("bye-mid-command"),
    /** SELECT, EXAMINE and STATUS refused with {@code NO [INUSE]}. */
    INUSE("inuse"),
    /** No UIDPLUS: APPEND answers without APPENDUID; the new UID (2) is found by UID SEARCH HEADER. */
    NO_UIDPLUS("no-uidplus"),
    /** CONDSTORE state that lies: HIGHESTMODSEQ unchanged while a message vanished. */
    QRESYNC_LIES("qresync-lies"),
    /** An unbalanced FETCH list, a NUL inside LIST, a tagged reply without a status word. */
    GRAMMAR_VIOLATION("grammar-violation"),
    /** Every command after LOGIN goes unanswered. */
    STALL_AFTER_LOGIN("stall-after-login"),
    /** LOGIN refused with {@code NO [AUTHENTICATIONFAILED]}. */
    LOGIN_REFUSED("login-refused");

    private final String transcriptName;

    ImapQuirk(String transcriptName) {
        this.transcriptName = transcriptName;
    }

    /** The file name under {@code transcripts/}, without {@code .txt}. */
    public String transcriptName() {
        return transcriptName;
    }

    public Transcript transcript() {
        return Transcript.load(transcriptName);
    }

    /** Starts a scripted server for this quirk; the caller closes it. */
    public ScriptedImapServer start() {
        return ScriptedImapServer.start(transcript());
    }
}
