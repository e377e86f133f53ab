package green.junit;

import green.Fiber;
import green.Green;
import green.Monkey;
import green.hub.Hub;
import green.hub.HubClock;
import green.observe.Stall;
import green.observe.Stalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;

/**
 * One {@link GreenTest} body as a fiber: spawned on the hub, waited for from JUnit's thread while
 * the watchdog's stall reports ({@link Stalls}) are collected, then judged: a fiber that held the hub
 * longer than the bound fails the test, with that fiber's stack as the failure's; fibers the body
 * started and left running are reported (or fail it). Linked only once the agent is there
 * ({@link GreenExtension}).
 *
 * <p>Under a seed the hub chooses the body's interleaving by it, and time is virtual if asked for
 * (or, by default, if the JVM has the clock patch); a failure then names the seed and the line that
 * replays it.
 *
 * <p>{@link #run} on JUnit's test thread; the body on its fiber; {@link StallWatch#accept} on the
 * {@code green-watchdog} thread.
 */
final class HubRun {

    /** A test body: JUnit's {@code invocation.proceed()}. */
    @FunctionalInterface
    interface Body {
        void run() throws Throwable;
    }

    /** How long a stall may go on while the test waits, before the test gives up on the hub. */
    static final long GIVE_UP_MILLIS = 30_000;
    /** How long, after the body ended, the watchdog gets to report the end of a stall it reported. */
    private static final long STALL_END_WAIT_MILLIS = 2_000;
    private static final long POLL_MILLIS = 20;

    private HubRun() {
        throw new UnsupportedOperationException();
    }

    static void run(Body body, String name, GreenSettings settings, Consumer<String> report) throws Throwable {
        if (!Monkey.isPatched("thread")) {
            throw new AssertionFailedError("green-junit: green's agent runs, but its thread patch is not installed ("
                    + Monkey.patched() + "): see the agent's line on stderr (a failed self-check runs unpatched)");
        }
        boolean virtual = virtualTime(settings);
        Hub hub = Hub.get();
        Long seedBefore = hub.seed();
        boolean virtualBefore = HubClock.isVirtual();
        hub.reseed(settings.seed());
        HubClock.useVirtual(virtual);
        try {
            judged(body, name, settings, report);
        } catch (Throwable t) {
            if (settings.seed() == null) {
                throw t;
            }
            AssertionFailedError replay = new AssertionFailedError("green-junit: " + name + " failed under seed " + settings.seed()
                    + (virtual ? " in virtual time" : "") + "; replay it with @GreenTest(seed = " + settings.seed() + "L"
                    + (settings.clock() == GreenTest.Clock.AUTO ? "" : ", clock = GreenTest.Clock." + settings.clock())
                    + "): " + t, t);
            replay.setStackTrace(t.getStackTrace());
            throw replay;
        } finally {
            HubClock.useVirtual(virtualBefore);
            hub.reseed(seedBefore);
        }
    }

    /** Whether the body runs in virtual time; fails the test when it asks for it and the JVM cannot. */
    private static boolean virtualTime(GreenSettings settings) {
        boolean patched = Monkey.isPatched("clock");
        return switch (settings.clock()) {
            case REAL -> false;
            case AUTO -> settings.seed() != null && patched;
            case VIRTUAL -> {
                if (!patched) {
                    throw new AssertionFailedError("green-junit: clock = VIRTUAL needs the clock patch in the test JVM: start it"
                            + " with -Dgreen.clock=switchable (surefire's argLine; or -javaagent:green.jar=clock=switchable)");
                }
                yield true;
            }
        };
    }

