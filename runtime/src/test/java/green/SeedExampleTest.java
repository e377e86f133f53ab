package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seed's "synchronous vs asynchronous" example, written with the API. */
@Timeout(30)
class SeedExampleTest {

    @Test
    void tenTasksSleepingHalfASecondFinishTogetherOnOneCarrier() throws Exception {
        long start = System.nanoTime();
        List<Fiber<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int id = i;
            tasks.add(Green.spawn(() -> {
                Green.sleep(Duration.ofMillis(500));
                return id + "@" + Thread.currentThread().toString().replaceAll(".*@", "");
            }));
        }
        List<String> results = new ArrayList<>();
        for (Fiber<String> task : tasks) {
            results.add(task.get());
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 500 && elapsedMs < 2_500, "took " + elapsedMs + " ms, sequential would be 5000");
        assertEquals(Set.of("green-hub"), results.stream().map(r -> r.split("@")[1]).collect(Collectors.toSet()));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                results.stream().map(r -> r.split("@")[0]).toList());
    }
}
