package org.backsync.bench;

import java.nio.file.Path;
import org.backsync.AccountId;
import org.backsync.spi.SyncException;
import org.backsync.store.sqlite.MaildirExport;
import org.backsync.store.sqlite.SqliteMessageStore;

/**
 * {@code ExportStore DATA_DIR ACCOUNT TARGET}: the harness's export step for the one-shot CLI peer. Opens the store the
 * CLI wrote ({@code data_dir} of its config) and writes the account with the project's {@link MaildirExport}, whose
 * default turns the stored CRLF (the bytes the server sent) into the LF a Maildir holds, like the server store the
 * harness compares with. Untimed; run by {@code bench/backsync-peer.sh export}.
 */
public final class ExportStore {
    private ExportStore() {}

    public static void main(String[] args) throws SyncException {
        if (args.length != 3) {
            System.err.println("usage: ExportStore DATA_DIR ACCOUNT TARGET");
            System.exit(2);
        }
        MaildirExport.Summary summary;
        try (SqliteMessageStore store = SqliteMessageStore.open(Path.of(args[0]))) {
            summary = MaildirExport.export(store, AccountId.of(args[1]), Path.of(args[2]));
        }
        System.err.println("exported " + summary + " with LF line ends");
    }
}
