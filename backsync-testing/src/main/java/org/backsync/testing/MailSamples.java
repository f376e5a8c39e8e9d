package org.backsync.testing;

import java.nio.charset.StandardCharsets;

/** Raw RFC 5322 messages for tests, with CRLF line ends unless said otherwise. */
public final class MailSamples {
    private MailSamples() {}

    /** A small text message with the given Message-ID (angle brackets included) and subject. */
    public static byte[] plain(String messageId, String subject) {
        return ("From: Alice <alice@example.org>\r\n"
                        + "To: Bob <bob@example.org>\r\n"
                        + "Subject: " + subject + "\r\n"
                        + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n"
                        + "Message-ID: " + messageId + "\r\n"
                        + "MIME-Version: 1.0\r\n"
                        + "Content-Type: text/plain; charset=us-ascii\r\n"
                        + "\r\n"
                        + "Hello Bob,\r\n"
                        + "this is " + subject + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A message with raw 8-bit bytes (UTF-8 and Latin-1) in header and body, no transfer encoding. */
    public static byte[] eightBit(String messageId) {
        byte[] head = ("From: J\u00fcrgen <j@example.org>\r\nSubject: Gr\u00fc\u00dfe \u2603\r\nMessage-ID: "
                        + messageId + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Transfer-Encoding: 8bit\r\n\r\nSch\u00f6ne Gr\u00fc\u00dfe \u2603\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Latin-1: \u00e9\u00e8\u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + latin1.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(latin1, 0, out, head.length, latin1.length);
        return out;
    }

    /**
     * A message a parser would reject: a header line without a colon, a 2,000-byte line, an unterminated MIME part,
     * trailing white space. Line ends stay CRLF, since servers may normalize bare LFs.
     */
    public static byte[] malformed(String messageId) {
        return ("Message-ID: " + messageId + "\r\n"
                        + "This line is not a header\r\n"
                        + "Subject: broken \t \r\n"
                        + "X-Long: " + "x".repeat(2000) + "\r\n"
                        + "Content-Type: multipart/mixed; boundary=\"zz\"\r\n"
                        + "\r\n"
                        + "--zz\r\nContent-Type: text/plain\r\n\r\nno closing boundary \t \r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A message of exactly {@code size} bytes (at least 200): a header and a body of 76-column base64-like lines. */
    public static byte[] large(String messageId, int size) {
        byte[] head = ("Message-ID: " + messageId + "\r\nSubject: large\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        if (size < head.length + 2) {
            throw new IllegalArgumentException("size too small: " + size);
        }
        byte[] out = new byte[size];
        System.arraycopy(head, 0, out, 0, head.length);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int col = 0;
        for (int i = head.length; i < size - 2; i++) {
            if (col == 76) {
                out[i] = '\r';
                if (i + 1 < size - 2) {
                    out[++i] = '\n';
                }
                col = 0;
            } else {
                out[i] = (byte) alphabet.charAt((i * 31 + 7) % 64);
                col++;
            }
        }
        out[size - 2] = '\r';
        out[size - 1] = '\n';
        return out;
    }
}
