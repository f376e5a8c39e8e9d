package org.backsync.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.imap.ImapProvider;
import org.backsync.imap.ImapSettings;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.Uid;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.ImapSnapshot;

/**
 * The scenario harness's server on a private Dovecot: the engine connects through a recording {@link FaultProxy}
 * (what it sent is what {@link #commandNames()} returns), the test changes the server with {@code doveadm} as another
 * client would, and reads it back with {@link ImapSnapshot} over its own connection, never through the code under
 * test. {@link #reset()} empties the account between worlds.
 */
final class DovecotRemote implements RemoteSide {
    /**
     * The configuration edit for scenario runs: Trash, Drafts and Sent carry their special-use attribute but are not
     * created automatically, so that a world starts with INBOX alone, as on the fake.
     */
    static String specialUseOnDemand(String conf) {
        String start = conf.substring(0, conf.indexOf("  mailbox Sent {"));
        String rest = conf.substring(conf.indexOf("  mailbox Archive {"));
        rest = rest.substring(rest.indexOf("}") + 2);
        return start
                + "  mailbox Trash {\n    special_use = \\Trash\n  }\n"
                + "  mailbox Drafts {\n    special_use = \\Drafts\n  }\n"
                + "  mailbox Sent {\n    special_use = \\Sent\n  }\n"
                + rest;
    }

    private final DovecotServer dovecot;
    private final FaultProxy proxy;

    /** Worlds on this server, reached through {@code proxy}, emptied before each: for {@link ScenarioRunner}. */
    static ScenarioRunner.Worlds worlds(DovecotServer dovecot, FaultProxy proxy) {
        return s -> new ScenarioWorld(new DovecotRemote(dovecot, proxy).reset(), s.settings());
    }

    DovecotRemote(DovecotServer dovecot, FaultProxy proxy) {
        this.dovecot = dovecot;
        this.proxy = proxy;
    }

    /** Deletes every folder but INBOX, empties INBOX, and forgets the recorded commands. */
    DovecotRemote reset() {
        List<String> doomed = new ArrayList<>(List.of("mailbox", "delete", "-u", dovecot.user(), "-s"));
        folders().stream()
                .filter(p -> !p.equals(FolderPath.INBOX))
                .sorted(java.util.Comparator.reverseOrder()) // children before their parents
                .forEach(p -> doomed.add(dovecot.mailbox(p)));
        if (doomed.size() > 5) {
            dovecot.doveadm(doomed.toArray(String[]::new));
        }
        dovecot.doveadm("expunge", "-u", dovecot.user(), "mailbox", "INBOX", "all");
        proxy.clearRecording();
        return this;
    }

    @Override
    public MailProvider.Factory factory() {
        return ImapProvider.factory(ImapSettings.loopback(proxy.port(), dovecot.user(), dovecot.password()));
    }

    @Override
    public void createFolder(FolderPath path, Optional<SpecialUse> use) {
        if (!folders().contains(path)) {
            dovecot.createMailbox(path); // special use comes from the configuration, by name
        }
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) {
        dovecot.renameMailbox(from, to);
    }

    @Override
    public void deleteFolder(FolderPath path) {
        dovecot.doveadm("mailbox", "delete", "-u", dovecot.user(), "-r", "-s", dovecot.mailbox(path));
    }

    @Override
    public void deliver(FolderPath folder, byte[] content, Flags flags, Instant internalDate) {
        dovecot.save(folder, content, flags);
    }

    @Override
    public void setFlags(FolderPath folder, Uid uid, Flags flags) {
        if (flags.isEmpty()) {
            Flags now = dovecot.flags(folder, uid);
            if (!now.isEmpty()) {
                dovecot.removeFlags(folder, uid, now);
            }
        } else {
            dovecot.replaceFlags(folder, uid, flags);
        }
    }

    @Override
    public void expunge(FolderPath folder, Uid uid) {
        dovecot.expunge(folder, uid);
    }

    @Override
    public void changeUidValidity(FolderPath folder) {
        long now = dovecot.statusField(folder, "uidvalidity");
        dovecot.updateUidValidity(folder, now + 1000);
    }

    @Override
    public List<FolderPath> folders() {
        List<FolderPath> out = new ArrayList<>();
        for (String line :
                dovecot.doveadm("mailbox", "list", "-u", dovecot.user()).lines().toList()) {
            if (!line.isBlank()) {
                out.add(FolderPath.of(line.strip().replace(dovecot.separator(), FolderPath.SEPARATOR)));
            }
        }
        return out.stream().sorted().toList();
    }

    @Override
    public List<Held> messages() {
        try {
            List<Held> out = new ArrayList<>();
            for (ImapSnapshot.ServerMessage m : ImapSnapshot.take(
                    dovecot.host(), dovecot.port(), dovecot.user(), dovecot.password(), dovecot.separator(), true)) {
                out.add(new Held(m.folder(), Uid.of(m.uid()), m.bytes().orElseThrow(), m.flags()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> commandNames() {
        return proxy.imapCommands().stream().map(RemoteSide::normalize).toList();
    }

    @Override
    public void close() {}
}
