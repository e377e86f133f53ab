package clientapps;

import demo.Report;

/**
 * A thread that sleeps 10 ms in a loop and remembers the longest gap between two ticks: a plain way for a
 * client program to tell (in its report side channel only) whether everything else kept running while
 * some threads waited on a dead server or ran a slow class initializer. Under green it is a fiber, so its
 * gaps are the hub's stalls.
 */
final class Ticker implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stop;
    private volatile long ticks;
    private volatile long maxGapNanos;

    private Ticker() {
        thread = new Thread(this::loop, "ticker");
        thread.setDaemon(true);
        thread.start();
    }

    static Ticker start() {
        return new Ticker();
    }

    private void loop() {
        long last = System.nanoTime();
        while (!stop) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            maxGapNanos = Math.max(maxGapNanos, now - last);
            last = now;
            ticks++;
        }
    }

    long ticks() {
        return ticks;
    }

    /** Reports {@code <prefix>_ticks} and {@code <prefix>_max_gap_ms} and starts a new measurement. */
    void report(String prefix) {
        Report.line(prefix + "_ticks", ticks);
        Report.line(prefix + "_max_gap_ms", maxGapNanos / 1_000_000);
        ticks = 0;
        maxGapNanos = 0;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5000);
    }
}
