package green.hooks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BooleanSupplier;

/**
 * The JDK's own {@code sun.nio.ch.Poller}, for the waits the hub cannot take (a pinned fiber, a
 * virtual thread of another scheduler, a fiber that is not on its hub now). The {@code poll}
 * patch sends the JDK's calls to {@link PollHook}, which comes here only then, so the poller
 * class, whose initializer starts the JDK's poller threads, is initialized only when something
 * really waits in it; {@link #started()} tells whether it has been, without initializing it.
 *
 * <p>Any thread; loaded after the agent has opened {@code sun.nio.ch} and {@code jdk.internal.misc} to the runtime.
 */
final class JdkPoller {

    private static final Class<?> POLLER;
    private static final MethodHandle POLL;          // (int fdVal, int event, long nanos, BooleanSupplier) void
    private static final MethodHandle POLL_SELECTOR; // (int fdVal, long nanos) void
    private static final MethodHandle STOP_POLL;     // (int fdVal, int event) void
    private static final MethodHandle SHOULD_BE_INITIALIZED; // (Class) boolean, on the JDK's Unsafe

    static {
        try {
            POLLER = Class.forName("sun.nio.ch.Poller", false, null);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(POLLER, MethodHandles.lookup());
            POLL = lookup.findStatic(POLLER, "poll",
                    MethodType.methodType(void.class, int.class, int.class, long.class, BooleanSupplier.class));
            POLL_SELECTOR = lookup.findStatic(POLLER, "pollSelector", MethodType.methodType(void.class, int.class, long.class));
            STOP_POLL = lookup.findStatic(POLLER, "stopPoll", MethodType.methodType(void.class, int.class, int.class));
            Class<?> unsafe = Class.forName("jdk.internal.misc.Unsafe");
            MethodHandles.Lookup unsafeLookup = MethodHandles.privateLookupIn(unsafe, MethodHandles.lookup());
            Object theUnsafe = unsafeLookup.findStatic(unsafe, "getUnsafe", MethodType.methodType(unsafe)).invoke();
            SHOULD_BE_INITIALIZED = unsafeLookup.findVirtual(unsafe, "shouldBeInitialized",
                    MethodType.methodType(boolean.class, Class.class)).bindTo(theUnsafe);
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JdkPoller() {
        throw new UnsupportedOperationException();
    }

    /** Whether the JDK's poller has been initialized, so that a thread may be waiting in it. */
    static boolean started() {
        try {
            return !(boolean) SHOULD_BE_INITIALIZED.invokeExact(POLLER);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void poll(int fdVal, int event, long nanos, BooleanSupplier isOpen) throws IOException {
        try {
            POLL.invokeExact(fdVal, event, nanos, isOpen);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void pollSelector(int fdVal, long nanos) throws IOException {
        try {
            POLL_SELECTOR.invokeExact(fdVal, nanos);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void stopPoll(int fdVal, int event) {
        try {
            STOP_POLL.invokeExact(fdVal, event);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
