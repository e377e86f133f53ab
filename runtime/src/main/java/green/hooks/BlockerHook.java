package green.hooks;

import green.hub.Hub;

/**
 * Entry points for the {@code blocking} patch: hooks at the entry of
 * {@code jdk.internal.misc.Blocker.begin()} and {@code end(boolean)}. The JDK brackets the blocking
 * native calls it knows with these two (process pipes, {@code System.in}, {@code RandomAccessFile},
 * {@code FileChannel}, the poll-based selector) so that its own scheduler can add a carrier while
 * one blocks. green's hub is a single thread and cannot, so a fiber entering such a call leaves the
 * hub for a worker thread and comes back once the call returns: the other fibers keep running. The
 * common case this keeps alive is one thread reading a child process's output while another
 * writes its input; on one hub thread that deadlocks.
 *
 * <p>Called on any thread; only fibers of a hub move.
 */
public final class BlockerHook {

    private BlockerHook() {
        throw new UnsupportedOperationException();
    }

    /** Before {@code Blocker.begin()}: a fiber on the hub moves to a worker thread. */
    public static void begin() {
        if (!Thread.currentThread().isVirtual()) {
            return;
        }
        Hub hub = Hub.current();
        if (hub != null) {
            hub.leaveForWorker();
        }
    }

    /** Before {@code Blocker.end(boolean)}: a fiber that moved for the call goes back to its hub. */
    public static void end() {
        if (!Thread.currentThread().isVirtual()) {
            return;
        }
        Hub hub = Hub.existing();
        if (hub != null) {
            hub.returnFromWorker();
        }
    }
}
