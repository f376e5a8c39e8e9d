package org.backsync.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Reads the header section of raw RFC 5322 bytes, the way an IMAP server answers BODY[HEADER] and SEARCH HEADER. */
final class MessageHeaders {
    private MessageHeaders() {}

    /** The header section including the blank line that ends it, or the whole message when there is none. */
    static byte[] headerSection(byte[] message) {
        for (int i = 0; i < message.length - 1; i++) {
            if (message[i] == '\n' && message[i + 1] == '\n') {
                return Arrays.copyOf(message, i + 2);
            }
            if (message[i] == '\n' && message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n') {
                return Arrays.copyOf(message, i + 3);
            }
        }
        return message.clone();
    }

    /** The unfolded, trimmed value of the first header called {@code name} (case-insensitive). */
    static Optional<String> value(byte[] message, String name) {
        String header = new String(headerSection(message), StandardCharsets.ISO_8859_1);
        String unfolded = header.replaceAll("\r?\n[ \t]+", " ");
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String line : unfolded.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).trim());
            }
        }
        return Optional.empty();
    }

    /** RFC 3501 §6.4.4 SEARCH HEADER: the header exists and its value contains {@code value}, ignoring case. */
    static boolean matches(byte[] message, String name, String value) {
        return value(message, name)
                .map(v -> v.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT)))
                .orElse(false);
    }
}
