package green.hub;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs calls the hub cannot make cooperative (file I/O, native DNS look-ups, JNI) on a pool of
 * daemon worker threads while the calling fiber parks on a {@code java.util.concurrent} future,
 * and carries fibers that leave the hub for a blocking native call.
 * The hub counts the call as outside work, so it is never mistaken for a program that can make no
 * progress.
 *
 * <p>Any thread; a caller that is not a fiber of a hub runs the call itself.
 */
public final class Offload {

    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread worker = new Thread(task, "green-blocking");
        worker.setDaemon(true);
        return worker;
    });

    private Offload() {
        throw new UnsupportedOperationException();
    }

    /**
     * Runs {@code call} on a worker if the caller is a fiber, else in the caller.
     *
     * @throws ExecutionException wrapping what {@code call} threw, when it ran on a worker
     * @throws InterruptedException if the fiber is interrupted while waiting; the call goes on
     */
    public static <T> T call(Callable<T> call) throws Exception {
        return call(call, true);
    }

    /**
     * As {@link #call(Callable)}, but an interrupt does not end the wait: it is kept as the
     * interrupt status, as with a native call that cannot be interrupted (a DNS look-up).
     */
    public static <T> T callUninterruptibly(Callable<T> call) throws Exception {
        return call(call, false);
    }

    /**
     * Runs a fiber's continuation on a worker thread (see {@link Hub#leaveForWorker()}), or hands
     * it to {@code otherwise} when no worker can be started.
     */
    static void carry(Runnable continuation, Consumer<Runnable> otherwise) {
        try {
            WORKERS.execute(continuation);
        } catch (RuntimeException | OutOfMemoryError e) { // rejected, or no native thread left
            otherwise.accept(continuation);
        }
    }

    private static <T> T call(Callable<T> call, boolean interruptible) throws Exception {
        Hub hub = Thread.currentThread().isVirtual() ? Hub.current() : null;
        if (hub == null) {
            return call.call();
        }
        hub.outsideWorkStarted();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            WORKERS.execute(() -> {
                try {
                    result.complete(call.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    hub.outsideWorkEnded();
                }
            });
        } catch (RuntimeException e) {
            hub.outsideWorkEnded();
            throw e;
        }
        if (interruptible) {
            return result.get();
        }
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
