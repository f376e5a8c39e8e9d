package org.backsync.core;

import java.util.List;
import org.backsync.SyncKind;
import org.backsync.spi.IntentKind;
import org.backsync.spi.SpecialUse;
import org.backsync.testing.FakeMailServer;

/**
 * The scenario table, one list per area, shared by every server the harness runs on: the fake ({@link
 * SyncScenarioTest}) and Dovecot ({@code SyncScenarioDovecotIT}). Flags are written as IMAP lists; "both" means the
 * local store and the server agree.
 */
final class SyncScenarios {
    static final String SEEN = "\\Seen";
    static final String FLAGGED = "\\Flagged";
    static final String DRAFT = "\\Draft";

    private SyncScenarios() {}

    static List<Scenario> contents() {
        return List.of(
                Scenario.named("a new server message is downloaded")
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> w.deliver("INBOX", "<b@x>", SEEN))
                        .expect("""
                                both INBOX <a@x> ()
                                both INBOX <b@x> (\\Seen)
                                """),
                Scenario.named("a new local message is appended and mapped by APPENDUID")
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> w.localNew("INBOX", "<n@x>", SEEN))
                        .expect("""
                                both INBOX <a@x> ()
                                both INBOX <n@x> (\\Seen)
                                """),
                Scenario.named("without UIDPLUS a new local message is found by its Message-ID")
                        .server(FakeMailServer.PLAIN)
                        .change(w -> w.localNew("INBOX", "<n@x>"))
                        .expect("both INBOX <n@x> ()"),
                Scenario.named("a local message without Message-ID is found by its tracking header")
                        .server(FakeMailServer.PLAIN)
                        .change(w -> w.localNewWithoutId("INBOX", "noid"))
                        .expect("both INBOX subject:noid ()"),
                Scenario.named("new messages on both sides of a plain server meet without duplicates")
                        .server(FakeMailServer.PLAIN)
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> {
                            w.localNew("INBOX", "<l@x>");
                            w.deliver("INBOX", "<r@x>");
                        })
                        .expect("""
                                both INBOX <a@x> ()
                                both INBOX <l@x> ()
                                both INBOX <r@x> ()
                                """),
                Scenario.named("a local read-state change is uploaded as a flag store")
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> w.localFlags("<a@x>", SEEN))
                        .expect("both INBOX <a@x> (\\Seen)"),
                Scenario.named("a server flag change is downloaded")
                        .base(w -> w.deliver("INBOX", "<a@x>", SEEN))
                        .change(w -> w.remoteFlags("INBOX", "<a@x>", SEEN, FLAGGED))
                        .expect("both INBOX <a@x> (\\Flagged \\Seen)"),
                Scenario.named("flags changed on both sides are merged per flag with CONDSTORE")
                        .base(w -> w.deliver("INBOX", "<a@x>", SEEN))
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN, FLAGGED);
                            w.remoteFlags("INBOX", "<a@x>");
                        })
                        .expect("both INBOX <a@x> (\\Flagged)"),
                Scenario.named("flags changed on both sides are merged per flag without CONDSTORE")
                        .server(FakeMailServer.PLAIN)
                        .base(w -> w.deliver("INBOX", "<a@x>", SEEN))
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN, FLAGGED);
                            w.remoteFlags("INBOX", "<a@x>");
                        })
                        .expect("both INBOX <a@x> (\\Flagged)"),
                Scenario.named("flag changes on different messages on each side both arrive")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN);
                            w.remoteFlags("INBOX", "<b@x>", FLAGGED);
                        })
                        .expect("""
                                both INBOX <a@x> (\\Seen)
                                both INBOX <b@x> (\\Flagged)
                                """),
                Scenario.named("a local delete is expunged on the server")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.localDelete("<a@x>"))
                        .expect("both INBOX <b@x> ()"),
                Scenario.named("a local delete wins over a server flag change")
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> {
                            w.localDelete("<a@x>");
                            w.remoteFlags("INBOX", "<a@x>", FLAGGED);
                        })
                        .expect("both INBOX"),
                Scenario.named("a local delete becomes a move to Trash when the account says so")
                        .settings(new AccountSettings(true, 0))
                        .base(w -> {
                            w.remoteFolder("Trash", SpecialUse.TRASH);
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> w.localDelete("<a@x>"))
                        .expect("""
                                both INBOX
                                both Trash <a@x> ()
                                """),
                Scenario.named("a server expunge removes the local copy")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.remoteExpunge("INBOX", "<a@x>"))
                        .expect("both INBOX <b@x> ()"),
                Scenario.named("a server expunge wins over a pending local flag change")
                        .conflicts(1)
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN);
                            w.remoteExpunge("INBOX", "<a@x>");
                        })
                        .expect("both INBOX"),
                Scenario.named("a download-only sync applies a server expunge over a pending flag change")
                        .conflicts(1)
                        .kinds(SyncKind.DOWNLOAD_CONTENTS)
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN);
                            w.remoteExpunge("INBOX", "<a@x>");
                        })
                        .expect("both INBOX"));
    }

    static List<Scenario> hierarchy() {
        return List.of(
                Scenario.named("a local move reaches the server as a move")
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>", SEEN);
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .expect("""
                                both INBOX
                                both Archive <a@x> (\\Seen)
                                """),
                Scenario.named("without MOVE a local move is a copy and an expunge of exactly that UID")
                        .server(FakeMailServer.PLAIN)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                        })
                        .change(w -> w.localMove("<a@x>", "Archive"))
                        .expect("""
                                both INBOX <b@x> ()
                                both Archive <a@x> ()
                                """),
                Scenario.named("a server expunge before a pending local move keeps the message in the destination")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> {
                            w.localMove("<a@x>", "Archive");
                            w.remoteExpunge("INBOX", "<a@x>");
                        })
                        .expect("""
                                both INBOX
                                both Archive <a@x> ()
                                """),
                Scenario.named("a local folder create reaches the server with its new message")
                        .change(w -> {
                            w.localCreateFolder("Projects");
                            w.localNew("Projects", "<p@x>");
                        })
                        .expect("""
                                both INBOX
                                both Projects <p@x> ()
                                """),
                Scenario.named("a local folder rename reaches the server and keeps the messages")
                        .base(w -> {
                            w.remoteFolder("Work");
                            w.deliver("Work", "<w@x>");
                        })
                        .change(w -> w.localRenameFolder("Work", "Jobs"))
                        .expect("""
                                both INBOX
                                both Jobs <w@x> ()
                                """),
                Scenario.named("a local folder delete reaches the server")
                        .base(w -> {
                            w.remoteFolder("Old");
                            w.deliver("Old", "<o@x>");
                        })
                        .change(w -> w.localDeleteFolder("Old"))
                        .expect("both INBOX"),
                Scenario.named("a local delete of a folder holding unseen server mail is not applied")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Old");
                            w.deliver("Old", "<o@x>");
                        })
                        .change(w -> {
                            w.localDeleteFolder("Old");
                            w.deliver("Old", "<fresh@x>");
                        })
                        .expect("""
                                both INBOX
                                both Old <o@x> ()
                                both Old <fresh@x> ()
                                """),
                Scenario.named("a server folder create is mirrored with its messages")
                        .change(w -> {
                            w.remoteFolder("News");
                            w.deliver("News", "<n@x>");
                        })
                        .expect("""
                                both INBOX
                                both News <n@x> ()
                                """),
                Scenario.named("a server folder rename keeps the local messages")
                        .base(w -> {
                            w.remoteFolder("Work");
                            w.deliver("Work", "<w@x>", SEEN);
                        })
                        .change(w -> w.remoteRenameFolder("Work", "Jobs"))
                        .expect("""
                                both INBOX
                                both Jobs <w@x> (\\Seen)
                                """),
                Scenario.named("a server folder delete removes the local folder")
                        .base(w -> {
                            w.remoteFolder("Old");
                            w.deliver("Old", "<o@x>");
                        })
                        .change(w -> w.remoteDeleteFolder("Old"))
                        .expect("both INBOX"),
                Scenario.named("a server folder delete moves pending local messages to Recovered")
                        .passes(2)
                        .base(w -> {
                            w.remoteFolder("Old");
                            w.deliver("Old", "<o@x>");
                        })
                        .change(w -> {
                            w.localNew("Old", "<mine@x>");
                            w.remoteDeleteFolder("Old");
                        })
                        .expect("""
                                both INBOX
                                both Recovered <mine@x> ()
                                """),
                Scenario.named("a folder renamed on both sides keeps the server's name")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Work");
                            w.deliver("Work", "<w@x>");
                        })
                        .change(w -> {
                            w.localRenameFolder("Work", "Mine");
                            w.remoteRenameFolder("Work", "Theirs");
                        })
                        .expect("""
                                both INBOX
                                both Theirs <w@x> ()
                                """));
    }

    static List<Scenario> special() {
        return List.of(
                Scenario.named("a UIDVALIDITY change re-maps local messages and keeps pending flags")
                        .base(w -> {
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>", SEEN);
                        })
                        .change(w -> w.remoteNewUidValidity("INBOX"))
                        .expect("""
                                both INBOX <a@x> ()
                                both INBOX <b@x> (\\Seen)
                                """),
                Scenario.named("with HEADERS_ONLY new messages are stored header-only")
                        .kinds(SyncKind.DOWNLOAD_HIERARCHY, SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)
                        .change(w -> w.deliver("INBOX", "<h@x>"))
                        .expect("""
                                local INBOX <h@x> () header-only
                                remote INBOX <h@x> ()
                                """),
                Scenario.named("header-only items are promoted in place by a full download")
                        .change(w -> {
                            w.deliver("INBOX", "<h@x>");
                            w.sync(org.backsync.SyncRequest.of(
                                    EngineFixture.ALICE,
                                    java.util.Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));
                            w.localFlags("<h@x>", FLAGGED);
                        })
                        .expect("both INBOX <h@x> (\\Flagged)"),
                Scenario.named("an open APPEND intent whose effect happened is closed without a second copy")
                        .server(FakeMailServer.PLAIN)
                        .change(w -> w.localNew("INBOX", "<j@x>"))
                        .journal(IntentKind.APPEND, StepProbe.Step.EFFECT_DONE)
                        .expect("both INBOX <j@x> ()"),
                Scenario.named("an open APPEND intent whose effect never happened appends once")
                        .change(w -> w.localNew("INBOX", "<j@x>"))
                        .journal(IntentKind.APPEND, StepProbe.Step.INTENT_COMMITTED)
                        .expect("both INBOX <j@x> ()"),
                Scenario.named("an open MOVE intent whose effect happened is reconciled from the destination")
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
                Scenario.named("a server expunge before a pending move of a header-only item lets the server win")
                        .conflicts(1)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> {
                            w.deliver("INBOX", "<h@x>");
                            w.sync(org.backsync.SyncRequest.of(
                                    EngineFixture.ALICE,
                                    java.util.Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.HEADERS_ONLY)));
                            w.localMove("<h@x>", "Archive");
                            w.remoteExpunge("INBOX", "<h@x>");
                        })
                        .expect("""
                                both INBOX <a@x> ()
                                both Archive
                                """),
                Scenario.named("a local move and a server flag change of the same message both arrive")
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                        })
                        .change(w -> {
                            w.localMove("<a@x>", "Archive");
                            w.remoteFlags("INBOX", "<a@x>", FLAGGED);
                        })
                        .expect("""
                                both INBOX
                                both Archive <a@x> (\\Flagged)
                                """),
                Scenario.named("a local flag change, move and delete in one folder reach the server in order")
                        .server(FakeMailServer.PLAIN)
                        .base(w -> {
                            w.remoteFolder("Archive");
                            w.deliver("INBOX", "<a@x>");
                            w.deliver("INBOX", "<b@x>");
                            w.deliver("INBOX", "<c@x>");
                        })
                        .change(w -> {
                            w.localFlags("<a@x>", SEEN);
                            w.localFlags("<b@x>", FLAGGED);
                            w.localMove("<b@x>", "Archive");
                            w.localDelete("<c@x>");
                            w.localNew("INBOX", "<n@x>");
                        })
                        .expect("""
                                both INBOX <a@x> (\\Seen)
                                both INBOX <n@x> ()
                                both Archive <b@x> (\\Flagged)
                                """),
                Scenario.named("an open STORE intent whose effect happened is confirmed by FETCH FLAGS")
                        .base(w -> w.deliver("INBOX", "<a@x>"))
                        .change(w -> w.localFlags("<a@x>", SEEN))
                        .journal(IntentKind.STORE_FLAGS, StepProbe.Step.EFFECT_DONE)
                        .expect("both INBOX <a@x> (\\Seen)"));
    }
}
