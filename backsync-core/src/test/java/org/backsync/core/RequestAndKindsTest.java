package org.backsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.FolderPath;
import org.backsync.MessageKey;
import org.backsync.Priority;
import org.backsync.Scope;
import org.backsync.Severity;
import org.backsync.Status;
import org.backsync.SyncError;
import org.backsync.SyncKind;
import org.backsync.SyncRequest;
import org.backsync.SyncResult;
import org.backsync.testing.RecordingSyncListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** R3 (B3) request validation, B20 Status codes, B21/B22 the MAPI mask round trip, and the MAPI entry point. */
class RequestAndKindsTest {
    private static final AccountId A = EngineFixture.ALICE;
    private static final Set<SyncKind> DOWN = Set.of(SyncKind.DOWNLOAD_CONTENTS);

    @Test
    void r3EachInvalidRequestThrowsSynchronouslyNamingTheBadValue() {
        FolderPath inbox = FolderPath.INBOX;
        Map<String, Executable> cases = Map.of(
                "kinds is empty",
                () -> new SyncRequest(A, Set.of(), Set.of(), Priority.BACKGROUND),
                "no direction",
                () -> new SyncRequest(A, Set.of(SyncKind.HEADERS_ONLY), Set.of(), Priority.BACKGROUND),
                "THESE_FOLDERS given without folders",
                () -> new SyncRequest(
                        A, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.THESE_FOLDERS), Set.of(), Priority.BACKGROUND),
                "given without THESE_FOLDERS",
                () -> new SyncRequest(A, DOWN, Set.of(inbox), Priority.BACKGROUND),
                "priority is BACKGROUND",
                () -> new SyncRequest(
                        A, Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND), Set.of(), Priority.BACKGROUND),
                "both ON_DEMAND and BACKGROUND",
                () -> new SyncRequest(
                        A,
                        Set.of(SyncKind.DOWNLOAD_CONTENTS, SyncKind.ON_DEMAND, SyncKind.BACKGROUND),
                        Set.of(),
                        Priority.ON_DEMAND));
        cases.forEach((bad, call) -> assertThatThrownBy(call::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad));
    }

    @Test
    void r3TheEngineRejectsNullsUnknownAccountsAndCallsAfterCloseWithoutStartingAWorker() {
        EngineFixture f = new EngineFixture();
        RecordingSyncListener l = f.listener();
        SyncRequest bob = SyncRequest.of(AccountId.of("bob"), DOWN);

        assertThatThrownBy(() -> f.engine.synchronizeInBackground(null, l))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("request");
        assertThatThrownBy(() -> f.engine.synchronizeInBackground(SyncRequest.of(A, DOWN), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> f.engine.synchronizeInBackground(bob, l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bob");
        assertThatThrownBy(() -> f.engine.fetchFull(A, Set.of(), l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messages is empty");
        assertThatThrownBy(() -> f.engine.fetchFull(A, Set.of(new MessageKey(AccountId.of("bob"), 3)), l))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bob");
        f.close();
        assertThatThrownBy(() -> f.engine.synchronizeInBackground(SyncRequest.of(A, DOWN), l))
                .isInstanceOf(IllegalStateException.class);

        assertThat(l.calls()).isEmpty();
        assertThat(f.engine.liveCount()).isZero();
        assertThat(f.server.commands()).isEmpty();
    }

    @Test
    void b20EveryStatusHasItsMapiHresultAndSeverityFollowsBit31ExceptConflictAndUnknownFlags() {
        Map<Status, Integer> expected = new java.util.HashMap<>(Map.of(
                Status.OK, 0x00000000,
                Status.PARTIAL, 0x00040680,
                Status.CONFLICT, 0x80040802,
                Status.UNKNOWN_FLAGS, 0x80040106,
                Status.CANCELLED, 0x80040113,
                Status.NETWORK_ERROR, 0x80040115,
                Status.END_OF_SESSION, 0x80040200,
                Status.TIMEOUT, 0x80040401,
                Status.OFFLINE, 0x80040126,
                Status.BUSY, 0x8004010B));
        expected.putAll(Map.of(
                Status.LOGON_FAILED, 0x80040111,
                Status.NOT_FOUND, 0x8004010F,
                Status.CORRUPT_STORE, 0x80040600,
                Status.INTERNAL_ERROR, 0x80004005));

        for (Status s : Status.values()) {
            if (expected.containsKey(s)) {
                assertThat(s.hresult()).as(s.name()).isEqualTo(expected.get(s));
            }
            boolean bit31 = s.hresult() < 0;
            if (s == Status.CONFLICT || s == Status.UNKNOWN_FLAGS) {
                assertThat(s.severity()).isEqualTo(Severity.WARNING);
            } else {
                assertThat(s.isFailure()).as(s.name()).isEqualTo(bit31);
            }
        }
        assertThat(Status.values()).contains(expected.keySet().toArray(Status[]::new));
    }

    @Test
    void b21EverySubsetOfSyncKindRoundTripsBitForBit() {
        SyncKind[] all = SyncKind.values();
        for (int bits = 0; bits < (1 << all.length); bits++) {
            EnumSet<SyncKind> subset = EnumSet.noneOf(SyncKind.class);
            for (int i = 0; i < all.length; i++) {
                if ((bits & (1 << i)) != 0) {
                    subset.add(all[i]);
                }
            }

            int mask = SyncKind.toMapiFlags(subset);
            SyncKind.Decoded back = SyncKind.fromMapiFlags(mask);

            assertThat(back.kinds()).isEqualTo(subset);
            assertThat(back.unknownBits()).isZero();
            assertThat(Integer.bitCount(mask)).isEqualTo(subset.size());
        }
    }

    @Test
    void b22EverySingleBitIsEitherAKindOrReportedAsUnknownAndDecodingNeverThrows() {
        for (int bit = 0; bit < 32; bit++) {
            int m = 1 << bit;

            SyncKind.Decoded d = SyncKind.fromMapiFlags(m);

            assertThat(d.kinds().size() + Integer.bitCount(d.unknownBits())).isEqualTo(1);
            assertThat(SyncKind.toMapiFlags(d.kinds())).isEqualTo(m & ~d.unknownBits());
        }
        for (int m : List.of(0, -1, 0x8000_0000, 0x7FFF_FFFF, 0x1234_5678, 0xDEAD_BEEF)) {
            SyncKind.Decoded d = SyncKind.fromMapiFlags(m);
            assertThat(SyncKind.toMapiFlags(d.kinds())).isEqualTo(m & ~d.unknownBits());
            assertThat(d.unknownBits() & SyncKind.toMapiFlags(EnumSet.allOf(SyncKind.class)))
                    .isZero();
        }
    }

    @Test
    void aMapiMaskWithUnknownBitsMakesUnknownFlagsTheFirstListenerCallAndTheSyncStillEndsOk() {
        try (EngineFixture f = new EngineFixture()) {
            RecordingSyncListener l = f.listener();
            int mask = SyncKind.DOWNLOAD_CONTENTS.mapiBit() | 0x0000_0400;

            f.engine.synchronizeMapi(A, mask, Set.of(), l);
            SyncResult r = l.awaitDone();

            assertThat(l.calls().getFirst().argument()).isInstanceOfSatisfying(SyncError.class, e -> {
                assertThat(e.status()).isEqualTo(Status.UNKNOWN_FLAGS);
                assertThat(e.scope()).isEqualTo(Scope.ACCOUNT);
                assertThat(e.message()).contains("0x00000400");
            });
            assertThat(r.status()).isEqualTo(Status.OK);
        }
    }
}
