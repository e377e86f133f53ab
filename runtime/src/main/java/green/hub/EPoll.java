package green.hub;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The Linux calls the hub's poller makes, through the JDK's own binding to them
 * ({@code sun.nio.ch.EPoll} and {@code sun.nio.ch.EventFD}, as the JDK's pollers use): nothing but
 * the calls, with Java signatures, the way Netty keeps its {@code Native} apart from its loop.
 * Every handle is looked up once by name and signature; when one is missing {@link #UNAVAILABLE}
 * says why, and the hub falls back to a {@code Selector} that only waits.
 *
 * <p>Thread-safe: the handles are constants; what a call does to its epoll instance is the caller's.
 */
final class EPoll {

    static final int EPOLLIN = 0x1;
    static final int EPOLLPRI = 0x2;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;
    static final int ENOENT = 2;
    static final int EEXIST = 17;

    /** Null when the binding is complete, else why not. */
    static final String UNAVAILABLE;

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
            Class<?> object = Object.class;
            h[8] = l.findConstructor(eventFd, MethodType.methodType(void.class)).asType(MethodType.methodType(object));
            h[9] = l.findVirtual(eventFd, "efd", MethodType.methodType(int.class)).asType(MethodType.methodType(int.class, object));
            h[10] = l.findVirtual(eventFd, "set", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, object));
            h[11] = l.findVirtual(eventFd, "reset", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, object));
            h[12] = l.findVirtual(eventFd, "close", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, object));
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

    private EPoll() {
        throw new UnsupportedOperationException();
    }

    /** {@code epoll_create1}: a new epoll instance's fd. */
    static int create() throws IOException {
        try {
            return (int) CREATE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code epoll_ctl}: 0, or the errno it failed with. */
    static int ctl(int epfd, int op, int fd, int events) {
        try {
            return (int) CTL.invokeExact(epfd, op, fd, events);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** {@code epoll_wait} into the array at {@code address}: how many events it holds. */
    static int wait(int epfd, long address, int maxEvents, int timeoutMillis) throws IOException {
        try {
            return (int) WAIT.invokeExact(epfd, address, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Native memory for {@code count} events. */
    static long allocatePollArray(int count) {
        try {
            return (long) ALLOCATE.invokeExact(count);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    static void freePollArray(long address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The fd of the {@code i}th event in the array. */
    static int descriptor(long address, int i) {
        try {
            return (int) GET_DESCRIPTOR.invokeExact((long) GET_EVENT.invokeExact(address, i));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The event bits of the {@code i}th event in the array. */
    static int events(long address, int i) {
        try {
            return (int) GET_EVENTS.invokeExact((long) GET_EVENT.invokeExact(address, i));
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** An {@code eventfd} other threads write to wake an {@code epoll_wait}. */
    static final class WakeupFd {
        private final Object eventFd;
        final int fd;

        WakeupFd() throws IOException {
            try {
                eventFd = (Object) NEW_EVENTFD.invokeExact();
                fd = (int) EVENTFD_FD.invokeExact(eventFd);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** Makes it readable. Any thread. */
        void set() {
            try {
                EVENTFD_SET.invokeExact(eventFd);
            } catch (Throwable t) {
                throw unchecked(t);
            }
        }

        /** Reads it empty again. */
        void reset() throws IOException {
            try {
                EVENTFD_RESET.invokeExact(eventFd);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        void close() {
            try {
                EVENTFD_CLOSE.invokeExact(eventFd);
            } catch (Throwable t) {
                // closing at shutdown: nothing useful to do with a failure
            }
        }
    }

    /** What a method-handle call threw, to rethrow: unchecked ones and IOException as they are. */
    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        throw unchecked(t);
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException unchecked) {
            return unchecked;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(t);
    }
}
