package green.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * One wait of one fiber on its hub, the fiber's side of "park by yield" ({@link Hub#park}). The
 * hub gives the hold the continuation of the fiber that just yielded ({@link #suspended}), and
 * marks the virtual thread PARKED (TIMED_PARKED for a timed hold), so an {@code interrupt()} or
 * {@code unpark()} from anywhere resubmits it through the JDK's own path; a waker (a timer, an fd,
 * a close) resumes it through {@link #wake()}.
 *
 * <pre>
 *   ARMED --(the hub receives the continuation)--> SUSPENDED --(wake)--> WOKEN
 *   ARMED --(wake before the fiber unmounted)--> WOKEN  (the hub queues it on receipt)
 * </pre>
 *
 * A {@link #DEAF} hold (a program thread's socket wait) leaves the virtual thread YIELDED instead:
 * to the JDK it is runnable and queued, so an interrupt only sets its flag and park permit, and
 * its state reads {@code RUNNABLE}, as a platform thread's in a socket call does. Only the hub
 * resumes it, or the JDK when it resubmits a yielded thread (after taking its stack trace): a
 * spurious wake-up, which the waiting code re-checks like any other.
 *
 * <p>A hold serves one wait at a time ({@link #arm}); the hub keeps one per fd and direction and
 * arms it again for the next wait there once nothing refers to it any more. {@link #wake()} may be
 * called from any thread, any number of times; a fiber resumed by an interrupt may still be woken
 * once more by a late waker, so every wait loop re-checks its condition (as with
 * {@code LockSupport.park}).
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
    // Set by arm() on the loop; read by the dump from any thread, as samples.
    private Thread fiber;
    private int kind;
    private int fd;        // -1 for a timer alone
    private int event;
    private long sinceNanos;
    private Timer timer;   // made at the first timed wait, then used again for each
    private Runnable continuation;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Hold(Hub hub) {
        this.hub = hub;
    }

    /**
     * Makes the hold, new or used and done with ({@link HoldPool}), ready for one wait of the
     * current thread, which must be a fiber of the hub on its loop: of kind {@link #UNTIMED},
     * {@link #TIMED} or {@link #DEAF}, on {@code fd} for {@code event} ({@code POLLIN} or
     * {@code POLLOUT}), or on a timer alone ({@code fd} -1). On the loop.
     */
    Hold arm(int kind, int fd, int event) {
        this.fiber = Thread.currentThread();
        this.kind = kind;
        this.fd = fd;
        this.event = event;
        this.sinceNanos = System.nanoTime();
        this.continuation = null;
        STATE.setRelease(this, ARMED);
        return this;
    }

    /**
     * This hold's timer, due at {@code deadlineNanos}, to put in the heap. The hold's previous
     * wait, if any, took its timer out of the heap before the hold was used again. On the loop.
     */
    Timer timer(long deadlineNanos) {
        if (timer == null) {
            timer = new Timer(deadlineNanos, this);
        } else {
            timer.reset(deadlineNanos);
        }
        return timer;
    }

    /** The fiber waiting, while the wait lasts; for the dump. */
    Thread waitingFiber() {
        return (int) STATE.getAcquire(this) == WOKEN ? null : fiber;
    }

    /** What it waits on and since when, for the dump: "fd 12 read for 1470 ms", "timer for 3 ms". */
    String describe(long nowNanos) {
        String on = fd < 0 ? "timer" : "fd " + fd + (event == IoPoller.POLLIN ? " read" : " write");
        return on + " for " + TimeUnit.NANOSECONDS.toMillis(nowNanos - sinceNanos) + " ms";
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

    /** Called by the hub, on the loop, with the continuation of the fiber that just yielded. */
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
