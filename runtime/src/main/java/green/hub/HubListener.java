package green.hub;

/**
 * Told of what a hub does that a recording may want: fibers starting and ending, pinned waits, a
 * stall, a relief. Installed when the hub starts ({@link Hub#whenStarted}); the JFR events are one
 * implementation. Calls are made on the thread where the thing happens (the fiber itself, or the
 * watchdog): they must be quick and must not block.
 */
public interface HubListener {

    /** A fiber started, spawned by {@code parent}; called on the fiber. */
    default void fiberStarted(Thread fiber, Thread parent) {
    }

    /** A fiber ended; called on the fiber. */
    default void fiberEnded(Thread fiber) {
    }

    /** A pinned fiber could not park on the hub and waits on its carrier instead; called on the fiber. */
    default void pinnedFallback(Thread fiber) {
    }

    /**
     * A fiber has held its thread, the loop's, longer than {@code green.maxBlocking} without
     * yielding ({@code ended} false, with its stack at that moment), or it let go after it had
     * ({@code ended} true, the total); {@code relieved} says whether another thread took over the
     * loop meanwhile, so that only this fiber's own thread was held. Called on the watchdog thread.
     */
    default void stall(String fiber, long heldMillis, StackTraceElement[] stack, boolean ended, boolean relieved) {
    }

    /** The watchdog took a sample (at least every 250 ms); for work a watcher does now and then. */
    default void watched() {
    }
}
