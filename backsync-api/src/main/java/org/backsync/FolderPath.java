package org.backsync;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A folder's path in backsync's own notation: names joined by {@code '/'}, for example {@code "Archive/2024"}. The
 * IMAP provider maps it to and from the server's hierarchy delimiter; a name that itself contains {@code '/'} is not
 * representable and is reported as a {@code FOLDER} error. {@code INBOX} is case-insensitive on the wire (RFC 3501
 * §5.1) and always normalized to upper case here.
 */
public record FolderPath(String value) implements Comparable<FolderPath> {
    public static final char SEPARATOR = '/';
    public static final FolderPath INBOX = new FolderPath("INBOX");

    public FolderPath {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()
                || value.startsWith("/")
                || value.endsWith("/")
                || value.contains("//")
                || value.indexOf('\0') >= 0
                || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid folder path: \"" + value + "\"");
        }
        if (value.equalsIgnoreCase("INBOX")) {
            value = "INBOX";
        } else if (value.regionMatches(true, 0, "INBOX/", 0, 6)) {
            value = "INBOX" + value.substring(5);
        }
    }

    public static FolderPath of(String value) {
        return new FolderPath(value);
    }

    public static FolderPath of(List<String> names) {
        return new FolderPath(String.join("/", names));
    }

    /** The path's names, outermost first. */
    public List<String> names() {
        return List.of(value.split("/"));
    }

    /** The last name, for example {@code "2024"} for {@code "Archive/2024"}. */
    public String name() {
        int i = value.lastIndexOf(SEPARATOR);
        return i < 0 ? value : value.substring(i + 1);
    }

    public Optional<FolderPath> parent() {
        int i = value.lastIndexOf(SEPARATOR);
        return i < 0 ? Optional.empty() : Optional.of(new FolderPath(value.substring(0, i)));
    }

    public FolderPath child(String name) {
        if (name.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("folder name contains '/': \"" + name + "\"");
        }
        return new FolderPath(value + SEPARATOR + name);
    }

    /** True if this path is {@code other} or lies below it. */
    public boolean isWithin(FolderPath other) {
        return value.equals(other.value) || value.startsWith(other.value + SEPARATOR);
    }

    /** This path with its prefix {@code from} replaced by {@code to}; requires {@code isWithin(from)}. */
    public FolderPath rebase(FolderPath from, FolderPath to) {
        if (!isWithin(from)) {
            throw new IllegalArgumentException(value + " is not within " + from.value);
        }
        return new FolderPath(to.value + value.substring(from.value.length()));
    }

    @Override
    public int compareTo(FolderPath o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
