package green.hub;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers "can any fiber of this hub ever run again?" for a thread outside the hub that waits for
 * one (gevent's {@code LoopExit}): no when nothing is ready, no timer or I/O wait is pending, no
 * work is being done for the hub's fibers outside it, no fiber is running off the loop, every
 * fiber waits untimed and none in a JDK socket wait, and no other live non-daemon thread exists
 * that might wake one.
 *
 * <p>Any thread; the check itself runs on the loop.
 */
final class Liveness {

    private final Hub hub;

    Liveness(Hub hub) {
        this.hub = hub;
    }

    boolean wouldBlockForever(Thread except) throws InterruptedException {
        var answer = new CompletableFuture<Boolean>();
        hub.execute(() -> answer.complete(idleForever(except)));
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false; // the hub is busy: it is certainly not stuck
        }
    }

    /** On the loop. */
    private boolean idleForever(Thread except) {
        if (!hub.idleExceptThisTask()) {
            return false;
        }
        for (Thread fiber : hub.registry().fibers()) {
            if (fiber.getState() != Thread.State.WAITING || inJdkIoWait(fiber)) {
                return false;
            }
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != except && !hub.isLoopThread(t) && t.isAlive() && !t.isDaemon() && !t.isVirtual()
                    && !"DestroyJavaVM".equals(t.getName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inJdkIoWait(Thread fiber) {
        for (StackTraceElement frame : fiber.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.nio.ch.")) {
                return true;
            }
        }
        return false;
    }
}
