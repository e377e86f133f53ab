package green.hooks;

import green.hub.Hub;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BooleanSupplier;

/**
 * Entry point for the {@code poll} patch's advice on {@code sun.nio.ch.NioSocketImpl.park}, the
 * wait behind every blocking {@code Socket}/{@code ServerSocket} operation. It keeps the
 * interrupt semantics of the thread the program wrote: a platform thread blocked in a socket read,
 * accept or connect does not notice {@code interrupt()} (the read goes on; the flag stays set),
 * while the JDK closes the socket of an interrupted virtual thread ("Closed by interrupt"). So for
 * a fiber that stands for a program thread ({@link ThreadHook}) the hub waits through interrupts
 * and the flag is handed back when the wait ends; fibers of green's API keep virtual-thread
 * semantics, and the JDK body runs for them.
 *
 * <p>Called on the fiber that waits, after the agent has opened {@code sun.nio.ch} and exported
 * {@code jdk.internal.access} to the runtime.
 */
public final class SocketHook {

    private static final MethodHandle FD_VAL;  // (FileDescriptor) -> int
    private static final MethodHandle IS_OPEN; // (NioSocketImpl as Object) -> boolean

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> access = Class.forName("jdk.internal.access.JavaIOFileDescriptorAccess");
            Object fdAccess = Class.forName("jdk.internal.access.SharedSecrets")
                    .getMethod("getJavaIOFileDescriptorAccess").invoke(null);
            FD_VAL = lookup.findVirtual(access, "get", MethodType.methodType(int.class, FileDescriptor.class))
                    .bindTo(fdAccess);
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
     * Replaces {@code NioSocketImpl.park(fd, event, nanos)} for a fiber standing for a program
     * thread: waits on the hub until the socket is ready, closed, or {@code nanos} (0: no limit)
     * pass, whatever interrupts arrive meanwhile.
     *
     * @return true when the wait was done here (the JDK body must be skipped); false for other
     *     threads and fibers, and when the fiber is pinned, so the JDK's own park runs
     */
    public static boolean park(Object socketImpl, FileDescriptor fd, int event, long nanos) throws IOException {
        Thread self = Thread.currentThread();
        if (!self.isVirtual() || !ThreadHook.standsForProgramThread(self)) {
            return false;
        }
        Hub hub = Hub.current();
        if (hub == null || !hub.supportsFds()) {
            return false;
        }
        int fdVal = fdVal(fd);
        BooleanSupplier isOpen = () -> isOpen(socketImpl);
        long deadline = nanos > 0 ? System.nanoTime() + nanos : 0;
        boolean interrupted = Thread.interrupted(); // the hub cannot park a fiber whose flag is set
        try {
            for (;;) {
                long left = deadline == 0 ? 0 : deadline - System.nanoTime();
                if (deadline != 0 && left <= 0) {
                    return true; // NioSocketImpl sees the time is up and throws SocketTimeoutException
                }
                if (!hub.awaitFd(fdVal, event, left, isOpen)) {
                    return false; // pinned: the JDK's own wait, interrupt semantics and all
                }
                if (!Thread.interrupted()) {
                    return true; // ready, closed, or timed out: NioSocketImpl retries or reports it
                }
                interrupted = true; // a platform thread would not have noticed: wait on
                if (!isOpen.getAsBoolean()) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    private static int fdVal(FileDescriptor fd) {
        try {
            return (int) FD_VAL.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static boolean isOpen(Object socketImpl) {
        try {
            return (boolean) IS_OPEN.invokeExact(socketImpl);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
