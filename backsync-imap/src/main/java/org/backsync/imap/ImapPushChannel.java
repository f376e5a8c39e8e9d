package org.backsync.imap;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.PushChannel;
import org.backsync.spi.SyncException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.jspecify.annotations.Nullable;

/**
 * IDLE (RFC 2177) on one folder, over its own connection, for push.
 *
 * <pre>
 * EXAMINE folder (once) --> IDLE --"+ idling"--> waiting
 *   waiting --untagged EXISTS / EXPUNGE / FETCH / VANISHED--> DONE --tagged OK--> return true
 *   waiting --cycle passed--> DONE --tagged OK within deadline--> return false
 *   DONE not answered within deadline --> watchdog closes the socket --> TIMEOUT
 *   connection lost / BYE --> END_OF_SESSION or NETWORK_ERROR (ImapFailures)
 * </pre>
 *
 * The watchdog is a virtual thread per {@link #await}: it sends DONE at {@code cycle} ({@code idleAbort} writes it
 * without taking the protocol's lock, as Angus intends) and closes the socket at {@code cycle + deadline} if the IDLE
 * has not ended by then.
 */
public final class ImapPushChannel implements PushChannel {
    private final ImapConnection connection;
    private final FolderPath folder;

    private ImapPushChannel(ImapConnection connection, FolderPath folder) {
        this.connection = connection;
        this.folder = folder;
    }

    /** Connects, logs in and checks that the server offers IDLE; {@code NOT_FOUND} when it does not. */
    public static ImapPushChannel open(ImapSettings settings, FolderPath folder) throws SyncException {
        ImapConnection c = ImapConnection.open(settings);
        if (!c.has(Capability.IDLE)) {
            c.close();
            throw new SyncException(
                    Status.NOT_FOUND, Scope.ACCOUNT, settings.host() + " does not offer IDLE; polling instead");
        }
        return new ImapPushChannel(c, folder);
    }

    @Override
    public boolean await(Duration cycle, Duration deadline) throws SyncException {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean watchdogFired = new AtomicBoolean();
        AtomicBoolean doneSent = new AtomicBoolean();
        AtomicReference<@Nullable IMAPProtocol> protocol = new AtomicReference<>();
        Thread watchdog = Thread.ofVirtual().name("backsync-idle-watchdog").start(() -> {
            try {
                Thread.sleep(cycle);
                IMAPProtocol p = protocol.get();
                if (!finished.get() && p != null && doneSent.compareAndSet(false, true)) {
                    p.idleAbort();
                }
                Thread.sleep(deadline);
                if (!finished.get()) {
                    watchdogFired.set(true);
                    connection.abort();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            return connection.call("IDLE", folder, Scope.ACCOUNT, p -> {
                connection.select(p, folder, false);
                protocol.set(p);
                return idle(p, doneSent);
            });
        } catch (SyncException e) {
            if (watchdogFired.get()) {
                throw new SyncException(
                        Status.TIMEOUT,
                        Scope.ACCOUNT,
                        "IDLE on " + folder + ": no answer to DONE within " + deadline.toSeconds() + " s",
                        folder,
                        e);
            }
            throw e;
        } finally {
            finished.set(true);
            watchdog.interrupt();
        }
    }

    /** One IDLE: true when the folder changed. DONE is sent at the first change, or by the watchdog. */
    private static boolean idle(IMAPProtocol p, AtomicBoolean doneSent) throws ProtocolException {
        p.idleStart();
        boolean changed = false;
        while (true) {
            @Nullable Response r = p.readIdleResponse();
            if (r == null) {
                return changed;
            }
            if (!changed && isChange(r)) {
                changed = true;
                if (doneSent.compareAndSet(false, true)) {
                    p.idleAbort();
                }
            }
            if (!p.processIdleResponse(r)) {
                return changed;
            }
        }
    }

    private static boolean isChange(Response r) {
        return r instanceof IMAPResponse ir
                && !ir.isTagged()
                && (ir.keyEquals("EXISTS")
                        || ir.keyEquals("EXPUNGE")
                        || ir.keyEquals("FETCH")
                        || ir.keyEquals("VANISHED"));
    }

    @Override
    public void abort() {
        connection.abort();
    }

    @Override
    public void close() {
        connection.close();
    }
}
