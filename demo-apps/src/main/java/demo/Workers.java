package demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code class Worker extends Thread} with an overridden {@code run()}: the Thread-subclass shape that
 * cannot simply become a virtual thread. Exercises {@code setName}, {@code setDaemon}/{@code isDaemon},
 * {@code start}, {@code isAlive} (held alive by a latch, so the answer is not a race), {@code join},
 * and {@code interrupt} of a sleeping worker.
 *
 * <p>Usage: {@code demo.Workers [workers=8]}. Prints one line per check and per worker in order, then
 * {@code workers n=N total=T}. Reports {@code worker_thread} per worker.
 */
public final class Workers {

    static final class Worker extends Thread {
        private final int n;
        private final CountDownLatch go;
        long result;

        Worker(int n, CountDownLatch go) {
            this.n = n;
            this.go = go;
            setName("worker-" + n);
        }

        @Override
        public void run() {
            Report.thread("worker_thread");
            try {
                go.await();
                Thread.sleep(10L * (n % 3));
            } catch (InterruptedException e) {
                result = -1;
                return;
            }
            long sum = 0;
            for (int i = 1; i <= 1000 * (n + 1); i++) {
                sum += (long) i * i % 7919;
            }
            result = sum;
        }
    }

    /** Sleeps until interrupted and records that it was. */
    static final class Sleeper extends Thread {
        volatile String outcome = "not run";
        final CountDownLatch started = new CountDownLatch(1);

        Sleeper() {
            setName("sleeper");
        }

        @Override
        public void run() {
            started.countDown();
            try {
                Thread.sleep(60_000);
                outcome = "slept through";
            } catch (InterruptedException e) {
                outcome = "interrupted (" + e.getMessage() + ")";
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        int count = new Args(argv).intValue("workers", 8);
        CountDownLatch go = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Worker w = new Worker(i, go);
            w.setDaemon(i % 2 == 1);
            workers.add(w);
        }
        for (Worker w : workers) {
            System.out.println(w.getName() + " daemon=" + w.isDaemon() + " alive-before-start=" + w.isAlive());
            w.start();
        }
        for (Worker w : workers) {
            System.out.println(w.getName() + " alive-while-held=" + w.isAlive());
        }
        go.countDown();
        long total = 0;
        for (Worker w : workers) {
            w.join();
            System.out.println(w.getName() + " result=" + w.result + " alive-after-join=" + w.isAlive());
            total += w.result;
        }

        Sleeper sleeper = new Sleeper();
        sleeper.start();
        sleeper.started.await();
        sleeper.interrupt();
        sleeper.join();
        System.out.println("sleeper " + sleeper.outcome + " alive=" + sleeper.isAlive());

        System.out.println("workers n=" + count + " total=" + total);
    }
}
