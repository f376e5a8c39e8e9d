package org.backsync.core.outbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.backsync.RawMessage;

/**
 * The header section of a message (RFC 5322 §2.2), read from its first bytes up to the empty line: the fields with
 * their raw bytes, for reading values and for dropping a field (Bcc) without touching anything else. Read at most
 * {@link #MAX_BYTES}; a longer header section is treated as having no end (and fails validation).
 */
final class HeaderSection {
    static final int MAX_BYTES = 1024 * 1024;

    /** One field: its name and its raw bytes, folding and CRLF included. */
    record Field(String name, byte[] raw) {
        /** The unfolded value, without the name and colon, decoded as UTF-8 (RFC 6532). */
        String value() {
            String s = new String(raw, StandardCharsets.UTF_8);
            return s.substring(s.indexOf(':') + 1).replaceAll("\r?\n[ \t]", " ").strip();
        }
    }

    private final List<Field> fields;
    private final int length; // bytes of the header section, the empty line included when present
    private final boolean complete;
    private final boolean eightBit;

    private HeaderSection(List<Field> fields, int length, boolean complete, boolean eightBit) {
        this.fields = List.copyOf(fields);
        this.length = length;
        this.complete = complete;
        this.eightBit = eightBit;
    }

    static HeaderSection read(RawMessage message) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        boolean complete = false;
        try (InputStream in = message.open()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while (head.size() < MAX_BYTES && (b = in.read()) >= 0) {
                head.write(b);
                line.write(b);
                if (b == '\n') {
                    if (line.size() <= 2 && (line.size() == 1 || line.toByteArray()[0] == '\r')) {
                        complete = true;
                        break;
                    }
                    line.reset();
                }
            }
        }
        return parse(head.toByteArray(), complete || head.size() == message.size());
    }

    private static HeaderSection parse(byte[] head, boolean complete) {
        List<Field> fields = new ArrayList<>();
        boolean eightBit = false;
        int fieldStart = -1;
        int i = 0;
        while (i < head.length) {
            int end = lineEnd(head, i);
            int len = end - i;
            boolean blank = (len == 1 && head[i] == '\n') || (len == 2 && head[i] == '\r' && head[i + 1] == '\n');
            if (blank) {
                break;
            }
            boolean continuation = head[i] == ' ' || head[i] == '\t';
            if (!continuation || fieldStart < 0) {
                if (fieldStart >= 0) {
                    fields.add(field(head, fieldStart, i));
                }
                fieldStart = i;
            }
            for (int k = i; k < end; k++) {
                eightBit |= head[k] < 0;
            }
            i = end;
        }
        if (fieldStart >= 0) {
            fields.add(field(head, fieldStart, i));
        }
        return new HeaderSection(fields, head.length, complete, eightBit);
    }

    private static int lineEnd(byte[] b, int from) {
        for (int k = from; k < b.length; k++) {
            if (b[k] == '\n') {
                return k + 1;
            }
        }
        return b.length;
    }

    private static Field field(byte[] head, int from, int to) {
        byte[] raw = java.util.Arrays.copyOfRange(head, from, to);
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        String name = colon > 0 ? text.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
        return new Field(name, raw);
    }

    List<Field> fields() {
        return fields;
    }

    /** The values of every field named {@code name} (case-insensitive), in order. */
    List<String> values(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.name().equals(n)).map(Field::value).toList();
    }

    Optional<String> first(String name) {
        return values(name).stream().findFirst();
    }

    /** The section ends with an empty line within {@link #MAX_BYTES} (or the message has no body at all). */
    boolean isComplete() {
        return complete;
    }

    /** Some header byte is above 127: the message needs SMTPUTF8 (RFC 6531, RFC 6532). */
    boolean isEightBit() {
        return eightBit;
    }

    /** Bytes of the header section, the separating empty line included. */
    int length() {
        return length;
    }

    /**
     * {@code message} without the fields named {@code name}: every other byte, the body included, is unchanged. The
     * result streams from {@code message}; nothing is copied.
     */
    RawMessage without(RawMessage message, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long fieldBytes = 0;
        for (Field f : fields) {
            fieldBytes += f.raw().length;
            if (!f.name().equals(n)) {
                kept.writeBytes(f.raw());
            }
        }
        if (kept.size() == fieldBytes) {
            return message;
        }
        return Splice.of(kept.toByteArray(), message, fieldBytes);
    }

    /** True if a field has no name or no colon: not a header line at all. */
    boolean hasMalformedField() {
        return fields.stream().anyMatch(f -> f.name().isEmpty() || !f.name().matches("[\\x21-\\x39\\x3b-\\x7e]+"));
    }
}
