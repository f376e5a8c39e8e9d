package org.backsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backsync.AccountId;
import org.backsync.engine.Backsync;
import org.backsync.engine.ImapConnector;
import org.backsync.engine.config.ConfigException;
import org.backsync.engine.config.ConfigLoader;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.jspecify.annotations.Nullable;

/** {@code backsync account add|test}. */
final class AccountCommand implements Command {
    @Override
    public Syntax syntax() {
        return new Syntax("account", "Add an account to the configuration file, or test that one can log in.")
                .subcommands(List.of("add", "test"), AccountCommand::command);
    }

    private static Command command(String name) {
        return switch (name) {
            case "add" -> new Add();
            case "test" -> new Test();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Override
    public int call(Streams streams) throws Syntax.UsageException {
        throw new Syntax.UsageException("Missing required subcommand");
    }

    static final class Test implements Command {
        private final ConfigOptions options = new ConfigOptions();
        private @Nullable String name;

        @Override
        public Syntax syntax() {
            return options.addTo(new Syntax("test", "Log in to the account's IMAP server and list its folders."))
                    .parameter("NAME", "The account (default: every account).", 0, 1, v -> name = v);
        }

        @Override
        public int call(Streams streams) throws Exception {
            EngineConfig config = options.load();
            List<AccountId> ids =
                    name == null ? List.copyOf(config.accounts().keySet()) : List.of(Hosts.account(config, name));
            PrintWriter out = streams.out();
            for (AccountId id : ids) {
                var imap = config.accounts().get(id).imap();
                try (MailProvider p = Backsync.connect(config, id, SecretSource.system(), ImapConnector.INSTANCE)) {
                    List<RemoteFolder> folders = p.listFolders();
                    out.println(id + ": logged in to " + imap.host() + ":" + imap.port() + " as " + imap.user() + "; "
                            + folders.size() + " folders; capabilities " + p.capabilities());
                }
            }
            return ExitCode.OK.code();
        }
    }

    static final class Add implements Command {
        private final ConfigOptions options = new ConfigOptions();
        private String name = "";
        private String host = "";
        private @Nullable Integer port;
        private String security = "tls";
        private String user = "";
        private @Nullable String passwordCommand;
        private @Nullable String passwordEnv;
        private @Nullable String smtpHost;

        @Override
        public Syntax syntax() {
            return options.addTo(new Syntax(
                            "add", "Append an account to the configuration file; the file is checked afterwards."))
                    .parameter("NAME", "Account name: letters, digits, . _ - @", 1, 1, v -> name = v)
                    .required("--host", "<host>", "IMAP server.", v -> host = v)
                    .option(
                            "--port",
                            "<port>",
                            "IMAP port (default: 993 for tls, 143 for starttls).",
                            v -> port = Syntax.intValue(v))
                    .option("--security", "<security>", "tls, starttls or none (loopback only).", v -> security = v)
                    .required("--user", "<user>", "Login name.", v -> user = v)
                    .option(
                            "--password-command",
                            "<passwordCommand>",
                            "Command printing the password, e.g. 'pass show mail'.",
                            v -> passwordCommand = v)
                    .option(
                            "--password-env",
                            "<passwordEnv>",
                            "Environment variable holding the password.",
                            v -> passwordEnv = v)
                    .option(
                            "--smtp-host",
                            "<smtpHost>",
                            "SMTP submission server (same login and secret).",
                            v -> smtpHost = v);
        }

        @Override
        public int call(Streams streams) throws Exception {
            Path file = options.file();
            String before = Files.exists(file) ? Files.readString(file) : "";
            String block = block();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, before + (before.isEmpty() || before.endsWith("\n") ? "" : "\n") + block);
            try {
                ConfigLoader.system().load(file);
            } catch (ConfigException e) {
                restore(file, before);
                throw e;
            }
            streams.out()
                    .println(
                            "added account " + name + " to " + file + "; check it with: backsync account test " + name);
            return ExitCode.OK.code();
        }

        private String block() {
            String secret = passwordCommand != null
                    ? "password_command = " + quote(passwordCommand)
                    : passwordEnv != null ? "password_env = " + quote(passwordEnv) : "";
            StringBuilder b = new StringBuilder("\n[accounts.").append(name).append(".imap]\n");
            b.append("host = ").append(quote(host)).append('\n');
            if (port != null) {
                b.append("port = ").append(port).append('\n');
            }
            b.append("security = ").append(quote(security)).append('\n');
            b.append("user = ").append(quote(user)).append('\n').append(secret).append('\n');
            if (smtpHost != null) {
                b.append("\n[accounts.").append(name).append(".smtp]\n");
                b.append("host = ").append(quote(smtpHost)).append('\n');
                b.append("security = ").append(quote(security)).append('\n');
                b.append("user = ")
                        .append(quote(user))
                        .append('\n')
                        .append(secret)
                        .append('\n');
            }
            return b.toString();
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static void restore(Path file, String before) throws IOException {
            if (before.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, before);
            }
        }
    }
}
