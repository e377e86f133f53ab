package green.hub;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that may take over a hub's loop while a fiber holds its thread, at most
 * {@code green.reliefThreads} at once: daemon platform threads {@code green-relief-N}, made on
 * demand and kept a while when they are done, so a program that relieves often does not make a
 * thread each time.
 *
 * <p>A thread here is either running the loop, running a relieved fiber, or idle in the pool
 * waiting for {@link #grant}. Any thread may call {@link #reserve}; {@link #idle} is called by the
 * relief thread itself.
 */
final class ReliefThreads {

    private static final long KEEP_IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Hub hub;
    private final int max;
    private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by this
    private int alive;                                          // guarded by this
    private int made;                                           // guarded by this

    /** One relief thread; {@code granted} is set by whoever hands it the loop. */
    final class Worker implements Runnable {
        final Thread thread;
        private volatile boolean granted;

        Worker(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            for (;;) {
                if (granted) {
                    granted = false;
                    hub.runLoopWhileOwner();
                }
                if (!idle(this)) {
                    return;
                }
            }
        }
    }

    ReliefThreads(Hub hub, int max) {
        this.hub = hub;
        this.max = max;
    }

    /** A thread ready to be granted the loop, or null when {@code max} are busy already. */
    synchronized Worker reserve() {
        Worker worker = idle.pollFirst();
        if (worker != null) {
            return worker;
        }
        if (alive >= max) {
            return null;
        }
        alive++;
        return new Worker("green-relief-" + ++made);
    }

    /** Gives back a reserved thread that was not used. */
    synchronized void unreserve(Worker worker) {
        if (worker.thread.getState() == Thread.State.NEW) {
            alive--;
        } else {
            idle.addFirst(worker); // still waiting in idle(): it times out there again
        }
    }

    /** Hands {@code worker}, reserved, the loop: it runs it from now on. */
    void grant(Worker worker) {
        worker.granted = true;
        if (worker.thread.getState() == Thread.State.NEW) {
            worker.thread.start();
        } else {
            LockSupport.unpark(worker.thread);
        }
    }

    /** Waits in the pool for a grant; false when it waited long enough and should end. */
    private boolean idle(Worker worker) {
        synchronized (this) {
            idle.addFirst(worker);
        }
        long deadline = System.nanoTime() + KEEP_IDLE_NANOS;
        while (!worker.granted) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                synchronized (this) {
                    if (!worker.granted && idle.remove(worker)) {
                        alive--;
                        return false;
                    }
                }
                // reserved meanwhile: a grant or an unreserve follows; wait for it a full period more
                deadline = System.nanoTime() + KEEP_IDLE_NANOS;
                continue;
            }
            LockSupport.parkNanos(this, left);
        }
        return true;
    }

    /** Relief threads alive now (running the loop, a relieved fiber, or idle). */
    synchronized int alive() {
        return alive;
    }

    /** Relief threads not idle: running the loop or a relieved fiber. */
    synchronized int busy() {
        return alive - idle.size();
    }
}
