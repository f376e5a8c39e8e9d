package org.backsync.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.spi.MailTransport.DataCompleteHook;
import org.backsync.spi.MailTransport.Envelope;
import org.backsync.spi.SyncException;

/**
 * One SMTP mail transaction (RFC 5321 §3.3) on an open session:
 *
 * <pre>
 * MAIL FROM:&lt;from&gt; [SIZE=n] [BODY=8BITMIME] [SMTPUTF8]   not 250: BUSY/REFUSED, nothing sent
 * RCPT TO:&lt;r&gt; for each recipient                         each reply kept as that recipient's outcome
 *   none accepted: RSET; any 4xx among them: BUSY, else the all-refused outcomes are returned
 * DATA                                                   not 354: BUSY/REFUSED
 * the message, dot-stuffed, flushed
 * hook.dataComplete()                                    the journal records it; a throw aborts (no marker sent)
 * .CRLF                                                  250: accepted; 4xx/5xx: BUSY/REFUSED; no reply: unknown
 * </pre>
 */
final class MailTransaction {
    private final SmtpSession session;
    private final String host;

    MailTransaction(SmtpSession session) {
        this.session = session;
        this.host = session.settings().host();
    }

    List<RecipientOutcome> run(Envelope envelope, RawMessage message, DataCompleteHook hook) throws SyncException {
        SmtpConnection c = session.connection();
        SmtpExtensions ext = session.extensions();
        MessageScan scan = scan(message);
        checkSendable(envelope, message, scan, ext);
        try {
            SmtpReply mail = command(c, mailFrom(envelope, message, scan, ext));
            if (mail.code() != 250) {
                throw failed("MAIL FROM", mail);
            }
            List<SmtpReply> replies = new ArrayList<>();
            for (String rcpt : envelope.recipients()) {
                SmtpReply reply = command(c, "RCPT TO:<" + rcpt + ">");
                if (reply.code() == 421) {
                    throw SmtpFailures.messageReply(host, "RCPT TO", reply);
                }
                replies.add(reply);
            }
            if (replies.stream().noneMatch(SmtpReply::isPositive)) {
                return noneAccepted(envelope, replies);
            }
            SmtpReply data = command(c, "DATA");
            if (data.code() != 354) {
                throw failed("DATA", data);
            }
            sendContent(c, message);
            try {
                hook.dataComplete();
            } catch (SyncException | RuntimeException e) {
                c.close(); // the server drops a transaction whose end-of-data marker never came
                throw e;
            }
            c.writeLine(".", ".");
            SmtpReply end = c.readReply();
            if (end.code() != 250) {
                throw failed("the message", end);
            }
            return outcomes(envelope, replies, end);
        } catch (SyncException e) {
            throw e;
        } catch (IOException e) {
            c.close();
            throw SmtpFailures.io(host, "sending a message", e);
        }
    }

    private MessageScan scan(RawMessage message) throws SyncException {
        try {
            return MessageScan.of(message);
        } catch (IOException e) {
            throw new SyncException(
                    org.backsync.Status.INTERNAL_ERROR,
                    org.backsync.Scope.MESSAGE,
                    "cannot read the message to send: " + e.getMessage(),
                    null,
                    e);
        }
    }

    private void checkSendable(Envelope envelope, RawMessage message, MessageScan scan, SmtpExtensions ext)
            throws SyncException {
        if (ext.maxSize().isPresent() && message.size() > ext.maxSize().getAsLong()) {
            throw SmtpFailures.unsendable(
                    host,
                    "the message is " + message.size() + " bytes, over the server's SIZE limit of "
                            + ext.maxSize().getAsLong() + " bytes");
        }
        boolean utf8Addresses =
                !isAscii(envelope.from()) || envelope.recipients().stream().anyMatch(r -> !isAscii(r));
        if ((scan.eightBitHeaders() || utf8Addresses) && !ext.smtpUtf8()) {
            throw SmtpFailures.unsendable(host, "it has non-ASCII headers or addresses and the server lacks SMTPUTF8");
        }
    }

    private static String mailFrom(Envelope envelope, RawMessage message, MessageScan scan, SmtpExtensions ext) {
        StringBuilder cmd =
                new StringBuilder("MAIL FROM:<").append(envelope.from()).append('>');
        if (ext.maxSize().isPresent()) {
            cmd.append(" SIZE=").append(message.size()); // RFC 1870 §6
        }
        if (ext.eightBitMime() && (scan.eightBitBody() || scan.eightBitHeaders())) {
            cmd.append(" BODY=8BITMIME");
        }
        boolean utf8Envelope =
                !isAscii(envelope.from()) || envelope.recipients().stream().anyMatch(r -> !isAscii(r));
        if (ext.smtpUtf8() && (scan.eightBitHeaders() || utf8Envelope)) { // RFC 6531 §3.4: for the whole transaction
            cmd.append(" SMTPUTF8");
        }
        return cmd.toString();
    }

    private List<RecipientOutcome> noneAccepted(Envelope envelope, List<SmtpReply> replies) throws SyncException {
        session.reset();
        for (SmtpReply reply : replies) {
            if (reply.isTransient()) {
                throw SmtpFailures.messageReply(host, "every recipient, for now", reply);
            }
        }
        return outcomes(envelope, replies, null);
    }

    private static void sendContent(SmtpConnection c, RawMessage message) throws IOException {
        OutputStream raw = c.rawOutput();
        DotStuffing data = new DotStuffing(raw);
        try (InputStream in = message.open()) {
            in.transferTo(data);
        }
        data.finishLine();
        raw.flush();
    }

    private static List<RecipientOutcome> outcomes(Envelope envelope, List<SmtpReply> rcptReplies, SmtpReply accepted) {
        List<RecipientOutcome> result = new ArrayList<>();
        for (int i = 0; i < rcptReplies.size(); i++) {
            SmtpReply r = rcptReplies.get(i);
            boolean ok = r.isPositive() && accepted != null;
            SmtpReply shown = ok ? accepted : r;
            result.add(new RecipientOutcome(envelope.recipients().get(i), ok, shown.code(), shown.text()));
        }
        return result;
    }

    private SyncException failed(String command, SmtpReply reply) {
        if (reply.code() == 421) {
            session.connection().close();
        } else {
            session.reset();
        }
        return SmtpFailures.messageReply(host, command, reply);
    }

    private static SmtpReply command(SmtpConnection c, String line) throws IOException {
        c.writeLine(line, line);
        return c.readReply();
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(ch -> ch < 0x80);
    }
}
