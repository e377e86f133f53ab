package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BlockingTest {

    @Test
    void aBlockingCallRunsOnAWorkerWhileOtherFibersRun() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch otherRan = new CountDownLatch(1);
        Fiber<String> caller = Green.spawn(() -> Green.blocking(() -> {
            // a platform wait the hub could not survive: only returns once another fiber ran
            boolean ran = otherRan.await(5, TimeUnit.SECONDS);
            order.add("blocking call done, other ran first=" + ran);
            return Thread.currentThread().getName();
        }));
        Green.spawn(() -> {
            order.add("other fiber");
            otherRan.countDown();
        }).join();
        assertEquals("green-blocking", caller.get());
        assertEquals(List.of("other fiber", "blocking call done, other ran first=true"), order);
    }

    @Test
    void theCallsExceptionReachesTheFiberUnwrapped() throws Exception {
        IOException boom = new IOException("disk gone");
        Fiber<Object> caller = Green.spawn(() -> Green.blocking(() -> {
            throw boom;
        }));
        assertSame(boom, assertThrows(FiberFailure.class, caller::get).getCause());
    }
}
