package green.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimerHeapTest {

    @Test
    void firesInDeadlineOrderAndTiesInSchedulingOrder() {
        TimerHeap heap = new TimerHeap();
        List<String> fired = new ArrayList<>();
        heap.add(new Timer(30, () -> fired.add("c")));
        heap.add(new Timer(10, () -> fired.add("a1")));
        heap.add(new Timer(20, () -> fired.add("b")));
        heap.add(new Timer(10, () -> fired.add("a2")));
        assertNull(heap.pollDue(9));
        for (Timer t; (t = heap.pollDue(100)) != null; ) {
            t.action.run();
        }
        assertEquals(List.of("a1", "a2", "b", "c"), fired);
        assertEquals(Long.MAX_VALUE, heap.nextDeadlineNanos());
    }

    @Test
    void removeTakesFromTheMiddleAndKeepsTheHeapOrdered() {
        TimerHeap heap = new TimerHeap();
        Random random = new Random(42);
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            timers.add(heap.add(new Timer(random.nextInt(10_000), () -> { })));
        }
        int cancelled = 0;
        for (int i = 0; i < timers.size(); i += 3) {
            assertTrue(heap.remove(timers.get(i)));
            assertFalse(heap.remove(timers.get(i)), "a second cancel finds nothing");
            cancelled++;
        }
        assertEquals(1000 - cancelled, heap.size());
        long last = Long.MIN_VALUE;
        for (Timer t; (t = heap.pollDue(Long.MAX_VALUE / 2)) != null; ) {
            assertTrue(t.deadlineNanos() >= last);
            last = t.deadlineNanos();
            assertFalse((t.index >= 0));
        }
        assertEquals(0, heap.size());
    }
}
