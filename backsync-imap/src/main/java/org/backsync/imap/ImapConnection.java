package org.backsync.imap;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.backsync.FolderPath;
import org.backsync.Scope;
import org.backsync.Status;
import org.backsync.spi.Capability;
import org.backsync.spi.SyncException;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Namespaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated IMAP connection on Angus. Angus is used for connecting, TLS and authentication only; every command
 * afterwards is written raw through {@link IMAPFolder#doCommand} on a never-opened folder, which runs it on the store's
 * single connection (so Angus's message cache, folder state and whole-mailbox fetches stay out of the way).
 *
 * <p>States: authenticated, or selected in one mailbox ({@link #selected}, read-only after EXAMINE or read-write after
 * SELECT); closed after {@link #close} or {@link #abort}. Not thread-safe, except {@link #abort}.
 */
final class ImapConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImapConnection.class);

    /** A unit of protocol work run on the connection. */
    @FunctionalInterface
    interface Call<T> {
        T run(IMAPProtocol p) throws ProtocolException, SyncException;
    }

    private final ImapSettings settings;
    private final AbortableSockets sockets;
    private final IMAPStore store;
    private final IMAPFolder handle;
    private final AtomicBoolean aborted = new AtomicBoolean();
    /**
     * A call ended in something other than a tagged NO or BAD (a lost connection, an unreadable answer, a failure in
     * the middle of a response): the stream may be out of step, so the connection serves no later sync.
     */
    private boolean broken;

    private boolean closed;
    private final Set<Capability> capabilities;
    /** Every capability name the server advertised after login, upper case; read once, never under Angus's locks. */
    private final Set<String> serverCapabilities;

    private final boolean utf8;
    private char delimiter = '/';
    private @Nullable FolderPath selected;
    private boolean selectedWritable;

    private ImapConnection(ImapSettings settings, AbortableSockets sockets, IMAPStore store) throws SyncException {
        this.settings = settings;
        this.sockets = sockets;
        this.store = store;
        try {
            this.handle = (IMAPFolder) store.getFolder("INBOX");
        } catch (MessagingException e) {
            throw ImapFailures.translate(e, "open", null, Scope.ACCOUNT, false);
        }
        this.serverCapabilities = call("CAPABILITY", null, Scope.ACCOUNT, p -> {
            Set<String> names = new java.util.HashSet<>();
            p.getCapabilities().keySet().forEach(k -> names.add(k.toUpperCase(java.util.Locale.ROOT)));
            return Set.copyOf(names);
        });
        this.capabilities = detectCapabilities();
        this.utf8 = false;
        // The personal namespace's delimiter (RFC 2342) where NAMESPACE is offered, else LIST "" "" (RFC 3501
        // 6.3.8): the same one round trip, but a sync that asked for no hierarchy direction then sends no LIST at all.
        this.delimiter = call("NAMESPACE or LIST delimiter", null, Scope.ACCOUNT, p -> {
            if (serverCapabilities.contains("NAMESPACE")) {
                Namespaces ns = p.namespace();
                if (ns != null && ns.personal != null && ns.personal.length > 0 && ns.personal[0].delimiter != '\0') {
                    return ns.personal[0].delimiter;
                }
            }
            ListInfo[] root = p.list("", "");
            return root != null && root.length > 0 && root[0].separator != '\0' ? root[0].separator : '/';
        });
    }

    /** Connects, verifies TLS (before any credentials), logs in and reads capabilities. */
    static ImapConnection open(ImapSettings settings) throws SyncException {
        AbortableSockets sockets = new AbortableSockets();
        try {
            Session session = Session.getInstance(ImapProperties.of(settings, sockets));
            IMAPStore store = new ImapWireStore(session, ImapProperties.protocol(settings), sockets);
            store.connect(
                    settings.host(),
                    settings.port(),
                    settings.user(),
                    settings.secret().get());
            return new ImapConnection(settings, sockets, store);
        } catch (MessagingException e) {
            sockets.closeAll();
            throw ImapFailures.translate(e, "login to " + settings.host(), null, Scope.ACCOUNT, false);
        } catch (GeneralSecurityException e) {
            throw new SyncException(
                    Status.LOGON_FAILED, Scope.ACCOUNT, "cannot set up TLS: " + e.getMessage(), null, e);
        }
    }

    ImapSettings settings() {
        return settings;
    }

    Set<Capability> capabilities() {
        return capabilities;
    }

    boolean has(Capability c) {
        return capabilities.contains(c);
    }

    char delimiter() {
        return delimiter;
    }

    /** Runs {@code call} on the connection; every failure comes back translated by {@link ImapFailures}. */
    <T> T call(String what, @Nullable FolderPath folder, Scope refusalScope, Call<T> call) throws SyncException {
        if (aborted.get()) {
            throw new SyncException(Status.CANCELLED, Scope.ACCOUNT, what + ": connection was aborted", folder, null);
        }
        AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
        try {
            @SuppressWarnings("unchecked")
            T result = (T) handle.doCommand(p -> {
                try {
                    return call.run(p);
                } catch (ProtocolException e) {
                    failure.set(e);
                    throw e;
                } catch (SyncException e) {
                    failure.set(e);
                    throw new ProtocolException(e.getMessage(), e);
                } catch (RuntimeException e) {
                    // Angus's response parser throws unchecked exceptions on some grammar violations (issue 10:
                    // an unbalanced LIST made IMAPResponse.readSimpleList throw ArrayIndexOutOfBoundsException)
                    ProtocolException malformed = new ProtocolException(
                            "the server sent a response that cannot be parsed ("
                                    + e.getClass().getSimpleName() + ")",
                            e);
                    failure.set(malformed);
                    throw malformed;
                }
            });
            return result;
        } catch (MessagingException e) {
            Exception original = failure.get();
            if (original != null && isConnectionLoss(original)) {
                forgetSelection();
            }
            if (!isRefusal(original != null ? original : e)) {
                broken = true;
            }
            throw ImapFailures.translate(original != null ? original : e, what, folder, refusalScope, aborted.get());
        }
    }

    /** Sends {@code command} and returns every response; a NO, BAD or BYE throws. */
    static Response[] command(IMAPProtocol p, String command, @Nullable Argument args) throws ProtocolException {
        Response[] r = p.command(command, args);
        p.handleResult(r[r.length - 1]);
        return r;
    }

    /** Selects {@code folder} (EXAMINE for reading, SELECT for writing) unless it already is, in a fitting mode. */
    void select(IMAPProtocol p, FolderPath folder, boolean writable) throws ProtocolException, SyncException {
        if (folder.equals(selected) && (selectedWritable || !writable)) {
            return;
        }
        selectWith(p, folder, writable, null);
    }

    /** SELECT or EXAMINE with optional parameters such as {@code (QRESYNC (...))}; returns every response. */
    Response[] selectWith(IMAPProtocol p, FolderPath folder, boolean writable, @Nullable Argument params)
            throws ProtocolException, SyncException {
        selected = null;
        Argument args = new Argument().writeString(mailbox(folder));
        if (params != null) {
            args.append(params);
        }
        Response[] r = command(p, writable ? "SELECT" : "EXAMINE", args);
        selected = folder;
        selectedWritable = writable;
        return r;
    }

    /**
     * Leaves the selected mailbox before a command that reports its STATUS: a server may answer STATUS of the selected
     * mailbox from this session's view of it, which has not seen what other clients did since it was selected (RFC
     * 3501 §6.3.10: STATUS is not a way to check the selected mailbox). It matters most on a connection kept between
     * syncs (ADR 0010), where the mailbox the last sync selected stays selected. With UNSELECT (RFC 3691) the command is
     * only written: its answer is read with the next command's, so it costs no round trip. Without it, EXAMINE and then
     * CLOSE, which expunge nothing.
     */
    void leaveSelectedBeforeStatus(IMAPProtocol p) throws ProtocolException, SyncException {
        FolderPath current = selected;
        if (current == null) {
            return;
        }
        if (serverHas("UNSELECT")) {
            try {
                p.writeCommand("UNSELECT", null);
            } catch (java.io.IOException e) {
                throw new org.eclipse.angus.mail.iap.ConnectionException(p, Response.byeResponse(e));
            }
        } else {
            selectWith(p, current, false, null);
            command(p, "CLOSE", null);
        }
        selected = null;
    }

    @Nullable
    FolderPath selected() {
        return selected;
    }

    void forgetSelection() {
        selected = null;
    }

    /** The server's name for {@code folder}: names joined by the delimiter, modified UTF-7 (RFC 3501 §5.1.3). */
    String mailbox(FolderPath folder) throws SyncException {
        if (folder.equals(FolderPath.INBOX)) {
            return "INBOX";
        }
        for (String name : folder.names()) {
            if (name.indexOf(delimiter) >= 0) {
                throw new SyncException(
                        Status.INTERNAL_ERROR,
                        Scope.FOLDER,
                        "folder name \"" + name + "\" contains the server's hierarchy delimiter '" + delimiter + "'",
                        folder,
                        null);
            }
        }
        String joined = String.join(String.valueOf(delimiter), folder.names());
        return utf8 ? joined : BASE64MailboxEncoder.encode(joined);
    }

    /**
     * backsync's path for a server name as Angus's {@code ListInfo} gives it (already decoded from modified UTF-7);
     * empty when a name holds {@code '/'} and cannot be represented.
     */
    Optional<FolderPath> path(String decoded, char separator) {
        if (decoded.equalsIgnoreCase("INBOX")) {
            return Optional.of(FolderPath.INBOX);
        }
        java.util.List<String> names = new java.util.ArrayList<>(4);
        int from = 0;
        for (int at = separator == '\0' ? -1 : decoded.indexOf(separator);
                at >= 0;
                at = decoded.indexOf(separator, from)) { // split by hand: no regex compiled per folder of every LIST
            names.add(decoded.substring(from, at));
            from = at + 1;
        }
        names.add(decoded.substring(from));
        for (String n : names) {
            if (n.isEmpty() || n.indexOf(FolderPath.SEPARATOR) >= 0) {
                return Optional.empty();
            }
        }
        return Optional.of(FolderPath.of(names));
    }

    /** Closes the socket from any thread; the blocked call then fails with CANCELLED. Never blocks. */
    void abort() {
        aborted.set(true);
        sockets.closeAll();
    }

    boolean isAborted() {
        return aborted.get();
    }

    /**
     * Whether this connection can serve another sync ({@code MailProvider.isReusable}): not closed or aborted, every
     * call so far ended with a tagged answer, and the socket is quiet (no {@code BYE}, no end of stream). The selected
     * mailbox, if any, stays selected: every reader selects what it needs ({@link #select} keeps a fitting selection,
     * change detection always selects anew), and nothing here ever sends CLOSE after SELECT, so no {@code \Deleted}
     * message is expunged by the reuse.
     */
    boolean isReusable() {
        if (closed || broken || aborted.get()) {
            return false;
        }
        return store instanceof ImapWireStore s && s.protocol() instanceof ImapWireProtocol p && p.isQuiet();
    }

    /** NOOP on an idle connection, so that the server and the network keep it (ADR 0010). */
    void keepAlive() throws SyncException {
        call("NOOP", null, Scope.ACCOUNT, p -> {
            p.noop();
            return null;
        });
    }

    @Override
    public void close() {
        closed = true;
        if (!aborted.get() && !broken) {
            try {
                store.close();
                return;
            } catch (MessagingException | RuntimeException e) {
                log.debug("LOGOUT failed; closing the socket: {}", e.toString());
            }
        }
        sockets.closeAll();
    }

    /** Whether the server advertises {@code name}, for capabilities the SPI does not list (LIST-EXTENDED). */
    boolean serverHas(String name) {
        return serverCapabilities.contains(name.toUpperCase(java.util.Locale.ROOT));
    }

    private Set<Capability> detectCapabilities() throws SyncException {
        try {
            Set<Capability> caps = EnumSet.noneOf(Capability.class);
            if (serverHas("CONDSTORE") || serverHas("QRESYNC")) {
                caps.add(Capability.CONDSTORE);
            }
            if (serverHas("QRESYNC") && settings.qresync() && enableQresync()) {
                caps.add(Capability.QRESYNC);
            }
            map(caps, "UIDPLUS", Capability.UIDPLUS);
            map(caps, "MOVE", Capability.MOVE);
            map(caps, "IDLE", Capability.IDLE);
            map(caps, "SPECIAL-USE", Capability.SPECIAL_USE);
            map(caps, "ESEARCH", Capability.ESEARCH);
            map(caps, "LITERAL+", Capability.LITERAL_PLUS);
            map(caps, "STATUS=SIZE", Capability.STATUS_SIZE);
            map(caps, "LIST-STATUS", Capability.LIST_STATUS);
            log.debug("capabilities of {}: {}", settings.host(), caps);
            return Set.copyOf(caps);
        } catch (MessagingException e) {
            throw ImapFailures.translate(e, "CAPABILITY", null, Scope.ACCOUNT, aborted.get());
        }
    }

    private void map(Set<Capability> caps, String name, Capability c) throws MessagingException {
        if (serverHas(name)) {
            caps.add(c);
        }
    }

    /** RFC 7162 §3.2.3: QRESYNC must be ENABLEd before SELECT may carry it. */
    private boolean enableQresync() {
        try {
            handle.doCommand(p -> {
                p.enable("QRESYNC");
                return null;
            });
            return true;
        } catch (MessagingException e) {
            log.debug("ENABLE QRESYNC refused by {}; using CONDSTORE only: {}", settings.host(), e.toString());
            return false;
        }
    }

    /** A tagged NO or BAD: the command was answered to its end and the connection stays in step. */
    private static boolean isRefusal(Exception e) {
        if (e instanceof SyncException s) {
            // thrown by our own code after the command's answer was read (a folder found missing, a NO explained);
            // a failure in the middle of an answer closes the socket (FetchReader), which isReusable then sees
            return !s.isTransient() && s.scope() != Scope.ACCOUNT && s.status() != Status.CANCELLED;
        }
        return e instanceof org.eclipse.angus.mail.iap.CommandFailedException
                || e instanceof org.eclipse.angus.mail.iap.BadCommandException;
    }

    private static boolean isConnectionLoss(Exception e) {
        return e instanceof org.eclipse.angus.mail.iap.ConnectionException;
    }
}
