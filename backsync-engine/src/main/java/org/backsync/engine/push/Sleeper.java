package org.backsync.engine.push;

import java.time.Duration;

/** Waits between reconnects; injected so that tests do not wait. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d);
}
