package org.backsync.testing;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Uid;

/**
 * A scripted failure for {@link FakeMailServer#inject}: which command it hits and what happens then. Examples:
 *
 * <pre>{@code
 * FakeFault.on("APPEND").nth(3).fail(Status.NETWORK_ERROR)        // the third APPEND fails, not applied
 * FakeFault.on("STORE").onUid(Uid.of(7)).fail(Status.BUSY)         // NO to every STORE naming UID 7
 * FakeFault.on("*").nth(5).dropAfterReply()                        // the 5th command runs, its reply is lost
 * FakeFault.on("LOGIN").fail(Status.LOGON_FAILED)                  // open() is refused
 * FakeFault.on("SELECT").in(FolderPath.of("Junk")).fail(Status.NOT_FOUND)
 * FakeFault.on("FETCH").stall()                                    // blocks until abort() (at most 30 s)
 * }</pre>
 *
 * Commands are counted from the moment the fault is injected, over all connections. Without {@link #nth} the fault
 * hits every matching command. A transient status (network, end of session, timeout) also closes the connection, as
 * a real one would be gone; later calls on it throw {@code END_OF_SESSION}.
 */
public record FakeFault(
        String command,
        Optional<FolderPath> folder,
        Optional<Uid> uid,
        int nth,
        Action action,
        Status status,
        Scope scope) {

    /** What the fault does to the command it hits. */
    public enum Action {
        /** The command is not applied and throws {@code status}/{@code scope}. */
        FAIL,
        /** The command is applied on the server, then the connection drops: the client never sees the reply. */
        DROP_AFTER_REPLY,
        /** The command blocks until the connection is aborted, then throws {@code CANCELLED}. */
        STALL
    }

    public FakeFault {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(uid, "uid");
        if (nth < 0) {
            throw new IllegalArgumentException("nth < 0: " + nth);
        }
        command = command.toUpperCase(Locale.ROOT);
    }

    /** A fault on the command word {@code command} ({@code "*"} for any command) that fails with a network error. */
    public static FakeFault on(String command) {
        return new FakeFault(
                command, Optional.empty(), Optional.empty(), 0, Action.FAIL, Status.NETWORK_ERROR, Scope.ACCOUNT);
    }

    /** Only commands naming {@code path}. */
    public FakeFault in(FolderPath path) {
        return new FakeFault(command, Optional.of(path), uid, nth, action, status, scope);
    }

    /** Only commands whose UID set holds {@code target}. */
    public FakeFault onUid(Uid target) {
        return new FakeFault(command, folder, Optional.of(target), nth, action, status, scope);
    }

    /** Only the {@code n}-th matching command (1-based), once. */
    public FakeFault nth(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n < 1: " + n);
        }
        return new FakeFault(command, folder, uid, n, action, status, scope);
    }

    /** The command fails with {@code failure}, scoped as the real provider would scope it. */
    public FakeFault fail(Status failure) {
        return fail(failure, defaultScope(failure));
    }

    public FakeFault fail(Status failure, Scope failureScope) {
        return new FakeFault(command, folder, uid, nth, Action.FAIL, failure, failureScope);
    }

    /** The command is applied, then the connection drops before the reply: outcome unknown to the client. */
    public FakeFault dropAfterReply() {
        return new FakeFault(command, folder, uid, nth, Action.DROP_AFTER_REPLY, Status.NETWORK_ERROR, Scope.ACCOUNT);
    }

    /** The command hangs until {@code abort()}, like a server that stopped answering. */
    public FakeFault stall() {
        return new FakeFault(command, folder, uid, nth, Action.STALL, Status.TIMEOUT, Scope.ACCOUNT);
    }

    boolean matches(RecordedCommand c, java.util.Set<Uid> uids) {
        return (command.equals("*") || command.equals(c.name()))
                && folder.map(c::isIn).orElse(true)
                && uid.map(uids::contains).orElse(true);
    }

    private static Scope defaultScope(Status failure) {
        return switch (failure) {
            case NOT_FOUND -> Scope.FOLDER;
            case BUSY, REFUSED, CONFLICT, UNKNOWN_FLAGS, OK, PARTIAL -> Scope.MESSAGE;
            case NETWORK_ERROR,
                    END_OF_SESSION,
                    TIMEOUT,
                    OFFLINE,
                    LOGON_FAILED,
                    CANCELLED,
                    CORRUPT_STORE,
                    INTERNAL_ERROR -> Scope.ACCOUNT;
        };
    }
}
