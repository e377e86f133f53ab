package green.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hub's choices under {@code green.seed}: which ready fiber runs next, in which order timers
 * due together fire, in which order the fds of one poll batch wake their fibers. Each is drawn
 * from one PRNG seeded with the seed, so the same program, seed and inputs make the same choices
 * at every run, and another seed makes others. Switch points stay where fibers park or yield.
 *
 * <p>Confined to the loop's owner.
 */
final class SeededOrder {
    private final long seed;
    private final SplittableRandom random;
    /** Ready tasks, in no order: a pick swaps the last into the hole. */
    private final ArrayList<Runnable> ready = new ArrayList<>();

    SeededOrder(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    long seed() {
        return seed;
    }

    /** Takes in what the hub queued since the last pick and returns one ready task at random, or null. */
    Runnable next(ArrayDeque<Runnable> woken, ArrayDeque<Runnable> runQueue) {
        for (Runnable task; (task = woken.pollFirst()) != null; ) {
            ready.add(task);
        }
        for (Runnable task; (task = runQueue.pollFirst()) != null; ) {
            ready.add(task);
        }
        int n = ready.size();
        if (n == 0) {
            return null;
        }
        int i = random.nextInt(n);
        Runnable chosen = ready.get(i);
        Runnable last = ready.remove(n - 1);
        if (i < n - 1) {
            ready.set(i, last);
        }
        return chosen;
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    int size() {
        return ready.size();
    }

    /** Gives back what is ready, in the order it came, when the hub stops choosing by this seed. */
    void drainTo(ArrayDeque<Runnable> runQueue) {
        runQueue.addAll(ready);
        ready.clear();
    }

    /** Puts {@code items} in a random order. */
    <T> void shuffle(List<T> items) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = items.get(i);
            items.set(i, items.get(j));
            items.set(j, t);
        }
    }

    /** A random index below {@code bound}, for a poll batch's order. */
    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
