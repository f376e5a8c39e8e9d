package org.backsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the public API's signatures in a checked-in text dump ({@code api/backsync-api.api}), as OkHttp does with
 * {@code okhttp.api}: a change to the public surface shows up as a diff of that file in review. Regenerate it with
 * {@code -Dbacksync.updateApiDump=true}.
 */
class ApiDumpTest {
    private static final Path DUMP = Path.of("api/backsync-api.api");

    @Test
    void publicApiMatchesTheCheckedInDump() throws IOException {
        String actual = dump();

        if (Boolean.getBoolean("backsync.updateApiDump")) {
            Files.createDirectories(DUMP.getParent());
            Files.writeString(DUMP, actual, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(DUMP))
                .as("missing %s: run the build with -Dbacksync.updateApiDump=true", DUMP.toAbsolutePath())
                .isTrue();
        assertThat(actual)
                .as("the public API changed: review the diff, then rerun with -Dbacksync.updateApiDump=true "
                        + "and commit backsync-api/api/backsync-api.api")
                .isEqualTo(Files.readString(DUMP, StandardCharsets.UTF_8));
    }

    @Test
    void moduleExportsOnlyTheApiAndSpiPackages() {
        Module module = SyncKind.class.getModule();

        if (module.isNamed()) {
            assertThat(module.getDescriptor().exports().stream().map(e -> e.source()))
                    .containsExactlyInAnyOrder("org.backsync", "org.backsync.spi");
        } else {
            assertThat(readLines(Path.of("src/main/java/module-info.java")).stream()
                            .map(String::strip)
                            .filter(l -> l.startsWith("exports"))
                            .toList())
                    .containsExactlyInAnyOrder("exports org.backsync;", "exports org.backsync.spi;");
        }
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String dump() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String pkg : List.of("org.backsync", "org.backsync.spi")) {
            for (Class<?> c : classesOf(pkg)) {
                appendType(out, c);
            }
        }
        return out.toString();
    }

    private static List<Class<?>> classesOf(String pkg) throws IOException {
        Path dir = Path.of("target/classes", pkg.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class") || name.equals("package-info.class") || name.contains("$")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(pkg + "." + name.substring(0, name.length() - 6));
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IOException(e);
                }
            }
        }
        return out;
    }

    private static void appendType(StringBuilder out, Class<?> c) {
        out.append(kind(c)).append(' ').append(c.getName().replace('$', '.'));
        if (c.getSuperclass() != null
                && c.getSuperclass() != Object.class
                && c.getSuperclass() != Record.class
                && c.getSuperclass() != Enum.class) {
            out.append(" extends ").append(c.getSuperclass().getName());
        }
        if (c.getInterfaces().length > 0) {
            out.append(" implements ")
                    .append(Arrays.stream(c.getInterfaces()).map(Class::getName).collect(Collectors.joining(", ")));
        }
        out.append(" {\n");
        TreeSet<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers())) {
                members.add((f.isEnumConstant() ? "constant " : "field ")
                        + f.getGenericType().getTypeName() + " " + f.getName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                members.add("new(" + params(k) + ")");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add((Modifier.isStatic(m.getModifiers()) ? "static " : "")
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + "(" + params(m) + ")"
                        + throwsClause(m));
            }
        }
        members.forEach(m -> out.append("  ").append(m).append('\n'));
        out.append("}\n");
        for (Class<?> inner : c.getDeclaredClasses()) {
            if (Modifier.isPublic(inner.getModifiers())) {
                appendType(out, inner);
            }
        }
    }

    private static String kind(Class<?> c) {
        if (c.isRecord()) return "record";
        if (c.isEnum()) return "enum";
        if (c.isInterface()) return "interface";
        return Modifier.isAbstract(c.getModifiers()) ? "abstract class" : "class";
    }

    private static String params(Executable e) {
        return Arrays.stream(e.getGenericParameterTypes())
                .map(t -> t.getTypeName())
                .collect(Collectors.joining(", "));
    }

    private static String throwsClause(Method m) {
        return m.getExceptionTypes().length == 0
                ? ""
                : " throws "
                        + Arrays.stream(m.getExceptionTypes())
                                .map(Class::getName)
                                .collect(Collectors.joining(", "));
    }
}
