package green.hooks;

import green.hub.FdWaits;
import green.hub.Hub;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Entry points for the {@code poll} patch: the JDK's calls into {@code sun.nio.ch.Poller} from its
 * socket, channel and selector code come here instead, so every blocking socket wait of a fiber
 * (NioSocketImpl, blocking channels, {@code Selector.select} in a virtual thread, and so every
 * driver and server built on them) parks on the hub's epoll instead of a JDK poller thread. What
 * the hub cannot take goes to the JDK's poller as before ({@link JdkPoller}).
 *
 * <p>Called on any thread; only fibers on their hub are diverted.
 */
public final class PollHook {

    private static final int POLLIN = 1;
    private static final int POLLOUT = 4;
    private static final BooleanSupplier ALWAYS = () -> true;

    private PollHook() {
        throw new UnsupportedOperationException();
    }

    /** {@code Poller.poll(fdVal, event, nanos, isOpen)}: parks until the fd is ready, closed, or {@code nanos} (0: no limit) pass. */
    public static void poll(int fdVal, int event, long nanos, BooleanSupplier isOpen) throws IOException {
        if (!onHub(fdVal, event, nanos, isOpen)) {
            JdkPoller.poll(fdVal, event, nanos, isOpen);
        }
    }

    /** {@code Poller.pollSelector(fdVal, nanos)}: a selector's select in a virtual thread, parked on its epoll fd. */
    public static void pollSelector(int fdVal, long nanos) throws IOException {
        if (!onHub(fdVal, POLLIN, nanos, ALWAYS)) {
            JdkPoller.pollSelector(fdVal, nanos);
        }
    }

    /** Whether the hub took the wait: parked the fiber on the loop, or brought a relieved one back to it. */
    private static boolean onHub(int fdVal, int event, long nanos, BooleanSupplier isOpen) throws IOException {
        Hub hub = Thread.currentThread().isVirtual() ? Hub.current() : null;
        return hub != null ? hub.fds().awaitFd(fdVal, event, nanos, FdWaits.SUPPLIER_SAYS_SO, isOpen) : Hub.rejoin();
    }

    /** {@code Poller.stopPoll(fdVal, event)}: a close or shutdown wakes the fiber waiting on the fd. */
    public static void stopPoll(int fdVal, int event) {
        Hub hub = Hub.existing();
        if (hub != null) {
            hub.fds().wakeFd(fdVal, event);
        }
        if (JdkPoller.used()) {
            JdkPoller.stopPoll(fdVal, event);
        }
    }

    /** {@code Poller.stopPoll(fdVal)}: both directions. */
    public static void stopPoll(int fdVal) {
        stopPoll(fdVal, POLLIN);
        stopPoll(fdVal, POLLOUT);
    }

    /**
     * Precedes every socket read and write: a fiber that has done its share of them since the hub
     * last switched goes to the back of the run queue first. Without this, a fiber whose socket
     * always has data never waits, and on one hub thread everyone else waits for it (gevent's
     * pywsgi under load: p99 1.5 s).
     */
    public static void beforeIo() {
        if (Thread.currentThread().isVirtual()) {
            Hub hub = Hub.current();
            if (hub != null) {
                hub.spendIoTurn();
            }
        }
    }
}
