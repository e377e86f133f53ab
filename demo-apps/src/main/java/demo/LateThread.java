package demo;

import java.util.concurrent.CountDownLatch;

/**
 * Exit semantics, part 1: main starts a non-daemon thread and returns; the JVM must stay alive until
 * that thread has done its work (the thread waits until main has printed its last line, sleeps, then
 * prints).
 *
 * <p>Usage: {@code demo.LateThread [ms=300]}. Prints {@code main returns} then
 * {@code late thread done slept=<ms>}; exit code 0. Reports {@code late_thread}.
 */
public final class LateThread {
    public static void main(String[] argv) throws Exception {
        int sleepMillis = new Args(argv).intValue("ms", 300);
        long startNanos = System.nanoTime();
        CountDownLatch mainDone = new CountDownLatch(1);
        Thread late = new Thread(() -> {
            Report.thread("late_thread");
            try {
                mainDone.await();
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                System.out.println("late thread interrupted");
                return;
            }
            Report.elapsedSince(startNanos);
            System.out.println("late thread done slept=" + sleepMillis);
        });
        late.start();
        System.out.println("main returns");
        mainDone.countDown();
    }
}
