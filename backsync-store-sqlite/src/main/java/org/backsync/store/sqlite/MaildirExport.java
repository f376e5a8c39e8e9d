package org.backsync.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;

/**
 * Writes one account's mail, as users see it, to a Maildir tree that mutt, notmuch or Dovecot can read. Works over
 * the {@link StoreReader} SPI, so any store can be exported.
 *
 * <p><b>Layout.</b> Folder {@code A/B} becomes the directory {@code DIR/A/B} holding {@code cur}, {@code new} and
 * {@code tmp} (nested Maildirs, not Maildir++ dot names). A path component that a Maildir or the file system would
 * read otherwise ({@code .}, {@code ..}, {@code cur}, {@code new}, {@code tmp}) has its first character written as
 * {@code %XX}, and a literal {@code %} as {@code %25}. Folders pending a local delete are left out.
 *
 * <p><b>Messages.</b> Every message users see in a folder (pending moves at their destination, local deletes left
 * out) goes to {@code cur/} as {@code <internal date seconds>.M<local id>.backsync,S=<size>:2,<flags>}, with the flags
 * D (draft), F (flagged), R (answered), S (seen), T (deleted) in ASCII order; keywords are not exported. The bytes are
 * the stored bytes, streamed (a header-only item exports its header section). Each file is written under {@code tmp/}
 * and renamed into {@code cur/}, so a reader never sees half a message. Exporting again into the same directory
 * replaces files of the same name and leaves others alone.
 *
 * <p><b>Failures.</b> A store that cannot be read: its {@code CORRUPT_STORE}. A target that cannot be written: {@code
 * INTERNAL_ERROR} at {@code ACCOUNT} scope naming the file.
 */
public final class MaildirExport {
    /** What an export wrote. */
    public record Summary(int folders, long messages, long bytes) {}

    private MaildirExport() {}

    /** Exports {@code account} from {@code store} into {@code target}, creating directories as needed. */
    public static Summary export(StoreReader store, AccountId account, Path target) throws SyncException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(target, "target");
        int folders = 0;
        long messages = 0;
        long bytes = 0;
        for (LocalFolder folder : store.folders(account)) {
            if (!folder.isVisible()) {
                continue;
            }
            Path dir = maildir(target, folder.path());
            folders++;
            for (LocalMessage m : store.messages(folder.id())) {
                if (m.folderId() != folder.id() || m.deleted()) {
                    continue;
                }
                Optional<RawMessage> content = store.content(m.localId());
                if (content.isPresent()) {
                    bytes += write(dir, m, content.get());
                    messages++;
                }
            }
        }
        return new Summary(folders, messages, bytes);
    }

    private static Path maildir(Path target, FolderPath path) throws SyncException {
        Path dir = target;
        for (String name : path.names()) {
            dir = dir.resolve(escape(name));
        }
        try {
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(dir.resolve(sub));
            }
        } catch (IOException e) {
            throw failure("creating " + dir, e);
        }
        return dir;
    }

    static String escape(String name) {
        String escaped = name.replace("%", "%25");
        boolean reserved = switch (escaped) {
            case ".", "..", "cur", "new", "tmp" -> true;
            default -> false;
        };
        return reserved ? String.format("%%%02X", (int) escaped.charAt(0)) + escaped.substring(1) : escaped;
    }

    static String fileName(LocalMessage m, long size) {
        return m.internalDate().getEpochSecond() + ".M" + m.localId() + ".backsync,S=" + size + ":2,"
                + flags(m.flags());
    }

    static String flags(Flags flags) {
        StringBuilder s = new StringBuilder();
        if (flags.contains(Flags.DRAFT)) {
            s.append('D');
        }
        if (flags.contains(Flags.FLAGGED)) {
            s.append('F');
        }
        if (flags.contains(Flags.ANSWERED)) {
            s.append('R');
        }
        if (flags.contains(Flags.SEEN)) {
            s.append('S');
        }
        if (flags.contains(Flags.DELETED)) {
            s.append('T');
        }
        return s.toString();
    }

    private static long write(Path dir, LocalMessage m, RawMessage content) throws SyncException {
        String name = fileName(m, content.size());
        Path tmp = dir.resolve("tmp").resolve(name);
        try (InputStream in = content.open()) {
            long copied = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    tmp,
                    dir.resolve("cur").resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return copied;
        } catch (IOException e) {
            throw failure("writing " + tmp, e);
        }
    }

    private static SyncException failure(String what, IOException e) {
        return new SyncException(
                Status.INTERNAL_ERROR, Scope.ACCOUNT, "Maildir export: " + what + " failed: " + e, null, e);
    }
}
