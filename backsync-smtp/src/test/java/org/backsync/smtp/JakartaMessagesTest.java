package org.backsync.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JakartaMessagesTest {
    @Test
    void aMimeMessageBecomesItsRfc5322Bytes() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("me@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("you@example.org"));
        m.setSubject("hello");
        m.setText("body");

        String raw = new String(JakartaMessages.raw(m).bytes(), StandardCharsets.US_ASCII);

        assertThat(raw).contains("From: me@example.org\r\n", "To: you@example.org\r\n", "Subject: hello\r\n");
        assertThat(raw).contains("Message-ID: <").endsWith("\r\n\r\nbody");
    }
}
