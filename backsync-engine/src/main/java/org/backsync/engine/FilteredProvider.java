package org.backsync.engine;

import java.util.List;
import org.backsync.engine.config.FolderFilter;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.MailProvider;
import org.backsync.spi.RemoteFolder;
import org.backsync.spi.SyncException;

/**
 * An account's {@code folders.include / exclude} applied where the core learns the server's folders: {@link
 * #listFolders()} leaves out every folder the filter rejects, so no phase ever selects it. Everything else is passed
 * through unchanged.
 */
final class FilteredProvider extends ForwardingMailProvider {
    private final FolderFilter filter;

    FilteredProvider(MailProvider inner, FolderFilter filter) {
        super(inner);
        this.filter = filter;
    }

    @Override
    public List<RemoteFolder> listFolders() throws SyncException {
        return delegate.listFolders().stream()
                .filter(f -> filter.accepts(f.path()))
                .toList();
    }
}
