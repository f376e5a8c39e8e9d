package org.backsync.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.SyncException;

/**
 * The one place where SMTP failures become data (STYLE 7). Replies and exceptions map as follows:
 *
 * <table>
 *   <tr><th>what happened</th><th>Status</th><th>Scope</th></tr>
 *   <tr><td>4xx reply to MAIL, RCPT (all recipients), DATA or the final dot</td><td>BUSY</td><td>MESSAGE</td></tr>
 *   <tr><td>421, or any 4xx to the greeting, EHLO or STARTTLS</td><td>BUSY</td><td>ACCOUNT</td></tr>
 *   <tr><td>5xx reply to MAIL, DATA or the final dot; a message over SIZE; 8-bit headers without SMTPUTF8</td>
 *       <td>REFUSED (server text)</td><td>MESSAGE</td></tr>
 *   <tr><td>5xx to the greeting or EHLO</td><td>REFUSED</td><td>ACCOUNT</td></tr>
 *   <tr><td>AUTH refused (5xx), mechanism not offered, STARTTLS missing or refused, certificate not trusted</td>
 *       <td>LOGON_FAILED</td><td>ACCOUNT</td></tr>
 *   <tr><td>AUTH 4xx (454)</td><td>BUSY</td><td>ACCOUNT</td></tr>
 *   <tr><td>read or write deadline passed</td><td>TIMEOUT</td><td>ACCOUNT</td></tr>
 *   <tr><td>connection closed by the server</td><td>END_OF_SESSION</td><td>ACCOUNT</td></tr>
 *   <tr><td>unknown host, no route</td><td>OFFLINE</td><td>ACCOUNT</td></tr>
 *   <tr><td>any other I/O failure</td><td>NETWORK_ERROR</td><td>ACCOUNT</td></tr>
 * </table>
 *
 * <p>BUSY and REFUSED always mean the server replied, so the outcome of the send is known (not accepted); the
 * transient statuses (TIMEOUT, END_OF_SESSION, NETWORK_ERROR) mean no reply was read, which after the end-of-data
 * marker leaves the outcome unknown (CONTRACT 6.3). Messages name the server and the command, never credentials.
 */
public final class SmtpFailures {
    private SmtpFailures() {}

    /** A negative reply to {@code command} ("MAIL FROM", "DATA", "end of data"...) during a message transaction. */
    public static SyncException messageReply(String host, String command, SmtpReply reply) {
        Scope scope = reply.code() == 421 ? Scope.ACCOUNT : Scope.MESSAGE;
        Status status = reply.isTransient() ? Status.BUSY : Status.REFUSED;
        return new SyncException(status, scope, host + " refused " + command + ": " + reply.text());
    }

    /** A negative reply to the greeting, EHLO or another connection-level command. */
    public static SyncException connectionReply(String host, String command, SmtpReply reply) {
        Status status = reply.isTransient() ? Status.BUSY : Status.REFUSED;
        return new SyncException(status, Scope.ACCOUNT, host + " refused " + command + ": " + reply.text());
    }

    /** A negative reply to AUTH: 4xx is a temporary problem, anything else a refused logon. */
    public static SyncException authReply(String host, String mechanism, SmtpReply reply) {
        Status status = reply.isTransient() ? Status.BUSY : Status.LOGON_FAILED;
        return new SyncException(
                status, Scope.ACCOUNT, host + " refused AUTH " + mechanism + ": " + reply.text(), null, null);
    }

    /** A logon that cannot even start: STARTTLS missing or refused, mechanism not offered. */
    public static SyncException logon(String host, String why) {
        return new SyncException(Status.LOGON_FAILED, Scope.ACCOUNT, host + ": " + why);
    }

    /** A message the server would refuse anyway, found before sending it (SIZE, SMTPUTF8). */
    public static SyncException unsendable(String host, String why) {
        return new SyncException(Status.REFUSED, Scope.MESSAGE, host + " cannot take this message: " + why);
    }

    /** An exception thrown by the socket while {@code during} ("connecting", "DATA"...). */
    public static SyncException io(String host, String during, IOException e) {
        if (e instanceof SyncException se) {
            return se;
        }
        String where = host + " while " + during;
        if (hasCertificateCause(e)) {
            return new SyncException(
                    Status.LOGON_FAILED,
                    Scope.ACCOUNT,
                    "certificate of " + where + " not trusted: " + rootMessage(e),
                    null,
                    e);
        }
        if (e instanceof SocketTimeoutException) {
            return new SyncException(Status.TIMEOUT, Scope.ACCOUNT, "no answer from " + where, null, e);
        }
        if (e instanceof EOFException) {
            return new SyncException(Status.END_OF_SESSION, Scope.ACCOUNT, "connection closed by " + where, null, e);
        }
        if (e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return new SyncException(Status.OFFLINE, Scope.ACCOUNT, "no route to " + where, null, e);
        }
        return new SyncException(
                Status.NETWORK_ERROR, Scope.ACCOUNT, "network error with " + where + ": " + rootMessage(e), null, e);
    }

    private static boolean hasCertificateCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
