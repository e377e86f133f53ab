package green.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.junit.GreenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Run by GreenTestTest through the engine test kit, not by surefire (no Test in the name). */
public class Sleepers {

    @GreenTest
    void fiftyThreadsSleepTogetherOnTheHub() throws Exception {
        AtomicInteger asleep = new AtomicInteger();
        AtomicInteger maxAsleep = new AtomicInteger();
        ConcurrentLinkedQueue<String> ranOn = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                ranOn.add(Thread.currentThread().toString());
                maxAsleep.accumulateAndGet(asleep.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    asleep.decrementAndGet();
                }
            }, "sleeper-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(50, ranOn.size());
        assertTrue(ranOn.stream().allMatch(s -> s.startsWith("VirtualThread[") && (s.endsWith("@green-hub") || s.contains("@green-relief-"))), ranOn::toString);
        assertEquals(50, maxAsleep.get(), "all 50 asleep at once");
    }
}
