package org.backsync.imap;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;
import org.eclipse.angus.mail.iap.BadCommandException;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.jspecify.annotations.Nullable;

/**
 * The one translation from Angus and socket exceptions to {@link SyncException} (STYLE 7; isync {@code drv_imap.c}):
 *
 * <table>
 *   <tr><th>cause</th><th>status</th><th>scope</th></tr>
 *   <tr><td>abort() was called</td><td>CANCELLED</td><td>ACCOUNT</td></tr>
 *   <tr><td>TLS handshake or certificate failure; NO to LOGIN/AUTHENTICATE</td><td>LOGON_FAILED</td><td>ACCOUNT</td>
 *   <tr><td>read/connect timeout</td><td>TIMEOUT</td><td>ACCOUNT</td></tr>
 *   <tr><td>unknown host, refused or unroutable connect</td><td>OFFLINE / NETWORK_ERROR</td><td>ACCOUNT</td></tr>
 *   <tr><td>BYE, connection closed by the server</td><td>END_OF_SESSION</td><td>ACCOUNT</td></tr>
 *   <tr><td>other I/O failure</td><td>NETWORK_ERROR</td><td>ACCOUNT</td></tr>
 *   <tr><td>NO [NONEXISTENT] / [TRYCREATE], folder not found</td><td>NOT_FOUND</td><td>FOLDER</td></tr>
 *   <tr><td>NO [INUSE] / [LIMIT] / [OVERQUOTA] / [UNAVAILABLE]</td><td>BUSY</td><td>the command's</td></tr>
 *   <tr><td>an answer that breaks the grammar (bulk FETCH)</td><td>INTERNAL_ERROR</td><td>the command's</td></tr>
 *   <tr><td>any other NO or BAD</td><td>INTERNAL_ERROR, with the server's text</td><td>the command's</td></tr>
 * </table>
 *
 * "The command's" scope is what the caller passes: MESSAGE for APPEND and STORE, FOLDER for folder commands. Messages
 * name the command and folder, and the server's text for a NO; never credentials (LOGIN is never echoed).
 */
final class ImapFailures {
    private ImapFailures() {}

    static SyncException translate(
            Throwable error, String what, @Nullable FolderPath folder, Scope refusalScope, boolean aborted) {
        if (aborted) {
            return new SyncException(Status.CANCELLED, Scope.ACCOUNT, what + ": aborted", folder, error);
        }
        if (error instanceof SyncException s) {
            return s;
        }
        ImapGrammarException grammar = find(error, ImapGrammarException.class);
        if (grammar != null) {
            return new SyncException(
                    Status.INTERNAL_ERROR,
                    refusalScope,
                    what + ": the server's answer breaks the IMAP grammar (" + grammar.getMessage()
                            + "); connection closed",
                    folder,
                    error);
        }
        Throwable io = ioCause(error);
        if (error instanceof AuthenticationFailedException || isCertificateProblem(error)) {
            String why = isCertificateProblem(error)
                    ? "server certificate or TLS handshake failed verification"
                    : "server refused the login";
            return new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, what + ": " + why, folder, error);
        }
        if (io != null) {
            return ioFailure(io, what, folder, error);
        }
        if (find(error, ConnectionException.class) != null) {
            return new SyncException(
                    Status.END_OF_SESSION, Scope.ACCOUNT, what + ": connection closed by the server", folder, error);
        }
        if (error instanceof FolderNotFoundException) {
            return new SyncException(Status.NOT_FOUND, Scope.FOLDER, what + ": folder does not exist", folder, error);
        }
        ProtocolException refusal = find(error, ProtocolException.class);
        if (refusal instanceof CommandFailedException || refusal instanceof BadCommandException) {
            return refused(refusal, what, folder, refusalScope, error);
        }
        if (error instanceof MessagingException m
                && m.getMessage() != null
                && m.getMessage().contains("STARTTLS")) {
            return new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, what + ": " + m.getMessage(), folder, error);
        }
        String text = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new SyncException(Status.INTERNAL_ERROR, refusalScope, what + ": " + text, folder, error);
    }

    /** The server's response code, upper case, for example {@code "NONEXISTENT"}; empty if none. */
    static String responseCode(Response r) {
        String rest = r.getRest() == null ? "" : r.getRest().trim();
        if (!rest.startsWith("[")) {
            return "";
        }
        int end = rest.indexOf(']');
        String code = end < 0 ? rest.substring(1) : rest.substring(1, end);
        int space = code.indexOf(' ');
        return (space < 0 ? code : code.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static SyncException refused(
            ProtocolException refusal, String what, @Nullable FolderPath folder, Scope scope, Throwable error) {
        Response r = refusal.getResponse();
        String code = r == null ? "" : responseCode(r);
        String text = what + ": server said " + (r == null ? refusal.getMessage() : r.getRest());
        return switch (code) {
            case "NONEXISTENT", "TRYCREATE" -> new SyncException(Status.NOT_FOUND, Scope.FOLDER, text, folder, error);
            case "INUSE", "LIMIT", "OVERQUOTA", "UNAVAILABLE", "SERVERBUG" ->
                new SyncException(Status.BUSY, scope, text, folder, error);
            case "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED" ->
                new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, text, folder, error);
            default -> new SyncException(Status.INTERNAL_ERROR, scope, text, folder, error);
        };
    }

    private static SyncException ioFailure(Throwable io, String what, @Nullable FolderPath folder, Throwable error) {
        if (io instanceof SocketTimeoutException) {
            return new SyncException(Status.TIMEOUT, Scope.ACCOUNT, what + ": no answer in time", folder, error);
        }
        if (io instanceof UnknownHostException || io instanceof NoRouteToHostException) {
            return new SyncException(Status.OFFLINE, Scope.ACCOUNT, what + ": no route to the server", folder, error);
        }
        if (io instanceof ConnectException) {
            return new SyncException(Status.NETWORK_ERROR, Scope.ACCOUNT, what + ": connection refused", folder, error);
        }
        return new SyncException(
                Status.NETWORK_ERROR,
                Scope.ACCOUNT,
                what + ": " + io.getClass().getSimpleName() + " " + io.getMessage(),
                folder,
                error);
    }

    /** A failed handshake or verification; an SSLException later in the session is an ordinary I/O failure. */
    private static boolean isCertificateProblem(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof SSLHandshakeException
                    || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException
                    || (t instanceof IOException
                            && String.valueOf(t.getMessage()).contains("identity of server"))) {
                return true;
            }
        }
        return false;
    }

    /** The I/O exception under {@code error}, looking inside Angus's synthetic BYE responses too. */
    private static @Nullable Throwable ioCause(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof IOException && !(t instanceof SyncException)) {
                return t;
            }
            if (t instanceof ProtocolException pe && pe.getResponse() != null) {
                Exception inner = pe.getResponse().getException();
                if (inner instanceof IOException) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static <T extends Throwable> @Nullable T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static @Nullable Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
