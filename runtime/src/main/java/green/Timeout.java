package green;

import green.hub.Hub;
import green.hub.Timer;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A time limit on a block of code in a fiber, gevent's {@code Timeout}, as a try-with-resources
 * scope:
 * <pre>{@code
 * try (Timeout t = Timeout.start(Duration.ofSeconds(2))) {
 *     socket.getInputStream().read(buffer);
 * }
 * }</pre>
 * When it expires, the fiber is interrupted at its current wait (as {@link Fiber#kill} does):
 * green's own waits (sleep, join, {@link Event}) throw {@link Expired}; a JDK wait throws what an
 * interrupt makes it throw (a socket read of a virtual thread closes the socket and throws
 * {@code SocketException}). {@link #call} turns that into {@link Expired} too.
 *
 * <p>Confined to the fiber that started it.
 */
public final class Timeout implements AutoCloseable {

    /** Thrown where an expired {@link Timeout} interrupted the fiber. */
    public static final class Expired extends RuntimeException {
        Expired(Duration limit) {
            super("timed out after " + limit);
        }
    }

    private final Hub hub;
    private final Thread fiber;
    private final Timer timer;
    private final Expired expired;
    private volatile boolean fired;

    private Timeout(Duration limit) {
        hub = Hub.ofCurrentFiber();
        Fiber<?> current = Fiber.current();
        if (hub == null) {
            throw new IllegalStateException("a Timeout can only be started in a fiber");
        }
        fiber = Thread.currentThread();
        expired = new Expired(limit);
        timer = hub.schedule(limit.toNanos(), () -> {
            fired = true;
            if (current != null) {
                current.kill(expired);
            } else {
                fiber.interrupt();
            }
        });
    }

    /** Starts a time limit for the current fiber. */
    public static Timeout start(Duration limit) {
        return new Timeout(limit);
    }

    /**
     * Runs {@code call} under a time limit in the current fiber.
     *
     * @throws Expired if the limit passed, whatever exception the interrupted call threw (kept as the cause)
     */
    public static <T> T call(Duration limit, Callable<T> call) throws Exception {
        Timeout timeout = start(limit);
        try {
            return call.call();
        } catch (Expired e) {
            throw e;
        } catch (Exception e) {
            if (timeout.expired()) {
                Expired expired = new Expired(limit);
                expired.initCause(e);
                throw expired;
            }
            throw e;
        } finally {
            timeout.close();
        }
    }

    /** Whether the limit passed. */
    public boolean expired() {
        return fired;
    }

    /** Cancels the limit if it has not passed; clears an interrupt it left behind if it has. */
    @Override
    public void close() {
        if (hub.cancel(timer)) {
            return;
        }
        // It fired, but the block may have ended before any wait saw it: drop the kill and its interrupt.
        Fiber<?> current = Fiber.current();
        if (current != null) {
            current.takePendingKill();
        }
        Thread.interrupted();
    }
}
