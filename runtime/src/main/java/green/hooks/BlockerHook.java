package green.hooks;

import green.hub.Hub;
import java.io.PrintStream;

/**
 * Entry points for the {@code blocking} patch: hooks at the entry of
 * {@code jdk.internal.misc.Blocker.begin()} and {@code end(boolean)}. The JDK brackets the blocking
 * native calls it knows with these two (process pipes, {@code System.in}, file sync and locks,
 * {@code O_SYNC}/{@code O_DIRECT} file I/O, the poll-based selector; in JDK 25 not ordinary file
 * reads and writes) so that its own scheduler can add a carrier while one blocks. green's hub is a
 * single thread and cannot, so a fiber entering such a call leaves the hub for a worker thread and
 * comes back once the call returns: the other fibers keep running. The common case this keeps
 * alive is one thread reading a child process's output while another writes its input; on one hub
 * thread that deadlocks.
 *
 * <p>Writes to {@code System.out} and {@code System.err} are bracketed too, and stay on the hub:
 * they return at once unless whoever reads them stalls, and the move cost 14.7 µs per
 * {@code println} against 0.56 µs without it (a 26-fold slow-down of a program that logs;
 * benchmarks/README.md, section 6). gevent leaves {@code sys.stdout} blocking for the same reason.
 * They are told apart by the {@code PrintStream}'s monitor, which each of its writes holds: a hook
 * in {@code System.Out} itself would mean retransforming a class loaded before the agent, about
 * 45 ms of start-up.
 *
 * <p>Called on any thread; only fibers of a hub move.
 */
public final class BlockerHook {

    private BlockerHook() {
        throw new UnsupportedOperationException();
    }

    /** Before {@code Blocker.begin()}: a fiber on the hub moves to a worker thread, unless it writes to stdout or stderr. */
    public static void begin() {
        if (!Thread.currentThread().isVirtual() || writesToStandardStream()) {
            return;
        }
        Hub hub = Hub.current();
        if (hub != null) {
            hub.leaveForWorker();
        }
    }

    /** Whether the current thread is inside a write of {@code System.out} or {@code System.err} (either may be null). */
    private static boolean writesToStandardStream() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        return out != null && Thread.holdsLock(out) || err != null && Thread.holdsLock(err);
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
