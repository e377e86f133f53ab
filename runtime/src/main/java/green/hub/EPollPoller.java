package green.hub;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * An {@link IoPoller} over raw file descriptors with the JDK's own epoll binding
 * ({@code sun.nio.ch.EPoll}) and an {@code eventfd} ({@code sun.nio.ch.EventFD}) for wake-ups, the
 * same internals the JDK's {@code EPollPoller} uses. Registrations are one-shot, as in the JDK: a
 * descriptor is re-armed only while someone waits on it, so an idle connection costs no events.
 * A descriptor waited on for reading and for writing at once is armed for both.
 *
 * <p>Confined to the loop's owner, except {@link #wakeup()}.
 */
final class EPollPoller implements IoPoller {

    private static final int EPOLLIN = 0x1;
    private static final int EPOLLOUT = 0x4;
    private static final int EPOLLERR = 0x8;
    private static final int EPOLLHUP = 0x10;
    private static final int EPOLLONESHOT = 1 << 30;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int ENOENT = 2;
    private static final int MAX_EVENTS = 512;

    private static final MethodHandle CREATE;
    private static final MethodHandle CTL;
    private static final MethodHandle WAIT;
    private static final MethodHandle ALLOCATE;
    private static final MethodHandle FREE;
    private static final MethodHandle GET_EVENT;
    private static final MethodHandle GET_DESCRIPTOR;
    private static final MethodHandle GET_EVENTS;
    private static final MethodHandle NEW_EVENTFD;
    private static final MethodHandle EVENTFD_FD;
    private static final MethodHandle EVENTFD_SET;
    private static final MethodHandle EVENTFD_RESET;
    private static final MethodHandle EVENTFD_CLOSE;
    private static final String UNAVAILABLE;

