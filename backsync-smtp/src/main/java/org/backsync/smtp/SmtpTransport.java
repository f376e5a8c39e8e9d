package org.backsync.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.backsync.RawMessage;
import org.backsync.RecipientOutcome;
import org.backsync.spi.MailTransport;
import org.backsync.spi.SyncException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MailTransport} over SMTP submission (RFC 6409) with the client of ADR 0003. One connection is opened on the
 * first send and kept for the next ones (checked with RSET before reuse); a failure that leaves it unusable closes
 * it, and the next send opens a new one. Failures are translated by {@link SmtpFailures}.
 *
 * <p>Not thread-safe, except {@link #abort()}, which breaks a blocked send from another thread.
 */
public final class SmtpTransport implements MailTransport {
    private static final Logger log = LoggerFactory.getLogger(SmtpTransport.class);

    private final SmtpSettings settings;
    private volatile @Nullable SmtpSession session;
    private volatile @Nullable SmtpExtensions lastExtensions;

    public SmtpTransport(SmtpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public List<RecipientOutcome> send(Envelope envelope, RawMessage message, DataCompleteHook hook)
            throws SyncException {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hook, "hook");
        SmtpSession s = connected();
        try {
            List<RecipientOutcome> outcomes = new MailTransaction(s).run(envelope, message, hook);
            log.debug(
                    "SMTP {} to {} recipient(s): {} accepted",
                    settings.host(),
                    outcomes.size(),
                    outcomes.stream().filter(RecipientOutcome::accepted).count());
            return outcomes;
        } catch (SyncException e) {
            if (!s.isOpen() || e.isTransient() || e.scope() == org.backsync.Scope.ACCOUNT) {
                drop(s);
            }
            throw e;
        }
    }

    /**
     * Connects (if not yet connected) and returns what the server advertises: its SIZE limit and whether it takes
     * SMTPUTF8 decide whether a message can be sent at all (the Outbox checks this at submit).
     */
    public SmtpExtensions extensions() throws SyncException {
        return connected().extensions();
    }

    /** What the last connection advertised, without connecting. */
    public Optional<SmtpExtensions> lastExtensions() {
        return Optional.ofNullable(lastExtensions);
    }

    private SmtpSession connected() throws SyncException {
        SmtpSession s = session;
        if (s != null && s.isOpen() && s.reset()) {
            return s;
        }
        if (s != null) {
            drop(s);
        }
        s = SmtpSession.open(settings);
        session = s;
        lastExtensions = s.extensions();
        return s;
    }

    private void drop(SmtpSession s) {
        s.connection().close();
        if (session == s) {
            session = null;
        }
    }

    /** Closes the socket at once, without QUIT; a send blocked in another thread fails. Never blocks or throws. */
    public void abort() {
        SmtpSession s = session;
        if (s != null) {
            s.connection().close();
        }
    }

    @Override
    public void close() {
        SmtpSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }
}
