package green.hooks;

import green.hub.FdWaits;
import green.hub.Hub;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Entry points for the {@code poll} patch's redirects of the JDK's socket reads, writes and
 * accepts ({@code NioSocketImpl}, {@code SocketChannelImpl}, {@code ServerSocketChannelImpl}), and
 * its hooks on their closes. For a fiber on the loop, each operation goes through
 * {@link FdWaits#beforeOperation}: on a socket the hub knows to be drained it answers {@code EAGAIN}
 * without the system call, so the JDK parks the fiber at once; otherwise it makes the call, and a
 * result that found nothing (EAGAIN, a read or write shorter than asked, which on a stream socket
 * means the kernel had no more) marks the socket drained. An echo round trip is then one read and
 * one write, with no read that is known to fail and no {@code epoll_ctl}. For anyone else the
 * call is made as it was.
 *
 * <p>Called on any thread; loaded after the agent has opened {@code sun.nio.ch} to the runtime.
 */
public final class IoHook {

    private static final int POLLIN = 1;
    private static final int POLLOUT = 4;
    private static final int UNAVAILABLE = -2; // sun.nio.ch.IOStatus.UNAVAILABLE

    private static final MethodHandle DISPATCHER_READ;   // (NativeDispatcher as Object, FileDescriptor, long, int) int
    private static final MethodHandle DISPATCHER_WRITE;
    private static final MethodHandle IOUTIL_READ;       // (FileDescriptor, ByteBuffer, long, NativeDispatcher as Object) int
    private static final MethodHandle IOUTIL_WRITE;
    private static final MethodHandle ACCEPT;            // (FileDescriptor, FileDescriptor, InetSocketAddress[]) int
    private static final MethodHandle CLOSE_INT_FD;      // (int) void

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> dispatcher = Class.forName("sun.nio.ch.NativeDispatcher");
            MethodHandles.Lookup nio = MethodHandles.privateLookupIn(dispatcher, lookup);
            MethodType dispatcherIo = MethodType.methodType(int.class, FileDescriptor.class, long.class, int.class);
            MethodType asObject = MethodType.methodType(int.class, Object.class, FileDescriptor.class, long.class, int.class);
            DISPATCHER_READ = nio.findVirtual(dispatcher, "read", dispatcherIo).asType(asObject);
            DISPATCHER_WRITE = nio.findVirtual(dispatcher, "write", dispatcherIo).asType(asObject);
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
            MethodType bufferIo = MethodType.methodType(int.class, FileDescriptor.class, ByteBuffer.class, long.class, dispatcher);
            MethodType bufferAsObject = MethodType.methodType(int.class, FileDescriptor.class, ByteBuffer.class, long.class,
                    Object.class);
            IOUTIL_READ = nio.findStatic(ioUtil, "read", bufferIo).asType(bufferAsObject);
            IOUTIL_WRITE = nio.findStatic(ioUtil, "write", bufferIo).asType(bufferAsObject);
            ACCEPT = nio.findStatic(Class.forName("sun.nio.ch.Net"), "accept", MethodType.methodType(int.class,
                    FileDescriptor.class, FileDescriptor.class, InetSocketAddress[].class));
            CLOSE_INT_FD = nio.findStatic(Class.forName("sun.nio.ch.UnixFileDispatcherImpl"), "closeIntFD",
                    MethodType.methodType(void.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private IoHook() {
        throw new UnsupportedOperationException();
    }

    /** {@code nd.read(fd, address, len)} in {@code NioSocketImpl}. */
    public static int read(Object nd, FileDescriptor fd, long address, int len) throws IOException {
        Hub hub = hubOfFiber();
        int fdVal = hub == null ? -1 : Fds.val(fd);
        int token = hub == null ? 0 : hub.fds().beforeOperation(fdVal, POLLIN);
        if (token == FdWaits.SKIP) {
            return UNAVAILABLE;
        }
        int n = UNAVAILABLE;
        try {
            return n = (int) DISPATCHER_READ.invokeExact(nd, fd, address, len);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (hub != null) {
                hub.fds().afterOperation(token, fdVal, POLLIN, n == UNAVAILABLE || n > 0 && n < len);
            }
        }
    }

    /** {@code nd.write(fd, address, len)} in {@code NioSocketImpl}. */
    public static int write(Object nd, FileDescriptor fd, long address, int len) throws IOException {
        Hub hub = hubOfFiber();
        int fdVal = hub == null ? -1 : Fds.val(fd);
        int token = hub == null ? 0 : hub.fds().beforeOperation(fdVal, POLLOUT);
        if (token == FdWaits.SKIP) {
            return UNAVAILABLE;
        }
        int n = UNAVAILABLE;
        try {
            return n = (int) DISPATCHER_WRITE.invokeExact(nd, fd, address, len);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (hub != null) {
                hub.fds().afterOperation(token, fdVal, POLLOUT, n == UNAVAILABLE || n >= 0 && n < len);
            }
        }
    }

    /** {@code IOUtil.read(fd, buffer, position, nd)} in {@code SocketChannelImpl}. */
    public static int read(FileDescriptor fd, ByteBuffer buffer, long position, Object nd) throws IOException {
        Hub hub = hubOfFiber();
        int fdVal = hub == null ? -1 : Fds.val(fd);
        int token = hub == null ? 0 : hub.fds().beforeOperation(fdVal, POLLIN);
        if (token == FdWaits.SKIP) {
            return UNAVAILABLE;
        }
        int asked = buffer.remaining();
        int n = UNAVAILABLE;
        try {
            return n = (int) IOUTIL_READ.invokeExact(fd, buffer, position, nd);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (hub != null) {
                hub.fds().afterOperation(token, fdVal, POLLIN, n == UNAVAILABLE || n > 0 && n < asked);
            }
        }
    }

    /** {@code IOUtil.write(fd, buffer, position, nd)} in {@code SocketChannelImpl}. */
    public static int write(FileDescriptor fd, ByteBuffer buffer, long position, Object nd) throws IOException {
        Hub hub = hubOfFiber();
        int fdVal = hub == null ? -1 : Fds.val(fd);
        int token = hub == null ? 0 : hub.fds().beforeOperation(fdVal, POLLOUT);
        if (token == FdWaits.SKIP) {
            return UNAVAILABLE;
        }
        int asked = buffer.remaining();
        int n = UNAVAILABLE;
        try {
            return n = (int) IOUTIL_WRITE.invokeExact(fd, buffer, position, nd);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (hub != null) {
                hub.fds().afterOperation(token, fdVal, POLLOUT, n == UNAVAILABLE || n >= 0 && n < asked);
            }
        }
    }

    /** {@code Net.accept(fd, newfd, addresses)} in {@code NioSocketImpl} and {@code ServerSocketChannelImpl}. */
    public static int accept(FileDescriptor fd, FileDescriptor newfd, InetSocketAddress[] addresses) throws IOException {
        Hub hub = hubOfFiber();
        int fdVal = hub == null ? -1 : Fds.val(fd);
        int token = hub == null ? 0 : hub.fds().beforeOperation(fdVal, POLLIN);
        if (token == FdWaits.SKIP) {
            return UNAVAILABLE;
        }
        int n = UNAVAILABLE;
        try {
            return n = (int) ACCEPT.invokeExact(fd, newfd, addresses);
        } catch (Throwable t) {
            throw rethrow(t);
        } finally {
            if (hub != null) {
                hub.fds().afterOperation(token, fdVal, POLLIN, n == UNAVAILABLE);
            }
        }
    }

    /** Before {@code UnixDispatcher.close(fd)}: the fd's number is about to be free for another socket. */
    public static void close(Object dispatcher, FileDescriptor fd) {
        Hub hub = Hub.existing();
        if (hub != null) {
            int fdVal = Fds.val(fd);
            if (fdVal >= 0) {
                hub.fds().fdClosing(fdVal);
            }
        }
    }

    /** {@code FileDispatcherImpl.closeIntFD(fd)} of a selector's epoll fd. */
    public static void closeIntFD(int fd) throws IOException {
        Hub hub = Hub.existing();
        if (hub != null) {
            hub.fds().fdClosing(fd);
        }
        try {
            CLOSE_INT_FD.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static Hub hubOfFiber() {
        return Thread.currentThread().isVirtual() ? Hub.current() : null;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(t);
    }
}