    static {
        MethodHandle[] h = new MethodHandle[13];
        String unavailable = null;
        try {
            Class<?> epoll = Class.forName("sun.nio.ch.EPoll");
            Class<?> eventFd = Class.forName("sun.nio.ch.EventFD");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(epoll, MethodHandles.lookup());
            h[0] = l.findStatic(epoll, "create", MethodType.methodType(int.class));
            h[1] = l.findStatic(epoll, "ctl", MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
            h[2] = l.findStatic(epoll, "wait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
            h[3] = l.findStatic(epoll, "allocatePollArray", MethodType.methodType(long.class, int.class));
            h[4] = l.findStatic(epoll, "freePollArray", MethodType.methodType(void.class, long.class));
            h[5] = l.findStatic(epoll, "getEvent", MethodType.methodType(long.class, long.class, int.class));
            h[6] = l.findStatic(epoll, "getDescriptor", MethodType.methodType(int.class, long.class));
            h[7] = l.findStatic(epoll, "getEvents", MethodType.methodType(int.class, long.class));
            h[8] = l.findConstructor(eventFd, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            h[9] = l.findVirtual(eventFd, "efd", MethodType.methodType(int.class)).asType(MethodType.methodType(int.class, Object.class));
            h[10] = l.findVirtual(eventFd, "set", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class));
            h[11] = l.findVirtual(eventFd, "reset", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class));
            h[12] = l.findVirtual(eventFd, "close", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            unavailable = e.toString();
        }
        CREATE = h[0];
        CTL = h[1];
        WAIT = h[2];
        ALLOCATE = h[3];
        FREE = h[4];
        GET_EVENT = h[5];
        GET_DESCRIPTOR = h[6];
        GET_EVENTS = h[7];
        NEW_EVENTFD = h[8];
        EVENTFD_FD = h[9];
        EVENTFD_SET = h[10];
        EVENTFD_RESET = h[11];
        EVENTFD_CLOSE = h[12];
        UNAVAILABLE = unavailable;
    }

    private final int epfd;
    private final long pollArray;
    private final Object eventFd;
    private final int wakeFd;
    private Runnable[] readers = new Runnable[1024];
    private Runnable[] writers = new Runnable[1024];
    private int[] armedEvents = new int[1024];  // what the kernel has armed for each fd; 0 once it fired
    private int armed;

    /** Null when epoll can be used here, else why not. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    EPollPoller() throws IOException {
        if (UNAVAILABLE != null) {
            throw new IOException("epoll is not reachable: " + UNAVAILABLE);
        }
        try {
            epfd = (int) CREATE.invokeExact();
            pollArray = (long) ALLOCATE.invokeExact(MAX_EVENTS);
            eventFd = (Object) NEW_EVENTFD.invokeExact();
            wakeFd = (int) EVENTFD_FD.invokeExact(eventFd);
            check((int) CTL.invokeExact(epfd, EPOLL_CTL_ADD, wakeFd, EPOLLIN), wakeFd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public boolean supportsFds() {
        return true;
    }

    @Override
    public void arm(int fd, int event, Runnable waiter) throws IOException {
        ensureCapacity(fd);
        Runnable[] waiters = event == POLLIN ? readers : writers;
        if (waiters[fd] != null) {
            throw new IllegalStateException("fd " + fd + " already has a waiter for event " + event);
        }
        waiters[fd] = waiter;
        armed++;
        try {
            update(fd);
        } catch (IOException e) {
            waiters[fd] = null;
            armed--;
            throw e;
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
            try {
                update(fd);
            } catch (IOException e) {
                // the fd was closed under us: nothing is left armed for it
                armedEvents[fd] = 0;
            }
        }
        return waiter;
    }

    @Override
    public void disarmIf(int fd, int event, Runnable waiter) {
        if (fd < readers.length && (event == POLLIN ? readers : writers)[fd] == waiter) {
            disarm(fd, event);
        }
    }

    /** Makes the kernel's registration of {@code fd} match who waits on it. */
    private void update(int fd) throws IOException {
        int interest = (readers[fd] != null ? EPOLLIN : 0) | (writers[fd] != null ? EPOLLOUT : 0);
        if (interest == armedEvents[fd]) {
            return;
        }
        if (interest == 0) {
            ctl(EPOLL_CTL_DEL, fd, 0);
        } else {
            int err = ctl(EPOLL_CTL_MOD, fd, interest | EPOLLONESHOT);
            if (err == ENOENT) {
                err = ctl(EPOLL_CTL_ADD, fd, interest | EPOLLONESHOT);
            }
            check(err, fd);
        }
        armedEvents[fd] = interest;
    }

    @Override
    public int poll(long timeoutMillis) throws IOException {
        int n;
        try {
            n = (int) WAIT.invokeExact(epfd, pollArray, MAX_EVENTS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
        } catch (Throwable t) {
            throw rethrow(t);
        }
        int ran = 0;
        for (int i = 0; i < n; i++) {
            long event;
            int fd;
            int events;
            try {
                event = (long) GET_EVENT.invokeExact(pollArray, i);
                fd = (int) GET_DESCRIPTOR.invokeExact(event);
                events = (int) GET_EVENTS.invokeExact(event);
            } catch (Throwable t) {
                throw rethrow(t);
            }
            if (fd == wakeFd) {
                drainWakeups();
                continue;
            }
            ran += dispatch(fd, events);
        }
        return ran;
    }

    private int dispatch(int fd, int events) throws IOException {
        armedEvents[fd] = 0; // one-shot: the kernel disarmed it
        int ran = 0;
        Runnable reader = readers[fd];
        if (reader != null && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
            readers[fd] = null;
            armed--;
            reader.run();
            ran++;
        }
        Runnable writer = writers[fd];
        if (writer != null && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
            writers[fd] = null;
            armed--;
            writer.run();
            ran++;
        }
        if (readers[fd] != null || writers[fd] != null) {
            update(fd); // the other direction still waits
        }
        return ran;
    }

    private void drainWakeups() throws IOException {
        try {
            EVENTFD_RESET.invokeExact(eventFd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void wakeup() {
        try {
            EVENTFD_SET.invokeExact(eventFd);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot wake the hub", t);
        }
    }

    @Override
    public int armed() {
        return armed;
    }

    @Override
    public void close() {
        try {
            EVENTFD_CLOSE.invokeExact(eventFd);
            FREE.invokeExact(pollArray);
        } catch (Throwable t) {
            // closing at shutdown: nothing useful to do with a failure
        }
    }

    private int ctl(int op, int fd, int events) {
        try {
            return (int) CTL.invokeExact(epfd, op, fd, events);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** What a MethodHandle call threw, to rethrow: unchecked ones and IOException as they are. */
    private static IOException rethrow(Throwable t) {
        if (t instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return t instanceof IOException io ? io : new IOException(t);
    }

    private static void check(int err, int fd) throws IOException {
        if (err != 0) {
            throw new IOException("epoll_ctl failed for fd " + fd + ": errno " + err);
        }
    }

    private void ensureCapacity(int fd) {
        if (fd >= readers.length) {
            int length = Math.max(fd + 1, readers.length * 2);
            readers = Arrays.copyOf(readers, length);
            writers = Arrays.copyOf(writers, length);
            armedEvents = Arrays.copyOf(armedEvents, length);
        }
    }
}
