package green.hub;

import green.config.GreenConfig;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time the hub's timers and, under the {@code clock} patch, the program keep: real by default,
 * virtual with {@code green.clock=virtual}.
 *
 * <p>Real: {@link System#nanoTime()} (plus the lead a virtual period left behind, so that the
 * clock never runs backwards when a test switches back) and the wall clock as it is.
 *
 * <p>Virtual: a counter that moves only
 * <ul>
 *   <li>by a jump to the next timer's deadline, when the hub has nothing to run and nothing can
 *       come (no fiber ready, no work outside the loop, no fd wait, or one that has seen nothing
 *       for {@link #QUIET_MILLIS} ms of real time);
 *   <li>by the real time the loop spends blocked waiting for I/O: outside servers answer in real
 *       time, and their waits keep virtual time in step with it;
 *   <li>by {@link #TICK_NANOS} at each task the loop runs and at each read by the program, so that
 *       a program which waits for time to pass by reading the clock or by yielding sees it pass.
 * </ul>
 * None of them depends on how fast the CPU runs the program's code: a program that does not talk
 * to the outside world reads the same times at every run, and a 30 s sleep takes microseconds.
 * The wall clock is the real one at start-up plus the virtual time elapsed since.
 *
 * <p>Any thread. Switching modes ({@link #useVirtual}) is for the moments nothing waits on a
 * timer, as between two tests.
 */
public final class HubClock {

    /** What each task run and each read by the program adds to virtual time. */
    static final long TICK_NANOS = 1_000;
    /** How long an fd wait may see nothing, in real time, before virtual time jumps past it. */
    static final long QUIET_MILLIS = 10;

    private static final long START_NANOS = System.nanoTime();
    private static final long START_EPOCH_NANOS = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    private static final AtomicLong VIRTUAL_NANOS = new AtomicLong(START_NANOS);
    private static volatile boolean virtual = GreenConfig.current().virtualClock();
    /** How far ahead of System.nanoTime() the real mode runs, after a virtual period. */
    private static volatile long realLead;

    private HubClock() {
        throw new UnsupportedOperationException();
    }

    /** Whether time is virtual now. */
    public static boolean isVirtual() {
        return virtual;
    }

    /**
     * Makes time virtual from now ({@code true}), continuing from the current reading, or real
     * again ({@code false}) without running backwards.
     */
    public static synchronized void useVirtual(boolean on) {
        if (on == virtual) {
            return;
        }
        if (on) {
            VIRTUAL_NANOS.set(Math.max(VIRTUAL_NANOS.get(), System.nanoTime() + realLead));
        } else {
            realLead = Math.max(realLead, VIRTUAL_NANOS.get() - System.nanoTime());
        }
        virtual = on;
    }

    /** The program's {@code System.nanoTime()}: a read that ticks virtual time. */
    public static long nanoTime() {
        return virtual ? VIRTUAL_NANOS.addAndGet(TICK_NANOS) : System.nanoTime() + realLead;
    }

    /** The program's {@code System.currentTimeMillis()}. */
    public static long currentTimeMillis() {
        return virtual ? TimeUnit.NANOSECONDS.toMillis(epochNanos()) : System.currentTimeMillis();
    }

    /** The program's {@code Instant.now()}. */
    public static Instant instant() {
        return virtual ? Instant.ofEpochSecond(0, epochNanos()) : Instant.now();
    }

    private static long epochNanos() {
        return START_EPOCH_NANOS + (nanoTime() - START_NANOS);
    }

    /** The hub's own reading, for its timers: it does not tick. */
    static long now() {
        return virtual ? VIRTUAL_NANOS.get() : System.nanoTime() + realLead;
    }

    /** Moves virtual time on by {@code nanos} (no-op when real or not positive). */
    static void advance(long nanos) {
        if (virtual && nanos > 0) {
            VIRTUAL_NANOS.addAndGet(nanos);
        }
    }

    /** Moves virtual time on to {@code deadlineNanos}, if it is ahead. */
    static void jumpTo(long deadlineNanos) {
        if (virtual) {
            VIRTUAL_NANOS.accumulateAndGet(deadlineNanos, (now, deadline) -> deadline - now > 0 ? deadline : now);
        }
    }
}
