package org.backsync.imap;

import java.util.List;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.Uid;
import org.backsync.testing.DovecotServer;
import org.backsync.testing.MailProviderContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider contract against a private Dovecot (CONDSTORE, QRESYNC, UIDPLUS, MOVE, SPECIAL-USE). */
class ImapProviderDovecotIT implements MailProviderContract {
    @RegisterExtension
    static final DovecotServer dovecot = new DovecotServer();

    @Override
    public MailProvider.Factory providerFactory() {
        return ImapProvider.factory(ImapSettings.loopback(dovecot.port(), dovecot.user(), dovecot.password()));
    }

    @Override
    public void createFolderOnServer(FolderPath folder) {
        dovecot.createMailbox(folder);
    }

    @Override
    public Uid deliver(FolderPath folder, byte[] message, Flags flags) {
        return dovecot.save(folder, message, flags);
    }

    @Override
    public void setFlagsOnServer(FolderPath folder, Uid uid, Flags flags) {
        dovecot.replaceFlags(folder, uid, flags);
    }

    @Override
    public void expungeOnServer(FolderPath folder, Uid uid) {
        dovecot.expunge(folder, uid);
    }

    @Override
    public List<Uid> uidsOnServer(FolderPath folder) {
        return dovecot.uids(folder);
    }

    @Override
    public Flags flagsOnServer(FolderPath folder, Uid uid) {
        return dovecot.flags(folder, uid);
    }

    @Override
    public void changeUidValidityOnServer(FolderPath folder) {
        long current = dovecot.statusField(folder, "uidvalidity");
        dovecot.updateUidValidity(folder, current + 1000);
    }
}
