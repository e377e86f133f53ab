package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.junit.GreenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

class SleepersTest {

    @GreenTest
    void fiftyThreadsSleepOnTheHub() throws Exception {
        ConcurrentLinkedQueue<String> ranOn = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Thread t = new Thread(() -> {
                ranOn.add(Thread.currentThread().toString());
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(50, ranOn.size());
        for (String thread : ranOn) {
            assertTrue(thread.endsWith("@green-hub") || thread.contains("@green-relief-"), thread); // a fiber carried by the hub
        }
    }
}
