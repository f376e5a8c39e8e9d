package org.backsync.imap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backsync.FolderPath;
import org.backsync.spi.MailProvider;
import org.backsync.spi.Uid;

/**
 * Child-JVM entry point of {@link ImapStreamingFetchIT}: fetches one message from a loopback server with the default
 * 8 MB spool threshold and prints its SHA-256. Run with a heap smaller than the message, it shows that the bulk FETCH
 * never holds a large message in memory. Arguments: port, user, password, folder, uid, spool directory.
 */
public final class SpooledFetchMain {
    private SpooledFetchMain() {}

    public static void main(String[] args) throws Exception {
        ImapSettings settings = ImapSettings.loopback(Integer.parseInt(args[0]), args[1], args[2])
                .withSpool(Path.of(args[5]), ImapSettings.DEFAULT_SPOOL_THRESHOLD);
        List<String> digests = new ArrayList<>();
        try (MailProvider p = ImapProvider.open(settings)) {
            p.fetch(
                    FolderPath.of(args[3]),
                    List.of(Uid.of(Long.parseLong(args[4]))),
                    false,
                    batch -> batch.forEach(m -> digests.add(ImapStreamingFetchIT.sha256(m))));
        }
        System.out.println("sha256=" + String.join(",", digests));
        System.out.println("max heap MB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
