package org.backsync.imap;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backsync.spi.Flags;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.Uid;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.INTERNALDATE;
import org.eclipse.angus.mail.imap.protocol.MODSEQ;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;

/** Reading IMAP responses into backsync values: UID sets, response codes, FETCH items. */
final class ImapResponses {

    private ImapResponses() {}

    /** IMAP sequence-set syntax for {@code uids}, ascending and compressed: {@code 1:3,7,9:10}. */
    static String uidSet(Collection<Uid> uids) {
        StringBuilder out = new StringBuilder();
        long start = -1;
        long prev = -1;
        for (Uid u : new TreeSet<>(uids)) {
            long v = u.value();
            if (start >= 0 && v != prev + 1) {
                appendRange(out, start, prev);
                start = -1;
            }
            if (start < 0) {
                start = v;
            }
            prev = v;
        }
        if (start >= 0) {
            appendRange(out, start, prev);
        }
        return out.toString();
    }

    private static void appendRange(StringBuilder out, long start, long end) {
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(start);
        if (end != start) {
            out.append(':').append(end);
        }
    }

    /** Parses {@code 1:3,7} (no {@code *}) into UIDs; at most {@code limit} of them, else empty. */
    static Optional<Set<Uid>> parseUidSet(String set, long limit) {
        Set<Uid> out = new TreeSet<>();
        for (String part : set.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int colon = part.indexOf(':');
            long a = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : Long.parseLong(part.substring(colon + 1));
            for (long v = Math.min(a, b); v <= Math.max(a, b); v++) {
                if (out.size() >= limit) {
                    return Optional.empty();
                }
                out.add(Uid.of(v));
            }
        }
        return Optional.of(out);
    }

    /** A COPYUID set in the order written (RFC 4315 §4.3: source and target sets pair up in order). */
    static List<Uid> parseUidSetInOrder(String set) {
        List<Uid> out = new ArrayList<>();
        for (String part : set.trim().split(",")) {
            int colon = part.indexOf(':');
            long a = Long.parseLong(colon < 0 ? part : part.substring(0, colon));
            long b = colon < 0 ? a : Long.parseLong(part.substring(colon + 1));
            for (long v = Math.min(a, b); v <= Math.max(a, b); v++) {
                out.add(Uid.of(v));
            }
        }
        return out;
    }

