package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventTest {

    @Test
    void setWakesEveryWaiterAndClearResets() throws Exception {
        Event event = new Event();
        List<String> woke = new CopyOnWriteArrayList<>();
        Group waiters = new Group();
        for (String name : List.of("a", "b", "c")) {
            waiters.spawn(() -> {
                event.await();
                woke.add(name);
                return null;
            });
        }
        Green.sleep(Duration.ofMillis(20));
        assertEquals(List.of(), woke);
        event.set();
        waiters.join();
        assertEquals(List.of("a", "b", "c"), woke.stream().sorted().toList());
        assertTrue(event.await(Duration.ofMillis(1)), "stays set");
        event.clear();
        assertFalse(event.isSet());
        Fiber<Boolean> late = Green.spawn(() -> event.await(Duration.ofMillis(30)));
        assertFalse(late.get(), "a cleared event times out");
    }

    @Test
    void aPlatformThreadCanSetWhatFibersWaitFor() throws Exception {
        Event event = new Event();
        Fiber<String> waiter = Green.spawn(() -> {
            event.await();
            return Thread.currentThread().isVirtual() ? "fiber woke" : "?";
        });
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
            event.set();
        });
        assertEquals("fiber woke", waiter.get());
    }
}
