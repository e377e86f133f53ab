package green.hooks;

import green.hub.Hub;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Entry points for the {@code poll} patch: advice inlined into {@code sun.nio.ch.Poller} calls
 * these, so every blocking socket wait of a fiber (NioSocketImpl, blocking channels, and so every
 * driver built on them) parks on the hub's epoll instead of a JDK poller thread.
 *
 * <p>Called on any thread; only fibers of a hub are diverted.
 */
public final class PollHook {

    private PollHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * Replaces {@code Poller.poll(fdVal, event, nanos, supplier)} for a fiber.
     *
     * @return true when the hub carried the wait (the JDK's own body must be skipped), false when
     *     the caller is not a fiber, the hub cannot wait on fds, or the fiber is pinned: the JDK's
     *     poller then waits as usual, and its waker is not the hub
     */
    public static boolean poll(int fdVal, int event, long nanos, BooleanSupplier isOpen) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        Hub hub = Hub.current();
        return hub != null && hub.awaitFd(fdVal, event, nanos, isOpen);
    }

    /**
     * Precedes every socket read and write: a fiber that has done its share of them since the hub
     * last switched goes to the back of the run queue first. Without this, a fiber whose socket
     * always has data never waits, and on one hub thread everyone else waits for it (gevent's
     * pywsgi under load: p99 1.5 s, measured in research/anchors-results.md).
     */
    public static void beforeIo() {
        if (Thread.currentThread().isVirtual()) {
            Hub hub = Hub.current();
            if (hub != null) {
                hub.spendIoTurn();
            }
        }
    }

    /** Follows {@code Poller.stopPoll(fdVal, event)}: a close or shutdown wakes the fiber waiting on the fd. */
    public static void stopPoll(int fdVal, int event) {
        Hub hub = Hub.existing();
        if (hub != null) {
            hub.wakeFd(fdVal, event);
        }
    }
}
