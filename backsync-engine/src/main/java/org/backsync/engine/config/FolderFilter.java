package org.backsync.engine.config;

import java.util.List;
import java.util.regex.Pattern;
import org.backsync.FolderPath;

/**
 * Which folders an account syncs: those matching an {@code include} pattern and no {@code exclude} pattern. In a
 * pattern {@code *} matches any characters including {@code /} and {@code %} any characters within one level, as in
 * IMAP LIST (RFC 3501 §6.3.8); everything else matches itself. The default includes everything.
 */
public record FolderFilter(List<String> include, List<String> exclude) {
    public static final FolderFilter ALL = new FolderFilter(List.of("*"), List.of());
    public static final FolderFilter NONE = new FolderFilter(List.of(), List.of());

    public FolderFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public boolean accepts(FolderPath folder) {
        return matchesAny(include, folder) && !matchesAny(exclude, folder);
    }

    private static boolean matchesAny(List<String> patterns, FolderPath folder) {
        return patterns.stream().anyMatch(p -> regex(p).matcher(folder.value()).matches());
    }

    static Pattern regex(String pattern) {
        StringBuilder b = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> b.append(".*");
                case '%' -> b.append("[^/]*");
                default -> b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        boolean inbox = pattern.regionMatches(true, 0, "INBOX", 0, 5);
        return Pattern.compile(b.toString(), inbox ? Pattern.CASE_INSENSITIVE : 0);
    }
}
