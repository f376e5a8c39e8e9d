package org.backsync.cli;

import java.nio.file.Path;
import org.backsync.engine.config.ConfigException;
import org.backsync.engine.config.ConfigLoader;
import org.backsync.engine.config.ConfigPaths;
import org.backsync.engine.config.EngineConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --verbose}, shared by every command that reads the configuration. */
final class ConfigOptions {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Configuration file (default: the platform's config folder, e.g. ~/.config/backsync/config.toml).")
    @Nullable
    Path config;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log DEBUG lines and show stack traces of unexpected errors.")
    boolean verbose;

    Path file() {
        return config != null ? config : ConfigPaths.configFile(System.getenv());
    }

    EngineConfig load() throws ConfigException {
        return ConfigLoader.system().load(file());
    }
}
