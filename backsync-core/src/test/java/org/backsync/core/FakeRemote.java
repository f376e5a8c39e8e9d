package org.backsync.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.backsync.FolderPath;
import org.backsync.spi.Flags;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SpecialUse;
import org.backsync.spi.Uid;
import org.backsync.testing.FakeMailServer;
import org.backsync.testing.RecordedCommand;

/** The scenario harness's server on the shared {@link FakeMailServer}. */
final class FakeRemote implements RemoteSide {
    final FakeMailServer server;

    FakeRemote(FakeMailServer server) {
        this.server = server;
    }

    @Override
    public MailProvider.Factory factory() {
        return server.factory();
    }

    @Override
    public void createFolder(FolderPath path, Optional<SpecialUse> use) {
        server.createFolder(path, use.orElse(null));
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) {
        server.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(FolderPath path) {
        server.deleteFolder(path);
    }

    @Override
    public void deliver(FolderPath folder, byte[] content, Flags flags, Instant internalDate) {
        server.deliver(folder, content, flags, internalDate);
    }

    @Override
    public void setFlags(FolderPath folder, Uid uid, Flags flags) {
        server.setFlags(folder, uid, flags);
    }

    @Override
    public void expunge(FolderPath folder, Uid uid) {
        server.expunge(folder, uid);
    }

    @Override
    public void changeUidValidity(FolderPath folder) {
        server.changeUidValidity(folder);
    }

    @Override
    public List<FolderPath> folders() {
        return server.folders();
    }

    @Override
    public List<Held> messages() {
        List<Held> out = new ArrayList<>();
        for (FolderPath p : server.folders()) {
            for (Uid u : server.uids(p)) {
                out.add(new Held(p, u, server.content(p, u), server.flags(p, u)));
            }
        }
        return out;
    }

    @Override
    public List<String> commandNames() {
        return server.commands().stream()
                .map(RecordedCommand::name)
                .map(RemoteSide::normalize)
                .toList();
    }

    @Override
    public void close() {}
}
