package green;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A set of fibers that are waited for and killed together, gevent's {@code Group}. A fiber leaves
 * the group when it ends. {@link #map}, {@link #imap} and {@link #imapUnordered} run a function
 * over items in fibers of the group; a {@link Pool} bounds how many run at once.
 *
 * <p>Thread-safe.
 */
public class Group {
    private final Set<Fiber<?>> fibers = ConcurrentHashMap.newKeySet();

    /** Starts {@code task} in a new fiber of this group. */
    public <T> Fiber<T> spawn(Callable<T> task) throws InterruptedException {
        Fiber<T> fiber = Green.spawn(task);
        add(fiber);
        return fiber;
    }

    public Fiber<Void> spawn(FiberTask task) throws InterruptedException {
        return spawn(Green.asCallable(task));
    }

    /** Adds a running fiber; it leaves the group when it ends. */
    public void add(Fiber<?> fiber) {
        fibers.add(fiber);
        fiber.link(fibers::remove);
    }

    /** Fibers of the group that have not ended. */
    public int size() {
        return fibers.size();
    }

    /** A snapshot of the fibers that have not ended. */
    public List<Fiber<?>> fibers() {
        return new ArrayList<>(fibers);
    }

    /** Waits until every fiber of the group has ended, including those spawned meanwhile. */
    public void join() throws InterruptedException {
        while (!fibers.isEmpty()) {
            Green.joinAll(fibers());
        }
    }

    /** Waits at most {@code timeout}; returns whether the group is empty. */
    public boolean join(Duration timeout) throws InterruptedException {
        return Green.joinAll(fibers(), timeout) && fibers.isEmpty();
    }

    /** Kills every fiber of the group with a {@link FiberExit} and waits for them. */
    public void kill() throws InterruptedException {
        Green.killAll(fibers());
    }

    /** Runs {@code function} on {@code argument} in a fiber of this group and returns its result. */
    public <A, R> R apply(Function<? super A, ? extends R> function, A argument) throws InterruptedException {
        return spawn(() -> function.apply(argument)).get();
    }

    /** Applies {@code function} to every item in fibers of this group; results in item order. */
    public <A, R> List<R> map(Function<? super A, ? extends R> function, Iterable<? extends A> items)
            throws InterruptedException {
        List<R> results = new ArrayList<>();
        for (Iterator<R> it = imap(function, items); it.hasNext(); ) {
            results.add(it.next());
        }
        return results;
    }

    /**
     * Applies {@code function} to the items lazily, in fibers of this group, and yields the results
     * in item order. Items are taken from {@code items} only as fast as the group admits fibers (a
     * {@link Pool} never has more than its size in flight) and at most that many finished results
     * wait for the consumer. A function that throws makes {@code next()} throw {@link FiberFailure}.
     */
    public <A, R> Iterator<R> imap(Function<? super A, ? extends R> function, Iterable<? extends A> items) {
        BlockingQueue<Fiber<R>> inOrder = new LinkedBlockingQueue<>(window());
        return new Results<>(produce(items, item -> {
            Fiber<R> fiber = spawn(() -> function.apply(item));
            inOrder.put(fiber);
        }), inOrder, Fiber::get);
    }

    /** As {@link #imap}, but yields each result as soon as its fiber ends. */
    public <A, R> Iterator<R> imapUnordered(Function<? super A, ? extends R> function, Iterable<? extends A> items) {
        BlockingQueue<Fiber<R>> ended = new LinkedBlockingQueue<>();
        return new Results<>(produce(items, item -> {
            Fiber<R> fiber = spawn(() -> function.apply(item));
            fiber.link(ended::add);
        }), ended, Fiber::get);
    }

    /** How many results imap lets wait for a consumer; unbounded for a plain group. */
    int window() {
        return Integer.MAX_VALUE;
    }

    private interface ItemAction<A> {
        void accept(A item) throws InterruptedException;
    }

    /** A fiber that feeds the items to {@code action} and ends with how many it fed. */
    private static <A> Fiber<Integer> produce(Iterable<? extends A> items, ItemAction<A> action) {
        return Green.spawn(() -> {
            int count = 0;
            for (A item : items) {
                action.accept(item);
                count++;
            }
            return count;
        });
    }

    private interface Result<F, R> {
        R get(F fiber) throws InterruptedException;
    }

    /** Iterates the fibers a producer hands over, until it has ended and all were taken. */
    private static final class Results<R> implements Iterator<R> {
        private final Fiber<Integer> producer;
        private final BlockingQueue<Fiber<R>> queue;
        private final Result<Fiber<R>, R> result;
        private int taken;
        private Fiber<R> next;

        Results(Fiber<Integer> producer, BlockingQueue<Fiber<R>> queue, Result<Fiber<R>, R> result) {
            this.producer = producer;
            this.queue = queue;
            this.result = result;
        }

        @Override
        public boolean hasNext() {
            try {
                while (next == null) {
                    next = queue.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (next == null && producer.isDone() && queue.isEmpty()
                            && (producer.exception() != null || taken == producer.get())) {
                        producer.get(); // rethrows a failure of the items' iterator
                        return false;
                    }
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a result", e);
            }
        }

        @Override
        public R next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Fiber<R> fiber = next;
            next = null;
            taken++;
            try {
                return result.get(fiber);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a result", e);
            }
        }
    }
}
