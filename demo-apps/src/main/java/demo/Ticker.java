package demo;

/**
 * A daemon thread named "ticker" that sleeps a fixed period in a loop and remembers the longest gap
 * between two ticks: a plain way for a program to tell (in its report side channel only) whether
 * everything else kept running while some threads waited, read or ran a slow class initializer.
 * Among threads it keeps its beat; under green it is a fiber, so its gaps are the hub's stalls.
 *
 * <p>Started, read and closed by one thread.
 */
public final class Ticker implements AutoCloseable {
    private final Thread thread;
    private final long periodMillis;
    private volatile boolean stop;
    private volatile long ticks;
    private volatile long maxGapNanos;

    private Ticker(long periodMillis) {
        this.periodMillis = periodMillis;
        thread = new Thread(this::loop, "ticker");
        thread.setDaemon(true);
        thread.start();
    }

    public static Ticker start(long periodMillis) {
        return new Ticker(periodMillis);
    }

    private void loop() {
        long last = System.nanoTime();
        while (!stop) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            maxGapNanos = Math.max(maxGapNanos, now - last);
            last = now;
            ticks++;
        }
    }

    public long ticks() {
        return ticks;
    }

    public long maxGapMillis() {
        return maxGapNanos / 1_000_000;
    }

    /** Reports {@code <prefix>_ticks} and {@code <prefix>_max_gap_ms} and starts a new measurement. */
    public void report(String prefix) {
        Report.line(prefix + "_ticks", ticks);
        Report.line(prefix + "_max_gap_ms", maxGapMillis());
        ticks = 0;
        maxGapNanos = 0;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(5000);
    }
}
