package org.backsync.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TOML table being read: typed getters that name the dotted key and the value found when the type is wrong, and
 * a final {@link #finish()} that rejects every key nobody asked for. Values of {@code secretKeys} are never echoed.
 */
final class TomlTable {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> SECRET_KEYS = Set.of("password", "pass", "token", "secret");

    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();

    TomlTable(String path, ObjectNode node) {
        this.path = path;
        this.node = node;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        known.add(name);
        return node.has(name);
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    Optional<TomlTable> table(String name) throws ConfigException {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw wrongType(name, v, "a table");
        }
        return Optional.of(new TomlTable(key(name), (ObjectNode) v));
    }

    Optional<String> string(String name) throws ConfigException {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw wrongType(name, v, "a string");
        }
        return Optional.of(v.textValue());
    }

    String requiredString(String name) throws ConfigException {
        return string(name).orElseThrow(() -> missing(name, "a string"));
    }

    Optional<Integer> integer(String name, int min, int max) throws ConfigException {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        String expected = "an integer from " + min + " to " + max;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < min || v.intValue() > max) {
            throw wrongType(name, v, expected);
        }
        return Optional.of(v.intValue());
    }

    Optional<Boolean> bool(String name) throws ConfigException {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw wrongType(name, v, "true or false");
        }
        return Optional.of(v.booleanValue());
    }

    /** A list of strings; a single string is accepted as a list of one. */
    Optional<List<String>> strings(String name) throws ConfigException {
        JsonNode v = value(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return Optional.of(List.of(v.textValue()));
        }
        if (!v.isArray()) {
            throw wrongType(name, v, "a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw wrongType(name, v, "a list of strings");
            }
            out.add(e.textValue());
        }
        return Optional.of(out);
    }

    /** A duration such as {@code "90s"}, {@code "25m"}, {@code "1h"} or {@code "500ms"}. */
    Optional<Duration> duration(String name) throws ConfigException {
        Optional<String> text = string(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.get().trim());
        if (!m.matches()) {
            throw new ConfigException(
                    key(name),
                    key(name) + " = \"" + text.get() + "\": expected a duration such as \"90s\", \"25m\" or \"1h\"");
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
    }

    /** Rejects the first key that no getter asked for. */
    void finish() throws ConfigException {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                throw new ConfigException(
                        key(name), key(name) + ": unknown key (expected one of " + String.join(", ", known) + ")");
            }
        }
    }

    ConfigException invalid(String name, String value, String problem) {
        return new ConfigException(key(name), key(name) + " = " + value + ": " + problem);
    }

    ConfigException missing(String name, String expected) {
        return new ConfigException(key(name), key(name) + ": missing (expected " + expected + ")");
    }

    private JsonNode value(String name) {
        known.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private ConfigException wrongType(String name, JsonNode v, String expected) {
        return new ConfigException(key(name), key(name) + " = " + shown(name, v) + ": expected " + expected);
    }

    private static String shown(String name, JsonNode v) {
        if (SECRET_KEYS.contains(name)) {
            return "(hidden)";
        }
        String text = v.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