    /** The number in a response code such as {@code [UIDVALIDITY 42]} anywhere in {@code r}'s text. */
    static OptionalLong code(Response r, String name) {
        Matcher m = Pattern.compile("\\[" + name + " (\\d+)\\]", Pattern.CASE_INSENSITIVE)
                .matcher(r.toString());
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The argument text of a code such as {@code [MODIFIED 7,9]} or {@code [COPYUID 9 1:2 5:6]}. */
    static Optional<String> codeText(Response r, String name) {
        Matcher m = Pattern.compile("\\[" + name + " ([^\\]]*)\\]", Pattern.CASE_INSENSITIVE)
                .matcher(r.toString());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static boolean isUntagged(Response r, String key) {
        return r instanceof IMAPResponse ir && !(r instanceof FetchResponse) && ir.isUnTagged() && ir.keyEquals(key);
    }

    /** The UIDs of every untagged {@code SEARCH} response, or of {@code ESEARCH ... ALL set}. */
    static Set<Uid> searchResults(Response[] responses) {
        Set<Uid> out = new TreeSet<>();
        for (Response r : responses) {
            if (isUntagged(r, "SEARCH")) {
                for (String n : r.toString().trim().split("\\s+")) {
                    if (n.matches("\\d+")) {
                        out.add(Uid.of(Long.parseLong(n)));
                    }
                }
            } else if (isUntagged(r, "ESEARCH")) {
                Matcher m = Pattern.compile("ALL ([0-9:,]+)", Pattern.CASE_INSENSITIVE)
                        .matcher(r.toString());
                if (m.find()) {
                    out.addAll(parseUidSet(m.group(1), Long.MAX_VALUE).orElseThrow());
                }
            }
        }
        return out;
    }

    /** Every FETCH response that carries a UID. */
    static List<FetchResponse> fetches(Response[] responses) {
        List<FetchResponse> out = new ArrayList<>();
        for (Response r : responses) {
            if (r instanceof FetchResponse f && f.getItem(UID.class) != null) {
                out.add(f);
            }
        }
        return out;
    }

    static Uid uid(FetchResponse f) {
        return Uid.of(f.getItem(UID.class).uid);
    }

    static Flags flags(FetchResponse f) {
        FLAGS flags = f.getItem(FLAGS.class);
        if (flags == null) {
            return Flags.NONE;
        }
        List<String> values = new ArrayList<>();
        for (jakarta.mail.Flags.Flag sys : flags.getSystemFlags()) {
            if (sys == jakarta.mail.Flags.Flag.SEEN) values.add(Flags.SEEN);
            else if (sys == jakarta.mail.Flags.Flag.ANSWERED) values.add(Flags.ANSWERED);
            else if (sys == jakarta.mail.Flags.Flag.FLAGGED) values.add(Flags.FLAGGED);
            else if (sys == jakarta.mail.Flags.Flag.DELETED) values.add(Flags.DELETED);
            else if (sys == jakarta.mail.Flags.Flag.DRAFT) values.add(Flags.DRAFT);
        }
        values.addAll(List.of(flags.getUserFlags()));
        return Flags.of(values);
    }

    static Optional<ModSeq> modSeq(FetchResponse f) {
        MODSEQ m = f.getItem(MODSEQ.class);
        return m == null ? Optional.empty() : Optional.of(ModSeq.of(m.modseq));
    }

    /** The message's metadata; size, date and Message-ID where the FETCH carried them. */
    static RemoteMessage meta(FetchResponse f) {
        RFC822SIZE size = f.getItem(RFC822SIZE.class);
        INTERNALDATE date = f.getItem(INTERNALDATE.class);
        return new RemoteMessage(
                uid(f),
                flags(f),
                modSeq(f),
                size == null ? -1 : size.size,
                date == null || date.getDate() == null
                        ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(date.getDate().getTime())),
                messageIdField(f));
    }

    /**
     * The Message-ID in the text of a {@code HEADER.FIELDS (MESSAGE-ID)} section (ISO-8859-1, as sent), unfolded and
     * trimmed; empty if there is none or it is blank. Shared by both FETCH parsers (Angus's and {@link FetchReader}).
     */
    static Optional<String> messageIdIn(String section) {
        int n = section.length();
        for (int start = 0; start < n; start = lineEnd(section, start) + 1) {
            if (start > 0 && isFoldingSpace(section.charAt(start))) {
                continue; // a continuation of the header field before (RFC 5322 §2.2.3)
            }
            int end = lineEnd(section, start);
            int colon = section.indexOf(':', start);
            if (colon > start
                    && colon < end
                    && section.substring(start, colon).trim().equalsIgnoreCase("Message-ID")) {
                return nonBlank(unfolded(section, colon + 1, end));
            }
        }
        return Optional.empty();
    }

    /** The field value from {@code from} to the line end {@code end}, its continuation lines joined by one space. */
    private static String unfolded(String section, int from, int end) {
        StringBuilder value = new StringBuilder().append(section, from, withoutCr(section, from, end));
        int n = section.length();
        for (int next = end + 1; next < n && isFoldingSpace(section.charAt(next)); ) {
            int e = lineEnd(section, next);
            int k = next;
            while (k < e && isFoldingSpace(section.charAt(k))) {
                k++;
            }
            value.append(' ').append(section, k, withoutCr(section, k, e));
            next = e + 1;
        }
        return value.toString();
    }

    private static Optional<String> nonBlank(String value) {
        String v = value.trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static int lineEnd(String s, int from) {
        int i = s.indexOf('\n', from);
        return i < 0 ? s.length() : i;
    }

    private static int withoutCr(String s, int from, int end) {
        return end > from && s.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    private static boolean isFoldingSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** The Message-ID from a {@code BODY[HEADER.FIELDS (MESSAGE-ID)]} item, unfolded and trimmed. */
    private static Optional<String> messageIdField(FetchResponse f) {
        for (int i = 0; i < f.getItemCount(); i++) {
            if (f.getItem(i) instanceof BODY b
                    && b.getSection().toUpperCase(Locale.ROOT).startsWith("HEADER.FIELDS")) {
                ByteArray a = b.getByteArray();
                if (a == null) {
                    return Optional.empty();
                }
                return messageIdIn(new String(a.getBytes(), a.getStart(), a.getCount(), StandardCharsets.ISO_8859_1));
            }
        }
        return Optional.empty();
    }
}
