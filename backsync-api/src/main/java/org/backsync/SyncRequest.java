package org.backsync;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One request to synchronize an account: {@code MAPISIB} in Java.
 *
 * <p>Valid requests only: the constructor throws {@link IllegalArgumentException} naming the bad value when {@code
 * kinds} is empty; when it holds no direction and no {@link SyncKind#OUTGOING_MAIL}; when {@link
 * SyncKind#THESE_FOLDERS} and {@code folders} disagree (folders are given exactly when it is present); when {@code
 * priority} disagrees with {@link SyncKind#ON_DEMAND} / {@link SyncKind#BACKGROUND}; or when both of those are given.
 * An unknown account is rejected by {@link BackgroundSynchronizer#synchronizeInBackground}. Both sets are copied.
 */
public record SyncRequest(AccountId account, Set<SyncKind> kinds, Set<FolderPath> folders, Priority priority) {
    public SyncRequest {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(folders, "folders");
        Objects.requireNonNull(priority, "priority");
        kinds = Set.copyOf(kinds);
        folders = Set.copyOf(folders);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds is empty: a request needs at least one direction");
        }
        if (kinds.stream().noneMatch(k -> k.isDirection() || k == SyncKind.OUTGOING_MAIL)) {
            throw new IllegalArgumentException("kinds " + kinds + " name no direction and not OUTGOING_MAIL");
        }
        boolean these = kinds.contains(SyncKind.THESE_FOLDERS);
        if (these && folders.isEmpty()) {
            throw new IllegalArgumentException("THESE_FOLDERS given without folders");
        }
        if (!these && !folders.isEmpty()) {
            throw new IllegalArgumentException("folders " + folders + " given without THESE_FOLDERS");
        }
        if (kinds.contains(SyncKind.ON_DEMAND) && kinds.contains(SyncKind.BACKGROUND)) {
            throw new IllegalArgumentException("kinds hold both ON_DEMAND and BACKGROUND");
        }
        if (kinds.contains(SyncKind.ON_DEMAND) && priority != Priority.ON_DEMAND) {
            throw new IllegalArgumentException("kinds hold ON_DEMAND but priority is " + priority);
        }
        if (kinds.contains(SyncKind.BACKGROUND) && priority != Priority.BACKGROUND) {
            throw new IllegalArgumentException("kinds hold BACKGROUND but priority is " + priority);
        }
    }

    /** All four directions for every folder, in the background. */
    public static SyncRequest all(AccountId account) {
        return new SyncRequest(account, SyncKind.DIRECTIONS, Set.of(), Priority.BACKGROUND);
    }

    /** The given kinds for every folder; {@link Priority#ON_DEMAND} exactly when {@code kinds} holds ON_DEMAND. */
    public static SyncRequest of(AccountId account, Set<SyncKind> kinds) {
        Priority p = kinds.contains(SyncKind.ON_DEMAND) ? Priority.ON_DEMAND : Priority.BACKGROUND;
        return new SyncRequest(account, kinds, Set.of(), p);
    }

    /** The given kinds limited to {@code folders}; adds {@link SyncKind#THESE_FOLDERS}. */
    public static SyncRequest forFolders(AccountId account, Set<SyncKind> kinds, Set<FolderPath> folders) {
        EnumSet<SyncKind> k = EnumSet.copyOf(kinds);
        k.add(SyncKind.THESE_FOLDERS);
        Priority p = kinds.contains(SyncKind.ON_DEMAND) ? Priority.ON_DEMAND : Priority.BACKGROUND;
        return new SyncRequest(account, k, folders, p);
    }

    public boolean has(SyncKind kind) {
        return kinds.contains(kind);
    }

    /** True when the request names at least one of the four directions. */
    public boolean hasDirection() {
        return kinds.stream().anyMatch(SyncKind::isDirection);
    }

    /** True when {@code folder} is in scope: every folder, or one of {@link #folders()}. */
    public boolean covers(FolderPath folder) {
        return folders.isEmpty() || folders.contains(folder);
    }
}
