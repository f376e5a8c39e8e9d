package org.backsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.backsync.AccountId;
import org.backsync.engine.Backsync;
import org.backsync.engine.ImapConnector;
import org.backsync.engine.config.ConfigException;
import org.backsync.engine.config.ConfigLoader;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backsync account add|test}. */
@Command(
        name = "account",
        description = "Add an account to the configuration file, or test that one can log in.",
        subcommands = {AccountCommand.Add.class, AccountCommand.Test.class})
final class AccountCommand {
    @Command(name = "test", description = "Log in to the account's IMAP server and list its folders.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "The account (default: every account).", arity = "0..1")
        String name;

        @Override
        public Integer call() throws Exception {
            EngineConfig config = options.load();
            List<AccountId> ids =
                    name == null ? List.copyOf(config.accounts().keySet()) : List.of(Hosts.account(spec, config, name));
            PrintWriter out = spec.commandLine().getOut();
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

    @Command(name = "add", description = "Append an account to the configuration file; the file is checked afterwards.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "Account name: letters, digits, . _ - @")
        String name;

        @Option(names = "--host", required = true, description = "IMAP server.")
        String host;

        @Option(names = "--port", description = "IMAP port (default: 993 for tls, 143 for starttls).")
        Integer port;

        @Option(names = "--security", defaultValue = "tls", description = "tls, starttls or none (loopback only).")
        String security;

        @Option(names = "--user", required = true, description = "Login name.")
        String user;

        @Option(names = "--password-command", description = "Command printing the password, e.g. 'pass show mail'.")
        String passwordCommand;

        @Option(names = "--password-env", description = "Environment variable holding the password.")
        String passwordEnv;

        @Option(names = "--smtp-host", description = "SMTP submission server (same login and secret).")
        String smtpHost;

        @Override
        public Integer call() throws Exception {
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
            spec.commandLine()
                    .getOut()
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
