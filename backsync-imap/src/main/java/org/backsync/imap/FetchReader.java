package org.backsync.imap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.backsync.RawMessage;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.ModSeq;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.Uid;
import org.jspecify.annotations.Nullable;

/**
 * Reads the answer to one bulk {@code UID FETCH} (RFC 3501 §7.4.2, RFC 7162 MODSEQ) straight from the {@link
 * WireInput}, up to its tagged completion. Each body literal goes once from the socket buffer into an array of exactly
 * its announced size or, above the spool threshold or once the batch holds its memory budget, into a spool file: memory
 * stays bounded by the batch, not by message size.
 *
 * <pre>
 * untagged "* n FETCH (items)"   a message: kept when it carries UID and the body section asked for
 * untagged anything else         skipped (EXISTS, EXPUNGE, OK, VANISHED ...), literals included
 * untagged BYE                   {@link Answer#bye}: the server ends the session
 * tagged OK / NO / BAD           the end of the answer, in {@link Answer#status}
 * </pre>
 *
 * A response that breaks the grammar (a literal size that is not a number, an unbalanced list, a line without end)
 * throws {@link ImapGrammarException}; a connection lost mid-literal throws the socket's {@link IOException}. Either
 * way the caller drops the connection and deletes {@link #spooled()}: no partial message leaves this class.
 */
final class FetchReader {
    /** The longest response line accepted (the text around literals; a literal's bytes do not count). */
    static final int MAX_LINE = 1 << 20;

    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    /**
     * How the answer ended. {@code status} is OK, NO or BAD; {@code text} is the rest of the tagged line. {@code
     * messages}: those with a UID and the body section asked for; {@code listed}: those with a UID and no body section
     * (the answer to a listing without a body, {@code UID FLAGS MODSEQ ...}).
     */
    record Answer(List<FetchedMessage> messages, List<RemoteMessage> listed, String status, String text, boolean bye) {}

    /** Where and when literals are spooled: above {@code threshold} bytes, or past {@code memoryBudget} per batch. */
    record Spool(Path dir, long threshold, long memoryBudget) {}

    private final WireInput in;
    private final String tag;
    private final @Nullable String bodySection;
    private final Spool spool;
    private final List<Path> spooled = new ArrayList<>();
    private long inMemory;
    private String line = "";
    private int at;

    /** {@code bodySection}: the section whose literal is the message ("" or "HEADER"), or null for a listing. */
    FetchReader(WireInput in, String tag, @Nullable String bodySection, Spool spool) {
        this.in = in;
        this.tag = tag;
        this.bodySection = bodySection;
        this.spool = spool;
    }

    /** Spool files written so far; the caller deletes them once the batch is stored or dropped. */
    List<Path> spooled() {
        return spooled;
    }

    /**
     * Reads the answer up to its tagged line. FETCH responses that name the same UID are merged into one message
     * (RFC 3501 §7.4.2 lets a server split a message's items over several responses, and with CONDSTORE/QRESYNC an
     * unsolicited flag update carries the UID too, RFC 7162 §3.2.4): a later response's FLAGS and MODSEQ replace the
     * earlier ones, the other items fill what is missing, so a flag update that follows a message's full response
     * neither hides its size, INTERNALDATE and Message-ID nor stands beside it as a second entry.
     */
    Answer read() throws IOException {
        Map<Uid, Message> byUid = new LinkedHashMap<>();
        while (true) {
            next(in.readLine(MAX_LINE));
            if (line.startsWith("* ")) {
                at = 2;
                if (isFetch()) {
                    Message m = message();
                    if (m.uid != null) {
                        Message earlier = byUid.putIfAbsent(m.uid, m);
                        if (earlier != null) {
                            earlier.takeFrom(m);
                        }
                    }
                } else if (line.regionMatches(true, 2, "BYE", 0, 3)) {
                    return answer(byUid, "BYE", line.substring(2), true);
                } else {
                    skipLine();
                }
            } else if (line.startsWith(tag + " ")) {
                String rest = line.substring(tag.length() + 1);
                int sp = rest.indexOf(' ');
                String status = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(Locale.ROOT);
                if (!status.equals("OK") && !status.equals("NO") && !status.equals("BAD")) {
                    throw new ImapGrammarException("a tagged reply without OK, NO or BAD: " + brief(line));
                }
                return answer(byUid, status, sp < 0 ? "" : rest.substring(sp + 1), false);
            } else {
                throw new ImapGrammarException("an unexpected line in a FETCH answer: " + brief(line));
            }
        }
    }

