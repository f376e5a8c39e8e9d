package org.backsync;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a sync does, one constant per MAPI {@code SYNC_*} bit of {@code MAPISIB.ulFlags}, with the exact MAPI value.
 *
 * <p><b>Mask decoding.</b> {@link #fromMapiFlags(int)} never rejects a mask: bits that match no constant are left out
 * of {@link Decoded#kinds()} and returned in {@link Decoded#unknownBits()}, so that the MAPI adapter can report them
 * as {@link Status#UNKNOWN_FLAGS}. For every {@code int m}, with {@code d = fromMapiFlags(m)}: {@code
 * toMapiFlags(d.kinds()) == (m & ~d.unknownBits())}; for every subset {@code s}: {@code
 * fromMapiFlags(toMapiFlags(s)).kinds().equals(s)}. MAPI's replication {@code UPS_*} and Exchange ICS flags reuse the
 * same low values and are not meant here.
 */
public enum SyncKind {
    /** {@code SYNC_UPLOAD_HIERARCHY}: push local folder creates, renames and deletes. */
    UPLOAD_HIERARCHY(0x0000_0001),
    /** {@code SYNC_DOWNLOAD_HIERARCHY}: pull the server's folder list and apply it. */
    DOWNLOAD_HIERARCHY(0x0000_0002),
    /** {@code SYNC_UPLOAD_CONTENTS}: push new messages, flag changes, moves and deletes. */
    UPLOAD_CONTENTS(0x0000_0040),
    /** {@code SYNC_DOWNLOAD_CONTENTS}: pull new messages, flags and expunges; promote header-only items. */
    DOWNLOAD_CONTENTS(0x0000_0080),
    /** {@code SYNC_OUTGOING_MAIL}, documented by MAPI as not in use: accepted and ignored; a sync never sends (R15). */
    OUTGOING_MAIL(0x0000_0200),
    /** {@code SYNC_BACKGROUND}: scheduled work, the default priority. */
    BACKGROUND(0x0000_1000),
    /** {@code SYNC_THESE_FOLDERS}: limit the sync to {@link SyncRequest#folders()}. */
    THESE_FOLDERS(0x0002_0000),
    /** {@code SYNC_GLOBAL_HEADERS} (alias {@code SYNC_HEADERS}): store new messages header-only. */
    HEADERS_ONLY(0x0200_0000),
    /** {@code SYNC_ON_DEMAND}: started by the user, runs first (R17). */
    ON_DEMAND(0x2000_0000);

    /** The four transfer directions. */
    public static final Set<SyncKind> DIRECTIONS =
            Set.copyOf(EnumSet.of(UPLOAD_HIERARCHY, UPLOAD_CONTENTS, DOWNLOAD_HIERARCHY, DOWNLOAD_CONTENTS));

    private static final int KNOWN_BITS;

    static {
        int known = 0;
        for (SyncKind k : values()) {
            known |= k.bit;
        }
        KNOWN_BITS = known;
    }

    private final int bit;

    SyncKind(int bit) {
        this.bit = bit;
    }

    /** This kind's MAPI bit, for example {@code 0x80} for {@link #DOWNLOAD_CONTENTS}. */
    public int mapiBit() {
        return bit;
    }

    /** True for the four transfer directions. */
    public boolean isDirection() {
        return DIRECTIONS.contains(this);
    }

    /** The MAPI mask of {@code kinds}; the empty set gives 0. */
    public static int toMapiFlags(Set<SyncKind> kinds) {
        Objects.requireNonNull(kinds, "kinds");
        int mask = 0;
        for (SyncKind k : kinds) {
            mask |= k.bit;
        }
        return mask;
    }

    /** Decodes any mask; never throws. Unknown bits are returned, not dropped silently. */
    public static Decoded fromMapiFlags(int mask) {
        EnumSet<SyncKind> kinds = EnumSet.noneOf(SyncKind.class);
        for (SyncKind k : values()) {
            if ((mask & k.bit) != 0) {
                kinds.add(k);
            }
        }
        return new Decoded(Set.copyOf(kinds), mask & ~KNOWN_BITS);
    }

    /** A decoded mask: the known kinds, and the bits that matched none. */
    public record Decoded(Set<SyncKind> kinds, int unknownBits) {
        public Decoded {
            kinds = Set.copyOf(kinds);
        }

        public boolean hasUnknownBits() {
            return unknownBits != 0;
        }
    }
}
