package green;

/**
 * A fiber body without a result that may throw, so that code which sleeps, joins or does I/O can
 * be spawned as a lambda without wrapping checked exceptions. Pass a {@link Runnable} as
 * {@code runnable::run}.
 */
@FunctionalInterface
public interface FiberTask {
    void run() throws Exception;
}
