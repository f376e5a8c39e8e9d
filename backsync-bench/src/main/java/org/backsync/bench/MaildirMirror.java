package org.backsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.RawMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalFolder;
import org.backsync.spi.LocalMessage;
import org.backsync.spi.StoreReader;
import org.backsync.spi.SyncException;

/**
 * Writes what the store holds for the server as a Maildir tree, so that the harness can check it against the server
 * store: one directory per folder ({@code A/B}, INBOX at {@code INBOX}), every message the server holds in that folder
 * as {@code cur/ID:2,FLAGS} (the local flags, which equal the server's once a sync has run) with CRLF line ends turned into LF (the Maildir convention, and the server store's). Only
 * the benchmark uses it; it reads through the SPI, so it checks the store independently of the CLI's export.
 */
final class MaildirMirror {
    private MaildirMirror() {}

    static long write(StoreReader store, AccountId account, Path root) throws IOException, SyncException {
        clear(root);
        long written = 0;
        for (LocalFolder f : store.folders(account)) {
            if (f.remotePath().isEmpty()) {
                continue;
            }
            Path dir = root.resolve(f.remotePath().get().value());
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(dir.resolve(sub));
            }
            for (LocalMessage m : store.messages(f.id())) {
                if (m.remote().isEmpty() || m.remote().get().folderId() != f.id()) {
                    continue;
                }
                Optional<RawMessage> content = store.content(m.localId());
                if (content.isEmpty()) {
                    continue;
                }
                Path file = dir.resolve("cur").resolve(m.localId() + ":2," + maildirFlags(m.flags()));
                try (InputStream in = content.get().open();
                        OutputStream out = Files.newOutputStream(file)) {
                    copyWithoutCr(in, out);
                }
                written++;
            }
        }
        return written;
    }

    /** The flags users see, in Maildir letters, sorted (D F R S T). */
    static String maildirFlags(Flags f) {
        StringBuilder b = new StringBuilder();
        if (f.contains(Flags.DRAFT)) {
            b.append('D');
        }
        if (f.contains(Flags.FLAGGED)) {
            b.append('F');
        }
        if (f.contains(Flags.ANSWERED)) {
            b.append('R');
        }
        if (f.contains(Flags.SEEN)) {
            b.append('S');
        }
        if (f.contains(Flags.DELETED)) {
            b.append('T');
        }
        return b.toString();
    }

    static void copyWithoutCr(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        byte[] outBuf = new byte[1 << 16];
        boolean pendingCr = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (pendingCr && b != '\n') {
                    outBuf[o++] = '\r';
                }
                pendingCr = b == '\r';
                if (!pendingCr) {
                    outBuf[o++] = b;
                }
            }
            out.write(outBuf, 0, o);
        }
        if (pendingCr) {
            out.write('\r');
        }
    }

    private static void clear(Path root) throws IOException {
        Files.createDirectories(root);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
    }
}
