package green.hub;

/**
 * Keeps the JVM alive exactly while logically non-daemon fibers live. Fibers are virtual threads,
 * which never keep the JVM alive, while the program's {@code new Thread} did; so a non-daemon
 * platform thread, {@code green-keepalive}, waits for as long as the count of such fibers is above
 * zero, and ends when it drops to zero.
 *
 * <p>Thread-safe.
 */
public final class KeepAlive {
    private static final Object LOCK = new Object();
    private static long count;
    private static Thread keeper;

    private KeepAlive() {
        throw new UnsupportedOperationException();
    }

    /** One more non-daemon fiber is alive. */
    public static void acquire() {
        synchronized (LOCK) {
            if (count++ == 0 && keeper == null) {
                keeper = new Thread(KeepAlive::await, "green-keepalive");
                keeper.setDaemon(false);
                keeper.start();
            }
        }
    }

    /** A non-daemon fiber ended. */
    public static void release() {
        synchronized (LOCK) {
            if (--count == 0) {
                LOCK.notifyAll();
            }
        }
    }

    /** Non-daemon fibers alive now. */
    public static long count() {
        synchronized (LOCK) {
            return count;
        }
    }

    private static void await() {
        synchronized (LOCK) {
            try {
                while (count > 0) {
                    LOCK.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                keeper = null;
            }
        }
    }
}
