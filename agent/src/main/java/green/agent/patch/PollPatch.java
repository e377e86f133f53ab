package green.agent.patch;

import java.util.List;

/**
 * The {@code poll} patch: every blocking socket wait of a fiber parks on the hub's epoll
 * ({@code green.hooks.PollHook}). In {@code sun.nio.ch}, the calls that park a virtual thread on
 * the JDK's {@code Poller} ({@code NioSocketImpl}, blocking channels, the selector) are redirected
 * to the hook, which offers the wait to the hub and hands it to the JDK only when the hub cannot
 * take it (not a fiber on the hub, or pinned); the calls that stop such a wait (close, shutdown)
 * wake the hub's waiter and reach the JDK's poller only if it exists. Redirecting the calls, not
 * hooking {@code Poller}'s own methods, keeps {@code Poller} uninitialized while every wait is on
 * the hub: its initializer starts the JDK's poller threads, about 7 to 100 ms on the thread that
 * gets there first (measured: the first close of a socket stalled the hub that long), and threads
 * in {@code epoll_wait} hold up the JVM's exit by 300 ms.
 *
 * <p>The reads, writes and accepts of {@code NioSocketImpl} and the socket channels are redirected
 * too ({@code green.hooks.IoHook}): the hub registers a socket with its epoll once, edge-triggered,
 * and their results tell it when the socket is drained, so the next read of a drained socket parks
 * at once instead of asking the kernel for an {@code EAGAIN}. The JDK's closes tell it when an fd
 * number is free for another socket.
 *
 * <p>A hook on {@code NioSocketImpl.park} keeps the program's threads deaf to interrupts in
 * socket waits, as platform threads are ({@code green.hooks.SocketHook}). Hooks at the entry of
 * every socket read and write bound how long a fiber that never has to wait may keep the hub
 * (fairness).
 *
 * <p>Stateless.
 */
public final class PollPatch implements Patch {

    private static final String POLLER = "sun/nio/ch/Poller";
    private static final String SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";
    private static final String SOCKET_CHANNEL = "sun/nio/ch/SocketChannelImpl";
    private static final String HOOK = "green/hooks/PollHook";
    private static final String POLL = "(IIJLjava/util/function/BooleanSupplier;)V";
    private static final String IO_HOOK = "green/hooks/IoHook";
    private static final String DISPATCHER = "sun/nio/ch/NativeDispatcher";
    private static final String NET = "sun/nio/ch/Net";
    private static final String IOUTIL = "sun/nio/ch/IOUtil";
    private static final String ACCEPT = "(Ljava/io/FileDescriptor;Ljava/io/FileDescriptor;[Ljava/net/InetSocketAddress;)I";
    private static final String IOUTIL_RW = "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;JLsun/nio/ch/NativeDispatcher;)I";
    private static final String IOUTIL_RW_HOOK = "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;JLjava/lang/Object;)I";

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public List<CallRedirect> callRedirects() {
        return List.of(
                // static void poll(int fdVal, int event, long nanos, BooleanSupplier isOpen)
                CallRedirect.ofStatic(SOCKET_IMPL, POLLER, "poll", POLL, HOOK),
                CallRedirect.ofStatic("sun/nio/ch/SelChImpl", POLLER, "poll", POLL, HOOK),
                CallRedirect.ofStatic("sun/nio/ch/DatagramChannelImpl", POLLER, "poll", POLL, HOOK),
                // static void pollSelector(int fdVal, long nanos): Selector.select in a virtual thread
                CallRedirect.ofStatic("sun/nio/ch/EPollSelectorImpl", POLLER, "pollSelector", "(IJ)V", HOOK),
                // static void stopPoll(int fdVal[, int event]): close and shutdown wake the waiter
                CallRedirect.ofStatic("sun/nio/ch/NativeDispatcher", POLLER, "stopPoll", "(I)V", HOOK),
                CallRedirect.ofStatic(SOCKET_IMPL, POLLER, "stopPoll", "(II)V", HOOK),
                CallRedirect.ofStatic(SOCKET_CHANNEL, POLLER, "stopPoll", "(II)V", HOOK),
                // the reads, writes and accepts whose results tell the hub when a socket is drained
                CallRedirect.ofVirtual(SOCKET_IMPL, DISPATCHER, "read", "(Ljava/io/FileDescriptor;JI)I", IO_HOOK, "read"),
                CallRedirect.ofVirtual(SOCKET_IMPL, DISPATCHER, "write", "(Ljava/io/FileDescriptor;JI)I", IO_HOOK, "write"),
                CallRedirect.ofStatic(SOCKET_IMPL, NET, "accept", ACCEPT, IO_HOOK),
                CallRedirect.ofStatic("sun/nio/ch/ServerSocketChannelImpl", NET, "accept", ACCEPT, IO_HOOK),
                CallRedirect.ofStatic(SOCKET_CHANNEL, IOUTIL, "read", IOUTIL_RW, IO_HOOK, "read", IOUTIL_RW_HOOK),
                CallRedirect.ofStatic(SOCKET_CHANNEL, IOUTIL, "write", IOUTIL_RW, IO_HOOK, "write", IOUTIL_RW_HOOK),
                // a selector's close: its fd, which a fiber may have waited on, is free for reuse
                CallRedirect.ofStatic("sun/nio/ch/EPollSelectorImpl", "sun/nio/ch/FileDispatcherImpl", "closeIntFD", "(I)V",
                        IO_HOOK));
    }

    @Override
    public List<EntryHook> entryHooks() {
        return List.of(
                // private void park(FileDescriptor, int event, long nanos): platform-thread interrupt semantics
                EntryHook.replacing(SOCKET_IMPL, "park", "(Ljava/io/FileDescriptor;IJ)V", "green/hooks/SocketHook"),
                // every socket read and write: a fiber whose socket always has data must still let others run
                EntryHook.notifying(SOCKET_IMPL, "implRead", "([BIIJ)I", HOOK, "beforeIo"),
                EntryHook.notifying(SOCKET_IMPL, "implWrite", "([BII)I", HOOK, "beforeIo"),
                EntryHook.notifying(SOCKET_CHANNEL, "implRead", "(Ljava/nio/ByteBuffer;)I", HOOK, "beforeIo"),
                EntryHook.notifying(SOCKET_CHANNEL, "implWrite", "(Ljava/nio/ByteBuffer;)I", HOOK, "beforeIo"),
                // every close of a socket's fd: what the hub knows of the fd is void, its number free for reuse
                EntryHook.before("sun/nio/ch/UnixDispatcher", "close", "(Ljava/io/FileDescriptor;)V", IO_HOOK));
    }
}
