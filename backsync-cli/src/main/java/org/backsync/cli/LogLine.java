package org.backsync.cli;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One log line as the pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n} writes it (the stack trace of an
 * exception after it), formatted by hand: logback's {@code PatternLayout} builds its table of converters and parses
 * the pattern on every start (about 11 ms of a one-shot command), for lines the CLI writes only when something is
 * wrong.
 */
public final class LogLine extends LayoutBase<ILoggingEvent> {
    private final TargetLengthBasedClassNameAbbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(20);

    @Override
    public String doLayout(ILoggingEvent event) {
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
        StringBuilder b = new StringBuilder(128);
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2).append('.');
        digits(b, t.getNano() / 1_000_000, 3).append(' ');
        String level = event.getLevel().toString();
        b.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
        b.append(abbreviator.abbreviate(event.getLoggerName())).append(" - ");
        b.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            b.append(ThrowableProxyUtil.asString(thrown));
        }
        return b.toString();
    }

    private static StringBuilder digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        return b.append("0".repeat(Math.max(0, width - s.length()))).append(s);
    }
}
