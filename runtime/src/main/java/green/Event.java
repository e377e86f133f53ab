package green;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A resettable flag that fibers and threads wait on, gevent's {@code Event}: {@link #set()} wakes
 * every waiter, and the flag stays set until {@link #clear()}. Built on
 * {@code java.util.concurrent} locks, which park a fiber without blocking the hub.
 *
 * <p>Thread-safe.
 */
public final class Event {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean flag;

    public boolean isSet() {
        lock.lock();
        try {
            return flag;
        } finally {
            lock.unlock();
        }
    }

    /** Sets the flag and wakes all waiters. */
    public void set() {
        lock.lock();
        try {
            flag = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Clears the flag; later waiters wait for the next {@link #set()}. */
    public void clear() {
        lock.lock();
        try {
            flag = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the flag is set. */
    public void await() throws InterruptedException {
        lock.lock();
        try {
            while (!flag) {
                changed.await();
            }
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code timeout} until the flag is set; returns the flag. */
    public boolean await(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!flag && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return flag;
        } catch (InterruptedException e) {
            throw Kills.deliver(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "clear") + "]";
    }
}
