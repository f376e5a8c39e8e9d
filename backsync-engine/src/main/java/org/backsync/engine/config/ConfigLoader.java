package org.backsync.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.SyncKind;

/**
 * Reads the TOML configuration file (documented in {@code docs/config.md}) into an {@link EngineConfig}. Every problem
 * becomes one {@link ConfigException} whose message names the key and the value: an unknown key, a wrong type, a
 * password written in clear, a missing secret source, {@code security = "none"} for a host that is not loopback.
 */
public final class ConfigLoader {
    private final Map<String, String> env;

    /** {@code env} is where {@code ${VAR}} and {@code ~} in paths are expanded from. */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader system() {
        return new ConfigLoader(System.getenv());
    }

    public EngineConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", file + ": no such file (create it, see docs/config.md, or pass --config)");
        } catch (IOException e) {
            throw new ConfigException("", file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public EngineConfig parse(String toml, String fileName) throws ConfigException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(toml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr();
            throw new ConfigException("", fileName + where + ": not valid TOML: " + e.getOriginalMessage(), e);
        }
        try {
            return read(new TomlTable("", (ObjectNode) root));
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), fileName + ": " + e.getMessage(), e);
        }
    }

    private EngineConfig read(TomlTable root) throws ConfigException {
        Path dataDir =
                root.string("data_dir").map(this::expand).map(Path::of).orElseGet(() -> ConfigPaths.dataDir(env));
        Map<AccountId, AccountConfig> accounts = new LinkedHashMap<>();
        TomlTable accountsTable = root.table("accounts").orElseThrow(() -> root.missing("accounts", "a table"));
        AccountReader accountReader = new AccountReader();
        for (String name : accountsTable.keys()) {
            TomlTable t = accountsTable.table(name).orElseThrow();
            AccountId id = accountId(accountsTable, name);
            accounts.put(id, accountReader.read(id, t));
        }
        if (accounts.isEmpty()) {
            throw root.missing("accounts", "at least one [accounts.NAME] table");
        }
        List<SendReceiveGroup> groups = groups(root, accounts);
        EngineConfig.Limits limits = limits(root);
        EngineConfig.Push push = push(root);
        accountsTable.finish();
        root.finish();
        return new EngineConfig(dataDir, accounts, groups, limits, push);
    }

    private static AccountId accountId(TomlTable table, String name) throws ConfigException {
        try {
            return AccountId.of(name);
        } catch (IllegalArgumentException e) {
            throw table.invalid(name, "[...]", "account names use letters, digits and . _ - @ only");
        }
    }

    private static List<SendReceiveGroup> groups(TomlTable root, Map<AccountId, AccountConfig> accounts)
            throws ConfigException {
        Optional<TomlTable> table = root.table("groups");
        if (table.isEmpty()) {
            return List.of(new SendReceiveGroup(
                    "all", List.copyOf(accounts.keySet()), SyncKind.DIRECTIONS, Duration.ofMinutes(5)));
        }
        List<SendReceiveGroup> groups = new ArrayList<>();
        for (String name : table.get().keys()) {
            TomlTable g = table.get().table(name).orElseThrow();
            groups.add(group(name, g, accounts));
            g.finish();
        }
        table.get().finish();
        return groups;
    }

    private static SendReceiveGroup group(String name, TomlTable g, Map<AccountId, AccountConfig> accounts)
            throws ConfigException {
        List<AccountId> members = new ArrayList<>();
        for (String a : g.strings("accounts").orElse(List.of("*"))) {
            if (a.equals("*")) {
                members.addAll(accounts.keySet());
            } else if (accounts.keySet().stream().anyMatch(id -> id.value().equals(a))) {
                members.add(AccountId.of(a));
            } else {
                throw g.invalid("accounts", "\"" + a + "\"", "no such account (known: " + accounts.keySet() + ")");
            }
        }
        List<SyncKind> kinds = new ArrayList<>();
        for (String k : g.strings("kinds").orElse(List.of("all"))) {
            kinds.addAll(kinds(g, k));
        }
        Duration every = g.duration("every").orElse(Duration.ofMinutes(5));
        if (every.compareTo(Duration.ofSeconds(10)) < 0) {
            throw g.invalid("every", "\"" + every.toSeconds() + "s\"", "expected at least 10s");
        }
        if (kinds.stream().noneMatch(SyncKind::isDirection)) {
            throw g.invalid("kinds", kinds.toString(), "name at least one direction");
        }
        return new SendReceiveGroup(name, members, java.util.Set.copyOf(kinds), every);
    }

    private static List<SyncKind> kinds(TomlTable g, String k) throws ConfigException {
        if (k.equalsIgnoreCase("all")) {
            return List.copyOf(SyncKind.DIRECTIONS);
        }
        String upper = k.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (SyncKind kind : SendReceiveGroup.ALLOWED_KINDS) {
            if (kind.name().equals(upper)) {
                return List.of(kind);
            }
        }
        throw g.invalid(
                "kinds",
                "\"" + k + "\"",
                "expected all, upload_hierarchy, upload_contents, download_hierarchy, download_contents or"
                        + " headers_only");
    }

    private static EngineConfig.Limits limits(TomlTable root) throws ConfigException {
        Optional<TomlTable> t = root.table("limits");
        if (t.isEmpty()) {
            return EngineConfig.Limits.DEFAULT;
        }
        EngineConfig.Limits d = EngineConfig.Limits.DEFAULT;
        int perHost = t.get().integer("max_connections_per_host", 1, 64).orElse(d.maxConnectionsPerHost());
        Duration first = t.get().duration("retry_first").orElse(d.retryFirst());
        Duration max = t.get().duration("retry_max").orElse(d.retryMax());
        if (first.isZero() || max.compareTo(first) < 0) {
            throw t.get().invalid("retry_max", max.toString(), "must be at least retry_first (" + first + ")");
        }
        t.get().finish();
        return new EngineConfig.Limits(perHost, first, max);
    }

    private static EngineConfig.Push push(TomlTable root) throws ConfigException {
        Optional<TomlTable> t = root.table("push");
        if (t.isEmpty()) {
            return EngineConfig.Push.DEFAULT;
        }
        EngineConfig.Push d = EngineConfig.Push.DEFAULT;
        Duration renew = t.get().duration("renew").orElse(d.renew());
        if (renew.isZero() || renew.compareTo(EngineConfig.Push.RFC_2177_LIMIT) >= 0) {
            throw t.get().invalid("renew", "\"" + renew.toMinutes() + "m\"", "expected below 29m (RFC 2177)");
        }
        Duration watchdog = t.get().duration("watchdog").orElse(d.watchdog());
        if (watchdog.isZero()) {
            throw t.get().invalid("watchdog", "\"0s\"", "expected a positive duration");
        }
        int failures = t.get().integer("max_failures", 1, 100).orElse(d.maxFailures());
        t.get().finish();
        return new EngineConfig.Push(renew, watchdog, failures);
    }

    private String expand(String path) {
        String p = path.startsWith("~/")
                ? env.getOrDefault("HOME", System.getProperty("user.home")) + path.substring(1)
                : path;
        for (Map.Entry<String, String> e : env.entrySet()) {
            p = p.replace("${" + e.getKey() + "}", e.getValue());
        }
        return p;
    }
}