    private static Answer answer(Map<Uid, Message> byUid, String status, String text, boolean bye) {
        List<FetchedMessage> out = new ArrayList<>();
        List<RemoteMessage> listed = new ArrayList<>();
        for (Message m : byUid.values()) {
            if (m.body != null) {
                out.add(m.toFetched());
            } else {
                listed.add(m.meta());
            }
        }
        return new Answer(out, listed, status, text, bye);
    }

    /** One message being read; the body is set once its literal is complete. */
    private final class Message {
        @Nullable
        Uid uid;

        Flags flags = Flags.NONE;
        boolean hasFlags;
        Optional<ModSeq> modSeq = Optional.empty();
        long size = -1;
        Optional<Instant> date = Optional.empty();
        Optional<String> messageId = Optional.empty();

        @Nullable
        RawMessage body;

        /** Merges a later response for the same UID into this one (see {@link #read}). */
        void takeFrom(Message later) {
            if (later.hasFlags) {
                flags = later.flags;
                hasFlags = true;
            }
            modSeq = later.modSeq.or(() -> modSeq);
            size = later.size >= 0 ? later.size : size;
            date = later.date.or(() -> date);
            messageId = later.messageId.or(() -> messageId);
            body = later.body != null ? later.body : body;
        }

        RemoteMessage meta() {
            return new RemoteMessage(uid, flags, modSeq, size, date, messageId);
        }

        FetchedMessage toFetched() {
            return new FetchedMessage(meta(), body, headerOnly());
        }
    }

    private boolean isFetch() throws ImapGrammarException {
        int i = at;
        while (i < line.length() && Character.isDigit(line.charAt(i))) {
            i++;
        }
        if (i == at || !line.regionMatches(true, i, " FETCH ", 0, 7)) {
            return false;
        }
        at = i + 7;
        return true;
    }

