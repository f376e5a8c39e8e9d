package org.backsync.testing;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FaultProxy} does to one connection: at most one fault, in one direction, once a byte offset is reached.
 *
 * <p>The offset counts the bytes forwarded in the plan's direction, from the start of the connection, or, with {@link
 * #afterClientLine}, from the end of the first client line matching a pattern (so a test can say "cut the server's
 * reply 300 bytes after the client sent {@code UID FETCH}"). Offset 0 fires before the first byte is forwarded; a cut
 * or reset at offset 0 with no pattern refuses the connection before the proxy contacts the server.
 *
 * <ul>
 *   <li>{@link Action#PASS}: forward everything.
 *   <li>{@link Action#CUT}: close both sockets normally (FIN) once {@code offset} bytes have passed.
 *   <li>{@link Action#RESET}: close both sockets with {@code SO_LINGER 0}, so each peer sees a TCP reset.
 *   <li>{@link Action#STALL}: stop forwarding in that direction and keep the connection open until the proxy closes.
 *   <li>{@link Action#SLOW}: from {@code offset} on, forward at most {@code bytesPerSecond}.
 *   <li>{@link Action#GARBAGE}: insert {@code garbage} at {@code offset}, then keep forwarding.
 * </ul>
 */
public final class FaultPlan {
    /** The fault to apply. */
    public enum Action {
        PASS,
        CUT,
        RESET,
        STALL,
        SLOW,
        GARBAGE
    }

    /** Which way the bytes flow. */
    public enum Direction {
        CLIENT_TO_SERVER,
        SERVER_TO_CLIENT
    }

    private static final FaultPlan PASS =
            new FaultPlan(Action.PASS, Direction.SERVER_TO_CLIENT, 0, null, 0, new byte[0]);

    private final Action action;
    private final Direction direction;
    private final long offset;
    private final Optional<Pattern> trigger;
    private final int bytesPerSecond;
    private final byte[] garbage;

    private FaultPlan(
            Action action, Direction direction, long offset, @Nullable Pattern trigger, int rate, byte[] garbage) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
        this.action = action;
        this.direction = Objects.requireNonNull(direction, "direction");
        this.offset = offset;
        this.trigger = Optional.ofNullable(trigger);
        this.bytesPerSecond = rate;
        this.garbage = garbage;
    }

    /** Forwards everything unchanged. */
    public static FaultPlan pass() {
        return PASS;
    }

    /** Closes the connection (FIN both ways) after {@code offset} bytes in {@code direction}. */
    public static FaultPlan cut(Direction direction, long offset) {
        return new FaultPlan(Action.CUT, direction, offset, null, 0, new byte[0]);
    }

    /** Cuts at an offset drawn uniformly from {@code [0, bound)}; {@link #offset()} tells which. */
    public static FaultPlan cutAtRandom(Direction direction, long bound, RandomGenerator random) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound < 1: " + bound);
        }
        return cut(direction, random.nextLong(bound));
    }

    /** Resets the connection (RST both ways, {@code SO_LINGER 0}) after {@code offset} bytes in {@code direction}. */
    public static FaultPlan reset(Direction direction, long offset) {
        return new FaultPlan(Action.RESET, direction, offset, null, 0, new byte[0]);
    }

    /** Accepts the connection and resets it at once, without contacting the server. */
    public static FaultPlan refuse() {
        return reset(Direction.CLIENT_TO_SERVER, 0);
    }

    /** Stops forwarding in {@code direction} after {@code offset} bytes; the connection stays open. */
    public static FaultPlan stall(Direction direction, long offset) {
        return new FaultPlan(Action.STALL, direction, offset, null, 0, new byte[0]);
    }

    /** Forwards {@code direction} at no more than {@code bytesPerSecond}, from the first byte. */
    public static FaultPlan slow(Direction direction, int bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond < 1: " + bytesPerSecond);
        }
        return new FaultPlan(Action.SLOW, direction, 0, null, bytesPerSecond, new byte[0]);
    }

    /** Inserts {@code bytes} into {@code direction} after {@code offset} bytes, then keeps forwarding. */
    public static FaultPlan garbage(Direction direction, long offset, byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("no garbage bytes");
        }
        return new FaultPlan(Action.GARBAGE, direction, offset, null, 0, bytes.clone());
    }

    /**
     * This plan, but its offset counts from the end of the first client line that contains a match of {@code regex}
     * (case-insensitive), for example {@code "UID FETCH"} or {@code "^DATA$"}.
     */
    public FaultPlan afterClientLine(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        return new FaultPlan(action, direction, offset, p, bytesPerSecond, garbage);
    }

    public Action action() {
        return action;
    }

    public Direction direction() {
        return direction;
    }

    public long offset() {
        return offset;
    }

    public Optional<Pattern> trigger() {
        return trigger;
    }

    public int bytesPerSecond() {
        return bytesPerSecond;
    }

    public byte[] garbage() {
        return garbage.clone();
    }

    boolean refusesAtAccept() {
        return (action == Action.CUT || action == Action.RESET) && offset == 0 && trigger.isEmpty();
    }

    @Override
    public String toString() {
        String after =
                trigger.map(p -> " after client line /" + p.pattern() + "/").orElse("");
        return switch (action) {
            case PASS -> "pass";
            case SLOW -> "slow " + direction + " to " + bytesPerSecond + " B/s" + after;
            case GARBAGE -> "garbage " + direction + " at " + offset + " (" + garbage.length + " bytes)" + after;
            case CUT, RESET, STALL ->
                action.name().toLowerCase(Locale.ROOT) + " " + direction + " at " + offset + after;
        };
    }
}
