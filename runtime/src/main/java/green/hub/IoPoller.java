package green.hub;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Waits for I/O readiness on behalf of the hub's loop, and remembers it. One implementation per
 * backend: raw file descriptors through epoll ({@link EPollPoller}), or a
 * {@link java.nio.channels.Selector} that only waits and wakes ({@link SelectorPoller}) where
 * epoll cannot be reached.
 *
 * <p>What the poller knows of an fd is what the loop saw: readiness edges from the kernel, and
 * operations that found nothing ({@link #drained}, told by the hooks around the JDK's reads,
 * writes and accepts, and implied by every {@link #arm}). An fd is <em>known drained</em> in a
 * direction when no edge has come since it was last found empty: an operation then would fail
 * with {@code EAGAIN}, so the hooks skip it and the fiber parks at once.
 *
 * <p>Confined to the loop's owner, except {@link #wakeup()}, {@link #closing} and
 * {@link #forEachWaiter}, which any thread may call.
 */
interface IoPoller extends AutoCloseable {

    /** Readable, as in {@code poll(2)}. */
    int POLLIN = 0x1;
    /** Writable, as in {@code poll(2)}. */
    int POLLOUT = 0x4;

    /** Whether {@link #arm} works: only then can the hub carry socket waits. */
    boolean supportsFds();

    /**
     * Runs {@code waiter} once, on the loop, when {@code fd} is ready for {@code event}
     * ({@link #POLLIN} or {@link #POLLOUT}), or has an error or hang-up. The caller's last
     * operation on the fd, in this same task, found nothing: the fd counts as drained in that
     * direction from now, and only an edge that comes after it wakes the waiter. A waiter still
     * armed for the same fd and event (one whose taking-out is on its way) is woken and replaced.
     */
    void arm(int fd, int event, Runnable waiter) throws IOException;

    /** Forgets the waiter armed for {@code fd} and {@code event}; returns it, or null if none. */
    Runnable disarm(int fd, int event);

    /** Forgets the waiter armed for {@code fd} and {@code event} if it is {@code waiter}. */
    void disarmIf(int fd, int event, Runnable waiter);

    /** Whether an operation on {@code fd} for {@code event} is known to find nothing now. */
    boolean knownDrained(int fd, int event);

    /** An operation on {@code fd} for {@code event} found nothing ({@code EAGAIN}, a short read or write). */
    void drained(int fd, int event);

    /**
     * A close or shutdown of {@code fd}: counts as an edge in {@code event}'s direction, so the
     * next wait returns at once and the caller sees what happened; returns the waiter to run, or null.
     */
    Runnable stopped(int fd, int event);

    /** The JDK is about to close {@code fd}: what the poller knows of it is void from now. Any thread. */
    void closing(int fd);

    /**
     * Waits up to {@code timeoutMillis} (0: do not block; -1: until an event or a wake-up) and runs
     * the waiters of the ready descriptors, in the kernel's order or, given a seed's
     * {@code order}, in one drawn from it. Returns how many waiters it ran.
     */
    int poll(long timeoutMillis, SeededOrder order) throws IOException;

    /** Makes a blocked or the next {@link #poll} return at once. Any thread. */
    void wakeup();

    /** Gives each armed waiter to {@code action}; any thread, as a sample (for the fiber dump). */
    void forEachWaiter(Consumer<Runnable> action);

    /** How many waiters are armed. */
    int armed();

    @Override
    void close();
}
