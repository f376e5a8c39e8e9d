package org.backsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.RawMessage;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.FetchedMessage;
import org.backsync.spi.Flags;
import org.backsync.spi.FolderChanges;
import org.backsync.spi.FolderStatus;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.RemoteMessage;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MailProvider} does, run against the fake, GreenMail and Dovecot (STYLE 6). An implementing test
 * supplies a provider factory and server-side hooks that change or inspect the server "as another client". Each test
 * works in folders of its own, so one server can serve the whole class. A capability the server lacks turns the tests
 * that need it into skipped assumptions.
 */
public interface MailProviderContract {
    /** Opens connections to the server under test. */
    MailProvider.Factory providerFactory();

    void createFolderOnServer(FolderPath folder) throws Exception;

    /** Delivers {@code message} with {@code flags}; returns its UID. */
    Uid deliver(FolderPath folder, byte[] message, Flags flags) throws Exception;

    /** Replaces the flags of {@code uid}. */
    void setFlagsOnServer(FolderPath folder, Uid uid, Flags flags) throws Exception;

    void expungeOnServer(FolderPath folder, Uid uid) throws Exception;

    List<Uid> uidsOnServer(FolderPath folder) throws Exception;

    Flags flagsOnServer(FolderPath folder, Uid uid) throws Exception;

    /** Gives {@code folder} a new UIDVALIDITY; servers that cannot make the UIDVALIDITY tests assumptions. */
    default void changeUidValidityOnServer(FolderPath folder) throws Exception {
        assumeTrue(false, "this server cannot change UIDVALIDITY");
    }

    // ---- hierarchy and status ----

    @Test
    default void listShowsInboxAndNestedFoldersInSlashNotation() throws Exception {
        FolderPath parent = freshFolder();
        FolderPath child = parent.child("Sub");
        createFolderOnServer(parent);
        createFolderOnServer(child);

        try (MailProvider testSubject = open()) {
            List<FolderPath> paths =
                    testSubject.listFolders().stream().map(RemoteFolder::path).toList();

            assertThat(paths).contains(FolderPath.INBOX, parent, child);
        }
    }

    @Test
    default void statusCountsMessagesAndAdvancesUidNext() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid first = deliver(folder, sample("status-1"), Flags.NONE);
        Uid second = deliver(folder, sample("status-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            FolderStatus status = testSubject.status(folder);

            assertThat(status.messages()).isEqualTo(2);
            assertThat(status.uidNext()).isGreaterThan(second);
            assertThat(second).isGreaterThan(first);
            assertThat(status.highestModSeq().isPresent())
                    .isEqualTo(testSubject.capabilities().contains(Capability.CONDSTORE));
        }
    }

    @Test
    default void statusOfMissingFolderIsNotFoundForThatFolder() throws Exception {
        try (MailProvider testSubject = open()) {
            assertThatThrownBy(() -> testSubject.status(freshFolder()))
                    .isInstanceOfSatisfying(SyncException.class, e -> {
                        assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
                        assertThat(e.scope()).isEqualTo(Scope.FOLDER);
                    });
        }
    }

    // ---- change detection ----

    @Test
    default void firstContactIsFullWithEveryUidAndItsFlags() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        byte[] message = sample("first-contact");
        Uid uid = deliver(folder, message, Flags.of(Flags.SEEN));

