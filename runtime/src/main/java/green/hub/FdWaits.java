package green.hub;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The waits of a hub's fibers on file descriptors: a fiber parks until its socket is ready
 * ({@link #awaitFd}), a close wakes it ({@link #wakeFd}), and the hooks around the JDK's reads,
 * writes and accepts ask whether the operation can be skipped ({@link #beforeOperation}) and say
 * what it found ({@link #afterOperation}). What the loop knows of each fd is its
 * {@link IoPoller}'s; the parking is the hub's protocol ({@link Hub#park}).
 *
 * <p>A wait runs on the loop, in the waiting fiber's task; {@link #wakeFd} and {@link #fdClosing}
 * from any thread.
 */
public final class FdWaits {
    private final Hub hub;

    FdWaits(Hub hub) {
        this.hub = hub;
    }

    /** {@link #awaitFd}'s test that a socket is still open, given as a {@link BooleanSupplier}. */
    public static final Predicate<Object> SUPPLIER_SAYS_SO = s -> ((BooleanSupplier) s).getAsBoolean();

    /**
     * Parks the current fiber until {@code fd} is ready for {@code event} ({@code POLLIN} 1 or
     * {@code POLLOUT} 4), {@code nanos} pass (0 or less: no limit), or it is interrupted, unparked
     * or {@linkplain #wakeFd woken}; returns at once when {@code stillWanted} says no of
     * {@code socket} once the fd is armed (the socket was closed). A constant test of a given
     * object keeps the wait free of allocation. Like {@code LockSupport.park} it may return early:
     * callers re-check.
     *
     * @return false if the fiber could not park on the hub (pinned, beside the loop, or no fd
     *     support): the caller must wait some other way
     */
    public boolean awaitFd(int fd, int event, long nanos, Predicate<Object> stillWanted, Object socket) throws IOException {
        return awaitFd(fd, event, nanos, stillWanted, socket, nanos > 0 ? Hold.TIMED : Hold.UNTIMED);
    }

    /**
     * As {@link #awaitFd}, deaf to interrupts, as a platform thread in a blocking socket call is:
     * the fiber's interrupt status stays as it is, and it reads as {@code RUNNABLE} while it waits.
     */
    public boolean awaitFdDeaf(int fd, int event, long nanos, Predicate<Object> stillWanted, Object socket) throws IOException {
        return awaitFd(fd, event, nanos, stillWanted, socket, Hold.DEAF);
    }

    private boolean awaitFd(int fd, int event, long nanos, Predicate<Object> stillWanted, Object socket, int holdKind)
            throws IOException {
        assert Thread.currentThread().isVirtual();
        if (!hub.poller.supportsFds() || hub.enter() != Hub.ENTERED) {
            return false;
        }
        Hold hold = hub.holds.take(holdKind, fd, event);
        Timer timer = null;
        boolean wanted;
        try {
            hub.poller.arm(fd, event, hold);
            if (nanos > 0) {
                timer = hub.timers.add(hold.timer(HubClock.now() + nanos));
            }
            // Checked after arming: a close() from now on reaches us through wakeFd, which runs on
            // the loop and so after this fiber parks.
            wanted = stillWanted.test(socket);
        } catch (IOException | RuntimeException e) {
            hub.abandonWait(fd, event, hold, timer);
            throw e;
        }
        if (!wanted) {
            hub.abandonWait(fd, event, hold, timer);
            return true;
        }
        if (!hub.park(hold)) {
            hub.abandonWait(fd, event, hold, timer); // pinned
            hub.relieveBeforeBlocking();
            return false;
        }
        hub.finishWait(fd, event, hold, timer);
        return true;
    }

    /**
     * A close or shutdown of {@code fd}: wakes the fiber waiting on it for {@code event}, if any,
     * and makes the next wait in that direction return at once, so the caller sees what happened.
     * Any thread.
     */
    public void wakeFd(int fd, int event) {
        if (!hub.poller.supportsFds()) {
            return;
        }
        int entered = hub.enter();
        if (entered == Hub.NOT_ON_LOOP) {
            hub.execute(() -> wakeFd(fd, event));
            return;
        }
        Runnable waiter;
        try {
            waiter = hub.poller.stopped(fd, event);
        } finally {
            hub.exit(entered);
        }
        if (waiter != null) {
            waiter.run();
        }
    }

    /** The JDK is about to close {@code fd}: what the loop knows of it is void from now. Any thread. */
    public void fdClosing(int fd) {
        hub.poller.closing(fd);
    }

    /** {@link #beforeOperation}: the fd is known drained; the operation must not be tried. */
    public static final int SKIP = -1;

    /**
     * Before one of the JDK's socket operations (a read, a write, an accept) on the loop: returns
     * {@link #SKIP} when the fd is known drained in that direction ({@link IoPoller}): the hook
     * then answers {@code EAGAIN} without the system call, and the JDK parks the fiber at once.
     * Otherwise the operation runs, and {@link #afterOperation} with what this returned must
     * follow, in a finally block. Costs a compare-and-set and a store; no allocation. Any thread:
     * off the loop nothing is known or kept.
     */
    public int beforeOperation(int fd, int event) {
        int entered = hub.enter();
        if (entered == Hub.ENTERED && hub.poller.knownDrained(fd, event)) {
            hub.exit(entered);
            return SKIP;
        }
        return entered;
    }

    /** After the operation {@link #beforeOperation} let through: whether it found nothing (EAGAIN, short). */
    public void afterOperation(int token, int fd, int event, boolean foundNothing) {
        if (token == Hub.ENTERED) {
            if (foundNothing) {
                hub.poller.drained(fd, event);
            }
            hub.exit(Hub.ENTERED);
        }
    }

}