    private static void judged(Body body, String name, GreenSettings settings, Consumer<String> report) throws Throwable {
        StallWatch watch = new StallWatch();
        CompletableFuture<String> leftovers = new CompletableFuture<>();
        Fiber<Void> fiber;
        try (AutoCloseable listening = Stalls.listen(watch)) {
            fiber = Green.spawn(name, () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    leftovers.completeExceptionally(t);
                    return;
                }
                leftovers.complete(awaitChildren(settings.leftoverGraceMillis()));
            });
            Throwable failure = null;
            String left = null;
            boolean gaveUp = false;
            try {
                for (;;) {
                    try {
                        left = leftovers.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                        break;
                    } catch (ExecutionException e) {
                        failure = e.getCause();
                        break;
                    } catch (TimeoutException e) {
                        if (watch.ongoingMillis() > Math.max(GIVE_UP_MILLIS, settings.maxBlockingMillis())) {
                            gaveUp = true;
                            break;
                        }
                    }
                }
            } catch (InterruptedException e) {
                fiber.kill(); // a JUnit @Timeout: the body gets a FiberExit at its next wait
                throw e;
            }
            if (!gaveUp) {
                watch.awaitEnd(STALL_END_WAIT_MILLIS);
            }
            Stall worst = watch.worst();
            if (worst != null && worst.heldMillis() > settings.maxBlockingMillis()) {
                AssertionFailedError stalled = stallFailure(worst, watch, settings, gaveUp);
                if (failure != null) {
                    stalled.addSuppressed(failure);
                }
                throw stalled;
            }
            if (failure != null) {
                throw failure;
            }
            if (left != null) {
                String text = "green-junit: " + name + " left fibers running " + settings.leftoverGraceMillis()
                        + " ms after it returned (join them, or stop what they serve):\n" + left;
                if (settings.failOnLeftoverFibers()) {
                    throw new AssertionFailedError(text);
                }
                System.err.print(text);
                report.accept(left);
            }
        }
    }

    private static AssertionFailedError stallFailure(Stall worst, StallWatch watch, GreenSettings settings, boolean gaveUp) {
        int over = watch.countOver(settings.maxBlockingMillis());
        String message = "green-junit: fiber '" + worst.fiber() + "' held the hub (green-hub) for "
                + (gaveUp ? "more than " : "") + worst.heldMillis() + " ms" + (gaveUp ? " and still holds it" : "")
                + ", longer than the " + settings.maxBlockingMillis() + " ms a @GreenTest allows (maxBlockingMillis, "
                + "-D" + GreenSettings.MAX_BLOCKING + ")"
                + (worst.relieved() ? ": green handed the loop to a relief thread meanwhile, so the other fibers ran, but"
                        + " only because another OS thread took the hub's place" : ": no other fiber ran meanwhile")
                + (over > 1 ? " (" + over + " such stalls; the longest)" : "")
                + ". A CPU loop, a file read, a JNI call or a wait in a class initializer does that: make it wait, or move "
                + "it off the hub with Green.blocking(...). The stack below is the fiber's when the watchdog saw it"
                + (gaveUp ? "; later tests wait for the hub as long as it holds it." : ".");
        AssertionFailedError error = new AssertionFailedError(message);
        if (!worst.stack().isEmpty()) {
            error.setStackTrace(worst.stack().toArray(StackTraceElement[]::new));
        }
        return error;
    }

    /**
     * Run in the test's fiber after its body returned: waits up to {@code graceMillis} for the fibers it
     * spawned (and theirs) to end; returns what the fiber dump says of those still alive, or null.
     */
    private static String awaitChildren(long graceMillis) throws InterruptedException {
        long self = Thread.currentThread().threadId();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        Green.cooperate(); // a fiber just started is in the dump only once it has run
        String left = children(Green.dump(), self);
        while (left != null && System.nanoTime() - deadline < 0) {
            Green.sleep(Duration.ofMillis(10));
            left = children(Green.dump(), self);
        }
        return left;
    }

    /**
     * The subtree under fiber {@code #id} in {@link Green#dump()}'s text, de-indented, or null when it
     * has no child. The dump indents a fiber's children by two spaces under it, after its stack.
     */
    static String children(String dump, long id) {
        List<String> lines = dump.lines().toList();
        String header = " #" + id + " ";
        int i = 0;
        while (i < lines.size() && !(lines.get(i).startsWith("\"") && lines.get(i).contains(header))) {
            i++;
        }
        StringBuilder out = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).startsWith("\""); i++) {
            String line = lines.get(i);
            if (line.startsWith("  ")) {
                out.append(line, 2, line.length()).append('\n');
            } else if (!out.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The watchdog's reports while one test runs. */
    static final class StallWatch implements Consumer<Stall> {
        private final List<Stall> ended = new ArrayList<>();
        private Stall ongoing;
        private long ongoingSinceNanos;

        @Override
        public synchronized void accept(Stall stall) {
            if (stall.ended()) {
                // the end report carries the total but not always the stack: keep the first report's
                List<StackTraceElement> stack = stall.stack().isEmpty() && ongoing != null ? ongoing.stack() : stall.stack();
                ended.add(new Stall(stall.fiber(), stall.heldMillis(), stack, true, stall.relieved()));
                ongoing = null;
                notifyAll();
            } else {
                ongoing = stall;
                ongoingSinceNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(stall.heldMillis());
            }
        }

        /** How long the stall going on now has lasted, 0 if none. */
        synchronized long ongoingMillis() {
            return ongoing == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ongoingSinceNanos);
        }

        /** Waits (bounded) until no reported stall is still going on. */
        synchronized void awaitEnd(long maxMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
            while (ongoing != null) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }

        /** The longest stall, the one going on counted as far as it has lasted; null if none. */
        synchronized Stall worst() {
            Stall worst = null;
            for (Stall s : ended) {
                if (worst == null || s.heldMillis() > worst.heldMillis()) {
                    worst = s;
                }
            }
            if (ongoing != null) {
                long sofar = ongoingMillis();
                if (worst == null || sofar > worst.heldMillis()) {
                    worst = new Stall(ongoing.fiber(), sofar, ongoing.stack(), false, ongoing.relieved());
                }
            }
            return worst;
        }

        synchronized int countOver(long millis) {
            int n = ongoing != null && ongoingMillis() > millis ? 1 : 0;
            for (Stall s : ended) {
                n += s.heldMillis() > millis ? 1 : 0;
            }
            return n;
        }
    }
}
