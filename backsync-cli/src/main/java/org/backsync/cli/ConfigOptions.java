package org.backsync.cli;

import java.nio.file.Path;
import org.backsync.engine.config.ConfigException;
import org.backsync.engine.config.ConfigLoader;
import org.backsync.engine.config.ConfigPaths;
import org.backsync.engine.config.EngineConfig;
import org.jspecify.annotations.Nullable;

/** {@code --config} and {@code --verbose}, shared by every command that reads the configuration. */
final class ConfigOptions {
    private @Nullable Path config;

    /** Adds {@code -c, --config FILE} and {@code -v, --verbose} (read by {@link Logging} and {@link Failures}). */
    Syntax addTo(Syntax syntax) {
        return syntax.option(
                        "-c, --config",
                        "FILE",
                        "Configuration file (default: the platform's config folder, e.g."
                                + " ~/.config/backsync/config.toml).",
                        v -> config = Path.of(v))
                .flag("-v, --verbose", "Log DEBUG lines and show stack traces of unexpected errors.", () -> {});
    }

    Path file() {
        return config != null ? config : ConfigPaths.configFile(System.getenv());
    }

    EngineConfig load() throws ConfigException {
        return ConfigLoader.system().load(file());
    }
}
