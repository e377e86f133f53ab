package green;

/** Thrown by {@link Fiber#get()} when the fiber ended with an exception; the cause is that exception. */
public final class FiberFailure extends RuntimeException {
    FiberFailure(Fiber<?> fiber, Throwable cause) {
        super("fiber " + fiber.name() + " failed: " + cause, cause);
    }
}
