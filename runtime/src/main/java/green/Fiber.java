package green;

import green.hub.Hub;
import green.observe.Observability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fiber: a task running on the hub in its own virtual thread, gevent's {@code Greenlet}. It has
 * its own {@link Thread} identity, so {@code synchronized}, {@code java.util.concurrent} and
 * {@code ThreadLocal} behave as with threads.
 *
 * <p>Thread-safe: any thread may join, get, kill or link a fiber.
 *
 * @param <T> the result type
 */
public final class Fiber<T> {

    private static final ThreadLocal<Fiber<?>> CURRENT = new ThreadLocal<>();

    static {
        Observability.install(); // library mode: the hub is watched from its start, as under the agent
    }

    private final Thread thread;
    private final Hub hub;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Consumer<? super Fiber<T>>> links = new ArrayList<>(); // guarded by itself; null once run
    private boolean linksRun; // guarded by links
    private volatile boolean finished;
    private volatile Throwable pendingKill;
    private volatile T value;
    private volatile Throwable exception;

    Fiber(Hub hub, String name, Callable<T> task) {
        this.hub = hub;
        this.thread = hub.newFiber(name, () -> run(task));
    }

    /** The fiber the current thread is, or null when it is not one made by {@link Green#spawn}. */
    public static Fiber<?> current() {
        return CURRENT.get();
    }

    Fiber<T> start() {
        thread.start();
        return this;
    }

    private void run(Callable<T> task) {
        CURRENT.set(this);
        try {
            if (pendingKill != null) {
                throw Kills.<RuntimeException>sneaky(pendingKill); // killed before it ran
            }
            value = task.call();
        } catch (Throwable t) {
            Throwable kill = pendingKill;
            // an InterruptedException or socket error caused by the kill's interrupt is the kill
            exception = kill != null ? kill : t;
        } finally {
            finished = true;
            List<Consumer<? super Fiber<T>>> toRun;
            synchronized (links) {
                linksRun = true;
                toRun = new ArrayList<>(links);
                links.clear();
            }
            toRun.forEach(this::runLink);
            done.countDown(); // after the links, so a joiner sees their effects (a Group it left)
        }
    }

    private void runLink(Consumer<? super Fiber<T>> link) {
        try {
            link.accept(this);
        } catch (Throwable t) {
            System.getLogger("green").log(System.Logger.Level.ERROR, "link callback of " + name() + " threw", t);
        }
    }

    Throwable takePendingKill() {
        Throwable kill = pendingKill;
        pendingKill = null;
        return kill;
    }

    /** The virtual thread this fiber runs in. */
    public Thread thread() {
        return thread;
    }

    public String name() {
        return thread.getName();
    }

    /** Whether the fiber's task has ended (its links may still be running). */
    public boolean isDone() {
        return finished;
    }

    /** The exception the fiber ended with, or null if it has not ended or returned normally. */
    public Throwable exception() {
        return exception;
    }

    /** Whether the fiber ended by returning normally or by a {@link FiberExit} kill. */
    public boolean isSuccessful() {
        return isDone() && (exception == null || exception instanceof FiberExit);
    }

    /**
     * Waits until the fiber ends. From a thread outside the hub, throws {@link LoopExit} when
     * nothing could ever end it.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        if (Thread.currentThread().isVirtual()) {
            await(done);
        } else {
            awaitFromOutside();
        }
    }

    /** Waits at most {@code timeout} for the fiber to end; returns whether it ended. */
    public boolean join(Duration timeout) throws InterruptedException {
        try {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        }
    }

    private void awaitFromOutside() throws InterruptedException {
        // XXX: 200 ms between checks: a stuck program is reported quickly, a busy one is not disturbed.
        boolean suspicious = false;
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
            boolean stuck = hub.wouldBlockForever(Thread.currentThread());
            if (stuck && suspicious) {
                throw new LoopExit("would block forever: fiber " + name() + " is waiting and nothing is left"
                        + " that could wake it (no ready fibers, timers, I/O waits or other threads)");
            }
            suspicious = stuck; // two checks in a row, so a fiber caught between waits is not blamed
        }
    }

    /**
     * Waits for the fiber and returns its result.
     *
     * @throws FiberFailure if it ended with an exception other than {@link FiberExit}
     */
    public T get() throws InterruptedException {
        join();
        Throwable failure = exception;
        if (failure != null && !(failure instanceof FiberExit)) {
            throw new FiberFailure(this, failure);
        }
        return value;
    }

    /** Kills the fiber with a {@link FiberExit}; see {@link #kill(Throwable)}. */
    public void kill() {
        kill(new FiberExit());
    }

    /**
     * Raises {@code exception} in the fiber at its next park (a sleep, an I/O wait, a join, a lock
     * or queue wait): it interrupts the fiber, and green's waits throw {@code exception} instead of
     * {@link InterruptedException}. A fiber that has not started yet never runs its task. Does not
     * wait for the fiber to end: {@link #join()} it for that.
     */
    public void kill(Throwable exception) {
        if (isDone()) {
            return;
        }
        pendingKill = exception;
        thread.interrupt();
    }

    /**
     * Calls {@code callback} with this fiber once it has ended, in the ending fiber and before any
     * {@link #join()} returns (or at once in the caller if it has already ended). A callback must
     * not join this fiber.
     */
    public void link(Consumer<? super Fiber<T>> callback) {
        synchronized (links) {
            if (!linksRun) {
                links.add(callback);
                return;
            }
        }
        runLink(callback);
    }

    @Override
    public String toString() {
        return "Fiber[" + name() + (isDone() ? ", done" : "") + "]";
    }
}
