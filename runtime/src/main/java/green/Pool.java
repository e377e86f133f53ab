package green;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * A {@link Group} that never runs more than {@code size} fibers at once, gevent's {@code Pool}:
 * {@link #spawn} waits for a free slot, which is how {@link #imap} and {@link StreamServer} get
 * backpressure.
 *
 * <p>Thread-safe.
 */
public final class Pool extends Group {
    private final int size;
    private final Semaphore slots;

    public Pool(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, was " + size);
        }
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /** Starts {@code task} in a new fiber once a slot is free; waits for one. */
    @Override
    public <T> Fiber<T> spawn(Callable<T> task) throws InterruptedException {
        slots.acquire();
        Fiber<T> fiber;
        try {
            fiber = Green.spawn(task);
        } catch (RuntimeException | Error e) {
            slots.release();
            throw e;
        }
        add(fiber); // links run in order: the fiber leaves the group before its slot is free
        fiber.link(f -> slots.release());
        return fiber;
    }

    public int capacity() {
        return size;
    }

    /** Slots free now. */
    public int free() {
        return slots.availablePermits();
    }

    @Override
    int window() {
        return size;
    }
}
