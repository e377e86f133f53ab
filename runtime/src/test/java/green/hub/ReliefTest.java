package green.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Relief (green.relief, on by default, green.reliefAfter=200 ms): a fiber that holds the loop is
 * left running on its thread while another takes over the loop. Run with -ea, so the hub's own
 * assertions about who runs the loop are checked too.
 */
@Timeout(60)
class ReliefTest {

    private final Hub hub = Hub.get();

    /** Holds its thread without ever parking. */
    static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            // a CPU loop: nothing a hub could take
        }
    }

    @Test
    void aFiberThatSpinsIsRelievedAndTheOthersGoOnMeanwhile() throws Exception {
        long reliefsBefore = hub.stats().reliefs();
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicInteger ticksWhileSpinning = new AtomicInteger();
        AtomicLong spinnerDone = new AtomicLong();
        Thread spinner = hub.newFiber("spinner", () -> {
            spinning.countDown();
            spin(1500);
            spinnerDone.set(System.nanoTime());
        });
        Thread ticker = hub.newFiber("ticker", () -> {
            try {
                spinning.await();
                for (int i = 0; i < 100 && spinnerDone.get() == 0; i++) {
                    hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    if (spinnerDone.get() == 0) {
                        ticksWhileSpinning.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        spinner.start();
        ticker.start();
        spinner.join();
        ticker.join();
        // 1.5 s of spin, relieved after about 0.2 s: the ticker runs for over a second of it
        assertTrue(ticksWhileSpinning.get() >= 20, "ticks while the spinner held a thread: " + ticksWhileSpinning);
        assertTrue(hub.stats().reliefs() > reliefsBefore, hub.stats().toString());
    }

    @Test
    void afterReliefTheLoopGoesBackToTheHubsOwnThread() throws Exception {
        hub.newFiber("short-spinner", () -> spin(400)).start();
        Thread.sleep(700); // relieved at about 200 ms, done at 400, handed back at the next turn
        CompletableFuture<String> carrier = new CompletableFuture<>();
        hub.newFiber("after", () -> carrier.complete(VirtualThreads.currentCarrier().getName())).start();
        assertEquals("green-hub", carrier.get(5, TimeUnit.SECONDS));
        assertEquals(hub.thread(), hub.loopThread());
    }

    /**
     * The protocol's promise: whatever relief does, loop tasks never run on two threads at once.
     * Tiny tasks flood the loop from outside while spinners keep getting relieved; each task
     * counts itself in and out.
     */
    @Test
    void theLoopRunsOnOneThreadAtATimeAcrossReliefs() throws Exception {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> loopThreads = ConcurrentHashMap.newKeySet();
        int tasks = 20_000;
        CountDownLatch ran = new CountDownLatch(tasks);
        CountDownLatch spinnersDone = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            hub.newFiber("spinner-" + i, () -> {
                spin(350);
                spinnersDone.countDown();
            }).start();
        }
        Thread feeder = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < tasks; i++) {
                hub.execute(() -> {
                    mostAtOnce.accumulateAndGet(active.incrementAndGet(), Math::max);
                    loopThreads.add(Thread.currentThread().getName());
                    spinBriefly();
                    active.decrementAndGet();
                    ran.countDown();
                });
                if (i % 100 == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS), "every task ran");
        assertTrue(spinnersDone.await(10, TimeUnit.SECONDS));
        feeder.join();
        assertEquals(1, mostAtOnce.get(), "loop tasks overlapped on " + loopThreads);
        assertTrue(loopThreads.size() >= 2, "the loop moved between threads meanwhile: " + loopThreads);
    }

    private static void spinBriefly() {
        long end = System.nanoTime() + 20_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static final CountDownLatch GATE = new CountDownLatch(1);

    /** Waits in its initializer for another fiber: its fiber is pinned there, and blocks its thread. */
    static final class WaitsInInitializer {
        static final String STATE;

        static {
            try {
                STATE = GATE.await(20, TimeUnit.SECONDS) ? "opened" : "timed out";
            } catch (InterruptedException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    @Test
    void aClassInitializerThatWaitsForAnotherFiberCompletes() throws Exception {
        // Without relief the pinned waiter blocks the hub's thread, the opener never runs: a hang.
        CompletableFuture<String> state = new CompletableFuture<>();
        hub.newFiber("initializer", () -> state.complete(WaitsInInitializer.STATE)).start();
        hub.newFiber("opener", () -> {
            try {
                hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(50));
            } catch (InterruptedException e) {
                return;
            }
            GATE.countDown();
        }).start();
        assertEquals("opened", state.get(10, TimeUnit.SECONDS));
    }
}
