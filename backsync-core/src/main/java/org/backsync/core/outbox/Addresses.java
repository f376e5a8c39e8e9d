package org.backsync.core.outbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the addr-specs out of an address-list header value (RFC 5322 §3.4): display names, quoted strings, comments,
 * angle brackets and groups are understood; what remains is checked by {@link #isValid}. A piece that holds no
 * address at all (an empty group such as {@code undisclosed-recipients:;}) yields nothing.
 */
final class Addresses {
    private Addresses() {}

    /** The addr-specs of {@code value}, in order; an unparsable piece is returned as it is so validation names it. */
    static List<String> parse(String value) {
        List<String> result = new ArrayList<>();
        for (String piece : splitTopLevel(stripComments(value))) {
            String p = piece.strip();
            int colon = topLevelIndex(p, ':');
            int at = topLevelIndex(p, '@');
            int angle = topLevelIndex(p, '<');
            if (colon >= 0 && (at < 0 || colon < at) && (angle < 0 || colon < angle)) {
                p = p.substring(colon + 1).strip(); // group: "name: a@b"
            }
            if (p.endsWith(";")) {
                p = p.substring(0, p.length() - 1).strip();
            }
            int lt = topLevelIndex(p, '<');
            if (lt >= 0) {
                int gt = p.indexOf('>', lt);
                p = gt > lt ? p.substring(lt + 1, gt).strip() : p.substring(lt);
            }
            if (!p.isEmpty()) {
                result.add(p);
            }
        }
        return result;
    }

    /**
     * A plain addr-spec, {@code local@domain}: dot-atom or quoted local part, dot-atom domain with letter-digit-hyphen
     * labels, or an address literal. Non-ASCII is allowed (RFC 6531) and judged separately (SMTPUTF8).
     */
    static boolean isValid(String addr) {
        int at = addr.lastIndexOf('@');
        if (at <= 0 || at == addr.length() - 1 || addr.length() > 254) {
            return false;
        }
        String local = addr.substring(0, at);
        String domain = addr.substring(at + 1);
        boolean localOk = local.matches("\"([^\"\\\\\\r\\n]|\\\\.)*\"")
                || local.matches(
                        "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~\\-\\u0080-\\x{10FFFF}]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~\\-\\u0080-\\x{10FFFF}]+)*");
        boolean domainOk = domain.matches("\\[[^\\[\\]\\\\]+]")
                || domain.matches(
                        "([\\p{L}\\p{N}\\u0080-\\x{10FFFF}]([\\p{L}\\p{N}\\u0080-\\x{10FFFF}-]*[\\p{L}\\p{N}\\u0080-\\x{10FFFF}])?\\.)*"
                                + "[\\p{L}\\p{N}\\u0080-\\x{10FFFF}]([\\p{L}\\p{N}\\u0080-\\x{10FFFF}-]*[\\p{L}\\p{N}\\u0080-\\x{10FFFF}])?");
        return localOk && domainOk && local.length() <= 64;
    }

    static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (depth == 0 && c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle = true;
            } else if (!quoted && c == '>') {
                angle = false;
            } else if (!quoted && !angle && (c == ',' || c == ';')) {
                parts.add(s.substring(start, i + (c == ';' ? 1 : 0)));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** The index of {@code target} outside quoted strings, or -1. */
    private static int topLevelIndex(String s, char target) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == target) {
                return i;
            }
        }
        return -1;
    }
}
