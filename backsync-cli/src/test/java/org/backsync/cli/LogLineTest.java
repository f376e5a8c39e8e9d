package org.backsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The hand-made log line is the one the pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n} wrote. */
class LogLineTest {
    private final LoggerContext context = new LoggerContext();

    private PatternLayout pattern() {
        PatternLayout p = new PatternLayout();
        p.setContext(context);
        p.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        p.start();
        return p;
    }

    private LogLine testSubject() {
        LogLine line = new LogLine();
        line.setContext(context);
        line.start();
        return line;
    }

    private LoggingEvent event(Level level, String logger, String message, Throwable thrown, Object... args) {
        Logger l = context.getLogger(logger);
        LoggingEvent e = new LoggingEvent(Logger.FQCN, l, level, message, thrown, args);
        e.setTimeStamp(1_795_460_047_007L);
        return e;
    }

    @Test
    void aLineIsTheSameAsThePatternLayoutsForEveryLevel() {
        for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}) {
            LoggingEvent e = event(level, "org.backsync.core.SyncSession", "sync {} done in {}", null, "sync-1", 3);

            assertThat(testSubject().doLayout(e)).isEqualTo(pattern().doLayout(e));
        }
    }

    @Test
    void aShortLoggerNameIsKeptAndAnExceptionFollowsWithItsStackTrace() {
        LoggingEvent e = event(Level.WARN, "Main", "failed", new IllegalStateException("boom"));

        String line = testSubject().doLayout(e);

        assertThat(line).isEqualTo(pattern().doLayout(e));
        assertThat(line).contains(" WARN  Main - failed").contains("java.lang.IllegalStateException: boom\n\tat ");
    }
}
