package org.backsync.imap;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.imap.commands.IdRange;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.Uid;
import org.backsync.testing.MailProviderContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider contract against GreenMail: an IMAP4rev1 server without CONDSTORE or QRESYNC (GreenMail 2.1 does
 * advertise UIDPLUS and MOVE), with '.' as its hierarchy delimiter, so the full-scan fallback and the delimiter
 * mapping run here. The move fallback without MOVE runs against a Dovecot that leaves MOVE out of its capabilities
 * ({@code MoveWithoutMoveDovecotIT}).
 */
class ImapProviderGreenMailIT implements MailProviderContract {
    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort()).withPerMethodLifecycle(false);

    private static GreenMailUser user;

    @BeforeAll
    static void createUser() {
        user = greenMail.setUser("alice@example.org", "alice", "secret");
    }

    @Override
    public MailProvider.Factory providerFactory() {
        return ImapProvider.factory(ImapSettings.loopback(greenMail.getImap().getPort(), "alice", "secret"));
    }

    @Override
    public void createFolderOnServer(FolderPath folder) throws Exception {
        hosts().createMailbox(user, name(folder));
    }

    @Override
    public Uid deliver(FolderPath folder, byte[] message, Flags flags) throws Exception {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        return Uid.of(folder(folder).appendMessage(mime, toJakarta(flags), new Date()));
    }

    @Override
    public void setFlagsOnServer(FolderPath folder, Uid uid, Flags flags) throws Exception {
        folder(folder).replaceFlags(toJakarta(flags), uid.value(), null, false);
    }

    @Override
    public void expungeOnServer(FolderPath folder, Uid uid) throws Exception {
        MailFolder f = folder(folder);
        f.setFlags(new jakarta.mail.Flags(jakarta.mail.Flags.Flag.DELETED), true, uid.value(), null, false);
        f.expunge(new IdRange[] {new IdRange(uid.value())});
    }

    @Override
    public List<Uid> uidsOnServer(FolderPath folder) throws Exception {
        return Arrays.stream(folder(folder).getMessageUids()).mapToObj(Uid::of).toList();
    }

    @Override
    public Flags flagsOnServer(FolderPath folder, Uid uid) throws Exception {
        jakarta.mail.Flags f = folder(folder).getMessage(uid.value()).getFlags();
        List<String> values = new java.util.ArrayList<>(Arrays.asList(f.getUserFlags()));
        for (jakarta.mail.Flags.Flag sys : f.getSystemFlags()) {
            if (sys == jakarta.mail.Flags.Flag.SEEN) values.add(Flags.SEEN);
            if (sys == jakarta.mail.Flags.Flag.ANSWERED) values.add(Flags.ANSWERED);
            if (sys == jakarta.mail.Flags.Flag.FLAGGED) values.add(Flags.FLAGGED);
            if (sys == jakarta.mail.Flags.Flag.DELETED) values.add(Flags.DELETED);
            if (sys == jakarta.mail.Flags.Flag.DRAFT) values.add(Flags.DRAFT);
        }
        return Flags.of(values);
    }

    private static ImapHostManager hosts() {
        return greenMail.getManagers().getImapHostManager();
    }

    private static MailFolder folder(FolderPath folder) {
        return hosts().getFolder(user, name(folder));
    }

    private static String name(FolderPath folder) {
        return String.join(String.valueOf(hosts().getHierarchyDelimiter()), folder.names());
    }

    private static jakarta.mail.Flags toJakarta(Flags flags) {
        jakarta.mail.Flags out = new jakarta.mail.Flags();
        for (String v : flags.values()) {
            switch (v) {
                case Flags.SEEN -> out.add(jakarta.mail.Flags.Flag.SEEN);
                case Flags.ANSWERED -> out.add(jakarta.mail.Flags.Flag.ANSWERED);
                case Flags.FLAGGED -> out.add(jakarta.mail.Flags.Flag.FLAGGED);
                case Flags.DELETED -> out.add(jakarta.mail.Flags.Flag.DELETED);
                case Flags.DRAFT -> out.add(jakarta.mail.Flags.Flag.DRAFT);
                default -> out.add(v);
            }
        }
        return out;
    }
}
