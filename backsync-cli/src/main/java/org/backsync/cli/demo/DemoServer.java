package org.backsync.cli.demo;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.IntConsumer;
import org.backsync.FolderPath;

/**
 * The demo's mail server: GreenMail (IMAP and SMTP) on free loopback ports, one user with a random password. The only
 * class of the CLI that touches Jakarta Mail, because GreenMail's store takes {@code MimeMessage}s.
 */
public final class DemoServer implements AutoCloseable {
    public static final String USER = "demo@localhost";

    private final GreenMail greenMail;
    private final GreenMailUser user;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    private DemoServer() {
        ServerSetup imap = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        ServerSetup smtp = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        greenMail = new GreenMail(new ServerSetup[] {imap, smtp});
        greenMail.start();
        user = greenMail.setUser(USER, USER, password);
    }

    public static DemoServer start() {
        return new DemoServer();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** The user's password: handed to the engine through its secret source, never written to a file. */
    public String password() {
        return password;
    }

    /** Creates the folders and stores the messages; {@code done} hears the running count. */
    public void load(List<DemoMailbox.Folder> folders, IntConsumer done) {
        ImapHostManager host = greenMail.getManagers().getImapHostManager();
        char delimiter = host.getHierarchyDelimiter();
        Session session = Session.getInstance(new Properties());
        int n = 0;
        try {
            for (DemoMailbox.Folder f : folders) {
                MailFolder target = folder(host, f.path(), delimiter);
                for (DemoMailbox.Message m : f.messages()) {
                    MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(m.raw()));
                    Flags flags = new Flags();
                    m.flags().forEach(flag -> flags.add(systemFlag(flag)));
                    target.appendMessage(mime, flags, Date.from(m.date()));
                    done.accept(++n);
                }
            }
        } catch (MessagingException | FolderException | com.icegreen.greenmail.imap.AuthorizationException e) {
            throw new IllegalStateException("cannot fill the demo mailbox: " + e.getMessage(), e);
        }
    }

    /** Messages in {@code folder} whose Message-ID header is {@code messageId}. */
    public long countByMessageId(FolderPath folder, String messageId) {
        ImapHostManager host = greenMail.getManagers().getImapHostManager();
        MailFolder f = host.getFolder(user, folder.value().replace('/', host.getHierarchyDelimiter()));
        if (f == null) {
            return 0;
        }
        return f.getMessages().stream()
                .filter(m -> {
                    try {
                        return messageId.equals(m.getMimeMessage().getMessageID());
                    } catch (MessagingException e) {
                        return false;
                    }
                })
                .count();
    }

    private MailFolder folder(ImapHostManager host, FolderPath path, char delimiter)
            throws FolderException, com.icegreen.greenmail.imap.AuthorizationException {
        if (path.equals(FolderPath.INBOX)) {
            return host.getInbox(user);
        }
        String name = "";
        MailFolder f = null;
        for (String part : path.names()) {
            name = name.isEmpty() ? part : name + delimiter + part;
            f = host.getFolder(user, name);
            if (f == null) {
                f = host.createMailbox(user, name);
            }
        }
        return f;
    }

    private static Flags.Flag systemFlag(String flag) {
        return switch (flag) {
            case "\\Seen" -> Flags.Flag.SEEN;
            case "\\Flagged" -> Flags.Flag.FLAGGED;
            case "\\Draft" -> Flags.Flag.DRAFT;
            case "\\Answered" -> Flags.Flag.ANSWERED;
            default -> throw new IllegalArgumentException("not a system flag: " + flag);
        };
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
