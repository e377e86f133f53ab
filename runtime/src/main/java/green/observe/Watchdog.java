package green.observe;

import green.hub.Hub;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Notices a fiber that holds the hub too long (gevent's {@code max_blocking_time}): on one hub
 * thread, a CPU loop, a file read or a JNI call in one fiber stalls every other. It samples the hub's task counter every quarter of
 * {@code green.maxBlocking} (never faster than 5 ms): the same count twice while a task runs
 * means one task has held the hub since the first sample. It reports once per incident, with the
 * fiber's name, how long, and its stack at that moment, as the JFR event {@code green.HubStall}
 * and through {@code System.Logger} ({@code green.watchdog}); then one line when the hub moves
 * again. The log lines are WARNINGs (printed on stderr by default) only when the user set
 * {@code green.maxBlocking} or {@code green.debug}: otherwise they are DEBUG, because a cold JVM
 * loading classes in a fiber crosses 100 ms easily, and a patched program must print what the
 * unpatched one prints. The hub pays two opaque stores per task for this, nothing else.
 *
 * <p>{@link #sample()} on the {@code green-watchdog} thread ({@link Observability}); {@link #maxStallMillis()}
 * and {@link #lastStallMillis()} from any thread.
 */
public final class Watchdog {

    private static final System.Logger LOG = System.getLogger("green.watchdog");

    private final Hub hub;
    private final System.Logger.Level level;
    private final long maxBlockingNanos;
    private final long periodMillis;
    private volatile long maxStallMillis;
    private volatile long lastStallMillis;
    // Sampling state, touched by the watchdog thread only.
    private long seenSwitches = -1;
    private long seenSinceNanos;
    private String reported; // the fiber of the incident being reported, null between incidents
    private List<StackTraceElement> reportedStack = List.of();

    /**
     * @param loud whether to report at WARNING (on stderr by default) or DEBUG: a program's stderr
     *     is part of what it does, so green adds to it only when asked to
     */
    Watchdog(Hub hub, long maxBlockingMillis, boolean loud) {
        this.hub = hub;
        this.level = loud ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        this.maxBlockingNanos = TimeUnit.MILLISECONDS.toNanos(maxBlockingMillis);
        this.periodMillis = Math.max(5, maxBlockingMillis / 4);
    }

    /** The longest stall seen so far, in ms (0: none over the threshold). */
    public long maxStallMillis() {
        return maxStallMillis;
    }

    /** The most recent stall over the threshold, in ms. */
    public long lastStallMillis() {
        return lastStallMillis;
    }

    /** How often {@link #sample()} must be called. */
    long periodMillis() {
        return periodMillis;
    }

    /** Takes one sample of the hub; called every {@link #periodMillis()} by the watchdog thread. */
    void sample() {
        long switches = hub.switchesStarted();
        long now = System.nanoTime();
        if (hub.inTask() && switches == seenSwitches) {
            long heldNanos = now - seenSinceNanos;
            if (reported == null && heldNanos >= maxBlockingNanos) {
                reported = report(TimeUnit.NANOSECONDS.toMillis(heldNanos));
            }
            return;
        }
        if (reported != null) {
            long stallMillis = TimeUnit.NANOSECONDS.toMillis(now - seenSinceNanos);
            lastStallMillis = stallMillis;
            maxStallMillis = Math.max(maxStallMillis, stallMillis);
            LOG.log(level, "green: the hub moved again after about " + stallMillis
                    + " ms held by fiber '" + reported + "'");
            Stalls.publish(new Stall(reported, stallMillis, reportedStack, true));
            reported = null;
            reportedStack = List.of();
        }
        seenSwitches = switches;
        seenSinceNanos = now;
    }

    /** Reports the fiber holding the hub now; returns its name. */
    private String report(long heldMillis) {
        Thread fiber = hub.runningFiber();
        String name = fiber == null ? "(not a fiber: a task of the hub itself)" : fiber.getName();
        StackTraceElement[] frames = fiber == null ? new StackTraceElement[0] : fiber.getStackTrace();
        String stack = FiberDump.stack(frames);
        LOG.log(level, "green: fiber '" + name + "' has held the hub for " + heldMillis
                + " ms (green.maxBlocking=" + TimeUnit.NANOSECONDS.toMillis(maxBlockingNanos)
                + " ms); every other fiber waits. Its stack:\n" + stack);
        Events.hubStall(name, heldMillis, stack);
        maxStallMillis = Math.max(maxStallMillis, heldMillis);
        reportedStack = List.of(frames);
        Stalls.publish(new Stall(name, heldMillis, reportedStack, false));
        return name;
    }
}
