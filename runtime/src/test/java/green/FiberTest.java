package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FiberTest {

    @Test
    void getReturnsTheResultAndTheFiberRanOnTheHub() throws Exception {
        Fiber<String> fiber = Green.spawn(() -> Thread.currentThread().toString());
        String thread = fiber.get();
        assertTrue(thread.startsWith("VirtualThread[") && thread.endsWith("@green-hub"), thread);
        assertTrue(fiber.isDone());
        assertTrue(fiber.isSuccessful());
        assertNull(fiber.exception());
    }

    @Test
    void getRethrowsTheFibersExceptionAsCause() throws Exception {
        IOException boom = new IOException("boom");
        Fiber<Object> fiber = Green.spawn(() -> {
            throw boom;
        });
        FiberFailure failure = assertThrows(FiberFailure.class, fiber::get);
        assertSame(boom, failure.getCause());
        assertSame(boom, fiber.exception());
        assertFalse(fiber.isSuccessful());
    }

    @Test
    void killIsDeliveredAtTheNextParkAndGetReturnsNullForFiberExit() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch sleeping = new CountDownLatch(1);
        Fiber<String> fiber = Green.spawn(() -> {
            events.add("before");
            sleeping.countDown();
            Green.sleep(Duration.ofSeconds(30));
            events.add("after"); // never reached
            return "slept";
        });
        sleeping.await();
        fiber.kill();
        assertNull(fiber.get());
        assertInstanceOf(FiberExit.class, fiber.exception());
        assertTrue(fiber.isSuccessful());
        assertEquals(List.of("before"), events);
    }

    @Test
    void killWithACustomExceptionFailsTheFiberWithIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Fiber<Void> fiber = Green.spawn(() -> {
            started.countDown();
            new Event().await(); // a j.u.c wait: the kill's interrupt wakes it too
        });
        started.await();
        IllegalStateException reason = new IllegalStateException("stop now");
        fiber.kill(reason);
        fiber.join();
        assertSame(reason, fiber.exception());
        assertSame(reason, assertThrows(FiberFailure.class, fiber::get).getCause());
    }

    @Test
    void killBeforeTheFiberRunsSkipsItsTask() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        List<Fiber<Void>> fibers = new ArrayList<>();
        // the first fiber blocks the hub until the second has been killed
        Fiber<Void> blocker = Green.spawn(() -> {
            Fiber<Void> victim = Green.spawn(() -> {
                ran.add("victim");
            });
            fibers.add(victim);
            victim.kill();
            gate.countDown();
        });
        blocker.join();
        gate.await();
        fibers.getFirst().join();
        assertEquals(List.of(), ran);
        assertInstanceOf(FiberExit.class, fibers.getFirst().exception());
    }

    @Test
    void linkRunsOnceAfterTheFiberEndsEvenWhenLinkedLate() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        Fiber<Integer> fiber = Green.spawn(() -> {
            release.await();
            return 7;
        });
        fiber.link(f -> calls.add("early:" + f.isDone()));
        release.countDown();
        assertEquals(7, fiber.get());
        fiber.link(f -> calls.add("late:" + f.isDone()));
        assertEquals(List.of("early:true", "late:true"), calls);
    }

    @Test
    void iwaitYieldsFibersInCompletionOrder() throws Exception {
        Fiber<Integer> slow = Green.spawn(() -> {
            Green.sleep(Duration.ofMillis(60));
            return 60;
        });
        Fiber<Integer> fast = Green.spawn(() -> {
            Green.sleep(Duration.ofMillis(10));
            return 10;
        });
        Fiber<Integer> middle = Green.spawn(() -> {
            Green.sleep(Duration.ofMillis(30));
            return 30;
        });
        List<Integer> order = new ArrayList<>();
        for (Fiber<Integer> f : Green.iwait(List.of(slow, fast, middle))) {
            order.add(f.get());
        }
        assertEquals(List.of(10, 30, 60), order);
    }

    @Test
    void spawnLaterStartsAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        Fiber<Long> later = Green.spawnLater(Duration.ofMillis(100), () -> System.nanoTime() - start);
        assertTrue(later.get() >= TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void joinWithTimeoutAndJoinAllAndKillAll() throws Exception {
        Fiber<Void> sleeper = Green.spawn(() -> Green.sleep(Duration.ofSeconds(30)));
        assertFalse(sleeper.join(Duration.ofMillis(20)));
        Fiber<Void> quick = Green.spawn(() -> { });
        assertFalse(Green.joinAll(List.of(quick, sleeper), Duration.ofMillis(20)));
        Green.killAll(List.of(quick, sleeper));
        assertTrue(sleeper.isDone());
        assertTrue(Green.joinAll(List.of(quick, sleeper), Duration.ofMillis(1)));
    }

    @Test
    void cooperateLetsOtherReadyFibersRunFirst() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Fiber<Void> outer = Green.spawn(() -> {
            Fiber<Void> other = Green.spawn(() -> {
                order.add("other");
            });
            order.add("before");
            Green.cooperate();
            order.add("after");
            other.join();
        });
        outer.join();
        assertEquals(List.of("before", "other", "after"), order);
    }

    @Test
    void threadInterruptReachesAFiberInGreenSleep() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        Fiber<String> fiber = Green.spawn(() -> {
            sleeping.countDown();
            try {
                Green.sleep(Duration.ofSeconds(30));
                return "slept";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });
        sleeping.await();
        while (fiber.thread().getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
        fiber.thread().interrupt();
        assertEquals("interrupted", fiber.get());
    }

    /** A program whose main thread joins a fiber that waits for an event nobody will set. */
    public static final class StuckProgram {
        public static void main(String[] args) throws Exception {
            Event never = new Event();
            try {
                Green.spawn(() -> never.await()).join();
                System.out.println("joined?!");
            } catch (LoopExit e) {
                System.out.println("LoopExit: " + e.getMessage());
            }
        }
    }

    @Test
    void joinFromMainThrowsLoopExitWhenNothingCanWakeTheFiber() throws Exception {
        // A child JVM: in this one the test framework's own threads could still wake a fiber.
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                StuckProgram.class.getName()).redirectErrorStream(true).start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } finally {
            child.destroyForcibly();
        }
        assertTrue(output.startsWith("LoopExit: would block forever: fiber "), output);
        assertEquals(0, child.waitFor());
    }

    @Test
    void fibersKeepThreadLocalsAndMonitorsOfTheirOwn() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        Object monitor = new Object();
        List<String> seen = new CopyOnWriteArrayList<>();
        Group group = new Group();
        for (String name : List.of("a", "b", "c")) {
            group.spawn(() -> {
                local.set(name);
                synchronized (monitor) {
                    Green.sleep(Duration.ofMillis(5)); // parks inside synchronized (JEP 491)
                    seen.add(name + "=" + local.get());
                }
                return null;
            });
        }
        group.join();
        assertEquals(List.of("a=a", "b=b", "c=c"), seen.stream().sorted().toList());
    }
}
