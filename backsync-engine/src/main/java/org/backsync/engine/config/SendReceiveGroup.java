package org.backsync.engine.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.backsync.AccountId;
import org.backsync.SyncKind;

/**
 * An Outlook Send/Receive group: which accounts, which directions, how often. Every {@code every}, each account of
 * the group gets one {@code BACKGROUND} sync of {@code kinds}.
 */
public record SendReceiveGroup(String name, List<AccountId> accounts, Set<SyncKind> kinds, Duration every) {
    public SendReceiveGroup {
        Objects.requireNonNull(name, "name");
        accounts = List.copyOf(accounts);
        kinds = Set.copyOf(kinds);
        Objects.requireNonNull(every, "every");
        if (kinds.stream().noneMatch(SyncKind::isDirection)) {
            throw new IllegalArgumentException("group " + name + " names no direction: " + kinds);
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("group " + name + ": every must be positive: " + every);
        }
    }

    /** The kinds a group may name: the four directions and {@code HEADERS_ONLY}. */
    public static final Set<SyncKind> ALLOWED_KINDS = Set.copyOf(EnumSet.of(
            SyncKind.UPLOAD_HIERARCHY,
            SyncKind.UPLOAD_CONTENTS,
            SyncKind.DOWNLOAD_HIERARCHY,
            SyncKind.DOWNLOAD_CONTENTS,
            SyncKind.HEADERS_ONLY));
}
