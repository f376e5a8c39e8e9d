package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.Status;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.spi.Flags;
import org.backsync.spi.LocalMessage;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only the requested directions touch the server (R16, issue 6), as seen on the wire: every line the engine sends to a
 * private Dovecot passes a recording {@link FaultProxy}. With UPLOAD_CONTENTS alone there is no hierarchy command
 * (LIST, CREATE, RENAME, DELETE, SUBSCRIBE) and no download (no body fetched, no CHANGEDSINCE or QRESYNC scan), although
 * the server has a new message and a new folder the engine has not seen; with UPLOAD_HIERARCHY alone no message is
 * touched or even selected.
 */
class UploadWireDovecotIT {
    private static final Set<String> HIERARCHY =
            Set.of("LIST", "LSUB", "CREATE", "RENAME", "DELETE", "SUBSCRIBE", "UNSUBSCRIBE");
    private static final Set<String> MESSAGE_COMMANDS = Set.of(
            "SELECT",
            "EXAMINE",
            "APPEND",
            "STORE",
            "UID STORE",
            "COPY",
            "UID COPY",
            "MOVE",
            "UID MOVE",
            "EXPUNGE",
            "UID EXPUNGE",
            "FETCH",
            "UID FETCH",
            "SEARCH",
            "UID SEARCH");

    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer().withConfig(DovecotRemote::specialUseOnDemand);

    private static FaultProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = FaultProxy.to(dovecot.port());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void uploadContentsAloneSendsNoHierarchyCommandAndNoDownload() throws Exception {
        ScenarioWorld w = new ScenarioWorld(new DovecotRemote(dovecot, proxy).reset(), AccountSettings.DEFAULT);
        w.remoteFolder("Archive");
        w.deliver("INBOX", "<a@x>");
        w.deliver("INBOX", "<b@x>");
        w.deliver("INBOX", "<c@x>");
        assertThat(w.sync(SyncRequest.all(EngineFixture.ALICE)).status()).isEqualTo(Status.OK);
        w.localFlags("<a@x>", Flags.SEEN, "$Work");
        w.localMove("<b@x>", "Archive");
        w.localDelete("<c@x>");
        w.localNew("INBOX", "<n@x>");
        w.deliver("INBOX", "<server-new@x>");
        w.remoteFolder("ServerNew");
        proxy.clearRecording();

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_CONTENTS)));

        List<String> commands = proxy.imapCommands();
        List<String> lines = upper(proxy.clientLines());
        assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(Status.OK);
        assertThat(commands).as("what went out").contains("APPEND", "UID STORE", "UID MOVE", "UID EXPUNGE");
        assertThat(commands).as("hierarchy commands in %s", commands).noneMatch(HIERARCHY::contains);
        assertThat(lines)
                .as("change scans")
                .noneMatch(l -> l.matches(".*\\bCHANGEDSINCE\\b.*") || l.contains("QRESYNC ("));
        assertThat(lines)
                .as("body fetches")
                .filteredOn(l -> l.contains(" FETCH "))
                .noneMatch(l -> l.contains("BODY") || l.contains("RFC822") || l.contains("ENVELOPE"));
        assertThat(w.store.folder(EngineFixture.ALICE, FolderPath.of("ServerNew")))
                .isEmpty();
        assertThat(localMessageIds(w)).doesNotContain("<server-new@x>");
        assertThat(w.snapshot())
                .contains("remote INBOX <a@x> ($Work \\Seen)", "remote Archive <b@x> ()", "remote INBOX <n@x> ()")
                .doesNotContain("remote INBOX <c@x> ()");
    }

    @Test
    void uploadHierarchyAloneTouchesNoMessage() throws Exception {
        ScenarioWorld w = new ScenarioWorld(new DovecotRemote(dovecot, proxy).reset(), AccountSettings.DEFAULT);
        w.remoteFolder("Work");
        w.remoteFolder("Old");
        w.deliver("INBOX", "<a@x>");
        w.deliver("Work", "<w@x>");
        assertThat(w.sync(SyncRequest.all(EngineFixture.ALICE)).status()).isEqualTo(Status.OK);
        w.localCreateFolder("Projects");
        w.localRenameFolder("Work", "Jobs");
        w.localDeleteFolder("Old");
        w.localFlags("<a@x>", Flags.SEEN);
        w.localNew("INBOX", "<n@x>");
        w.localMove("<w@x>", "INBOX");
        proxy.clearRecording();

        SyncResult r = w.sync(SyncRequest.of(EngineFixture.ALICE, Set.of(SyncKind.UPLOAD_HIERARCHY)));

        List<String> commands = proxy.imapCommands();
        assertThat(r.status()).as("errors %s", r.errors()).isEqualTo(Status.OK);
        assertThat(commands).as("what went out").contains("CREATE", "RENAME", "DELETE");
        assertThat(commands).as("message commands in %s", commands).noneMatch(MESSAGE_COMMANDS::contains);
        assertThat(w.remote.folders())
                .contains(FolderPath.of("Projects"), FolderPath.of("Jobs"))
                .doesNotContain(FolderPath.of("Old"), FolderPath.of("Work"));
        assertThat(w.snapshot())
                .contains("remote INBOX <a@x> ()", "remote Jobs <w@x> ()")
                .doesNotContain("remote INBOX <n@x> ()", "remote INBOX <a@x> (\\Seen)");
    }

    /** Tagged command lines, upper case; the AUTHENTICATE continuation (credentials) is left out. */
    private static List<String> upper(List<String> lines) {
        return lines.stream()
                .filter(l -> l.matches("^\\S+ [A-Za-z].*") && !l.contains("AUTHENTICATE"))
                .map(l -> l.toUpperCase(Locale.ROOT))
                .toList();
    }

    private static List<String> localMessageIds(ScenarioWorld w) throws Exception {
        return w.store.folders(EngineFixture.ALICE).stream()
                .flatMap(f -> {
                    try {
                        return w.store.messages(f.id()).stream();
                    } catch (org.backsync.spi.SyncException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .map(LocalMessage::messageId)
                .flatMap(java.util.Optional::stream)
                .toList();
    }
}
