package green.hub;

import java.io.IOException;

/**
 * Waits for I/O readiness on behalf of the hub's loop. One implementation per backend: raw file
 * descriptors through epoll ({@link EPollPoller}), or a {@link java.nio.channels.Selector} that only
 * waits and wakes ({@link SelectorPoller}) where epoll cannot be reached.
 *
 * <p>Confined to the loop's owner, except {@link #wakeup()}, which any thread may call.
 */
interface IoPoller extends AutoCloseable {

    /** Readable, as in {@code poll(2)}. */
    int POLLIN = 0x1;
    /** Writable, as in {@code poll(2)}. */
    int POLLOUT = 0x4;

    /** Whether {@link #arm} works: only then can the hub carry socket waits. */
    boolean supportsFds();

    /**
     * Runs {@code waiter} once, on the hub thread, when {@code fd} is ready for {@code event}
     * ({@link #POLLIN} or {@link #POLLOUT}), or has an error or hang-up.
     *
     * @throws IllegalStateException if another waiter is armed for the same fd and event
     */
    void arm(int fd, int event, Runnable waiter) throws IOException;

    /** Forgets the waiter armed for {@code fd} and {@code event}; returns it, or null if none. */
    Runnable disarm(int fd, int event);

    /** Forgets the waiter armed for {@code fd} and {@code event} if it is {@code waiter}. */
    void disarmIf(int fd, int event, Runnable waiter);

    /**
     * Waits up to {@code timeoutMillis} (0: do not block; -1: until an event or a wake-up) and runs
     * the waiters of the ready descriptors. Returns how many waiters it ran.
     */
    int poll(long timeoutMillis) throws IOException;

    /** Makes a blocked or the next {@link #poll} return at once. Any thread. */
    void wakeup();

    /** How many waiters are armed. */
    int armed();

    @Override
    void close();
}
