package green.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Emits green's JFR events. Nothing of JFR beyond one listener is touched until the JVM's flight
 * recorder exists: the first use of an event class costs about 240 ms of class loading and
 * instrumentation on this machine (measured, benchmarks/README.md), a price only a program that
 * records should pay. The patch table is emitted at every chunk of every recording, so a recording
 * started at launch or later with {@code jcmd JFR.start} holds it. Every method is safe where JFR
 * is absent (a runtime image without {@code jdk.jfr}): the first failure to link switches the events
 * off for good.
 *
 * <p>Any thread.
 */
public final class JfrEvents {

    private record InstalledPatch(String name, boolean took, String detail) {}

    private static final List<InstalledPatch> PATCHES = new CopyOnWriteArrayList<>();
    private static volatile boolean available = true;
    private static volatile boolean recorderUp;
    private static boolean watching;

    private JfrEvents() {
        throw new UnsupportedOperationException();
    }

    /** Watches for the flight recorder; idempotent. Called when a hub starts and when the agent reports its patches. */
    static synchronized void watchRecorder() {
        if (available && !watching) {
            watching = true;
            try {
                FlightRecorder.addListener(new FlightRecorderListener() {
                    @Override
                    public void recorderInitialized(FlightRecorder recorder) {
                        onRecorder();
                    }
                });
            } catch (LinkageError e) {
                available = false;
            }
        }
    }

    private static void onRecorder() {
        try {
            FlightRecorder.addPeriodicEvent(PatchInstalledEvent.class, JfrEvents::emitPatches);
            recorderUp = true;
        } catch (LinkageError | RuntimeException e) {
            available = false;
        }
    }

    private static boolean on() {
        return recorderUp && available;
    }

    static void hubStall(String fiber, long heldMillis, String stack) {
        if (on()) {
            HubStallEvent event = new HubStallEvent();
            event.fiber = fiber;
            event.heldMillis = heldMillis;
            event.stack = stack;
            event.commit();
        }
    }

    /** A pinned fiber fell back to waiting on its carrier. Called on that fiber. */
    static void pinnedFallback(Thread fiber) {
        if (on()) {
            PinnedFallbackEvent event = new PinnedFallbackEvent();
            if (event.shouldCommit()) {
                event.fiber = fiber.getName();
                event.commit();
            }
        }
    }

    /** A fiber started, spawned by {@code parent}. Called on the fiber; costs a volatile read while the event is off. */
    static void fiberStart(Thread fiber, Thread parent) {
        if (on()) {
            FiberStartEvent event = new FiberStartEvent();
            if (event.shouldCommit()) {
                event.fiber = fiber.getName();
                event.parent = parent.getName();
                event.commit();
            }
        }
    }

    /** A fiber ended. Called on the fiber; costs a volatile read while the event is off. */
    static void fiberEnd(Thread fiber) {
        if (on()) {
            FiberEndEvent event = new FiberEndEvent();
            if (event.shouldCommit()) {
                event.fiber = fiber.getName();
                event.commit();
            }
        }
    }

    /** The agent installed (or not) one patch; recordings see it at every chunk. Called by the agent. */
    public static void patchInstalled(String patch, boolean took, String detail) {
        PATCHES.add(new InstalledPatch(patch, took, detail));
        watchRecorder(); // a program that never starts a hub still shows its patch table
    }

    private static void emitPatches() {
        for (InstalledPatch p : PATCHES) {
            PatchInstalledEvent event = new PatchInstalledEvent();
            event.patch = p.name();
            event.took = p.took();
            event.detail = p.detail();
            event.commit();
        }
    }
}
