package org.backsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** backsync's version, written into {@code version.properties} by the build, and the JVM it runs on. */
final class VersionInfo {
    private VersionInfo() {}

    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
        return p.getProperty("version", "unknown");
    }

    /** What {@code version} and {@code --version} print. */
    static List<String> lines() {
        return List.of(
                "backsync " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")");
    }
}
