package green.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HubTest {
    private final Hub hub = Hub.get();

    @Test
    void fibersRunOnTheHubThreadWithTheirOwnIdentity() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread fiber = hub.newFiber("identity", () -> seen.complete(
                Thread.currentThread().getName() + "|" + Thread.currentThread().isVirtual() + "|"
                        + VirtualThreads.currentCarrier().getName() + "|" + hub.inHub()));
        fiber.start();
        assertEquals("identity|true|green-hub|true", seen.get(5, TimeUnit.SECONDS));
        assertEquals("green-hub", hub.thread().getName());
        assertTrue(hub.thread().isDaemon());
    }

    @Test
    void aFiberMakesABlockingNativeCallOnAWorkerWhileOthersRunOnTheHub() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread ticker = hub.newFiber("ticker", () -> {
            try {
                while (!seen.isDone()) {
                    hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    ticks.incrementAndGet();
                }
            } catch (InterruptedException e) {
                // ends the ticker
            }
        });
        ticker.start();
        Thread fiber = hub.newFiber("reader", () -> {
            StringBuilder carriers = new StringBuilder(VirtualThreads.currentCarrier().getName());
            Thread self = Thread.currentThread();
            try {
                Process child = new ProcessBuilder("sh", "-c", "sleep 0.3; echo x").start();
                hub.leaveForWorker();
                carriers.append('|').append(VirtualThreads.currentCarrier().getName());
                int ticksBefore = ticks.get();
                int read = child.getInputStream().read(); // blocks this worker for 0.3 s, not the hub
                int ticksDuring = ticks.get() - ticksBefore;
                hub.returnFromWorker();
                carriers.append('|').append(VirtualThreads.currentCarrier().getName());
                seen.complete(carriers + " read=" + (char) read + " same thread=" + (self == Thread.currentThread())
                        + " ticker ran=" + (ticksDuring >= 10));
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        });
        fiber.start();
        assertEquals("green-hub|green-blocking|green-hub read=x same thread=true ticker ran=true",
                seen.get(10, TimeUnit.SECONDS));
        ticker.join(5_000);
    }

    @Test
    void anActionSetForTheNextFiberRunsOnceBeforeThatFiberIsMade() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Hub.beforeNextFiber(() -> order.add("action on " + Thread.currentThread().getName()));
        Thread first = hub.newFiber("first", () -> order.add("first ran"));
        order.add("first made");
        first.start();
        first.join(5_000);
        Thread second = hub.newFiber("second", () -> order.add("second ran"));
        second.start();
        second.join(5_000);
        assertEquals(List.of("action on " + Thread.currentThread().getName(), "first made", "first ran", "second ran"), order);
    }

    @Test
    void sleepsEndInDeadlineOrderNotStartOrder() throws Exception {
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(5);
        for (int ms : new int[] {50, 10, 40, 20, 30}) {
            hub.newFiber(null, () -> {
                try {
                    hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(ms));
                    order.add(ms);
                } catch (InterruptedException e) {
                    order.add(-1);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(10, 20, 30, 40, 50), order);
    }

    @Test
    void aFibersAttachmentIsItsOwnAndAVirtualThreadItStartsRunsOnTheHubWithout() throws Exception {
        Object attachment = new Object();
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread parent = hub.newFiber("parent", () -> {
            Thread child = Thread.ofVirtual().name("child").start(() -> seen.complete(
                    VirtualThreads.currentCarrier().getName() + "|" + (Hub.ofCurrentFiber() == hub)
                            + "|" + Hub.attachmentOf(Thread.currentThread())));
            try {
                child.join();
            } catch (InterruptedException e) {
                seen.completeExceptionally(e);
            }
        }, attachment);
        parent.start();
        // the child inherits the parent's scheduler, as the JDK has it: on the hub, but not the parent
        assertEquals("green-hub|true|null", seen.get(5, TimeUnit.SECONDS));
        parent.join();
        assertEquals(attachment, Hub.attachmentOf(parent), "kept after the fiber ended");
        assertEquals(null, Hub.attachmentOf(Thread.currentThread()));
    }

    @Test
    void interruptWakesAFiberHeldOnATimer() throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread sleeper = hub.newFiber("sleeper", () -> {
            try {
                hub.sleepNanos(TimeUnit.SECONDS.toNanos(30));
                outcome.complete("slept");
            } catch (InterruptedException e) {
                outcome.complete("interrupted, flag cleared=" + !Thread.currentThread().isInterrupted());
            }
        });
        sleeper.start();
        awaitState(sleeper, Thread.State.TIMED_WAITING);
        sleeper.interrupt();
        assertEquals("interrupted, flag cleared=true", outcome.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingTaskDoesNotStopTheHub() throws Exception {
        hub.execute(() -> {
            throw new IllegalStateException("boom (expected by HubTest)");
        });
        CompletableFuture<Boolean> after = new CompletableFuture<>();
        hub.newFiber(null, () -> {
            throw new IllegalStateException("fiber boom (expected by HubTest)");
        }).start();
        hub.newFiber(null, () -> after.complete(true)).start();
        assertTrue(after.get(5, TimeUnit.SECONDS));
        assertTrue(hub.thread().isAlive());
    }

    @Test
    void aHundredThousandFibersEachSleepingOneSecondAllComplete() throws Exception {
        int n = 100_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger onHub = new AtomicInteger();
        long spawned = hub.stats().fibersSpawned();
        for (int i = 0; i < n; i++) {
            hub.newFiber(null, () -> {
                try {
                    hub.sleepNanos(TimeUnit.SECONDS.toNanos(1));
                    if (hub.inHub()) {
                        onHub.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(n, onHub.get());
        assertTrue(hub.stats().fibersSpawned() - spawned >= n);
    }

    /** Does socket I/O in its initializer: a fiber that triggers it is pinned (a native frame). */
    private static volatile int pinnedPeerPort; // outside the class below: writing its field would initialize it

    static final class ConnectsInInitializer {
        static final String REPLY;

        static {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), pinnedPeerPort)) {
                socket.getOutputStream().write('p');
                REPLY = "got " + (char) socket.getInputStream().read();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Sleeps on the hub in its initializer: the hub's wait must fall back instead of deadlocking. */
    static final class SleepsInInitializer {
        static final long PINNED_FALLBACKS;

        static {
            long before = Hub.get().stats().pinnedFallbacks();
            try {
                Hub.get().sleepNanos(TimeUnit.MILLISECONDS.toNanos(50));
            } catch (InterruptedException e) {
                throw new ExceptionInInitializerError(e);
            }
            PINNED_FALLBACKS = Hub.get().stats().pinnedFallbacks() - before;
        }
    }

    @Test
    void aPinnedFiberInAClassInitializerCompletesAndOthersRunAfterwards() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            pinnedPeerPort = server.getLocalPort();
            Thread peer = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    out.write(in.read() == 'p' ? 'q' : 'x');
                    out.flush();
                    in.read(); // until the client closes
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            CompletableFuture<String> reply = new CompletableFuture<>();
            CompletableFuture<Long> fallbacks = new CompletableFuture<>();
            AtomicInteger ticks = new AtomicInteger();
            hub.newFiber("pinned-io", () -> reply.complete(ConnectsInInitializer.REPLY)).start();
            hub.newFiber("pinned-sleep", () -> fallbacks.complete(SleepsInInitializer.PINNED_FALLBACKS)).start();
            Thread ticker = hub.newFiber("ticker", () -> {
                for (int i = 0; i < 5; i++) {
                    try {
                        hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    } catch (InterruptedException e) {
                        return;
                    }
                    ticks.incrementAndGet();
                }
            });
            ticker.start();
            assertEquals("got q", reply.get(10, TimeUnit.SECONDS));
            assertEquals(1, fallbacks.get(10, TimeUnit.SECONDS), "the pinned sleep fell back once");
            ticker.join(5000);
            assertEquals(5, ticks.get(), "the hub kept running other fibers");
            peer.join(5000);
        }
    }

    @Test
    void executeFromManyThreadsLosesNothing() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch done = new CountDownLatch(threads * perThread);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    hub.execute(done::countDown);
                }
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "every task submitted from outside ran");
    }

    @Test
    void statsCountSwitchesPollsAndTimers() throws Exception {
        HubStats before = hub.stats();
        CountDownLatch done = new CountDownLatch(1);
        hub.newFiber(null, () -> {
            try {
                hub.sleepNanos(TimeUnit.MILLISECONDS.toNanos(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        }).start();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        HubStats after = hub.stats();
        assertTrue(after.switches() >= before.switches() + 2, "start and resume are switches");
        assertTrue(after.timersFired() >= before.timersFired() + 1);
        assertTrue(after.polls() > before.polls());
        assertTrue(after.fibersSpawned() >= before.fibersSpawned() + 1);
    }

    static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread + " never reached " + state + ", is " + thread.getState());
            }
            Thread.sleep(1);
        }
    }
}
