package green.hooks;

import green.hub.Hub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Entry points for the {@code sleep} patch: call sites of {@code Thread.sleep} and
 * {@code TimeUnit.sleep} in application classes are rewritten to these. A fiber sleeps on a hub
 * timer (no JDK timer thread); any other thread sleeps exactly as before. Argument checks and
 * interrupt behaviour are the JDK's, so a patched program sees the same exceptions.
 *
 * <p>Called on any thread.
 */
public final class SleepHook {

    private SleepHook() {
        throw new UnsupportedOperationException();
    }

    /** {@link Thread#sleep(long)}. */
    public static void sleep(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        Hub hub = fiberHub();
        if (hub == null) {
            Thread.sleep(millis);
        } else {
            sleepOnHub(hub, TimeUnit.MILLISECONDS.toNanos(millis));
        }
    }

    /** {@link Thread#sleep(long, int)}. */
    public static void sleep(long millis, int nanos) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        Hub hub = fiberHub();
        if (hub == null) {
            Thread.sleep(millis, nanos);
        } else {
            sleepOnHub(hub, saturatedAdd(TimeUnit.MILLISECONDS.toNanos(millis), nanos));
        }
    }

    /** {@link Thread#sleep(Duration)}. */
    public static void sleep(Duration duration) throws InterruptedException {
        Hub hub = fiberHub();
        if (hub == null) {
            Thread.sleep(duration);
            return;
        }
        long nanos = TimeUnit.NANOSECONDS.convert(duration); // saturates, and throws NPE as the JDK does
        if (nanos >= 0) {
            sleepOnHub(hub, nanos);
        }
    }

    /** {@code unit.sleep(timeout)}: does nothing for a non-positive timeout, as {@link TimeUnit#sleep} does. */
    public static void sleep(TimeUnit unit, long timeout) throws InterruptedException {
        Hub hub = fiberHub();
        if (hub == null) {
            unit.sleep(timeout);
        } else if (timeout > 0) {
            sleepOnHub(hub, unit.toNanos(timeout));
        }
    }

    /**
     * Sleeps on the hub. An interrupted program thread gets the exception its platform thread
     * would have got, whose message the VM sets ("sleep interrupted"); a virtual thread's has none.
     */
    private static void sleepOnHub(Hub hub, long nanos) throws InterruptedException {
        try {
            hub.sleepNanos(nanos);
        } catch (InterruptedException e) {
            if (ThreadHook.standsForProgramThread(Thread.currentThread())) {
                throw new InterruptedException("sleep interrupted");
            }
            throw e;
        }
    }

    private static Hub fiberHub() {
        return Hub.joined();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
