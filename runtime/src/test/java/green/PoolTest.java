package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PoolTest {

    /** Counts fibers inside a function at once and remembers the most. */
    private static final class InFlight {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        <T> T around(T value, Duration pause) {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Green.sleep(pause);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                now.decrementAndGet();
            }
            return value;
        }
    }

    @Test
    void poolNeverRunsMoreThanItsSize() throws Exception {
        Pool pool = new Pool(3);
        InFlight inFlight = new InFlight();
        for (int i = 0; i < 12; i++) {
            pool.spawn(() -> inFlight.around(null, Duration.ofMillis(10)));
            assertTrue(pool.size() <= 3);
        }
        pool.join();
        assertEquals(3, inFlight.max.get());
        assertEquals(3, pool.free());
    }

    @Test
    void mapKeepsItemOrderWhateverTheFinishingOrder() throws Exception {
        Pool pool = new Pool(4);
        List<Integer> items = List.of(50, 10, 40, 20, 30, 5);
        List<String> results = pool.map(ms -> {
            try {
                Green.sleep(Duration.ofMillis(ms));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "r" + ms;
        }, items);
        assertEquals(List.of("r50", "r10", "r40", "r20", "r30", "r5"), results);
    }

    @Test
    void imapTakesItemsOnlyAsFastAsThePoolAdmitsThem() throws Exception {
        Pool pool = new Pool(2);
        InFlight inFlight = new InFlight();
        AtomicInteger pulled = new AtomicInteger();
        Iterable<Integer> items = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < 20;
            }

            @Override
            public Integer next() {
                pulled.incrementAndGet();
                return next++;
            }
        };
        Iterator<Integer> results = pool.imap(i -> inFlight.around(i * i, Duration.ofMillis(5)), items);
        Green.sleep(Duration.ofMillis(100)); // no consumer yet: the producer must stall
        assertTrue(pulled.get() <= 2 + 2 + 1, "pulled " + pulled.get() + " items with nobody consuming");
        List<Integer> squares = new ArrayList<>();
        results.forEachRemaining(squares::add);
        assertEquals(IntStream.range(0, 20).map(i -> i * i).boxed().toList(), squares);
        assertEquals(2, inFlight.max.get());
    }

    @Test
    void imapUnorderedYieldsInCompletionOrder() throws Exception {
        Pool pool = new Pool(3);
        List<Integer> order = new ArrayList<>();
        pool.imapUnordered(ms -> {
            try {
                Green.sleep(Duration.ofMillis(ms));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ms;
        }, List.of(60, 10, 35)).forEachRemaining(order::add);
        assertEquals(List.of(10, 35, 60), order);
    }

    @Test
    void aFailingFunctionSurfacesFromNext() throws Exception {
        Iterator<Integer> results = new Pool(2).imap(i -> {
            if (i == 1) {
                throw new IllegalArgumentException("bad item " + i);
            }
            return i;
        }, List.of(0, 1, 2));
        assertEquals(0, results.next());
        FiberFailure failure = assertThrows(FiberFailure.class, results::next);
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    @Test
    void applyRunsInAFiberAndReturnsTheResult() throws Exception {
        Pool pool = new Pool(1);
        assertEquals("VIRTUAL", pool.apply(s -> Thread.currentThread().isVirtual() ? s.toUpperCase() : s, "virtual"));
    }

    @Test
    void groupKillStopsEveryMember() throws Exception {
        Group group = new Group();
        for (int i = 0; i < 5; i++) {
            group.spawn(() -> Green.sleep(Duration.ofSeconds(30)));
        }
        assertEquals(5, group.size());
        group.kill();
        assertEquals(0, group.size());
    }

    @Test
    void aPoolOfZeroIsRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertEquals("pool size must be at least 1, was 0", e.getMessage());
    }
}
