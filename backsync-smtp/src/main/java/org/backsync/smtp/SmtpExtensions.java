package org.backsync.smtp;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server advertised in its EHLO reply (RFC 5321 §4.1.1.1) that the transport uses: STARTTLS, AUTH mechanisms,
 * SIZE (RFC 1870; absent or 0 means no stated limit), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531).
 */
public record SmtpExtensions(
        boolean startTls, Set<String> authMechanisms, OptionalLong maxSize, boolean eightBitMime, boolean smtpUtf8) {
    public SmtpExtensions {
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /** A server that answered HELO, or EHLO with nothing: no extension at all. */
    static final SmtpExtensions NONE = new SmtpExtensions(false, Set.of(), OptionalLong.empty(), false, false);

    /** Parses the lines of a 250 EHLO reply; the first line is the greeting and is skipped. */
    static SmtpExtensions parse(List<String> lines) {
        boolean startTls = false;
        boolean eightBit = false;
        boolean utf8 = false;
        OptionalLong size = OptionalLong.empty();
        Set<String> auth = new TreeSet<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] words = line.trim().toUpperCase(Locale.ROOT).split("[ =]+");
            switch (words[0]) {
                case "STARTTLS" -> startTls = true;
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "SIZE" -> size = parseSize(words);
                case "AUTH" -> auth.addAll(List.of(words).subList(1, words.length));
                default -> {}
            }
        }
        return new SmtpExtensions(startTls, auth, size, eightBit, utf8);
    }

    private static OptionalLong parseSize(String[] words) {
        if (words.length < 2) {
            return OptionalLong.empty();
        }
        try {
            long value = Long.parseLong(words[1]);
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
