package org.backsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.backsync.AccountId;
import org.backsync.spi.SyncException;
import org.backsync.store.sqlite.MaildirExport;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * {@code ExportStore DATA_DIR ACCOUNT TARGET}: the harness's export step for the one-shot CLI peer. Opens the store the
 * CLI wrote ({@code data_dir} of its config), writes the account with the project's {@link MaildirExport}, then turns
 * CRLF into LF in every exported file: the store keeps the bytes the server sent (CRLF on the wire), while a Maildir,
 * like the server store the harness compares with, holds LF. Untimed; run by {@code bench/backsync-peer.sh export}.
 */
public final class ExportStore {
    private ExportStore() {}

    public static void main(String[] args) throws IOException, SyncException {
        if (args.length != 3) {
            System.err.println("usage: ExportStore DATA_DIR ACCOUNT TARGET");
            System.exit(2);
        }
        Path target = Path.of(args[2]);
        MaildirExport.Summary summary;
        try (SqliteMessageStore store = SqliteMessageStore.open(Path.of(args[0]))) {
            summary = MaildirExport.export(store, AccountId.of(args[1]), target);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(target)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals("cur"))
                    .toList();
        }
        for (Path f : files) {
            Path lf = f.resolveSibling(f.getFileName() + ".lf");
            try (InputStream in = Files.newInputStream(f);
                    OutputStream out = Files.newOutputStream(lf)) {
                MaildirMirror.copyWithoutCr(in, out);
            }
            Files.move(lf, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        System.err.println("exported " + summary + ", " + files.size() + " files with LF line ends");
    }
}
