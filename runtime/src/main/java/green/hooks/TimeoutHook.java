package green.hooks;

import green.hub.Hub;
import java.util.concurrent.TimeUnit;

/**
 * Entry point for the {@code sleep} patch's hook on {@code java.lang.VirtualThread.schedule}, by
 * which a virtual thread that parks with a time limit ({@code LockSupport.parkNanos},
 * {@code Object.wait(ms)}, {@code Condition.await(t)}, {@code BlockingQueue.poll(t)}, a timed
 * {@code join}) arranges to be woken. For the JDK's default scheduler that is a task on its
 * ForkJoinPool; for any other it is one of a few {@code VirtualThread-unparker} platform threads,
 * whose hand-off costs two thread switches per time-out. A fiber's time-out goes on its hub's
 * timers instead, where the loop fires it between tasks.
 *
 * <p>Called on the carrier that has just unmounted the virtual thread: the loop's thread for a
 * fiber on the loop, a relief thread for one beside it.
 */
public final class TimeoutHook {

    private TimeoutHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * {@code VirtualThread.schedule(task, delay, unit)}: a {@code Future} of a hub timer when
     * {@code virtualThread} is a fiber of the hub, else null (the JDK body runs).
     */
    public static Object schedule(Object virtualThread, Runnable task, long delay, TimeUnit unit) {
        Hub hub = Hub.existing();
        return hub != null && hub.schedules((Thread) virtualThread) ? hub.schedule(task, delay, unit) : null;
    }
}
