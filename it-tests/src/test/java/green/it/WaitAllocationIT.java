package green.it;

import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clientapps.EchoAllocation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * A socket wait on the hub allocates nothing: an echo server and its clients, all program threads
 * on the hub, allocate (the whole JVM, measured by the JDK's per-thread counters) less than a few
 * bytes per round trip once warm. Each round trip is two waits at least (the handler's read and the
 * client's); before hub-owned waits were free of allocation it cost about 66 bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WaitAllocationIT {
    private static final int ROUND_TRIPS = 60_000;
    private static final double MOST_BYTES_PER_ROUND_TRIP = 8;

    @ParameterizedTest(name = "{0} connections")
    @ValueSource(ints = {1, 100})
    void socketWaitsOnTheHubAllocateNothing(int connections) {
        AgentGate.requireActive();
        ChildJvm.Result r = ChildJvm.testMain(EchoAllocation.class).args(String.valueOf(connections), String.valueOf(ROUND_TRIPS))
                .agent(true).timeout(Duration.ofSeconds(150)).run();
        assertOutput(r, List.of("echoed " + ROUND_TRIPS / connections * connections * 3));
        double perRoundTrip = Double.parseDouble(r.reportedOnce("bytes_per_round_trip"));
        System.out.println("[measured] bytes allocated per echo round trip, " + connections + " connections: " + perRoundTrip);
        assertTrue(perRoundTrip < MOST_BYTES_PER_ROUND_TRIP,
                () -> perRoundTrip + " bytes allocated per round trip, expected < " + MOST_BYTES_PER_ROUND_TRIP + "\n" + r.describe());
    }
}
