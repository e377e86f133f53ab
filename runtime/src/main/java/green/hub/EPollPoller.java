package green.hub;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;

/**
 * An {@link IoPoller} over raw file descriptors with one epoll instance ({@link EPoll}) and an
 * {@code eventfd} for wake-ups. Unlike the JDK's pollers, which serve many schedulers and re-arm a
 * one-shot registration for every wait, the hub owns its fds: each fd a fiber waits on is
 * registered once, edge-triggered ({@code EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLET}, and {@code EPOLLOUT}
 * from the first time a writer waits), and stays registered until it is closed. A wait costs no
 * {@code epoll_ctl}: it sets a waiter, and the edge that wakes it is counted whether or not one
 * waits.
 *
 * <p>Per fd and direction the poller counts edges, and remembers the count at which an operation
 * last found nothing: the fd is known drained while the two are equal. With edge triggering that is
 * exact: the kernel signals every arrival of data (and of write space, once a write found none)
 * after the fd was found empty, and the loop harvests those signals between tasks, never while a
 * fiber's read is under way. Not so for a hang-up: a read that empties the data leaves the peer's
 * FIN behind it, for the next read to return, and its edge may have come before. So once an edge
 * says the peer hung up (or the fd has an error) the fd is never known drained in that direction
 * again, and a wait there returns at once: the operation itself tells the caller. The same goes
 * for TCP urgent data ({@code EPOLLPRI}), at whose mark a read stops short.
 *
 * <p>A closed fd's number is soon another socket's, which the kernel has not registered: the JDK's
 * close goes through a hook that bumps the fd's close count ({@link #closing}, any thread); the
 * loop compares it with the count at registration before it trusts what it knows of an fd.
 *
 * <p>Confined to the loop's owner, except {@link #wakeup()}, {@link #closing} and
 * {@link #forEachWaiter}.
 */
final class EPollPoller implements IoPoller {

    private static final int MAX_EVENTS = 512;
    private static final int REGISTERED = 1;
    private static final int OUT_REGISTERED = 2;
    /** The peer hung up, or the fd has an error: reads go to the kernel until it says so itself. */
    private static final int IN_HUNG_UP = 4;
    /** The fd hung up or has an error: writes go to the kernel until it says so itself. */
    private static final int OUT_HUNG_UP = 8;
    private static final int IN_READY = EPoll.EPOLLIN | EPoll.EPOLLERR | EPoll.EPOLLHUP | EPoll.EPOLLRDHUP;
    private static final int OUT_READY = EPoll.EPOLLOUT | EPoll.EPOLLERR | EPoll.EPOLLHUP;

    private final int epfd;
    private final long pollArray;
    private final EPoll.WakeupFd wakeupFd;
    // Per fd, indexed by its number; the loop's.
    private int[] flags = new int[1024];
    private int[] generation = new int[1024];
    private int[] inEdges = new int[1024];
    private int[] inDrainedAt = new int[1024];
    private int[] outEdges = new int[1024];
    private int[] outDrainedAt = new int[1024];
    private Runnable[] readers = new Runnable[1024];
    private Runnable[] writers = new Runnable[1024];
    private int armed;
    /** Per fd, how often the JDK has closed it; any thread. Grown under this poller's lock. */
    private volatile AtomicIntegerArray closes = new AtomicIntegerArray(1024);

    /** Null when epoll can be used here, else why not. */
    static String unavailableReason() {
        return EPoll.UNAVAILABLE;
    }

    EPollPoller() throws IOException {
        if (EPoll.UNAVAILABLE != null) {
            throw new IOException("epoll is not reachable: " + EPoll.UNAVAILABLE);
        }
        epfd = EPoll.create();
        pollArray = EPoll.allocatePollArray(MAX_EVENTS);
        wakeupFd = new EPoll.WakeupFd();
        check(EPoll.ctl(epfd, EPoll.CTL_ADD, wakeupFd.fd, EPoll.EPOLLIN), wakeupFd.fd);
    }

    @Override
    public boolean supportsFds() {
        return true;
    }

