package org.backsync.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.backsync.FolderPath;
import org.backsync.spi.BatchSink;
import org.backsync.spi.ForwardingMailProvider;
import org.backsync.spi.MailProvider;
import org.backsync.spi.SyncException;
import org.backsync.spi.Uid;

/**
 * A provider that fetches in small chunks with a pause before each, as a distant server would, so that a browser can
 * watch a progress bar move. The pause ends early on {@link #abort()}, which is how cancel reaches a blocked read.
 * Every other call goes straight to the wrapped provider.
 */
final class PacedMailProvider extends ForwardingMailProvider {
    private final int chunk;
    private final Duration pause;
    private final CountDownLatch aborted = new CountDownLatch(1);

    private PacedMailProvider(MailProvider delegate, int chunk, Duration pause) {
        super(delegate);
        this.chunk = chunk;
        this.pause = pause;
    }

    static MailProvider.Factory pacing(MailProvider.Factory factory, int chunk, Duration pause) {
        return account -> new PacedMailProvider(factory.open(account), chunk, pause);
    }

    @Override
    public void fetch(FolderPath folder, List<Uid> uids, boolean headersOnly, BatchSink sink) throws SyncException {
        for (int i = 0; i < uids.size(); i += chunk) {
            try {
                aborted.await(pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delegate.fetch(folder, uids.subList(i, Math.min(uids.size(), i + chunk)), headersOnly, sink);
        }
    }

    @Override
    public void abort() {
        aborted.countDown();
        delegate.abort();
    }
}
