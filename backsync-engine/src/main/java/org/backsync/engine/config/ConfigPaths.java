package org.backsync.engine.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's folders for backsync: the config file ({@code --config} overrides it) and the data folder (the
 * file's {@code data_dir} overrides it).
 *
 * <table>
 * <tr><th>OS</th><th>config file</th><th>data</th></tr>
 * <tr><td>Linux, BSD</td><td>{@code $XDG_CONFIG_HOME/backsync/config.toml} (default {@code ~/.config})</td>
 *     <td>{@code $XDG_DATA_HOME/backsync} (default {@code ~/.local/share})</td></tr>
 * <tr><td>macOS</td><td colspan=2>{@code ~/Library/Application Support/backsync/}</td></tr>
 * <tr><td>Windows</td><td colspan=2>{@code %APPDATA%\backsync\}</td></tr>
 * </table>
 */
public final class ConfigPaths {
    private ConfigPaths() {}

    public static Path configFile(Map<String, String> env) {
        return configDir(env).resolve("config.toml");
    }

    public static Path configDir(Map<String, String> env) {
        return switch (os()) {
            case "mac" -> home(env).resolve("Library/Application Support/backsync");
            case "windows" -> Path.of(env.getOrDefault("APPDATA", home(env).toString()), "backsync");
            default -> xdg(env, "XDG_CONFIG_HOME", ".config").resolve("backsync");
        };
    }

    public static Path dataDir(Map<String, String> env) {
        return switch (os()) {
            case "mac", "windows" -> configDir(env);
            default -> xdg(env, "XDG_DATA_HOME", ".local/share").resolve("backsync");
        };
    }

    private static Path xdg(Map<String, String> env, String variable, String fallback) {
        String v = env.get(variable);
        return v != null && !v.isBlank() ? Path.of(v) : home(env).resolve(fallback);
    }

    private static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    }

    private static String os() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return name.contains("mac") ? "mac" : name.contains("win") ? "windows" : "unix";
    }
}
