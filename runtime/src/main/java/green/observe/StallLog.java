package green.observe;

import java.util.List;

/**
 * What is done with a stall the hub's watchdog saw (a fiber that held the loop longer than
 * {@code green.maxBlocking}): one log line with the fiber's name, how long, and its stack at that
 * moment, then one when the loop moves again, saying whether a relief thread took it over; the JFR
 * event {@code green.HubStall}; the {@link Stalls} listeners; and the MXBean's stall figures. The
 * log lines are WARNINGs (printed on stderr by default) only when the user set
 * {@code green.maxBlocking} or {@code green.debug}: otherwise they are DEBUG, because a cold JVM
 * loading classes in a fiber crosses 100 ms easily, and a patched program must print what the
 * unpatched one prints.
 *
 * <p>{@link #stall} on the watchdog thread; the figures from any thread.
 */
final class StallLog {

    private static final System.Logger LOG = System.getLogger("green.watchdog");

    private final System.Logger.Level level;
    private final long maxBlockingMillis;
    private volatile long maxStallMillis;
    private volatile long lastStallMillis;

    /**
     * @param loud whether to report at WARNING (on stderr by default) or DEBUG: a program's stderr
     *     is part of what it does, so green adds to it only when asked to
     */
    StallLog(long maxBlockingMillis, boolean loud) {
        this.maxBlockingMillis = maxBlockingMillis;
        this.level = loud ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
    }

    void stall(String fiber, long heldMillis, StackTraceElement[] stack, boolean ended, boolean relieved) {
        if (heldMillis < maxBlockingMillis) {
            return; // relieved before it was a stall
        }
        maxStallMillis = Math.max(maxStallMillis, heldMillis);
        if (ended) {
            lastStallMillis = heldMillis;
            LOG.log(level, relieved
                    ? "green: fiber '" + fiber + "' let go of its thread after about " + heldMillis
                            + " ms; a relief thread had taken over the loop, so the other fibers ran meanwhile"
                    : "green: the hub moved again after about " + heldMillis + " ms held by fiber '" + fiber + "'");
        } else {
            String text = FiberDump.stack(stack);
            LOG.log(level, "green: fiber '" + fiber + "' has held the hub for " + heldMillis
                    + " ms (green.maxBlocking=" + maxBlockingMillis + " ms); "
                    + (relieved ? "a relief thread runs the loop meanwhile" : "every other fiber waits") + ". Its stack:\n" + text);
            JfrEvents.hubStall(fiber, heldMillis, text);
        }
        Stalls.publish(new Stall(fiber, heldMillis, List.of(stack), ended, relieved));
    }

    /** The longest stall seen so far, in ms (0: none over the threshold). */
    long maxStallMillis() {
        return maxStallMillis;
    }

    /** The most recent stall over the threshold, in ms. */
    long lastStallMillis() {
        return lastStallMillis;
    }
}
