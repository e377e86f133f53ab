package green.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An action due at a deadline on the hub's clock ({@link HubClock#now()}), in a
 * {@link TimerHeap}. Its place in the heap is the loop's; whether it fires or is cancelled is
 * decided once, by a compare-and-set any thread may win:
 * <pre>
 *   PENDING --(the loop: due)--> FIRED       the action runs, on the loop
 *   PENDING --(cancel, any thread)--> CANCELLED   it never runs; the loop drops it from the heap
 * </pre>
 */
public final class Timer {
    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Timer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long deadlineNanos;    // final but for reset(), which the loop calls only while no one else refers to it
    final Runnable action;
    long sequence;         // breaks ties so equal deadlines fire in scheduling order; set by the heap

    int index = -1;        // position in the heap, -1 when not in it; the loop's
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    Timer(long deadlineNanos, Runnable action) {
        this.deadlineNanos = deadlineNanos;
        this.action = action;
    }

    /** Makes a timer that fired or was cancelled, and is out of the heap, pending again for {@code deadlineNanos}. The loop only. */
    void reset(long deadlineNanos) {
        assert index < 0 && !isPending();
        this.deadlineNanos = deadlineNanos;
        STATE.setRelease(this, PENDING);
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Whether it has neither fired nor been cancelled. Any thread. */
    public boolean isPending() {
        return (int) STATE.getVolatile(this) == PENDING;
    }

    /** Claims the timer for firing; false when it was cancelled first. The loop only. */
    boolean claimForFiring() {
        return STATE.compareAndSet(this, PENDING, FIRED);
    }

    /** Claims the timer for cancelling; false when it fired (or was cancelled) first. Any thread. */
    boolean claimForCancelling() {
        return STATE.compareAndSet(this, PENDING, CANCELLED);
    }

    boolean before(Timer other) {
        return deadlineNanos != other.deadlineNanos
                ? deadlineNanos - other.deadlineNanos < 0
                : sequence < other.sequence;
    }
}
