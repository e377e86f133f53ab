package green.hub;

import java.util.Collection;
import java.util.Map;

/**
 * What a watcher may read of a hub (the watchdog, the MXBean, the fiber dump): the observability
 * package depends on this view, never on the hub's internals, and the hub on nothing of it.
 *
 * <p>Every method may be called from any thread; figures read off the loop are approximate.
 */
public interface HubView {

    /** The hub's own platform thread, {@code green-hub}, which runs the loop unless it is relieved. */
    Thread thread();

    /** The thread running the loop now: the hub's thread, or a relief thread while it is held. */
    Thread loopThread();

    /** A snapshot of the counters. */
    HubStats stats();

    /** What the hub knows of each fiber alive now. */
    Collection<FiberRecord> fibers();

    /**
     * The fibers in one of the hub's own waits, each with what it waits on and for how long:
     * "fd 12 read for 30 ms", "timer for 998 ms". Read off the loop's tables while it runs, without
     * stopping it: a sample, which may miss a wait that began or ended meanwhile.
     */
    Map<Thread, String> waits();

    /** The fiber running on the loop's thread at this moment, or null. */
    Thread runningFiber();

    /**
     * Tasks started so far on the loop (fiber continuations and the hub's own), and whether one is
     * running: two samples with the same count while a task runs mean that one task has held the
     * loop all along.
     */
    long tasksStarted();

    /** Whether the loop's thread is running a task now (not the loop's own code). */
    boolean inTask();
}
