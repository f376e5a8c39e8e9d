package org.backsync.smtp;

import java.util.List;

/** One SMTP reply (RFC 5321 §4.2): a three-digit code and its text lines, without the code prefixes. */
record SmtpReply(int code, List<String> lines) {
    SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        lines = List.copyOf(lines);
    }

    boolean isPositive() {
        return code < 400;
    }

    boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** The reply as the server wrote it, lines joined by a space: {@code "550 5.1.1 no such user"}. */
    String text() {
        return code + (lines.isEmpty() ? "" : " " + String.join(" ", lines)).stripTrailing();
    }

    @Override
    public String toString() {
        return text();
    }
}
