package green.hub;

/**
 * A timer in a {@link TimerHeap}: an action due at a deadline on the hub's clock
 * ({@link System#nanoTime()}). Confined to the hub thread.
 */
public final class Timer {
    final long deadlineNanos;
    final long sequence;   // breaks ties so equal deadlines fire in scheduling order
    final Runnable action;
    int index = -1;        // position in the heap, -1 when not scheduled

    Timer(long deadlineNanos, long sequence, Runnable action) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.action = action;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public boolean isScheduled() {
        return index >= 0;
    }

    boolean before(Timer other) {
        return deadlineNanos != other.deadlineNanos
                ? deadlineNanos - other.deadlineNanos < 0
                : sequence < other.sequence;
    }
}
