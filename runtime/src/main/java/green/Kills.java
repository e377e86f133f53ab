package green;

/**
 * Delivers a {@link Fiber#kill} or an expired {@link Timeout} at the fiber's next park: both set a
 * pending exception and interrupt the fiber, which wakes it from any wait; the green operation
 * that sees the interrupt throws the pending exception instead of {@link InterruptedException}.
 *
 * <p>Called on the fiber itself.
 */
final class Kills {
    private Kills() {
        throw new UnsupportedOperationException();
    }

    /** Throws the current fiber's pending kill if there is one, else {@code interrupted}. */
    static InterruptedException deliver(InterruptedException interrupted) {
        Fiber<?> fiber = Fiber.current();
        Throwable kill = fiber == null ? null : fiber.takePendingKill();
        if (kill != null) {
            throw Kills.<RuntimeException>sneaky(kill);
        }
        return interrupted;
    }

    /** Rethrows the current fiber's pending kill, if any, after a wait that returned normally. */
    static void deliverPending() {
        Fiber<?> fiber = Fiber.current();
        Throwable kill = fiber == null ? null : fiber.takePendingKill();
        if (kill != null) {
            Thread.interrupted(); // the interrupt carried the kill; it is consumed with it
            throw Kills.<RuntimeException>sneaky(kill);
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
