package org.backsync.core;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.Uid;

/**
 * The server side of a {@link ScenarioWorld}: the {@link FakeRemote} or a real server ({@code DovecotRemote}), changed
 * "as another client" with the verbs below, read back whole for the after table, and recording the commands the
 * engine sent. A scenario table runs unchanged on every implementation.
 */
interface RemoteSide extends AutoCloseable {
    /** The commands R16 allows only in upload phases, as {@link #commandNames()} spells them. */
    Set<String> MUTATIONS =
            Set.of("CREATE", "RENAME", "DELETE", "SUBSCRIBE", "APPEND", "STORE", "COPY", "MOVE", "EXPUNGE");

    /** One message as the server holds it. */
    record Held(FolderPath folder, Uid uid, byte[] content, Flags flags) {}

    /** Connections for the engine under test. */
    MailProvider.Factory factory();

    void createFolder(FolderPath path, Optional<SpecialUse> use);

    void renameFolder(FolderPath from, FolderPath to);

    void deleteFolder(FolderPath path);

    void deliver(FolderPath folder, byte[] content, Flags flags, Instant internalDate);

    /** Replaces the flags of {@code uid}. */
    void setFlags(FolderPath folder, Uid uid, Flags flags);

    void expunge(FolderPath folder, Uid uid);

    void changeUidValidity(FolderPath folder);

    /** Every selectable folder, sorted. */
    List<FolderPath> folders();

    /** Every message of every folder, by folder then UID. */
    List<Held> messages();

    /**
     * The commands the engine sent so far, in order, upper case, {@code UID} dropped ({@code UID STORE} is {@code
     * STORE}), so that {@link #MUTATIONS} applies to every server.
     */
    List<String> commandNames();

    static String normalize(String command) {
        String c = command.toUpperCase(Locale.ROOT).trim();
        return c.startsWith("UID ") ? c.substring(4) : c;
    }

    @Override
    void close();
}
