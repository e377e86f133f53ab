package green.hub;

/**
 * The hub's spare {@link Hold}s, so that a wait allocates nothing: a wait takes one, and gives it
 * back once it has taken its hold out of the poller and the timer heap itself, on the loop. A hold
 * whose taking-out is left to a later task (its fiber resumed beside the loop) is not given back:
 * a stale waiter may still run it, and must find no other fiber's wait there. Bounded: holds
 * beyond {@link #CAPACITY} spares are left to the collector, so a burst of a million sleepers
 * costs nothing once it is over.
 *
 * <p>Confined to the loop's owner, as the run queue is.
 */
final class HoldPool {

    static final int CAPACITY = 1024;

    private final Hub hub;
    private final Hold[] spares = new Hold[CAPACITY];
    private int size;

    HoldPool(Hub hub) {
        this.hub = hub;
    }

    /** A hold armed for the current fiber's wait (see {@link Hold#arm}). */
    Hold take(int kind, int fd, int event) {
        Hold hold;
        if (size > 0) {
            hold = spares[--size];
            spares[size] = null;
        } else {
            hold = new Hold(hub);
        }
        return hold.arm(kind, fd, event);
    }

    /** Gives back a hold nothing refers to any more: not armed in the poller, its timer out of the heap. */
    void giveBack(Hold hold) {
        if (size < CAPACITY) {
            spares[size++] = hold;
        }
    }
}