    private Message message() throws IOException {
        Message m = new Message();
        expect('(');
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                at++;
                break;
            }
            String item = itemName();
            switch (item) {
                case "UID" -> m.uid = Uid.of(number());
                case "RFC822.SIZE" -> m.size = number();
                case "FLAGS" -> {
                    m.flags = flags();
                    m.hasFlags = true;
                }
                case "INTERNALDATE" -> m.date = internalDate();
                case "MODSEQ" -> {
                    expect('(');
                    m.modSeq = Optional.of(ModSeq.of(number()));
                    expect(')');
                }
                default -> {
                    if (item.startsWith("BODY[")) {
                        body(m, item.substring(5, item.length() - 1));
                    } else {
                        skipValue(); // an item we did not ask for (RFC 3501 §7.4.2 lets servers add some)
                    }
                }
            }
        }
        if (!line.substring(at).isBlank()) {
            throw new ImapGrammarException("text after the end of a FETCH response: " + brief(line));
        }
        return m;
    }

    private void body(Message m, String section) throws IOException {
        if (peek() == '<') { // a partial fetch's origin octet: BODY[]<0>
            int close = line.indexOf('>', at);
            if (close < 0) {
                throw new ImapGrammarException("an unclosed origin octet: " + brief(line));
            }
            at = close + 1;
        }
        expect(' ');
        if (bodySection != null && section.equalsIgnoreCase(bodySection)) {
            m.body = nstringContent();
        } else if (section.toUpperCase(Locale.ROOT).startsWith("HEADER.FIELDS")) {
            m.messageId = messageIdField(nstringSmall());
        } else {
            skipValue();
        }
    }

    /** A body value: NIL (empty), a quoted string, or a literal read into memory or spooled. */
    private RawMessage nstringContent() throws IOException {
        char c = peek();
        if (c == '{') {
            long n = literalSize();
            RawMessage content;
            if (n > spool.threshold() || inMemory + n > spool.memoryBudget()) {
                Path file = Files.createTempFile(spool.dir(), "fetch-", ".eml");
                spooled.add(file);
                try (OutputStream out = Files.newOutputStream(file)) {
                    in.copy(n, out);
                }
                content = RawMessage.of(file);
            } else {
                byte[] bytes = new byte[(int) n];
                in.readFully(bytes, 0, bytes.length);
                inMemory += n;
                content = RawMessage.of(headerOnly() ? ImapFetch.withBlankLine(bytes) : bytes);
            }
            next(in.readLine(MAX_LINE));
            return content;
        }
        byte[] small = nstringSmall();
        byte[] bytes = small == null ? new byte[0] : small;
        return RawMessage.of(headerOnly() ? ImapFetch.withBlankLine(bytes) : bytes);
    }

    private boolean headerOnly() {
        return "HEADER".equals(bodySection);
    }

    /** A small nstring (a header field, an unknown item's value), into memory; literals above 1 MB are refused. */
    private byte @Nullable [] nstringSmall() throws IOException {
        char c = peek();
        if (c == '{') {
            long n = literalSize();
            if (n > MAX_LINE) {
                throw new ImapGrammarException("a " + n + "-byte literal where a short string belongs");
            }
            byte[] bytes = new byte[(int) n];
            in.readFully(bytes, 0, bytes.length);
            next(in.readLine(MAX_LINE));
            return bytes;
        }
        if (c == '"') {
            return quoted().getBytes(StandardCharsets.ISO_8859_1);
        }
        String atom = atom();
        if (!atom.equalsIgnoreCase("NIL")) {
            throw new ImapGrammarException("expected a string or NIL, found " + brief(atom));
        }
        return null;
    }

    /** {@code {n}} at the end of the line; the literal's bytes follow on the wire. */
    private long literalSize() throws ImapGrammarException {
        int close = line.indexOf('}', at);
        if (close < 0 || close != line.length() - 1) {
            throw new ImapGrammarException("a literal size that does not end the line: " + brief(line));
        }
        String digits = line.substring(at + 1, close);
        if (digits.isEmpty() || digits.length() > 12 || !allDigits(digits)) {
            throw new ImapGrammarException("a literal size that is not a number: {" + brief(digits) + "}");
        }
        at = close + 1;
        return Long.parseLong(digits);
    }

    private Flags flags() throws IOException {
        expect('(');
        List<String> values = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                at++;
                break;
            }
            String f = atom();
            if (!f.equals("\\*")) {
                values.add(f);
            }
        }
        try {
            return Flags.of(values);
        } catch (IllegalArgumentException e) {
            throw new ImapGrammarException("a flag that breaks the grammar: " + brief(values.toString()));
        }
    }

    private Optional<Instant> internalDate() throws IOException {
        if (peek() != '"') {
            atom(); // NIL
            return Optional.empty();
        }
        return internalDate(quoted().trim());
    }

    /**
     * An INTERNALDATE's text (RFC 3501 §9 date-time, without quotes and the day's leading space): read by hand in its
     * one common shape, since {@link DateTimeFormatter} cost more per message than the rest of its FETCH response;
     * any other shape, or a value out of range, goes to the formatter. Unreadable: empty.
     */
    static Optional<Instant> internalDate(String text) {
        Instant fast = commonInternalDate(text);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(ZonedDateTime.parse(text, INTERNALDATE).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // Angus too leaves an unreadable date out rather than failing the message
        }
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** {@code d-Mmm-yyyy HH:mm:ss +hhmm}, or null. */
    private static @Nullable Instant commonInternalDate(String s) {
        int p = s.indexOf('-') + 1; // the month
        if (p < 2 || p > 3 || s.length() != p + 23 || s.charAt(p + 3) != '-') {
            return null;
        }
        int month = MONTHS.indexOf(s.substring(p, p + 3));
        int sign = s.charAt(p + 18) == '+' ? 1 : s.charAt(p + 18) == '-' ? -1 : 0;
        if (month < 0
                || month % 3 != 0
                || sign == 0
                || s.charAt(p + 8) != ' '
                || s.charAt(p + 11) != ':'
                || s.charAt(p + 14) != ':'
                || s.charAt(p + 17) != ' ') {
            return null;
        }
        int day = digits(s, 0, p - 1);
        int year = digits(s, p + 4, 4);
        int hour = digits(s, p + 9, 2);
        int minute = digits(s, p + 12, 2);
        int second = digits(s, p + 15, 2);
        int zoneHours = digits(s, p + 19, 2);
        int zoneMinutes = digits(s, p + 21, 2);
        if ((day | year | hour | minute | second | zoneHours | zoneMinutes) < 0) {
            return null;
        }
        try {
            ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes);
            return LocalDateTime.of(year, month / 3 + 1, day, hour, minute, second)
                    .toInstant(zone);
        } catch (DateTimeException e) {
            return null; // out of range (31-Feb, 25:00): the formatter decides
        }
    }

    /** The number in {@code count} decimal digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Skips one value of an item we do not use: a number, atom, NIL, string, literal or parenthesized list. */
    private void skipValue() throws IOException {
        char c = peek();
        if (c == '(') {
            at++;
            while (true) {
                skipSpaces();
                if (peek() == ')') {
                    at++;
                    return;
                }
                skipValue();
            }
        }
        if (c == '{') {
            long n = literalSize();
            in.copy(n, OutputStream.nullOutputStream());
            next(in.readLine(MAX_LINE));
        } else if (c == '"') {
            quoted();
        } else {
            atom();
        }
    }

    /** The rest of an untagged response we do not use, literals included. */
    private void skipLine() throws IOException {
        while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
            at = line.lastIndexOf('{');
            long n = literalSize();
            in.copy(n, OutputStream.nullOutputStream());
            next(in.readLine(MAX_LINE));
        }
    }

    /** An item name, upper case; a BODY section keeps its brackets: {@code BODY[HEADER.FIELDS (MESSAGE-ID)]}. */
    private String itemName() throws ImapGrammarException {
        int start = at;
        while (at < line.length() && line.charAt(at) != ' ' && line.charAt(at) != '[' && line.charAt(at) != ')') {
            at++;
        }
        if (at < line.length() && line.charAt(at) == '[') {
            int close = line.indexOf(']', at);
            if (close < 0) {
                throw new ImapGrammarException("an unclosed section: " + brief(line));
            }
            at = close + 1;
            return line.substring(start, at).toUpperCase(Locale.ROOT);
        }
        if (at == start) {
            throw new ImapGrammarException("an empty FETCH item name: " + brief(line));
        }
        String name = line.substring(start, at).toUpperCase(Locale.ROOT);
        expect(' ');
        return name;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private long number() throws ImapGrammarException {
        String s = atom();
        if (s.isEmpty() || s.length() > 19 || !allDigits(s)) {
            throw new ImapGrammarException("expected a number, found " + brief(s));
        }
        return Long.parseLong(s);
    }

    private String atom() throws ImapGrammarException {
        int start = at;
        while (at < line.length()) {
            char c = line.charAt(at);
            if (c == ' ' || c == '(' || c == ')' || c == '"' || c == '{' || c < ' ') {
                break;
            }
            at++;
        }
        if (at == start) {
            throw new ImapGrammarException("expected an atom: " + brief(line.substring(Math.min(at, line.length()))));
        }
        return line.substring(start, at);
    }

    private String quoted() throws ImapGrammarException {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < line.length()) {
            char c = line.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && at < line.length()) {
                c = line.charAt(at++);
            }
            out.append(c);
        }
        throw new ImapGrammarException("an unterminated quoted string: " + brief(line));
    }

    private static Optional<String> messageIdField(byte @Nullable [] field) {
        if (field == null) {
            return Optional.empty();
        }
        return ImapResponses.messageIdIn(new String(field, StandardCharsets.ISO_8859_1));
    }

    private void next(String text) {
        line = text;
        at = 0;
    }

    private char peek() throws ImapGrammarException {
        if (at >= line.length()) {
            throw new ImapGrammarException("a FETCH response that ends too early: " + brief(line));
        }
        return line.charAt(at);
    }

    private void expect(char c) throws ImapGrammarException {
        if (peek() != c) {
            throw new ImapGrammarException("expected '" + c + "' at column " + at + ": " + brief(line));
        }
        at++;
    }

    private void skipSpaces() {
        while (at < line.length() && line.charAt(at) == ' ') {
            at++;
        }
    }

    /** At most 80 characters of server text for an error message; never a literal's content. */
    private static String brief(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