        try (MailProvider testSubject = open()) {
            FolderChanges changes = testSubject.changes(folder, Optional.empty());

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.FULL);
            assertThat(changes.messages()).singleElement().satisfies(m -> {
                assertThat(m.uid()).isEqualTo(uid);
                assertThat(m.flags()).isEqualTo(Flags.of(Flags.SEEN));
            });
        }
    }

    @Test
    default void unchangedFolderIsReportedUnchangedWithCondstore() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        deliver(folder, sample("unchanged"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeTrue(testSubject.capabilities().contains(Capability.CONDSTORE), "server has no CONDSTORE");
            FolderStatus before = testSubject.status(folder);

            FolderChanges changes = testSubject.changes(folder, Optional.of(before.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(changes.messages()).isEmpty();
        }
    }

    @Test
    default void statusesOfSeveralFoldersMatchEachStatusAndLeaveOutMissingFolders() throws Exception {
        FolderPath one = freshFolder();
        FolderPath two = freshFolder();
        FolderPath missing = freshFolder();
        createFolderOnServer(one);
        createFolderOnServer(two);
        deliver(two, sample("statuses-1"), Flags.NONE);
        deliver(two, sample("statuses-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            Map<FolderPath, FolderStatus> statuses = testSubject.statuses(List.of(two, missing, one));

            assertThat(statuses.keySet()).containsExactly(two, one);
            assertThat(statuses.get(one)).isEqualTo(testSubject.status(one));
            assertThat(statuses.get(two)).isEqualTo(testSubject.status(two));
            assertThat(statuses.get(two).messages()).isEqualTo(2);
        }
    }

    @Test
    default void changesWithAStatusJustTakenUseItAndFindTheChangesSinceKnown() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid old = deliver(folder, sample("taken-old"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            FolderStatus before = testSubject.status(folder);
            setFlagsOnServer(folder, old, Flags.of(Flags.FLAGGED));
            Uid fresh = deliver(folder, sample("taken-new"), Flags.NONE);
            FolderStatus justTaken = testSubject.status(folder);

            FolderChanges changes =
                    testSubject.changes(folder, Optional.of(before.toSyncState()), Optional.of(justTaken));

            assertThat(changes.kind()).isNotEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(changes.status()).isEqualTo(justTaken);
            assertThat(changes.messages()).extracting(RemoteMessage::uid).contains(old, fresh);
            assertThat(byUid(changes, old).flags()).isEqualTo(Flags.of(Flags.FLAGGED));
            assertThat(byUid(changes, fresh).messageId()).contains("<taken-new@backsync.test>");
        }
    }

    @Test
    default void unchangedJustTakenStatusIsTrustedAndALaterChangeIsFoundByTheNextCall() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        deliver(folder, sample("trusted-1"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeTrue(testSubject.capabilities().contains(Capability.CONDSTORE), "server has no CONDSTORE");
            FolderStatus justTaken = testSubject.status(folder);
            Uid later = deliver(folder, sample("trusted-2"), Flags.NONE);

            FolderChanges first =
                    testSubject.changes(folder, Optional.of(justTaken.toSyncState()), Optional.of(justTaken));
            FolderChanges next =
                    testSubject.changes(folder, Optional.of(first.status().toSyncState()));

            assertThat(first.kind()).isEqualTo(FolderChanges.Kind.UNCHANGED);
            assertThat(first.status()).isEqualTo(justTaken);
            assertThat(next.kind()).isEqualTo(FolderChanges.Kind.INCREMENTAL);
            assertThat(next.messages()).extracting(RemoteMessage::uid).containsExactly(later);
        }
    }

    @Test
    default void flagChangeAndNewMessageAreIncrementalWithCondstore() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid old = deliver(folder, sample("incr-old"), Flags.NONE);
        deliver(folder, sample("incr-untouched"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeTrue(testSubject.capabilities().contains(Capability.CONDSTORE), "server has no CONDSTORE");
            FolderStatus before = testSubject.status(folder);
            setFlagsOnServer(folder, old, Flags.of(Flags.FLAGGED, "$Label1"));
            Uid fresh = deliver(folder, sample("incr-new"), Flags.NONE);

            FolderChanges changes = testSubject.changes(folder, Optional.of(before.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.INCREMENTAL);
            assertThat(changes.messages()).extracting(RemoteMessage::uid).containsExactlyInAnyOrder(old, fresh);
            assertThat(byUid(changes, old).flags()).isEqualTo(Flags.of(Flags.FLAGGED, "$Label1"));
            assertThat(byUid(changes, fresh).messageId()).contains("<incr-new@backsync.test>");
            assertThat(byUid(changes, fresh).size()).isPositive();
        }
    }

    @Test
    default void expungeIsReportedAsVanishedWithCondstore() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid gone = deliver(folder, sample("vanish-1"), Flags.NONE);
        Uid kept = deliver(folder, sample("vanish-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeTrue(testSubject.capabilities().contains(Capability.CONDSTORE), "server has no CONDSTORE");
            FolderStatus before = testSubject.status(folder);
            expungeOnServer(folder, gone);

            FolderChanges changes = testSubject.changes(folder, Optional.of(before.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.INCREMENTAL);
            assertThat(changes.vanished()).contains(gone).doesNotContain(kept);
        }
    }

    @Test
    default void withoutCondstoreEveryResyncIsFullAndShowsFlagsAndExpunges() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid gone = deliver(folder, sample("full-1"), Flags.NONE);
        Uid flagged = deliver(folder, sample("full-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeFalse(testSubject.capabilities().contains(Capability.CONDSTORE), "server has CONDSTORE");
            FolderStatus before = testSubject.status(folder);
            expungeOnServer(folder, gone);
            setFlagsOnServer(folder, flagged, Flags.of(Flags.ANSWERED));
            Uid fresh = deliver(folder, sample("full-3"), Flags.NONE);

            FolderChanges changes = testSubject.changes(folder, Optional.of(before.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.FULL);
            assertThat(changes.messages()).extracting(RemoteMessage::uid).containsExactly(flagged, fresh);
            assertThat(byUid(changes, flagged).flags()).isEqualTo(Flags.of(Flags.ANSWERED));
            assertThat(byUid(changes, fresh).messageId()).contains("<full-3@backsync.test>");
        }
    }

    @Test
    default void uidValidityChangeIsFullWithMetadataForRemapping() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        deliver(folder, sample("remap"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            FolderStatus before = testSubject.status(folder);
            changeUidValidityOnServer(folder);

            FolderChanges changes = testSubject.changes(folder, Optional.of(before.toSyncState()));

            assertThat(changes.kind()).isEqualTo(FolderChanges.Kind.FULL);
            assertThat(changes.uidValidityChanged()).isTrue();
            assertThat(changes.status().uidValidity()).isNotEqualTo(before.uidValidity());
            assertThat(changes.messages()).singleElement().satisfies(m -> {
                assertThat(m.messageId()).contains("<remap@backsync.test>");
                assertThat(m.size()).isPositive();
                assertThat(m.internalDate()).isPresent();
            });
        }
    }

    // ---- fetch ----

    @Test
    default void fetchReturnsEveryMessageByteForByte() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        List<byte[]> messages = List.of(
                sample("bytes-1"),
                MailSamples.eightBit("<bytes-8bit@backsync.test>"),
                MailSamples.malformed("<bytes-bad@backsync.test>"));
        List<Uid> uids = new ArrayList<>();
        for (byte[] m : messages) {
            uids.add(deliver(folder, m, Flags.NONE));
        }

        try (MailProvider testSubject = open()) {
            List<FetchedMessage> fetched = fetchAll(testSubject, folder, uids, false);

            assertThat(fetched).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(fetched.get(i).meta().uid()).isEqualTo(uids.get(i));
                assertThat(fetched.get(i).headerOnly()).isFalse();
                assertThat(fetched.get(i).content().bytes()).isEqualTo(messages.get(i));
            }
        }
    }

    @Test
    default void headersOnlyFetchReturnsTheHeaderSectionAndFullSize() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        byte[] message = sample("headers");
        Uid uid = deliver(folder, message, Flags.NONE);

        try (MailProvider testSubject = open()) {
            FetchedMessage fetched =
                    fetchAll(testSubject, folder, List.of(uid), true).getFirst();

            assertThat(fetched.headerOnly()).isTrue();
            assertThat(fetched.content().bytes()).isEqualTo(MessageHeaders.headerSection(message));
            assertThat(fetched.meta().size()).isEqualTo(message.length);
        }
    }

    @Test
    default void fetchSkipsMissingUidsAndNeverSetsSeen() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid gone = deliver(folder, sample("peek-gone"), Flags.NONE);
        Uid uid = deliver(folder, sample("peek"), Flags.NONE);
        expungeOnServer(folder, gone);

        try (MailProvider testSubject = open()) {
            List<FetchedMessage> fetched = fetchAll(testSubject, folder, List.of(gone, uid), false);

            assertThat(fetched).extracting(f -> f.meta().uid()).containsExactly(uid);
        }
        assertThat(flagsOnServer(folder, uid).contains(Flags.SEEN)).isFalse();
    }

    @Test
    default void fetchHandsOverBoundedBatches() throws Exception {
        FolderPath folder = freshFolder();
        List<Uid> uids = new ArrayList<>();
        try (MailProvider testSubject = open()) {
            testSubject.createFolder(folder);
            for (int i = 0; i < 520; i++) {
                testSubject.append(folder, RawMessage.of(sample("batch-" + i)), Flags.NONE, Instant.now());
            }
            testSubject.changes(folder, Optional.empty()).messages().forEach(m -> uids.add(m.uid()));
            List<Integer> batchSizes = new ArrayList<>();

            testSubject.fetch(folder, uids, false, batch -> batchSizes.add(batch.size()));

            assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(520);
            assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 500));
        }
    }

    @Test
    default void fetchFlagsReturnsCurrentFlagsOfExistingUids() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid uid = deliver(folder, sample("flags"), Flags.of(Flags.SEEN, "$Work"));
        Uid gone = deliver(folder, sample("flags-gone"), Flags.NONE);
        expungeOnServer(folder, gone);

        try (MailProvider testSubject = open()) {
            Map<Uid, Flags> flags = testSubject.fetchFlags(folder, Set.of(uid, gone));

            assertThat(flags).containsExactly(Map.entry(uid, Flags.of(Flags.SEEN, "$Work")));
        }
    }

    @Test
    default void searchHeaderFindsMessageIdAtOrAboveTheGivenUid() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid below = deliver(folder, sample("needle"), Flags.NONE);
        deliver(folder, sample("hay"), Flags.NONE);
        Uid above = deliver(folder, sample("needle"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            Set<Uid> found = testSubject.searchHeader(folder, "Message-ID", "<needle@backsync.test>", below.next());

            assertThat(found).containsExactly(above);
        }
    }

    // ---- mutations ----

    @Test
    default void appendStoresTheExactBytesFlagsAndDate() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        byte[] message = MailSamples.eightBit("<append@backsync.test>");
        Instant date = Instant.parse("2025-03-04T05:06:07Z");

        try (MailProvider testSubject = open()) {
            Optional<Uid> returned = testSubject.append(folder, RawMessage.of(message), Flags.of(Flags.SEEN), date);

            Uid uid = returned.orElseGet(() -> searchOne(testSubject, folder, "<append@backsync.test>"));
            assertThat(returned.isPresent())
                    .isEqualTo(testSubject.capabilities().contains(Capability.UIDPLUS));
            FetchedMessage fetched =
                    fetchAll(testSubject, folder, List.of(uid), false).getFirst();
            assertThat(fetched.content().bytes()).isEqualTo(message);
            assertThat(fetched.meta().internalDate()).contains(date);
            assertThat(flagsOnServer(folder, uid)).isEqualTo(Flags.of(Flags.SEEN));
        }
    }

    @Test
    default void appendToMissingFolderFailsForThatFolder() throws Exception {
        try (MailProvider testSubject = open()) {
            assertThatThrownBy(() -> testSubject.append(
                            freshFolder(), RawMessage.of(sample("nowhere")), Flags.NONE, Instant.now()))
                    .isInstanceOfSatisfying(
                            SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));
        }
    }

    @Test
    default void storeFlagsAddsAndRemovesFlagsAndKeywords() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid uid = deliver(folder, sample("store"), Flags.of(Flags.SEEN, "$Old"));

        try (MailProvider testSubject = open()) {
            Set<Uid> modified = testSubject.storeFlags(
                    folder,
                    Set.of(uid),
                    Flags.of(Flags.FLAGGED, "$New"),
                    Flags.of(Flags.SEEN, "$Old"),
                    Optional.empty());

            assertThat(modified).isEmpty();
        }
        assertThat(flagsOnServer(folder, uid)).isEqualTo(Flags.of(Flags.FLAGGED, "$New"));
    }

    @Test
    default void conditionalStoreReportsMessagesChangedSinceAndLeavesThem() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid changed = deliver(folder, sample("cond-1"), Flags.NONE);
        Uid quiet = deliver(folder, sample("cond-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            assumeTrue(testSubject.capabilities().contains(Capability.CONDSTORE), "server has no CONDSTORE");
            FolderStatus before = testSubject.status(folder);
            setFlagsOnServer(folder, changed, Flags.of(Flags.ANSWERED));

            Set<Uid> modified = testSubject.storeFlags(
                    folder, Set.of(changed, quiet), Flags.of(Flags.SEEN), Flags.NONE, before.highestModSeq());

            assertThat(modified).containsExactly(changed);
        }
        assertThat(flagsOnServer(folder, changed)).isEqualTo(Flags.of(Flags.ANSWERED));
        assertThat(flagsOnServer(folder, quiet)).isEqualTo(Flags.of(Flags.SEEN));
    }

    @Test
    default void moveTransfersMessagesAndExpungesOnlyThoseUids() throws Exception {
        FolderPath source = freshFolder();
        FolderPath target = freshFolder();
        createFolderOnServer(source);
        createFolderOnServer(target);
        Uid moved = deliver(source, sample("move-1"), Flags.of(Flags.SEEN));
        Uid bystander = deliver(source, sample("move-2"), Flags.of(Flags.DELETED));
        Uid stays = deliver(source, sample("move-3"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            Map<Uid, Uid> map = testSubject.move(source, Set.of(moved), target);

            assertThat(uidsOnServer(source)).contains(bystander, stays);
            assertThat(uidsOnServer(target)).hasSize(1);
            Uid arrived = uidsOnServer(target).getFirst();
            if (testSubject.capabilities().contains(Capability.UIDPLUS)) {
                assertThat(map).containsExactly(Map.entry(moved, arrived));
            }
            assertThat(flagsOnServer(target, arrived).contains(Flags.SEEN)).isTrue();
            if (uidsOnServer(source).contains(moved)) {
                assertThat(testSubject.capabilities()).doesNotContain(Capability.UIDPLUS, Capability.MOVE);
                assertThat(flagsOnServer(source, moved).contains(Flags.DELETED)).isTrue();
            }
        }
    }

    @Test
    default void copyLeavesTheSourceAsItWasAndReportsTheNewUidWithUidplus() throws Exception {
        FolderPath source = freshFolder();
        FolderPath target = freshFolder();
        createFolderOnServer(source);
        createFolderOnServer(target);
        Uid copied = deliver(source, sample("copy-1"), Flags.of(Flags.SEEN, "$Work"));
        Uid stays = deliver(source, sample("copy-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            Map<Uid, Uid> map = testSubject.copy(source, Set.of(copied), target);

            assertThat(uidsOnServer(source)).containsExactly(copied, stays);
            assertThat(flagsOnServer(source, copied).contains(Flags.DELETED)).isFalse();
            assertThat(uidsOnServer(target)).hasSize(1);
            Uid arrived = uidsOnServer(target).getFirst();
            if (testSubject.capabilities().contains(Capability.UIDPLUS)) {
                assertThat(map).containsExactly(Map.entry(copied, arrived));
            } else {
                assertThat(map).isEmpty();
            }
            assertThat(flagsOnServer(target, arrived).contains(Flags.SEEN)).isTrue();
        }
    }

    @Test
    default void deleteRemovesExactlyTheGivenUidsAndIsIdempotent() throws Exception {
        FolderPath folder = freshFolder();
        createFolderOnServer(folder);
        Uid gone = deliver(folder, sample("del-1"), Flags.NONE);
        Uid stays = deliver(folder, sample("del-2"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            testSubject.delete(folder, Set.of(gone));
            testSubject.delete(folder, Set.of(gone));
        }
        assertThat(uidsOnServer(folder)).containsExactly(stays);
    }

    @Test
    default void folderCreateAndDeleteAreIdempotent() throws Exception {
        FolderPath folder = freshFolder();

        try (MailProvider testSubject = open()) {
            testSubject.createFolder(folder);
            testSubject.createFolder(folder);
            assertThat(paths(testSubject)).contains(folder);

            testSubject.deleteFolder(folder);
            testSubject.deleteFolder(folder);
            assertThat(paths(testSubject)).doesNotContain(folder);
        }
    }

    @Test
    default void renameMovesChildrenAndKeepsMessages() throws Exception {
        FolderPath from = freshFolder();
        FolderPath to = freshFolder();
        createFolderOnServer(from);
        createFolderOnServer(from.child("Kid"));
        deliver(from, sample("rename"), Flags.NONE);

        try (MailProvider testSubject = open()) {
            testSubject.renameFolder(from, to);

            assertThat(paths(testSubject)).contains(to, to.child("Kid")).doesNotContain(from);
            assertThat(testSubject.status(to).messages()).isEqualTo(1);
            assertThatThrownBy(() -> testSubject.renameFolder(from, freshFolder()))
                    .isInstanceOfSatisfying(
                            SyncException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));
        }
    }

    // ---- helpers ----

    private MailProvider open() throws SyncException {
        return providerFactory().open(AccountId.of("contract"));
    }

    /** A folder name no other test uses. */
    private static FolderPath freshFolder() {
        return FolderPath.of("c" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A small message whose Message-ID is {@code <name@backsync.test>}. */
    private static byte[] sample(String name) {
        return MailSamples.plain("<" + name + "@backsync.test>", name);
    }

    private static List<FetchedMessage> fetchAll(MailProvider p, FolderPath folder, List<Uid> uids, boolean headers)
            throws SyncException {
        List<FetchedMessage> out = new ArrayList<>();
        p.fetch(folder, uids, headers, out::addAll);
        return out;
    }

    private static RemoteMessage byUid(FolderChanges changes, Uid uid) {
        return changes.messages().stream()
                .filter(m -> m.uid().equals(uid))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no UID " + uid + " in " + changes.messages()));
    }

    private static List<FolderPath> paths(MailProvider p) throws SyncException {
        return p.listFolders().stream().map(RemoteFolder::path).toList();
    }

    private static Uid searchOne(MailProvider p, FolderPath folder, String messageId) {
        try {
            Set<Uid> found = p.searchHeader(folder, "Message-ID", messageId, Uid.of(1));
            assertThat(found).hasSize(1);
            return found.iterator().next();
        } catch (SyncException e) {
            throw new AssertionError(e);
        }
    }
}
