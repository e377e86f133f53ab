package green.observe;

import green.hub.Hub;
import java.util.concurrent.TimeUnit;

/**
 * Notices a fiber that holds the hub too long (gevent's {@code max_blocking_time}): on one hub
 * thread, a CPU loop, a file read or a JNI call in one fiber stalls every other. It samples the hub's task counter every quarter of
 * {@code green.maxBlocking} (never faster than 5 ms): the same count twice while a task runs
 * means one task has held the hub since the first sample. It reports once per incident, with the
 * fiber's name, how long, and its stack at that moment, through {@code System.Logger}
 * ({@code green.watchdog}, WARNING) and the JFR event {@code green.HubStall}; then one line when
 * the hub moves again. The hub pays two opaque stores per task for this, nothing else.
 *
 * <p>{@link #run()} on the {@code green-watchdog} thread ({@link Observability}); {@link #maxStallMillis()}
 * and {@link #lastStallMillis()} from any thread.
 */
public final class Watchdog implements Runnable {

    private static final System.Logger LOG = System.getLogger("green.watchdog");

    private final Hub hub;
    private final long maxBlockingNanos;
    private final long periodMillis;
    private volatile long maxStallMillis;
    private volatile long lastStallMillis;

    Watchdog(Hub hub, long maxBlockingMillis) {
        this.hub = hub;
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

    @Override
    public void run() {
        long seenSwitches = -1;
        long seenSinceNanos = 0;
        String reported = null; // the fiber of the incident being reported, null between incidents
        for (;;) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long switches = hub.switchesStarted();
            long now = System.nanoTime();
            if (hub.inTask() && switches == seenSwitches) {
                long heldNanos = now - seenSinceNanos;
                if (reported == null && heldNanos >= maxBlockingNanos) {
                    reported = report(TimeUnit.NANOSECONDS.toMillis(heldNanos));
                }
                continue;
            }
            if (reported != null) {
                long stallMillis = TimeUnit.NANOSECONDS.toMillis(now - seenSinceNanos);
                lastStallMillis = stallMillis;
                maxStallMillis = Math.max(maxStallMillis, stallMillis);
                LOG.log(System.Logger.Level.WARNING, "green: the hub moved again after about " + stallMillis
                        + " ms held by fiber '" + reported + "'");
                reported = null;
            }
            seenSwitches = switches;
            seenSinceNanos = now;
        }
    }

    /** Reports the fiber holding the hub now; returns its name. */
    private String report(long heldMillis) {
        Thread fiber = hub.runningFiber();
        String name = fiber == null ? "(not a fiber: a task of the hub itself)" : fiber.getName();
        String stack = fiber == null ? "" : FiberDump.stack(fiber.getStackTrace());
        LOG.log(System.Logger.Level.WARNING, "green: fiber '" + name + "' has held the hub for " + heldMillis
                + " ms (green.maxBlocking=" + TimeUnit.NANOSECONDS.toMillis(maxBlockingNanos)
                + " ms); every other fiber waits. Its stack:\n" + stack);
        Events.hubStall(name, heldMillis, stack);
        maxStallMillis = Math.max(maxStallMillis, heldMillis);
        return name;
    }
}
