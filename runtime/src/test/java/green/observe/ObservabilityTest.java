package green.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.Event;
import green.Fiber;
import green.Green;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ObservabilityTest {

    /** Holds the hub: a CPU loop that never parks. */
    static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aFiberThatSpins300msIsReportedOnceWithItsStack() throws Exception {
        Green.stats(); // the hub and its watchdog run before the recording starts
        List<RecordedEvent> stalls = new CopyOnWriteArrayList<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("green.HubStall");
            stream.onEvent("green.HubStall", stalls::add);
            stream.startAsync();
            List<Integer> ticks = new CopyOnWriteArrayList<>();
            Fiber<Void> ticker = Green.spawn(() -> {
                for (int i = 0; i < 40; i++) {
                    Green.sleep(Duration.ofMillis(10));
                    ticks.add(i);
                }
            });
            Green.sleep(Duration.ofMillis(50));
            Green.spawn("spinner", () -> {
                spin(300);
                return null;
            }).join();
            ticker.join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stalls.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50); // a stream delivers about once a second
            }
            Thread.sleep(1500); // and a second report, if there were one, would come by now
        }
        assertEquals(1, stalls.size(), stalls::toString);
        RecordedEvent stall = stalls.getFirst();
        assertEquals("spinner", stall.getString("fiber"));
        long held = stall.getLong("heldMillis");
        assertTrue(held >= 100 && held <= 400, "held " + held + " ms");
        assertTrue(stall.getString("stack").contains("ObservabilityTest.spin("), stall.getString("stack"));
    }

    @Test
    void aStallListenerHearsOfTheStallWhileItLastsAndWhenItEnds() throws Exception {
        List<Stall> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable listening = Stalls.listen(heard::add)) {
            Green.spawn("listened-spinner", () -> {
                spin(300);
                return null;
            }).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (heard.stream().noneMatch(Stall::ended) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        List<Stall> mine = heard.stream().filter(s -> s.fiber().equals("listened-spinner")).toList();
        assertEquals(2, mine.size(), heard::toString);
        assertTrue(!mine.get(0).ended() && mine.get(1).ended(), mine::toString);
        // relief (green.reliefAfter=200) moved the loop on before the 300 ms spin was over, and the
        // spinner was watched on beside it: the report is of the whole spin
        assertTrue(mine.get(1).relieved() && mine.get(1).heldMillis() >= 250, mine::toString);
        assertTrue(mine.get(0).stack().stream().anyMatch(f -> f.getMethodName().equals("spin")), mine::toString);
    }

    @Test
    void theDumpShowsStatesStacksAndParents() throws Exception {
        Event never = new Event();
        CountDownLatch waiting = new CountDownLatch(2);
        Fiber<Void> parent = Green.spawn("dump-parent", () -> {
            Green.spawn("dump-sleeper", () -> {
                waiting.countDown();
                Green.sleep(Duration.ofSeconds(30));
            });
            waiting.countDown();
            never.await();
        });
        waiting.await();
        Thread.sleep(100);
        String dump = Green.dump();
        assertTrue(dump.contains("\"dump-parent\" #" + parent.thread().threadId()
                + " WAITING in the JDK (a lock, a queue, a JDK socket wait), spawned by \"main\""), dump);
        assertTrue(dump.matches("(?s).*\n  \"dump-sleeper\" #\\d+ WAITING on timer for \\d+ ms, spawned by \"dump-parent\"\n.*"), dump);
        assertTrue(dump.contains("green.Event.await("), dump);
        parent.kill();
        parent.join();
    }

    @Test
    void theMXBeanCountsAndDumps() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName hub = new ObjectName("green:type=Hub");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Green.stats();
        while (!server.isRegistered(hub) && System.nanoTime() < deadline) {
            Thread.sleep(10); // registered by the watchdog thread
        }
        long spawned = (Long) server.getAttribute(hub, "FibersSpawned");
        long timers = (Long) server.getAttribute(hub, "TimersFired");
        Green.joinAll(List.of(Green.spawn(() -> Green.sleep(Duration.ofMillis(5))), Green.spawn(() -> Green.sleep(Duration.ofMillis(5)))));
        assertTrue((Long) server.getAttribute(hub, "FibersSpawned") >= spawned + 2);
        assertTrue((Long) server.getAttribute(hub, "TimersFired") >= timers + 2);
        String dump = (String) server.invoke(hub, "dumpFibers", new Object[0], new String[0]);
        assertTrue(dump.startsWith("green hub \"green-hub\": "), dump);
    }
}
