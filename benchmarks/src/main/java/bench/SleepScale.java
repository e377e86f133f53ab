package bench;

import green.Fiber;
import green.Green;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N tasks that each sleep 1 s, then finish. {@code java SleepScale MODE N}:
 * <ul>
 *   <li>{@code green}: library mode, {@code Green.spawn} + {@code Green.sleep}, spawned and joined by a fiber;
 *   <li>{@code thread}: unmodified {@code new Thread(..).start()} + {@code Thread.sleep}, joined by main
 *       (platform threads, or fibers under the agent's thread patch);
 *   <li>{@code virtual}: {@code Thread.ofVirtual()} + {@code Thread.sleep}, joined by main;
 *   <li>{@code vmain}: the same, spawned and joined by a virtual thread.
 * </ul>
 * Prints one line: mode, n, spawn-loop seconds, first spawn to all joined seconds, OS threads after the
 * spawn loop, and how many tasks ran on a virtual thread.
 */
public final class SleepScale {

    static final AtomicInteger VIRTUAL = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        long[] r = switch (mode) {
            case "green" -> Green.spawn(() -> green(n)).get();
            case "thread" -> threads(n, false);
            case "virtual" -> threads(n, true);
            case "vmain" -> {
                long[][] box = new long[1][];
                Thread.ofVirtual().start(() -> {
                    try {
                        box[0] = threads(n, true);
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }).join();
                yield box[0];
            }
            default -> throw new IllegalArgumentException("mode: green|thread|virtual|vmain");
        };
        System.out.printf("RESULT mode=%s n=%d spawn_s=%.3f total_s=%.3f os_threads=%d ran_virtual=%d%n",
                mode, n, r[0] / 1e9, r[1] / 1e9, r[2], VIRTUAL.get());
    }

    static long[] green(int n) throws InterruptedException {
        List<Fiber<Void>> fibers = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            fibers.add(Green.spawn(() -> {
                if (Thread.currentThread().isVirtual()) {
                    VIRTUAL.incrementAndGet();
                }
                Green.sleep(Duration.ofSeconds(1));
            }));
        }
        long spawned = System.nanoTime();
        long threads = osThreads();
        for (Fiber<Void> f : fibers) {
            f.join();
        }
        return new long[] {spawned - t0, System.nanoTime() - t0, threads};
    }

    static long[] threads(int n, boolean virtual) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(n);
        Runnable task = () -> {
            if (Thread.currentThread().isVirtual()) {
                VIRTUAL.incrementAndGet();
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Thread t = virtual ? Thread.ofVirtual().unstarted(task) : new Thread(task);
            t.start();
            threads.add(t);
        }
        long spawned = System.nanoTime();
        long os = osThreads();
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {spawned - t0, System.nanoTime() - t0, os};
    }

    static long osThreads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring(8).trim());
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
