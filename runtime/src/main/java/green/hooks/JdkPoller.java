package green.hooks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BooleanSupplier;

/**
 * The JDK's own {@code sun.nio.ch.Poller}, for the waits the hub cannot take (a pinned fiber, a
 * virtual thread of another scheduler, a fiber that is not on its hub now). The {@code poll}
 * patch sends every call the JDK makes into {@code Poller} to {@link PollHook}, which comes here
 * only then, so the poller class, whose initializer starts the JDK's poller threads, is
 * initialized only when something really waits in it, and a close or shutdown reaches it only if
 * something may ({@link #used()}). That every call is sent is checked against the JDK's classes by
 * the agent's tests. The method handles are made on first use, not by a close: cold, they cost a
 * close on the hub about 20 ms (measured with demo.SocketClose).
 *
 * <p>Any thread; loaded after the agent has opened {@code sun.nio.ch} to the runtime.
 */
final class JdkPoller {

    private static volatile boolean used;

    private JdkPoller() {
        throw new UnsupportedOperationException();
    }

    /** The JDK's poller methods, looked up when something first waits in it. */
    private static final class Methods {
        static final MethodHandle POLL;          // (int fdVal, int event, long nanos, BooleanSupplier) void
        static final MethodHandle POLL_SELECTOR; // (int fdVal, long nanos) void
        static final MethodHandle STOP_POLL;     // (int fdVal, int event) void

        static {
            try {
                Class<?> poller = Class.forName("sun.nio.ch.Poller", false, null);
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(poller, MethodHandles.lookup());
                POLL = lookup.findStatic(poller, "poll",
                        MethodType.methodType(void.class, int.class, int.class, long.class, BooleanSupplier.class));
                POLL_SELECTOR = lookup.findStatic(poller, "pollSelector", MethodType.methodType(void.class, int.class, long.class));
                STOP_POLL = lookup.findStatic(poller, "stopPoll", MethodType.methodType(void.class, int.class, int.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Whether anything has waited in the JDK's poller, so that a thread may be waiting there now. */
    static boolean used() {
        return used;
    }

    static void poll(int fdVal, int event, long nanos, BooleanSupplier isOpen) throws IOException {
        used = true;
        try {
            Methods.POLL.invokeExact(fdVal, event, nanos, isOpen);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void pollSelector(int fdVal, long nanos) throws IOException {
        used = true;
        try {
            Methods.POLL_SELECTOR.invokeExact(fdVal, nanos);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void stopPoll(int fdVal, int event) {
        try {
            Methods.STOP_POLL.invokeExact(fdVal, event);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
