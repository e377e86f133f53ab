package demo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Threads that die of an exception, one after another, so stderr has a fixed order: a thread
 * built on a lambda, a {@code Thread} subclass whose exception has a cause, a thread whose
 * uncaught-exception handler throws too (the JVM reports that in one line), and a pool worker
 * running a task given to {@code execute}. The JDK prints each as "Exception in thread ...".
 * Then a last thread dies with a handler that takes its time, and main returns without waiting:
 * the JVM still waits for the handler, because a thread is alive until its handler returns.
 *
 * <p>Usage: {@code demo.ThreadFailures}. Prints {@code main goes on} once the first four are
 * dead, then {@code late handler done: last failed}.
 */
public final class ThreadFailures {

    static final class Worker extends Thread {
        Worker() {
            super("worker");
        }

        @Override
        public void run() {
            throw new IllegalArgumentException("worker failed", new IllegalStateException("its cause"));
        }
    }

    public static void main(String[] args) throws Exception {
        Thread plain = new Thread(() -> {
            throw new IllegalStateException("plain thread failed");
        });
        plain.start();
        plain.join();

        Worker worker = new Worker();
        worker.start();
        worker.join();

        Thread clumsy = new Thread(() -> {
            throw new IllegalStateException("clumsy failed");
        }, "clumsy");
        clumsy.setUncaughtExceptionHandler((thread, failure) -> {
            throw new UnsupportedOperationException("the handler failed too");
        });
        clumsy.start();
        clumsy.join();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(() -> {
            throw new UnsupportedOperationException("pool task failed");
        });
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.println("main goes on");

        Thread last = new Thread(() -> {
            throw new IllegalStateException("last failed");
        });
        last.setUncaughtExceptionHandler((thread, failure) -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("late handler done: " + failure.getMessage());
        });
        last.start();
    }
}
