package org.backsync.store.sqlite;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
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
 * out) goes to {@code cur/} as {@code <internal date seconds>.M<local id>.backsync,S=<file size>,W=<size with CRLF
 * line ends>:2,<flags>}. The flags are D (draft), F (flagged), R (answered), S (seen), T (deleted) in ASCII order,
 * then the message's keywords as Dovecot writes them: the letters {@code a}-{@code z}, each standing for the keyword
 * on the line with its index in the folder's {@code dovecot-keywords} file ({@code 0 $Forwarded}, {@code 1 work},
 * ...). An existing {@code dovecot-keywords} is kept and extended, so letters keep their meaning across exports; a
 * folder holds at most 26 keywords (Dovecot's limit), and keywords beyond those are left out of the file names. A
 * header-only item exports its header section.
 *
 * <p><b>Line ends.</b> The store keeps the bytes the server sent, with CRLF line ends (RFC 5322); a Maildir holds
 * LF. {@link LineEnds#LF} (the default) writes each CRLF as LF and leaves a lone CR or LF alone; {@link
 * LineEnds#AS_STORED} writes the stored bytes unchanged. Each file is written under {@code tmp/} and renamed into
 * {@code cur/}, so a reader never sees half a message. Exporting again into the same directory replaces files of the
 * same name and leaves others alone.
 *
 * <p><b>Failures.</b> A store that cannot be read: its {@code CORRUPT_STORE}. A target that cannot be written: {@code
 * INTERNAL_ERROR} at {@code ACCOUNT} scope naming the file.
 */
public final class MaildirExport {
    /** What an export wrote. */
    public record Summary(int folders, long messages, long bytes) {}

    /** How line ends are written; see the class comment. */
    public enum LineEnds {
        /** CRLF becomes LF, as in a Maildir that Dovecot or mbsync wrote. */
        LF,
        /** The stored bytes, unchanged (CRLF as received over IMAP). */
        AS_STORED
    }

    static final String KEYWORDS_FILE = "dovecot-keywords";
    private static final int MAX_KEYWORDS = 26;

    private MaildirExport() {}

    /** Exports {@code account} from {@code store} into {@code target} with LF line ends, creating directories. */
    public static Summary export(StoreReader store, AccountId account, Path target) throws SyncException {
        return export(store, account, target, LineEnds.LF);
    }

    /** Exports {@code account} from {@code store} into {@code target}, creating directories as needed. */
    public static Summary export(StoreReader store, AccountId account, Path target, LineEnds lineEnds)
            throws SyncException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lineEnds, "lineEnds");
        int folders = 0;
        long messages = 0;
        long bytes = 0;
        for (LocalFolder folder : store.folders(account)) {
            if (!folder.isVisible()) {
                continue;
            }
            Path dir = maildir(target, folder.path());
            Keywords keywords = Keywords.read(dir);
            folders++;
            for (LocalMessage m : store.messages(folder.id())) {
                if (m.folderId() != folder.id() || m.deleted()) {
                    continue;
                }
                Optional<RawMessage> content = store.content(m.localId());
                if (content.isPresent()) {
                    bytes += write(dir, m, content.get(), lineEnds, keywords);
                    messages++;
                }
            }
            keywords.writeIfChanged(dir);
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

    static String fileName(LocalMessage m, long size, long crlfSize, String flags) {
        return baseName(m) + ",S=" + size + ",W=" + crlfSize + ":2," + flags;
    }

    private static String baseName(LocalMessage m) {
        return m.internalDate().getEpochSecond() + ".M" + m.localId() + ".backsync";
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

    private static long write(Path dir, LocalMessage m, RawMessage content, LineEnds lineEnds, Keywords keywords)
            throws SyncException {
        Path tmp = dir.resolve("tmp").resolve(baseName(m));
        try {
            long[] sizes;
            try (InputStream in = content.open();
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                sizes = copy(in, out, lineEnds);
            }
            String name = fileName(m, sizes[0], sizes[1], flags(m.flags()) + keywords.letters(m.flags()));
            Files.move(
                    tmp,
                    dir.resolve("cur").resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return sizes[0];
        } catch (IOException e) {
            throw failure("writing " + tmp, e);
        }
    }

    /**
     * Copies {@code in} to {@code out}, each CRLF as LF when asked; returns the bytes written and the size the same
     * text has with CRLF line ends (Dovecot's {@code W=}).
     */
    static long[] copy(InputStream in, OutputStream out, LineEnds lineEnds) throws IOException {
        byte[] buf = new byte[1 << 16];
        byte[] converted = new byte[1 << 16];
        long written = 0;
        long bareLf = 0;
        boolean pendingCr = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            if (lineEnds == LineEnds.AS_STORED) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n' && !pendingCr) {
                        bareLf++;
                    }
                    pendingCr = buf[i] == '\r';
                }
                out.write(buf, 0, n);
                written += n;
                continue;
            }
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (pendingCr && b != '\n') {
                    converted[o++] = '\r';
                    if (o == converted.length) {
                        out.write(converted, 0, o);
                        written += o;
                        o = 0;
                    }
                }
                pendingCr = b == '\r';
                if (!pendingCr) {
                    bareLf += b == '\n' ? 1 : 0;
                    converted[o++] = b;
                    if (o == converted.length) {
                        out.write(converted, 0, o);
                        written += o;
                        o = 0;
                    }
                }
            }
            out.write(converted, 0, o);
            written += o;
        }
        if (pendingCr && lineEnds == LineEnds.LF) {
            out.write('\r');
            written++;
        }
        return new long[] {written, written + bareLf};
    }

    /** A folder's keyword letters: Dovecot's {@code dovecot-keywords} file, read, extended and written back. */
    private static final class Keywords {
        private final List<String> names;
        private final int read;

        private Keywords(List<String> names) {
            this.names = names;
            this.read = names.size();
        }

        static Keywords read(Path dir) throws SyncException {
            Path file = dir.resolve(KEYWORDS_FILE);
            List<String> names = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                try {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        int space = line.indexOf(' ');
                        if (space <= 0) {
                            continue;
                        }
                        int index = Integer.parseInt(line.substring(0, space));
                        while (names.size() <= index && names.size() < MAX_KEYWORDS) {
                            names.add("");
                        }
                        if (index < MAX_KEYWORDS) {
                            names.set(index, line.substring(space + 1));
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    throw failure("reading " + file, e instanceof IOException io ? io : new IOException(e));
                }
            }
            return new Keywords(names);
        }

        /**
         * The letters of the keywords in {@code flags}, in order; a keyword not in the file yet is given the next
         * letter (keywords of one message in alphabetical order).
         */
        String letters(Flags flags) {
            boolean[] set = new boolean[MAX_KEYWORDS];
            for (String flag : new TreeSet<>(flags.values())) {
                if (flag.startsWith("\\")) {
                    continue;
                }
                int index = names.indexOf(flag);
                if (index < 0 && names.size() < MAX_KEYWORDS) {
                    names.add(flag);
                    index = names.size() - 1;
                }
                if (index >= 0) {
                    set[index] = true;
                }
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < MAX_KEYWORDS; i++) {
                if (set[i]) {
                    s.append((char) ('a' + i));
                }
            }
            return s.toString();
        }

        void writeIfChanged(Path dir) throws SyncException {
            if (names.size() == read) {
                return;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                if (!names.get(i).isEmpty()) {
                    s.append(i).append(' ').append(names.get(i)).append('\n');
                }
            }
            Path file = dir.resolve(KEYWORDS_FILE);
            Path tmp = dir.resolve("tmp").resolve(KEYWORDS_FILE);
            try {
                Files.writeString(tmp, s, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw failure("writing " + file, e);
            }
        }
    }

    private static SyncException failure(String what, IOException e) {
        return new SyncException(
                Status.INTERNAL_ERROR, Scope.ACCOUNT, "Maildir export: " + what + " failed: " + e, null, e);
    }
}
