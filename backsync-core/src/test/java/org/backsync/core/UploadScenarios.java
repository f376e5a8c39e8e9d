package org.backsync.core;

import static org.backsync.core.SyncScenarios.DRAFT;
import static org.backsync.core.SyncScenarios.FLAGGED;
import static org.backsync.core.SyncScenarios.SEEN;

import java.util.List;
import org.backsync.Status;
import org.backsync.spi.IntentKind;
import org.backsync.spi.SpecialUse;
import org.backsync.testing.FakeMailServer;

/**
 * The upload rows of the scenario table (issue 6), beside {@link SyncScenarios}: every upload the issue names,
 * conflicts with another client before and during the sync, and moves on a server without MOVE. Run four ways on the
 * fake by {@link SyncScenarioTest}; against Dovecot by {@code UploadScenarioDovecotIT} and {@code
 * MoveWithoutMoveDovecotIT}.
 */
final class UploadScenarios {
    private UploadScenarios() {}

    /** Uploads of every kind the issue names, beyond the basic rows above. */
    static List<Scenario> uploads() {
        return List.of(
                Scenario.named("local keyword changes travel as flag stores, added and removed")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>", "$Work");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN);
                            w.localFlags("<b@x>", "$Work", "$Label1");
                        })
                        .expect("""
                                both INBOX <a@x> (\\Seen)
                                both INBOX <b@x> ($Label1 $Work)
                                """),
                Scenario.named("a new local draft is appended to Drafts with its flags")
                        .base(w -> w.remoteFolder("Drafts", SpecialUse.DRAFTS))
                        .change(w -> w.localNew("Drafts", "<d@x>", DRAFT, SEEN))
                        .expect("""
                                both INBOX
                                both Drafts <d@x> (\\Draft \\Seen)
                                """),
                Scenario.named("a draft saved again locally replaces the server's copy")
                        .base(w -> {
                            w.remoteFolder("Drafts", SpecialUse.DRAFTS);
                            w.deliverVersion("Drafts", "<d@x>", "v1", DRAFT);
                        })
                        .change(w -> w.localReplaceDraft("<d@x>", "v2"))
                        .expect("""
                                both INBOX
                                both Drafts <d@x>~v2 (\\Draft)
                                """),
                Scenario.named("a local folder rename carries its children to the server")
                        .base(w -> {
                            w.remoteFolder("Work");
                            w.remoteFolder("Work/2024");
                            w.deliver("Work", "<w@x>");
                            w.deliver("Work/2024", "<y@x>", SEEN);
                        })
                        .change(w -> w.localRenameFolder("Work", "Jobs"))
                        .expect("""
                                both INBOX
                                both Jobs <w@x> ()
                                both Jobs/2024 <y@x> (\\Seen)
                                """),
                Scenario.named("a special-use folder is never deleted on the server; the local delete is undone")
                        .status(Status.PARTIAL)
                        .reports("never deleted")
                        .base(w -> {
                            w.remoteFolder("Trash", SpecialUse.TRASH);
                            w.deliver("Trash", "<t@x>");
                        })
                        .change(w -> w.localDeleteFolder("Trash"))
                        .expect("""
                                both INBOX
                                both Trash <t@x> ()
                                """),
                Scenario.named("INBOX and special-use folders are never renamed on the server; the renames are undone")
                        .status(Status.PARTIAL)
                        .reports("never renamed")
                        .base(w -> {
                            w.remoteFolder("Sent", SpecialUse.SENT);
                            w.deliver("Sent", "<s@x>");
                            w.deliver("INBOX", "<i@x>");
                        })
                        .change(w -> {
                            w.localRenameFolder("Sent", "Outgoing");
                            w.localRenameFolder("INBOX", "Mail");
                        })
                        .expect("""
                                both INBOX <i@x> ()
                                both Sent <s@x> ()
                                """),
                Scenario.named("a folder name the server rejects is reported with its text and stays pending")
                        .status(Status.PARTIAL)
                        .reports("Invalid mailbox name")
                        .change(w -> {
                            w.localCreateFolder("~Plans");
                            w.localNew("~Plans", "<p@x>");
                        })
                        .expect("""
                                both INBOX
                                local ~Plans <p@x> ()
                                pending folder CREATE ~Plans
                                pending message <p@x> in ~Plans
                                """));
    }

    /**
     * Conflicts (CONTRACT 4.6, ADR 0008): a message changed on both sides, deleted on one and changed on the other, or
     * moved on both; with the other client's change made before the sync, or during it (between our journal write and
     * our command). Each case follows the rule, and each conflict is reported with the message and folder.
     */
    static List<Scenario> conflicts() {
        return List.of(
                Scenario.named("a draft replaced on both sides keeps both versions and reports one CONFLICT")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Drafts", SpecialUse.DRAFTS);
                            w.deliverVersion("Drafts", "<d@x>", "v1", DRAFT);
                        })
                        .change(w -> {
                            w.localReplaceDraft("<d@x>", "mine");
                            w.remoteReplace("Drafts", "<d@x>", "theirs");
                        })
                        .expect("""
                                both INBOX
                                both Drafts <d@x>~mine (\\Draft)
                                both Drafts <d@x>~theirs (\\Draft)
                                """),
                Scenario.named("a draft replaced by another client during our APPEND keeps both versions")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Drafts", SpecialUse.DRAFTS);
                            w.deliverVersion("Drafts", "<d@x>", "v1", DRAFT);
                        })
                        .change(w -> w.localReplaceDraft("<d@x>", "mine"))
                        .during(IntentKind.APPEND, w -> w.remoteReplace("Drafts", "<d@x>", "theirs"))
                        .expect("""
                                both INBOX
                                both Drafts <d@x>~mine (\\Draft)
                                both Drafts <d@x>~theirs (\\Draft)
                                """),
                Scenario.named("a draft deleted locally and replaced on the server keeps the server's new version")
                        .base(w -> {
                            w.remoteFolder("Drafts", SpecialUse.DRAFTS);
                            w.deliverVersion("Drafts", "<d@x>", "v1", DRAFT);
                        })
                        .change(w -> {
                            w.localDelete("<d@x>");
                            w.remoteReplace("Drafts", "<d@x>", "theirs");
                        })
                        .expect("""
                                both INBOX
                                both Drafts <d@x>~theirs (\\Draft)
                                """),
                Scenario.named("a message moved on both sides is kept in both destinations with one CONFLICT")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.remoteFolder("Other");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> {
                            w.localMove("<a@x>", "Archive");
                            w.remoteMove("INBOX", "<a@x>", "Other");
                        })
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                both Other <a@x> ()
                                """),
                Scenario.named("a message another client moves during our MOVE is kept in both destinations")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.remoteFolder("Other");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .during(IntentKind.MOVE, w -> w.remoteMove("INBOX", "<a@x>", "Other"))
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                both Other <a@x> ()
                                """),
                Scenario.named("flags another client changes during our STORE are merged per flag, no CONFLICT")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>", FLAGGED);
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> {
                            w.localFlags("<a@x>", FLAGGED, SEEN);
                            w.localFlags("<b@x>", SEEN);
                        })
                        .during(IntentKind.STORE_FLAGS, w -> {
                            w.remoteFlags("INBOX", "<a@x>", "$Work");
                            w.remoteFlags("INBOX", "<b@x>", "\\Answered");
                        })
                        .expect("""
                                both INBOX <a@x> ($Work \\Seen)
                                both INBOX <b@x> (\\Answered \\Seen)
                                """),
                Scenario.named("a message another client expunges during our STORE is removed with a CONFLICT")
                        .conflicts(1)
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.localFlags("<a@x>", SEEN))
                        .during(IntentKind.STORE_FLAGS, w -> w.remoteExpunge("INBOX", "<a@x>"))
                        .expect("both INBOX <b@x> ()"),
                Scenario.named("a message another client flags during our delete is deleted, no CONFLICT")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.localDelete("<a@x>"))
                        .during(IntentKind.DELETE, w -> w.remoteFlags("INBOX", "<a@x>", FLAGGED))
                        .expect("both INBOX <b@x> ()"),
                Scenario.named("a message another client expunges during our MOVE is appended to the destination")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>", SEEN);
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .during(IntentKind.MOVE, w -> w.remoteExpunge("INBOX", "<a@x>"))
                        .expect("""
                                both INBOX
                                both Archive <a@x> (\\Seen)
                                """));
    }

    /** A server without MOVE: the move is two journaled steps, COPY then the expunge of the source UID (5.4). */
    static List<Scenario> withoutMove() {
        java.util.Set<org.backsync.spi.Capability> noMove =
                java.util.EnumSet.complementOf(java.util.EnumSet.of(org.backsync.spi.Capability.MOVE));
        return List.of(
                Scenario.named("without MOVE but with UIDPLUS a move is a journaled COPY, then an expunge of that UID")
                        .server(noMove)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>", SEEN);
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .expect("""
                                both INBOX <b@x> ()
                                both Archive <a@x> (\\Seen)
                                """),
                Scenario.named("without MOVE a crash after the COPY leaves no copy in the source and none twice")
                        .server(FakeMailServer.PLAIN)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .journal(IntentKind.MOVE, StepProbe.Step.EFFECT_DONE)
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                """),
                Scenario.named("without MOVE a crash between the COPY and the expunge is finished by the next sync")
                        .server(noMove)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .journal(IntentKind.DELETE, StepProbe.Step.INTENT_COMMITTED)
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                """),
                Scenario.named("without MOVE a lost reply to the COPY is resolved in the target before any retry")
                        .server(noMove)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> {
                            w.localMove("<a@x>", "Archive");
                            w.server.inject(org.backsync.testing.FakeFault.on("COPY")
                                    .nth(1)
                                    .dropAfterReply());
                        })
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                """),
                Scenario.named("without MOVE a delete to Trash is a copy and an expunge, never a second copy")
                        .server(noMove)
                        .settings(new AccountSettings(true, 0))
                        .base(w -> {
                            w.remoteFolder("Trash", SpecialUse.TRASH);
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> w.localDelete("<a@x>"))
                        .expect("""
                                both INBOX
                                both Trash <a@x> ()
                                """));
    }
}