    @Override
    public void arm(int fd, int event, Runnable waiter) throws IOException {
        ensureCapacity(fd);
        register(fd, event);
        Runnable[] waiters = event == POLLIN ? readers : writers;
        Runnable previous = waiters[fd];
        drained(fd, event);
        waiters[fd] = waiter;
        if (previous == null) {
            armed++;
        } else if (previous != waiter) {
            previous.run(); // a stale waiter whose taking-out has not run yet: a spurious wake-up for it
        }
        if ((flags[fd] & (event == POLLIN ? IN_HUNG_UP : OUT_HUNG_UP)) != 0) {
            disarm(fd, event);
            waiter.run(); // hung up: nothing more will come, the caller's next operation says what happened
        }
    }

    /** Registers {@code fd} if it is not (or was closed since), and for writes the first time a writer waits. */
    private void register(int fd, int event) throws IOException {
        int closed = closes(fd);
        if ((flags[fd] & REGISTERED) != 0 && generation[fd] != closed) {
            forget(fd); // closed and reused since: the kernel dropped the old registration
        }
        int want = event == POLLOUT ? REGISTERED | OUT_REGISTERED : REGISTERED;
        if ((flags[fd] & want) == want) {
            return;
        }
        int events = EPoll.EPOLLIN | EPoll.EPOLLPRI | EPoll.EPOLLRDHUP | EPoll.EPOLLET | (((want | flags[fd]) & OUT_REGISTERED) != 0 ? EPoll.EPOLLOUT : 0);
        int err;
        if ((flags[fd] & REGISTERED) == 0) {
            err = EPoll.ctl(epfd, EPoll.CTL_ADD, fd, events);
            if (err == EPoll.EEXIST) {
                err = EPoll.ctl(epfd, EPoll.CTL_MOD, fd, events); // registered under a number we forgot
            }
            // Until the kernel's first edge says otherwise, both directions may have room or data.
            inEdges[fd] = inDrainedAt[fd] + 1;
            outEdges[fd] = outDrainedAt[fd] + 1;
            generation[fd] = closed;
        } else {
            err = EPoll.ctl(epfd, EPoll.CTL_MOD, fd, events);
        }
        check(err, fd);
        flags[fd] |= want;
    }

    /** Drops what is known of {@code fd}; its waiters, if any, are woken to find it gone. */
    private void forget(int fd) {
        flags[fd] = 0;
        wakeAndClear(readers, fd);
        wakeAndClear(writers, fd);
    }

    private void wakeAndClear(Runnable[] waiters, int fd) {
        Runnable waiter = waiters[fd];
        if (waiter != null) {
            waiters[fd] = null;
            armed--;
            waiter.run();
        }
    }

    @Override
    public Runnable disarm(int fd, int event) {
        if (fd >= readers.length) {
            return null;
        }
        Runnable[] waiters = event == POLLIN ? readers : writers;
        Runnable waiter = waiters[fd];
        if (waiter != null) {
            waiters[fd] = null;
            armed--;
        }
        return waiter;
    }

    @Override
    public void disarmIf(int fd, int event, Runnable waiter) {
        if (fd < readers.length && (event == POLLIN ? readers : writers)[fd] == waiter) {
            disarm(fd, event);
        }
    }

    @Override
    public boolean knownDrained(int fd, int event) {
        if (fd >= flags.length || (flags[fd] & (event == POLLIN ? REGISTERED : OUT_REGISTERED)) == 0
                || (flags[fd] & (event == POLLIN ? IN_HUNG_UP : OUT_HUNG_UP)) != 0 || generation[fd] != closes(fd)) {
            return false;
        }
        return event == POLLIN ? inEdges[fd] == inDrainedAt[fd] : outEdges[fd] == outDrainedAt[fd];
    }

    @Override
    public void drained(int fd, int event) {
        if (fd >= flags.length) {
            return;
        }
        if (event == POLLIN) {
            inDrainedAt[fd] = inEdges[fd];
        } else {
            outDrainedAt[fd] = outEdges[fd];
        }
    }

