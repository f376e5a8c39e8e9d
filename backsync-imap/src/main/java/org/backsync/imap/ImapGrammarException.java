package org.backsync.imap;

import java.io.IOException;

/**
 * A server answer that breaks the IMAP grammar (RFC 3501 §9) where backsync reads it itself ({@link FetchReader}). The
 * connection is out of step afterwards; {@link ImapFailures} reports it with the server's text, never a literal.
 */
final class ImapGrammarException extends IOException {
    ImapGrammarException(String message) {
        super(message);
    }
}
