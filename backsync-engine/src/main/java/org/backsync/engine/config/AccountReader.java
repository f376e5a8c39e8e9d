package org.backsync.engine.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;

/** Reads one {@code [accounts.NAME]} table and its {@code imap} and {@code smtp} sub-tables. */
final class AccountReader {
    AccountConfig read(AccountId id, TomlTable t) throws ConfigException {
        TomlTable imapTable =
                t.table("imap").orElseThrow(() -> t.missing("imap", "an [accounts." + id + ".imap] table"));
        ServerConfig imap = server(imapTable, 993, 143, true);
        Optional<ServerConfig> smtp = Optional.empty();
        Optional<TomlTable> smtpTable = t.table("smtp");
        if (smtpTable.isPresent()) {
            smtp = Optional.of(server(smtpTable.get(), 465, 587, false));
        }
        String email = t.string("email").orElse(imap.user());
        FolderFilter folders = filter(t);
        FolderFilter headersOnly = new FolderFilter(t.strings("headers_only").orElse(List.of()), List.of());
        List<FolderPath> push = new ArrayList<>();
        for (String f : t.strings("push").orElse(List.of("INBOX"))) {
            push.add(folder(t, "push", f));
        }
        boolean trash = t.bool("delete_to_trash").orElse(false);
        int max = t.integer("max_connections", 1, 16).orElse(2);
        t.finish();
        return new AccountConfig(id, email, imap, smtp, folders, headersOnly, push, trash, max);
    }

    private static FolderFilter filter(TomlTable t) throws ConfigException {
        Optional<TomlTable> f = t.table("folders");
        if (f.isEmpty()) {
            return FolderFilter.ALL;
        }
        List<String> include = f.get().strings("include").orElse(List.of("*"));
        List<String> exclude = f.get().strings("exclude").orElse(List.of());
        f.get().finish();
        return new FolderFilter(include, exclude);
    }

    private static FolderPath folder(TomlTable t, String key, String value) throws ConfigException {
        try {
            return FolderPath.of(value);
        } catch (IllegalArgumentException e) {
            throw t.invalid(key, "\"" + value + "\"", "not a folder path (names joined by '/')");
        }
    }

    /** {@code imap}: the table may also hold {@code qresync}, the per-server QRESYNC switch (CONTRACT 5.1). */
    private static ServerConfig server(TomlTable s, int tlsPort, int starttlsPort, boolean imap)
            throws ConfigException {
        String host = s.requiredString("host");
        String securityText = s.string("security").orElse("tls");
        Security security = security(s, securityText);
        if (security == Security.NONE && !isLoopback(host)) {
            throw s.invalid(
                    "security",
                    "\"none\"",
                    "plain text is allowed only for a loopback host, and host is \"" + host
                            + "\"; use tls or starttls");
        }
        int defaultPort = security == Security.TLS ? tlsPort : starttlsPort;
        int port = s.integer("port", 1, 65535).orElse(defaultPort);
        String user = s.requiredString("user");
        Optional<String> pinned = s.string("certificate_sha256");
        if (pinned.isPresent() && !pinned.get().replace(":", "").matches("[0-9a-fA-F]{64}")) {
            throw s.invalid(
                    "certificate_sha256", "\"" + pinned.get() + "\"", "expected 64 hex digits (colons allowed)");
        }
        Secret secret = secret(s);
        boolean qresync = imap ? s.bool("qresync").orElse(true) : true;
        s.finish();
        return new ServerConfig(host, port, security, user, secret, pinned, qresync);
    }

    private static Security security(TomlTable s, String text) throws ConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tls", "ssl" -> Security.TLS;
            case "starttls" -> Security.STARTTLS;
            case "none" -> Security.NONE;
            default -> throw s.invalid("security", "\"" + text + "\"", "expected tls, starttls or none");
        };
    }

    private static Secret secret(TomlTable s) throws ConfigException {
        for (String clear : List.of("password", "pass", "token", "secret")) {
            if (s.has(clear)) {
                throw s.invalid(
                        clear,
                        "(hidden)",
                        "secrets are never written in the config file; use password_command, password_env or"
                                + " oauth2_token_command");
            }
        }
        List<Secret> found = new ArrayList<>();
        Optional<List<String>> command = s.strings("password_command");
        if (command.isPresent()) {
            found.add(new Secret.PasswordCommand(nonEmpty(s, "password_command", command.get())));
        }
        Optional<String> variable = s.string("password_env");
        if (variable.isPresent()) {
            if (!variable.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw s.invalid("password_env", "\"" + variable.get() + "\"", "expected an environment variable name");
            }
            found.add(new Secret.PasswordEnv(variable.get()));
        }
        Optional<List<String>> token = s.strings("oauth2_token_command");
        if (token.isPresent()) {
            found.add(new Secret.OAuth2TokenCommand(nonEmpty(s, "oauth2_token_command", token.get())));
        }
        if (found.isEmpty()) {
            throw s.missing("password_command", "one of password_command, password_env or oauth2_token_command");
        }
        if (found.size() > 1) {
            throw s.invalid(
                    "password_command",
                    "(and others)",
                    "give only one of password_command, password_env or oauth2_token_command");
        }
        return found.getFirst();
    }

    private static List<String> nonEmpty(TomlTable s, String key, List<String> argv) throws ConfigException {
        if (argv.isEmpty() || argv.getFirst().isBlank()) {
            throw s.invalid(key, argv.toString(), "expected a command, for example [\"pass\", \"show\", \"mail\"]");
        }
        return argv;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
