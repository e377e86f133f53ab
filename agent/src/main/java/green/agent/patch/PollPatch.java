package green.agent.patch;

import java.util.List;

/**
 * The {@code poll} patch: every blocking socket wait in the JDK ({@code NioSocketImpl}, blocking
 * channels, and so HTTP clients and drivers) goes through {@code sun.nio.ch.Poller.poll}; advice
 * a hook there offers the wait to the hub first ({@code green.hooks.PollHook}), and {@code stopPoll}
 * (close, shutdown) also wakes a fiber waiting on the hub. When the hook declines (not a fiber,
 * or pinned), the JDK's own body runs unchanged. A hook on {@code NioSocketImpl.park} keeps the
 * program's threads deaf to interrupts in socket waits, as platform threads are. Hooks at the entry
 * of every socket read and write bound how long a fiber that never has to wait may keep the hub
 * (DESIGN.md section 3, fairness).
 *
 * <p>Stateless; its hooks are put in on the installing thread (retransformation).
 */
public final class PollPatch implements Patch {

    private static final String POLLER = "sun/nio/ch/Poller";
    private static final String SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";
    private static final String SOCKET_CHANNEL = "sun/nio/ch/SocketChannelImpl";
    private static final String FAIRNESS = "green/hooks/PollHook";

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public List<EntryHook> entryHooks() {
        return List.of(
                // static void poll(int fdVal, int event, long nanos, BooleanSupplier isOpen): the hub's if it takes it
                EntryHook.replacing(POLLER, "poll", "(IIJLjava/util/function/BooleanSupplier;)V", "green/hooks/PollHook"),
                // static void stopPoll(int fdVal, int event): a close or shutdown also wakes a fiber waiting on the hub
                EntryHook.before(POLLER, "stopPoll", "(II)V", "green/hooks/PollHook"),
                // private void park(FileDescriptor, int event, long nanos): platform-thread interrupt semantics
                EntryHook.replacing(SOCKET_IMPL, "park", "(Ljava/io/FileDescriptor;IJ)V", "green/hooks/SocketHook"),
                // every socket read and write: a fiber whose socket always has data must still let others run
                EntryHook.notifying(SOCKET_IMPL, "implRead", "([BIIJ)I", FAIRNESS, "beforeIo"),
                EntryHook.notifying(SOCKET_IMPL, "implWrite", "([BII)I", FAIRNESS, "beforeIo"),
                EntryHook.notifying(SOCKET_CHANNEL, "implRead", "(Ljava/nio/ByteBuffer;)I", FAIRNESS, "beforeIo"),
                EntryHook.notifying(SOCKET_CHANNEL, "implWrite", "(Ljava/nio/ByteBuffer;)I", FAIRNESS, "beforeIo"));
    }
}
