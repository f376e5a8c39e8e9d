package org.backsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The CLI's logging: WARN and above on standard error (progress and results are the display's job), DEBUG for
 * backsync with {@code --verbose}; Angus's java.util.logging goes through SLF4J.
 */
final class Logging {
    private Logging() {}

    static void configure(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        boolean verbose = Arrays.stream(args).anyMatch(a -> a.equals("--verbose") || a.equals("-v"));
        if (verbose && LoggerFactory.getLogger("org.backsync") instanceof Logger backsync) {
            backsync.setLevel(Level.DEBUG);
        }
    }
}
