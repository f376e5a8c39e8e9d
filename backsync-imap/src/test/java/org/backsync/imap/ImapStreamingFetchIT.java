package org.backsync.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.backsync.testing.ChildJvm;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.MailSamples;
import org.backsync.testing.ScriptedImapServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: the bulk FETCH read by {@link FetchReader}. A message above the spool threshold goes to a file, byte for
 * byte, and the file is gone once the sink returned; the heap does not need to hold it (a child JVM with 64 MB fetches
 * 50 MB); an answer cut mid-literal or with a broken literal size is a clear failure, never a partial message.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImapStreamingFetchIT {
    private static final int FIFTY_MB = 50 * 1024 * 1024;

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path spool;

    @TempDir
    Path logs;

    private static ImapSettings settings() {
        return ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password());
    }

    @Test
    void aMessageAboveTheThresholdIsSpooledToAFileStoredByteForByteAndTheFileIsDeletedAfterwards() throws Exception {
        FolderPath folder = FolderPath.of("Huge");
        dovecot.createMailbox(folder);
        byte[] message = MailSamples.large("<huge@x>", FIFTY_MB);
        Uid uid = dovecot.save(folder, message, Flags.NONE);
        List<String> digests = new ArrayList<>();
        List<Long> spooledSizes = new ArrayList<>();

        try (MailProvider testSubject = ImapProvider.open(settings().withSpool(spool, 8L << 20))) {
            testSubject.fetch(folder, List.of(uid), false, batch -> {
                spooledSizes.addAll(fileSizes(spool));
                for (FetchedMessage m : batch) {
                    digests.add(sha256(m));
                }
            });
        }

        assertThat(spooledSizes).as("the literal went to a spool file").containsExactly((long) message.length);
        assertThat(digests).containsExactly(sha256(message));
        assertThat(fileSizes(spool))
                .as("spool files are deleted once the sink returned")
                .isEmpty();
    }

    @Test
    void smallMessagesStayInMemoryAndAreNotSpooled() throws Exception {
        FolderPath folder = FolderPath.of("Small");
        dovecot.createMailbox(folder);
        List<Uid> uids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            uids.add(dovecot.save(folder, MailSamples.plain("<s" + i + "@x>", "small " + i), Flags.of(Flags.SEEN)));
        }
        List<FetchedMessage> got = new ArrayList<>();
        List<Long> spooledSizes = new ArrayList<>();

        try (MailProvider testSubject = ImapProvider.open(settings().withSpool(spool, 8L << 20))) {
            testSubject.fetch(folder, uids, false, batch -> {
                spooledSizes.addAll(fileSizes(spool));
                got.addAll(batch);
            });
        }

        assertThat(spooledSizes).isEmpty();
        assertThat(got).extracting(m -> m.meta().uid()).containsExactlyElementsOf(uids);
        assertThat(got).allSatisfy(m -> {
            assertThat(m.meta().flags()).isEqualTo(Flags.of(Flags.SEEN));
            assertThat(m.meta().messageId()).isPresent();
            assertThat(m.meta().internalDate()).isPresent();
            assertThat(m.meta().size()).isEqualTo(m.content().size());
        });
    }

    @Test
    void aFiftyMegabyteMessageIsFetchedByAChildJvmWithA64MegabyteHeap() throws Exception {
        FolderPath folder = FolderPath.of("HeapBound");
        dovecot.createMailbox(folder);
        byte[] message = MailSamples.large("<heap@x>", FIFTY_MB);
        Uid uid = dovecot.save(folder, message, Flags.NONE);

        try (ChildJvm child = ChildJvm.start(
                SpooledFetchMain.class,
                List.of("-Xmx64m"),
                List.of(
                        Integer.toString(dovecot.port()),
                        dovecot.user(),
                        dovecot.password(),
                        folder.toString(),
                        Long.toString(uid.value()),
                        spool.toString()),
                logs.resolve("child.log"))) {
            int exit = child.awaitExit(Duration.ofSeconds(90));

            assertThat(exit).as(child.output()).isZero();
            assertThat(child.output()).contains("sha256=" + sha256(message));
        }
    }

    @Test
    void anAnswerCutMidLiteralIsATransientFailureAndTheNextFetchGetsTheWholeMessage() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("bulk-fetch-truncated-once")) {
            List<FetchedMessage> first = new ArrayList<>();
            Throwable failure = catchThrowable(() -> {
                try (MailProvider p = ImapProvider.open(scripted(server))) {
                    p.fetch(FolderPath.INBOX, List.of(Uid.of(1)), false, first::addAll);
                }
            });
            List<byte[]> second = new ArrayList<>();
            try (MailProvider p = ImapProvider.open(scripted(server))) {
                p.fetch(FolderPath.INBOX, List.of(Uid.of(1)), false, batch -> second.add(bytes(batch)));
            }

            assertThat(failure).isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.status()).isIn(Status.END_OF_SESSION, Status.NETWORK_ERROR);
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("UID FETCH");
            });
            assertThat(first).as("nothing of the cut message is handed over").isEmpty();
            assertThat(second)
                    .singleElement()
                    .satisfies(b -> assertThat(new String(b, StandardCharsets.US_ASCII))
                            .startsWith("Subject: hi\r\n")
                            .hasSize(48));
        }
    }

    @Test
    void aLiteralSizeThatIsNotANumberFailsTheBatchClearlyAndTheNextFetchGetsTheMessage() throws Exception {
        try (ScriptedImapServer server = ScriptedImapServer.start("bulk-fetch-bad-size-once")) {
            List<FetchedMessage> first = new ArrayList<>();
            Throwable failure = catchThrowable(() -> {
                try (MailProvider p = ImapProvider.open(scripted(server))) {
                    p.fetch(FolderPath.INBOX, List.of(Uid.of(1)), false, first::addAll);
                }
            });
            List<byte[]> second = new ArrayList<>();
            try (MailProvider p = ImapProvider.open(scripted(server))) {
                p.fetch(FolderPath.INBOX, List.of(Uid.of(1)), false, batch -> second.add(bytes(batch)));
            }

            assertThat(failure).isInstanceOfSatisfying(SyncException.class, e -> {
                assertThat(e.status()).isEqualTo(Status.INTERNAL_ERROR);
                assertThat(e.getMessage()).contains("literal size that is not a number");
            });
            assertThat(first).isEmpty();
            assertThat(second).singleElement().satisfies(b -> assertThat(b).hasSize(48));
        }
    }

    private static ImapSettings scripted(ScriptedImapServer server) {
        return ScriptedSettings.of(server, "pw");
    }

    private static byte[] bytes(List<FetchedMessage> batch) throws SyncException {
        try {
            return batch.getFirst().content().bytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Long> fileSizes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.toFile().length()).toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(FetchedMessage m) {
        try (InputStream in = m.content().open()) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
