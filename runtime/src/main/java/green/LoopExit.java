package green;

/**
 * Thrown to a thread outside the hub that waits for a fiber when nothing can ever wake it: no
 * fiber is ready, no timer or I/O wait is pending, no offloaded call is running and no other
 * thread is alive to help. gevent raises its {@code LoopExit} in the same case, instead of hanging.
 */
public final class LoopExit extends IllegalStateException {
    LoopExit(String message) {
        super(message);
    }
}
