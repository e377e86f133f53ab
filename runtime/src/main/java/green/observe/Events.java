package green.observe;

/**
 * Emits green's JFR events. Every method is safe where JFR is absent (a runtime image without
 * {@code jdk.jfr}): the first failure to link switches the events off for good.
 *
 * <p>Any thread.
 */
public final class Events {

    private static volatile boolean available = true;

    private Events() {
        throw new UnsupportedOperationException();
    }

    static void hubStall(String fiber, long heldMillis, String stack) {
        if (available) {
            try {
                HubStallEvent event = new HubStallEvent();
                event.fiber = fiber;
                event.heldMillis = heldMillis;
                event.stack = stack;
                event.commit();
            } catch (LinkageError e) {
                available = false;
            }
        }
    }

    /** A pinned fiber fell back to waiting on its carrier. Called on that fiber. */
    public static void pinnedFallback(Thread fiber) {
        if (available) {
            try {
                PinnedFallbackEvent event = new PinnedFallbackEvent();
                if (event.shouldCommit()) {
                    event.fiber = fiber.getName();
                    event.commit();
                }
            } catch (LinkageError e) {
                available = false;
            }
        }
    }

    /** A fiber started, spawned by {@code parent}. Called on the fiber; costs nothing while the event is off. */
    public static void fiberStart(Thread fiber, Thread parent) {
        if (available) {
            try {
                FiberStartEvent event = new FiberStartEvent();
                if (event.shouldCommit()) {
                    event.fiber = fiber.getName();
                    event.parent = parent.getName();
                    event.commit();
                }
            } catch (LinkageError e) {
                available = false;
            }
        }
    }

    /** A fiber ended. Called on the fiber; costs nothing while the event is off. */
    public static void fiberEnd(Thread fiber) {
        if (available) {
            try {
                FiberEndEvent event = new FiberEndEvent();
                if (event.shouldCommit()) {
                    event.fiber = fiber.getName();
                    event.commit();
                }
            } catch (LinkageError e) {
                available = false;
            }
        }
    }

    /** The agent installed (or not) one patch. Called by the agent on the installing thread. */
    public static void patchInstalled(String patch, boolean took, String detail) {
        if (available) {
            try {
                PatchInstalledEvent event = new PatchInstalledEvent();
                event.patch = patch;
                event.took = took;
                event.detail = detail;
                event.commit();
            } catch (LinkageError e) {
                available = false;
            }
        }
    }
}
