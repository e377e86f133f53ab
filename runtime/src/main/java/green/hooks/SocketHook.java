package green.hooks;

import green.hub.Hub;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Entry point for the {@code poll} patch's hook on {@code sun.nio.ch.NioSocketImpl.park}, the
 * wait behind every blocking {@code Socket}/{@code ServerSocket} operation. It keeps the
 * interrupt semantics of the thread the program wrote: a platform thread blocked in a socket read,
 * accept or write does not notice {@code interrupt()} (the call goes on; the flag is set and reads
 * set, from any thread, all along), while the JDK throws at an interrupted virtual thread and
 * closes its socket. So a fiber that stands for a program thread ({@link ThreadHook}) waits on the
 * hub deaf to interrupts, with its flag left as it is; fibers of green's API keep virtual-thread
 * semantics, and the JDK body runs for them.
 *
 * <p>Called on the fiber that waits, after the agent has opened {@code sun.nio.ch} and exported
 * {@code jdk.internal.access} to the runtime.
 */
public final class SocketHook {

    private static final MethodHandle IS_OPEN; // (NioSocketImpl as Object) -> boolean

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> impl = Class.forName("sun.nio.ch.NioSocketImpl");
            IS_OPEN = MethodHandles.privateLookupIn(impl, lookup)
                    .findVirtual(impl, "isOpen", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SocketHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * Replaces {@code NioSocketImpl.park(fd, event, nanos)} for a fiber on the hub's loop: waits on
     * the hub until the socket is ready, closed, or {@code nanos} (0: no limit) pass. A fiber
     * standing for a program thread waits deaf to interrupts; any other fiber is woken by one and
     * then throws {@code InterruptedIOException}, as the JDK's park does for a virtual thread.
     * NioSocketImpl re-checks what it waited for, and its own clock says when a timeout has
     * passed. Allocates nothing, unlike the JDK's park (a method reference per wait).
     *
     * @return true when the wait was done here (the JDK body must be skipped); false for other
     *     threads, and when the fiber is pinned, so the JDK's own park runs
     */
    public static boolean park(Object socketImpl, FileDescriptor fd, int event, long nanos) throws IOException {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return false;
        }
        Hub hub = Hub.current();
        if (hub == null) {
            return Hub.rejoin(); // relieved: back on the loop, NioSocketImpl retries and waits there
        }
        int fdVal = Fds.val(fd);
        if (ThreadHook.standsForProgramThread(self)) {
            return hub.fds().awaitFdDeaf(fdVal, event, nanos, SocketHook::isOpen, socketImpl);
        }
        if (!hub.fds().awaitFd(fdVal, event, nanos, SocketHook::isOpen, socketImpl)) {
            return false;
        }
        if (self.isInterrupted()) {
            throw new InterruptedIOException();
        }
        return true;
    }

    private static boolean isOpen(Object socketImpl) {
        try {
            return (boolean) IS_OPEN.invokeExact(socketImpl);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
