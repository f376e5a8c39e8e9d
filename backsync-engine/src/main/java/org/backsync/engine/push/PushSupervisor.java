package org.backsync.engine.push;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.backsync.FolderPath;
import org.backsync.engine.config.AccountConfig;
import org.backsync.engine.config.EngineConfig;
import org.backsync.spi.PushChannel;

/**
 * Runs a {@link FolderWatch} for each configured push folder of each account, each on its own virtual thread, until
 * {@link #close()}. Accounts with no push folders are left to their Send/Receive schedule.
 */
public final class PushSupervisor implements AutoCloseable {
    private final List<FolderWatch> watches = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public PushSupervisor(EngineConfig config, PushChannel.Factory channels, PushEvents events, InstantSource clock) {
        this(config, new FolderWatch.Setup(channels, config.push(), events, Sleeper.REAL, clock));
    }

    PushSupervisor(EngineConfig config, FolderWatch.Setup setup) {
        for (AccountConfig a : config.accounts().values()) {
            for (FolderPath f : a.push()) {
                watches.add(new FolderWatch(a.id(), f, setup));
            }
        }
    }

    /** Starts every watch. */
    public void start() {
        for (FolderWatch w : watches) {
            threads.add(Thread.ofVirtual().name("backsync-push").start(w));
        }
    }

    @Override
    public void close() {
        watches.forEach(FolderWatch::stop);
        threads.forEach(Thread::interrupt);
    }
}
