package org.backsync.core.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.backsync.RawMessage;

/**
 * A submitted message after validation: its envelope, its Message-ID (assigned when missing, as a new first header
 * field) and the first problem found, if any. A message with a problem is stored {@code HELD} with that reason.
 *
 * <p>Checks, in order: a complete header section; a From with valid addresses; at least one recipient in To, Cc or
 * Bcc, every one valid; non-ASCII headers only when the server is known to offer SMTPUTF8; the size within the
 * server's known SIZE limit. Limits not known yet are not checked here; {@link OutboxSender} checks them again before
 * every attempt.
 */
record Submission(
        String from, List<String> recipients, String messageId, RawMessage content, Optional<String> problem) {

    static Submission check(RawMessage message, Optional<ServerLimits> limits, String newMessageId) throws IOException {
        HeaderSection headers = HeaderSection.read(message);
        List<String> fromAddresses = headers.values("from").stream()
                .flatMap(v -> Addresses.parse(v).stream())
                .toList();
        List<String> senderAddresses =
                headers.first("sender").map(Addresses::parse).orElse(List.of());
        List<String> recipients = recipients(headers);
        String from = !senderAddresses.isEmpty() && Addresses.isValid(senderAddresses.getFirst())
                ? senderAddresses.getFirst()
                : fromAddresses.isEmpty() ? "" : fromAddresses.getFirst();

        Optional<String> existingId =
                headers.first("message-id").map(String::strip).filter(id -> !id.isEmpty());
        String messageId = existingId.orElse(newMessageId);
        RawMessage content = existingId.isPresent()
                ? message
                : Splice.of(("Message-ID: " + newMessageId + "\r\n").getBytes(StandardCharsets.US_ASCII), message, 0);

        Optional<String> problem = problem(headers, fromAddresses, recipients, message.size(), limits);
        List<String> validRecipients =
                recipients.stream().filter(Addresses::isValid).toList();
        return new Submission(Addresses.isValid(from) ? from : "", validRecipients, messageId, content, problem);
    }

    /** A Message-ID for a message that has none, in the sender's domain when it has a plausible one. */
    static String newMessageId(String unique, RawMessage message) throws IOException {
        String domain = HeaderSection.read(message).first("from").map(Addresses::parse).stream()
                .flatMap(List::stream)
                .filter(Addresses::isValid)
                .map(a -> a.substring(a.lastIndexOf('@') + 1))
                .filter(d -> Addresses.isAscii(d) && !d.startsWith("["))
                .findFirst()
                .orElse("backsync.invalid");
        return "<" + unique + "@" + domain + ">";
    }

    private static List<String> recipients(HeaderSection headers) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String name : List.of("to", "cc", "bcc")) {
            for (String value : headers.values(name)) {
                for (String addr : Addresses.parse(value)) {
                    unique.putIfAbsent(addr.toLowerCase(Locale.ROOT), addr);
                }
            }
        }
        return new ArrayList<>(unique.values());
    }

    private static Optional<String> problem(
            HeaderSection headers,
            List<String> fromAddresses,
            List<String> recipients,
            long size,
            Optional<ServerLimits> limits) {
        if (!headers.isComplete() || headers.hasMalformedField()) {
            return Optional.of("the header section is malformed or has no end");
        }
        if (fromAddresses.isEmpty()) {
            return Optional.of("no From address");
        }
        for (String a : fromAddresses) {
            if (!Addresses.isValid(a)) {
                return Optional.of("invalid From address: \"" + a + "\"");
            }
        }
        if (recipients.isEmpty()) {
            return Optional.of("no recipients: To, Cc and Bcc are empty");
        }
        for (String r : recipients) {
            if (!Addresses.isValid(r)) {
                return Optional.of("invalid recipient address: \"" + r + "\"");
            }
        }
        return limitProblem(headers, recipients, size, limits);
    }

    private static Optional<String> limitProblem(
            HeaderSection headers, List<String> recipients, long size, Optional<ServerLimits> limits) {
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        boolean needsUtf8 = headers.isEightBit() || recipients.stream().anyMatch(r -> !Addresses.isAscii(r));
        if (needsUtf8 && !limits.get().smtpUtf8()) {
            return Optional.of(
                    "the headers or addresses contain non-ASCII characters, which need SMTPUTF8, and the server does"
                            + " not offer it");
        }
        if (limits.get().maxSize().isPresent() && size > limits.get().maxSize().getAsLong()) {
            long max = limits.get().maxSize().getAsLong();
            return Optional.of(String.format(
                    Locale.ROOT,
                    "the message is %.1f MB, over the server's size limit of %.1f MB (SIZE %d)",
                    size / 1048576.0,
                    max / 1048576.0,
                    max));
        }
        return Optional.empty();
    }

    /** The limit checks alone, for a stored message before each attempt, with what is known now. */
    static Optional<String> limitsProblem(RawMessage content, List<String> recipients, Optional<ServerLimits> limits)
            throws IOException {
        return limits.isEmpty()
                ? Optional.empty()
                : limitProblem(HeaderSection.read(content), recipients, content.size(), limits);
    }
}
