package green;

import green.hub.Hub;
import green.hub.HubClock;
import green.hub.HubStats;
import green.hub.Offload;
import green.observe.FiberDump;
import green.observe.Observability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * green's library API, gevent's shape in Java's idioms: spawn fibers on the hub, sleep, yield,
 * join and kill them, and offload calls that would block the hub. Everything that
 * {@code java.util.concurrent} already offers (locks, queues, semaphores, latches, futures) is
 * used as it is: on a fiber it parks the fiber, not the hub.
 *
 * <p>Without the agent the JVM must be started with {@code --add-opens java.base/java.lang=ALL-UNNAMED};
 * the first call says so if it is missing. Thread-safe: call from fibers or from any thread.
 */
public final class Green {

    static {
        Observability.install(); // library mode: the hub is watched from its start, as under the agent
    }

    private Green() {
        throw new UnsupportedOperationException();
    }

    /** Starts {@code task} in a new fiber on the hub. */
    public static <T> Fiber<T> spawn(Callable<T> task) {
        return new Fiber<>(Hub.get(), null, task).start();
    }

    /** Starts {@code task} in a new fiber on the hub; its result is null. */
    public static Fiber<Void> spawn(FiberTask task) {
        return spawn(asCallable(task));
    }

    /** Starts {@code task} in a new fiber with the given thread name. */
    public static <T> Fiber<T> spawn(String name, Callable<T> task) {
        return new Fiber<>(Hub.get(), name, task).start();
    }

    /** Starts {@code task} in a new fiber with the given thread name; its result is null. */
    public static Fiber<Void> spawn(String name, FiberTask task) {
        return spawn(name, asCallable(task));
    }

    /** Starts {@code task} in a new fiber after {@code delay}; the fiber exists (and can be killed) at once. */
    public static <T> Fiber<T> spawnLater(Duration delay, Callable<T> task) {
        return spawn(() -> {
            sleep(delay);
            return task.call();
        });
    }

    /**
     * Sleeps for {@code duration}: a fiber parks on a hub timer, any other thread sleeps as
     * {@link Thread#sleep(Duration)} does.
     *
     * @throws InterruptedException if interrupted; a pending {@link Fiber#kill} or expired
     *     {@link Timeout} is thrown instead
     */
    public static void sleep(Duration duration) throws InterruptedException {
        Hub hub = fiberHub();
        if (hub == null) {
            Thread.sleep(duration);
            return;
        }
        try {
            hub.sleepNanos(duration.toNanos());
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        }
        Kills.deliverPending();
    }

    /** Lets every other ready fiber run once before the caller goes on: gevent's {@code sleep(0)}. */
    public static void cooperate() {
        Thread.yield();
        if (fiberHub() != null) {
            Kills.deliverPending();
        }
    }

    /** Waits for every fiber to end. */
    public static void joinAll(Collection<? extends Fiber<?>> fibers) throws InterruptedException {
        for (Fiber<?> fiber : fibers) {
            fiber.join();
        }
    }

    /** Waits at most {@code timeout} for every fiber to end; returns whether they all did. */
    public static boolean joinAll(Collection<? extends Fiber<?>> fibers, Duration timeout) throws InterruptedException {
        long deadline = HubClock.nanoTime() + timeout.toNanos(); // the clock the joins wait on
        for (Fiber<?> fiber : fibers) {
            long left = deadline - HubClock.nanoTime();
            if (!fiber.join(Duration.ofNanos(Math.max(0, left)))) {
                return false;
            }
        }
        return true;
    }

    /** Kills every fiber with a {@link FiberExit} and waits for them to end. */
    public static void killAll(Collection<? extends Fiber<?>> fibers) throws InterruptedException {
        fibers.forEach(Fiber::kill);
        joinAll(fibers);
    }

    /**
     * The fibers in the order they end, gevent's {@code iwait}: iterating blocks until the next
     * one has ended.
     */
    public static <F extends Fiber<?>> Iterable<F> iwait(Collection<F> fibers) {
        List<F> snapshot = new ArrayList<>(fibers);
        return () -> {
            BlockingQueue<F> ended = new LinkedBlockingQueue<>();
            snapshot.forEach(f -> f.link(x -> ended.add(f)));
            return new Iterator<>() {
                private int returned;

                @Override
                public boolean hasNext() {
                    return returned < snapshot.size();
                }

                @Override
                public F next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    try {
                        F next = ended.take();
                        returned++;
                        return next;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the next fiber", e);
                    }
                }
            };
        };
    }

    /**
     * Runs {@code call}, which would block the hub (file I/O, a JNI call, CPU-heavy work), on a
     * worker thread while the calling fiber parks. From a thread that is not a fiber it simply
     * runs {@code call}.
     *
     * @throws Exception whatever {@code call} throws
     */
    public static <T> T blocking(Callable<T> call) throws Exception {
        try {
            return Offload.call(call);
        } catch (ExecutionException e) {
            throw Kills.<Exception>sneaky(e.getCause());
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        }
    }

    /**
     * Every live fiber with its state, how long in it, its stack and who spawned it, as a tree;
     * what {@code java -jar green.jar dump <pid>} prints.
     */
    public static String dump() {
        return FiberDump.text(Hub.get());
    }

    /** The hub's counters. */
    public static HubStats stats() {
        return Hub.get().stats();
    }

    private static Hub fiberHub() {
        return Hub.joined();
    }

    static Callable<Void> asCallable(FiberTask task) {
        return () -> {
            task.run();
            return null;
        };
    }
}