    @Override
    public Runnable stopped(int fd, int event) {
        if (fd >= flags.length) {
            return null;
        }
        if (event == POLLIN) {
            inEdges[fd]++;
        } else {
            outEdges[fd]++;
        }
        return disarm(fd, event);
    }

    @Override
    public void closing(int fd) {
        AtomicIntegerArray counts = closes;
        if (fd >= counts.length()) {
            synchronized (this) {
                counts = closes;
                if (fd >= counts.length()) {
                    AtomicIntegerArray grown = new AtomicIntegerArray(Math.max(fd + 1, counts.length() * 2));
                    for (int i = 0; i < counts.length(); i++) {
                        grown.set(i, counts.get(i));
                    }
                    closes = counts = grown;
                }
            }
        }
        counts.incrementAndGet(fd);
    }

    private int closes(int fd) {
        AtomicIntegerArray counts = closes;
        return fd < counts.length() ? counts.get(fd) : 0;
    }

    @Override
    public int poll(long timeoutMillis, SeededOrder order) throws IOException {
        int n = EPoll.wait(epfd, pollArray, MAX_EVENTS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        int ran = 0;
        // Under a seed, the batch in a random order: a rotation from a random start is enough
        // to let any fd of the batch go first, and costs no array.
        int start = order != null && n > 1 ? order.nextInt(n) : 0;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            int fd = EPoll.descriptor(pollArray, i);
            int events = EPoll.events(pollArray, i);
            if (fd == wakeupFd.fd) {
                wakeupFd.reset();
            } else if (fd < flags.length) {
                ran += edge(fd, events);
            }
        }
        return ran;
    }

    /** Counts an edge of {@code fd} in each direction it names and wakes the waiters there. */
    private int edge(int fd, int events) {
        int ran = 0;
        if ((events & (EPoll.EPOLLRDHUP | EPoll.EPOLLHUP | EPoll.EPOLLERR | EPoll.EPOLLPRI)) != 0) {
            // urgent data too: a read stops short at its mark, with more behind it
            flags[fd] |= IN_HUNG_UP;
        }
        if ((events & (EPoll.EPOLLHUP | EPoll.EPOLLERR)) != 0) {
            flags[fd] |= OUT_HUNG_UP;
        }
        if ((events & IN_READY) != 0) {
            inEdges[fd]++;
            Runnable reader = readers[fd];
            if (reader != null) {
                readers[fd] = null;
                armed--;
                reader.run();
                ran++;
            }
        }
        if ((events & OUT_READY) != 0) {
            outEdges[fd]++;
            Runnable writer = writers[fd];
            if (writer != null) {
                writers[fd] = null;
                armed--;
                writer.run();
                ran++;
            }
        }
        return ran;
    }

    @Override
    public void wakeup() {
        wakeupFd.set();
    }

    @Override
    public void forEachWaiter(Consumer<Runnable> action) {
        for (Runnable[] waiters : new Runnable[][] {readers, writers}) {
            for (Runnable waiter : waiters) { // plain reads off the loop: a sample, for the dump
                if (waiter != null) {
                    action.accept(waiter);
                }
            }
        }
    }

    @Override
    public int armed() {
        return armed;
    }

    @Override
    public void close() {
        wakeupFd.close();
        EPoll.freePollArray(pollArray);
    }

    private static void check(int err, int fd) throws IOException {
        if (err != 0) {
            throw new IOException("epoll_ctl failed for fd " + fd + ": errno " + err);
        }
    }

    private void ensureCapacity(int fd) {
        if (fd >= flags.length) {
            int length = Math.max(fd + 1, flags.length * 2);
            flags = Arrays.copyOf(flags, length);
            generation = Arrays.copyOf(generation, length);
            inEdges = Arrays.copyOf(inEdges, length);
            inDrainedAt = Arrays.copyOf(inDrainedAt, length);
            outEdges = Arrays.copyOf(outEdges, length);
            outDrainedAt = Arrays.copyOf(outDrainedAt, length);
            readers = Arrays.copyOf(readers, length);
            writers = Arrays.copyOf(writers, length);
        }
    }
}
