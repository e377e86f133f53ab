package green.hub;

import green.config.GreenConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches one hub's loop from a daemon thread of its own, {@code green-watchdog}, and notices a
 * fiber that holds it (gevent's {@code max_blocking_time}): a CPU loop, a file read, a JNI call or
 * a pinned wait in one fiber would stall every other. Every sample reads the owner's state word
 * ({@link Hub}): the same task count twice while a task runs means that one task has held the loop
 * since the first sample. Then:
 * <ul>
 *   <li>after {@code green.reliefAfter} (a tenth of it for a task that said it is in a blocking
 *       file call, whose thread the JDK parked: a pinned fiber, or that comes within a second of
 *       another relief), it relieves the task: another thread takes over the loop, and the holder
 *       runs on beside it ({@link Hub#relieve});
 *   <li>after {@code green.maxBlocking}, and once more when the fiber lets go of its thread, it
 *       tells the hub's {@link HubListener} (the log, JFR, the MXBean, the JUnit extension), with
 *       the fiber's stack at that moment and whether the loop was relieved meanwhile. A relieved
 *       fiber is watched on: a spin of 1.5 s is reported as 1.5 s, though the loop moved on after
 *       a fraction of it.
 * </ul>
 * It also ends a turn's batch early when the turn has run 10 ms or more (many short tasks, each
 * well within the bounds, that together keep timers and I/O waiting). It samples every quarter of
 * the shortest of those bounds (never faster than 2 ms, never slower than 250 ms, so the listener
 * also hears {@link HubListener#watched()} that often). The loop pays for this a volatile read per
 * task, beyond the state word it keeps anyway.
 *
 * <p>{@link #sample()} on the {@code green-watchdog} thread only.
 */
final class Watchdog implements Runnable {

    private static final long MIN_PERIOD_MILLIS = 2;
    private static final long MAX_PERIOD_MILLIS = 250;
    /** XXX: for this long after a relief, the next holder is relieved as soon as a blocked one. */
    private static final long RELIEF_STORM_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** XXX: a turn (a batch of tasks, timers, a poll) that lasts longer is cut short. */
    private static final long TURN_MILLIS = 10;

    private final Hub hub;
    private final long maxBlockingNanos;    // 0: no stall reports
    private final long reliefAfterNanos;
    private final long blockingReliefNanos; // for a task in a blocking call
    private final long periodMillis;
    private final long turnNanos;           // a turn that runs longer ends its batch early
    // Sampling state, touched by the watchdog thread only.
    private long seenTurns = -1;
    private long turnSinceNanos;
    private Hub.Tenure seenTenure;
    private long seenTasks = -1;
    private Incident holding;               // the task holding the loop now, if one has for a sample
    private final List<Incident> beside = new ArrayList<>(); // relieved fibers still on their threads

    /** One task that held the loop: when it began, what was told of it. */
    private final class Incident {
        final Thread carrier;
        final long sinceNanos;
        Thread fiber;                       // null until looked up; stays null for a task of the hub itself
        String name;
        StackTraceElement[] stack = new StackTraceElement[0];
        boolean reported;
        boolean relieved;

        Incident(Thread carrier, long sinceNanos) {
            this.carrier = carrier;
            this.sinceNanos = sinceNanos;
        }

        void noteHolder() {
            if (name == null) {
                fiber = hub.fiberOn(carrier);
                name = fiber == null ? "(not a fiber: a task of the hub itself)" : fiber.getName();
                stack = fiber == null ? new StackTraceElement[0] : fiber.getStackTrace();
            }
        }

        /** Reports it once it has lasted {@code green.maxBlocking}. */
        void check(long now) {
            long held = now - sinceNanos;
            if (!reported && maxBlockingNanos > 0 && held >= maxBlockingNanos) {
                noteHolder();
                reported = true;
                hub.listener().stall(name, TimeUnit.NANOSECONDS.toMillis(held), stack, false, relieved);
            }
        }

        void end(long now) {
            if (reported) {
                hub.listener().stall(name, TimeUnit.NANOSECONDS.toMillis(now - sinceNanos), stack, true, relieved);
            }
        }

        /** A relieved fiber holds its thread until it is off it, or its thread runs the loop again. */
        boolean stillBeside() {
            return fiber != null && fiber.isAlive() && VirtualThreads.carrierOf(fiber) == carrier
                    && hub.tenure().thread != carrier;
        }
    }

    Watchdog(Hub hub, GreenConfig config) {
        this.hub = hub;
        this.maxBlockingNanos = TimeUnit.MILLISECONDS.toNanos(config.maxBlockingMillis());
        this.reliefAfterNanos = TimeUnit.MILLISECONDS.toNanos(config.reliefAfterMillis());
        this.blockingReliefNanos = reliefAfterNanos / 10;
        long shortest = MAX_PERIOD_MILLIS * 4;
        if (maxBlockingNanos > 0) {
            shortest = Math.min(shortest, config.maxBlockingMillis());
        }
        if (hub.reliefOn()) {
            shortest = Math.min(shortest, Math.max(1, config.reliefAfterMillis() / 10));
        }
        this.periodMillis = Math.max(MIN_PERIOD_MILLIS, Math.min(MAX_PERIOD_MILLIS, shortest / 4));
        this.turnNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(2 * periodMillis, TURN_MILLIS));
    }

    void start() {
        Thread thread = new Thread(this, "green-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        for (;;) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                System.getLogger("green.watchdog").log(System.Logger.Level.DEBUG, "a watchdog sample failed", e);
            }
        }
    }

    /** Takes one sample of the loop, and of the relieved fibers beside it. */
    void sample() {
        long now = System.nanoTime();
        cutLongTurn(now);
        for (Iterator<Incident> it = beside.iterator(); it.hasNext(); ) {
            Incident relieved = it.next();
            if (relieved.stillBeside()) {
                relieved.check(now);
            } else {
                relieved.end(now);
                it.remove();
            }
        }
        Hub.Tenure tenure = hub.tenure();
        long word = tenure.word;
        long tasks = word >>> 2;
        boolean inTask = hub.inTask(word);
        if (inTask && tenure == seenTenure && tasks == seenTasks) {
            if (holding == null) {
                holding = new Incident(tenure.thread, now);
            }
            holding.check(now);
            if (hub.reliefOn() && now - holding.sinceNanos >= reliefBound(tenure, tasks, now)) {
                holding.noteHolder();
                if (hub.relieve(tenure, word)) {
                    holding.relieved = true;
                    beside.add(holding);
                    holding = null;
                }
            }
        } else {
            if (holding != null) {
                holding.end(now);
                holding = null;
            }
            seenTenure = tenure;
            seenTasks = inTask ? tasks : -1;
        }
        hub.listener().watched();
    }

    /**
     * How long the task may hold the loop: {@code green.reliefAfter}, or a tenth of it for a task in
     * a blocking file call, or whose thread the JDK parked or blocked (a pinned fiber's park,
     * monitor or {@code Object.wait}): it waits for something the loop may be needed for. So for
     * one that comes within a second of another relief: fibers that hold the loop tend to come in
     * numbers (twenty threads computing), each of which would make the rest wait its turn.
     */
    private long reliefBound(Hub.Tenure tenure, long tasks, long now) {
        boolean blocked = hub.taskIsInBlockingCall(tasks) || tenure.thread.getState() != Thread.State.RUNNABLE
                || now - hub.lastReliefNanos() < RELIEF_STORM_NANOS;
        return blocked ? blockingReliefNanos : reliefAfterNanos;
    }

    /** Many tasks, none of them long, that together keep timers and I/O waiting: the batch ends early. */
    private void cutLongTurn(long now) {
        long turns = hub.turns();
        if (turns != seenTurns) {
            seenTurns = turns;
            turnSinceNanos = now;
        } else if (now - turnSinceNanos >= turnNanos) {
            hub.cutTurn();
        }
    }
}
