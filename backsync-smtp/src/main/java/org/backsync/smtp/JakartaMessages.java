package org.backsync.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.backsync.RawMessage;

/**
 * Turns a {@code jakarta.mail} message into the raw RFC 5322 bytes the Outbox stores, for hosts that build mail with
 * Jakarta Mail. The bytes are exactly what {@link MimeMessage#writeTo} writes (it saves changes first); the Outbox then
 * validates them like any other submission.
 */
public final class JakartaMessages {
    private JakartaMessages() {}

    public static RawMessage raw(MimeMessage message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.saveChanges();
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("cannot write the message: " + e.getMessage(), e);
        }
        return RawMessage.of(out.toByteArray());
    }
}
