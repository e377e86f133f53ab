package green.hub;

import green.observe.Events;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One wait of one fiber on its hub: "park by yield" (DESIGN.md section 4).
 *
 * <p>The fiber records the hold on its hub and calls {@link Thread#yield()}. If the fiber can
 * unmount, the JDK hands its continuation to {@link Hub#execute} on the hub thread, which keeps
 * it in the hold instead of queueing it and marks the virtual thread PARKED (TIMED_PARKED for a
 * timed hold), so an {@code interrupt()} or {@code unpark()} from anywhere resubmits it through
 * the JDK's own path. If
 * the fiber is pinned (inside a class initializer, under a native frame), {@code yield()} returns
 * without unmounting and {@link #park()} returns false: the caller must then wait in a way whose
 * waker is not the hub, because the hub thread is the one it would block.
 *
 * <pre>
 *   ARMED --(hub receives the continuation)--> SUSPENDED --(wake)--> WOKEN
 *   ARMED --(wake before the fiber unmounted)--> WOKEN  (the hub queues it on receipt)
 * </pre>
 *
 * A {@link #DEAF} hold (a program thread's socket wait) leaves the virtual thread YIELDED instead:
 * to the JDK it is runnable and queued, so an interrupt only sets its flag and park permit, and
 * its state reads {@code RUNNABLE}, as a platform thread's in a socket call does. Only the hub
 * resumes it, or the JDK when it resubmits a yielded thread (after taking its stack trace): a
 * spurious wake-up, which the waiting code re-checks like any other.
 *
 * A hold is used once. {@link #wake()} may be called from any thread, any number of times; a
 * fiber resumed by an interrupt may still be woken once more by a late waker, so every wait loop
 * re-checks its condition (as with {@code LockSupport.park}).
 */
public final class Hold implements Runnable {

    /** A wait without a time limit: the fiber reads as {@code WAITING}; interrupts and unparks wake it. */
    public static final int UNTIMED = 0;
    /** A wait with a time limit (a sleep, a timeout): the fiber reads as {@code TIMED_WAITING}. */
    public static final int TIMED = 1;
    /** A wait that interrupts and unparks do not end: the fiber reads as {@code RUNNABLE}. */
    public static final int DEAF = 2;

    private static final int ARMED = 0;
    private static final int SUSPENDED = 1;
    private static final int WOKEN = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Hold.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Hub hub;
    private final Thread fiber;
    private final int kind;
    private Runnable continuation;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /**
     * A hold for the current thread, which must be a fiber of {@code hub} mounted on it, of kind
     * {@link #UNTIMED}, {@link #TIMED} or {@link #DEAF}.
     */
    public Hold(Hub hub, int kind) {
        this.hub = hub;
        this.fiber = Thread.currentThread();
        this.kind = kind;
    }

    public Hub hub() {
        return hub;
    }

    /**
     * Suspends the current fiber until {@link #wake()}, an interrupt or an unpark. Returns false,
     * without waiting, when the fiber is pinned to the hub thread and cannot unmount.
     */
    public boolean park() {
        assert Thread.currentThread() == fiber;
        hub.pendingHold = this;
        Thread.yield();
        if (hub.pendingHold == this) {
            // yield() returned without unmounting: pinned, and the hub never saw the continuation
            hub.pendingHold = null;
            hub.stats.pinnedFallbacks++;
            Events.pinnedFallback(fiber);
            return false;
        }
        STATE.setVolatile(this, WOKEN); // later wakers find nothing to do
        return true;
    }

    /** Wakes the fiber if it is still waiting on this hold. Any thread. */
    public void wake() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == WOKEN) {
                return;
            }
            if (STATE.compareAndSet(this, s, WOKEN)) {
                if (s == SUSPENDED) {
                    resume();
                }
                // ARMED: the fiber has not unmounted yet; suspended() sees WOKEN and queues it
                return;
            }
        }
    }

    /** Timer and I/O callbacks run a hold to wake it. */
    @Override
    public void run() {
        wake();
    }

    /** Called by {@link Hub#execute} on the hub thread with the continuation of the fiber that just yielded. */
    void suspended(Runnable task) {
        continuation = task;
        if (kind == DEAF) {
            if (!STATE.compareAndSet(this, ARMED, SUSPENDED)) {
                hub.execute(task); // woken while it was unmounting
            }
            return;
        }
        if (!VirtualThreads.yieldedToParked(fiber, kind == TIMED)) {
            // Not plainly YIELDED (a debugger's suspend bit, say): a hold the JDK cannot see as
            // parked might never be resumed, so run the fiber again; its wait loop parks anew.
            STATE.setVolatile(this, WOKEN);
            hub.execute(task);
            return;
        }
        if (!STATE.compareAndSet(this, ARMED, SUSPENDED)) {
            resume(); // woken while it was unmounting
        } else if (fiber.isInterrupted()) {
            // an interrupt that arrived between the yield and the PARKED state found nothing to unpark
            wake();
        }
    }

    private void resume() {
        // Only one of the hub and the JDK (interrupt, unpark) may resubmit a parked continuation;
        // a deaf one is the hub's alone, as the JDK sees it queued already.
        if (kind == DEAF || VirtualThreads.parkedToYielded(fiber, kind == TIMED)) {
            hub.execute(continuation);
        }
    }
}
