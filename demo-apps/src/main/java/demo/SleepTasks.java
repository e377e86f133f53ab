package demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "synchronous vs asynchronous" seed: N tasks that each sleep. In the threaded modes every task is a
 * {@code new Thread}; under green they all sleep at once on one OS thread.
 *
 * <p>Usage: {@code demo.SleepTasks [tasks=20] [ms=500] [mode=thread|timeunit|sync]}. {@code thread}
 * uses {@link Thread#sleep(long)}, {@code timeunit} uses {@link TimeUnit#sleep(long)}, {@code sync}
 * runs the tasks one after another on main. Prints {@code task i done} in task order, then
 * {@code slept tasks=N ms=M mode=X}. Reports {@code elapsed_ms}, one {@code sleeper_thread} per task and
 * {@code max_sleeping}, the most tasks that were asleep at the same moment (counted around the sleep: 1
 * when they run one after another, N when they all overlap).
 */
public final class SleepTasks {
    private static final AtomicInteger SLEEPING = new AtomicInteger();
    private static final AtomicInteger MAX_SLEEPING = new AtomicInteger();

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int tasks = args.intValue("tasks", 20);
        int sleepMillis = args.intValue("ms", 500);
        String mode = args.value("mode", "thread");
        String[] results = new String[tasks];
        long startNanos = System.nanoTime();
        switch (mode) {
            case "sync" -> {
                for (int i = 0; i < tasks; i++) {
                    task(i, sleepMillis, false, results);
                }
            }
            case "thread", "timeunit" -> {
                boolean timeUnit = mode.equals("timeunit");
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    int id = i;
                    Thread t = new Thread(() -> task(id, sleepMillis, timeUnit, results));
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    t.join();
                }
            }
            default -> {
                System.err.println("unknown mode: " + mode + " (thread, timeunit, sync)");
                System.exit(2);
            }
        }
        Report.elapsedSince(startNanos);
        Report.line("max_sleeping", MAX_SLEEPING.get());
        for (String r : results) {
            System.out.println(r);
        }
        System.out.println("slept tasks=" + tasks + " ms=" + sleepMillis + " mode=" + mode);
    }

    private static void task(int id, int sleepMillis, boolean timeUnit, String[] results) {
        Report.thread("sleeper_thread");
        MAX_SLEEPING.accumulateAndGet(SLEEPING.incrementAndGet(), Math::max);
        try {
            if (timeUnit) {
                TimeUnit.MILLISECONDS.sleep(sleepMillis);
            } else {
                Thread.sleep(sleepMillis);
            }
            results[id] = "task " + id + " done";
        } catch (InterruptedException e) {
            results[id] = "task " + id + " interrupted";
        } finally {
            SLEEPING.decrementAndGet();
        }
    }
}
