package org.backsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.engine.config.EngineConfig;
import org.backsync.engine.config.SecretSource;
import org.backsync.spi.Flags;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.backsync.testing.MailSamples;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a resync of the whole engine puts on the wire against Dovecot (QRESYNC), counted by a loopback proxy: one
 * STATUS per folder and nothing else for folders that did not change (issue 9, CONTRACT 5.1, B41); the audit of the
 * counts adds no command when they agree.
 */
class NoChangeResyncWireIT {
    private static final AccountId ACCOUNT = AccountId.of("wire");
    private static final Set<String> FOLDER_READS = Set.of("SELECT", "EXAMINE", "UID FETCH", "FETCH", "UID SEARCH");
    private static final int FOLDERS = 8;

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @TempDir
    Path data;

    private final FaultProxy proxy = FaultProxy.to(dovecot.port());

    @AfterEach
    void closeProxy() {
        proxy.close();
    }

    @Test
    void noChangeResyncOfKFoldersSendsKStatusAndNoSelectOrFetch() throws Exception {
        for (int i = 0; i < FOLDERS; i++) {
            FolderPath f = FolderPath.of("Quiet" + i);
            dovecot.createMailbox(f);
            dovecot.save(f, MailSamples.plain("<quiet" + i + "@wire>", "quiet " + i), Flags.NONE);
        }
        try (Engine engine = engine()) {
            sync(engine);
            long mirrored = engine.store().folders(ACCOUNT).size();
            proxy.clearRecording();

            sync(engine);

            List<String> commands = proxy.imapCommands();
            assertThat(mirrored).isGreaterThanOrEqualTo(FOLDERS + 1);
            assertThat(commands.stream().filter("STATUS"::equals).count())
                    .as("STATUS commands in %s", commands)
                    .isLessThanOrEqualTo(mirrored);
            assertThat(commands).as("commands").noneMatch(FOLDER_READS::contains);
        }
    }

    @Test
    void resyncSelectsOnlyTheFolderThatChanged() throws Exception {
        for (int i = 0; i < FOLDERS; i++) {
            dovecot.createMailbox(FolderPath.of("Some" + i));
        }
        FolderPath busy = FolderPath.of("Some3");
        try (Engine engine = engine()) {
            sync(engine);
            long mirrored = engine.store().folders(ACCOUNT).size();
            dovecot.save(busy, MailSamples.plain("<busy@wire>", "busy"), Flags.NONE);
            proxy.clearRecording();

            sync(engine);

            List<String> commands = proxy.imapCommands();
            assertThat(commands.stream().filter("STATUS"::equals).count()).isLessThanOrEqualTo(mirrored);
            assertThat(proxy.clientLines().stream().filter(l -> l.contains(" EXAMINE ") || l.contains(" SELECT ")))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).contains("Some3"));
            assertThat(proxy.clientLines())
                    .as("the audit's counts agree: no full scan")
                    .noneMatch(l -> l.contains("(UID FLAGS MODSEQ)"));
        }
    }

    private Engine engine() throws Exception {
        EngineConfig config = TestConfigs.loopback(data, ACCOUNT, proxy.port(), dovecot.user(), List.of());
        return Backsync.newEngine(config, new SecretSource(Map.of("PW", dovecot.password())), new ImapConnector());
    }

    private static SyncResult sync(Engine engine) {
        RecordingSyncListener listener = new RecordingSyncListener();
        engine.synchronizeInBackground(SyncRequest.all(ACCOUNT), listener);
        SyncResult result = listener.awaitDone();
        assertThat(result.status()).as("%s", result).isEqualTo(Status.OK);
        assertThat(result.errors()).as("warnings and errors").isEmpty();
        listener.assertRules();
        return result;
    }
}
