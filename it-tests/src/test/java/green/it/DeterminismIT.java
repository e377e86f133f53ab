package green.it;

import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code green.seed} and {@code green.clock=virtual} on unmodified programs: the same seed gives
 * byte-identical output run after run, other seeds other interleavings (demo.Interleaving: yields,
 * sleeps, loopback round trips and a queue between three threads), a seed finds the check-then-act
 * race of demo.DoubleBooking and replays it, and demo.LongWaits' 80 s of waits (sleeps, a poll, an await, a wait, a socket timeout) pass in virtual time.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DeterminismIT {
    private static final int SEEDS = 20;

    private static ChildJvm.Result run(String demo, String agentArgs) {
        ChildJvm spec = ChildJvm.demo(demo);
        ChildJvm.Result r = (agentArgs.isEmpty() ? spec.agent(true) : spec.agentArgs(agentArgs)).timeout(Duration.ofSeconds(60)).run();
        r.assertOk();
        return r;
    }

    @Test
    void theSameSeedGivesTheSameInterleavingRunAfterRun() {
        AgentGate.requireActive();
        for (long seed : new long[] {1, 42}) {
            List<String> first = run("Interleaving", "seed=" + seed).stdout();
            for (int i = 0; i < 2; i++) {
                assertEquals(first, run("Interleaving", "seed=" + seed).stdout(), "seed " + seed + ", run " + (i + 2));
            }
        }
    }

    @Test
    void seedsExploreInterleavings() {
        AgentGate.requireActive();
        Set<List<String>> seen = new HashSet<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            seen.add(run("Interleaving", "seed=" + seed).stdout());
        }
        System.out.println("[measured] demo.Interleaving: " + seen.size() + " interleavings in " + SEEDS + " seeds");
        assertTrue(seen.size() >= 2, "one interleaving for all seeds: " + seen);
    }

    @Test
    void aSeedFindsTheRaceAndReplaysIt() {
        AgentGate.requireActive();
        List<Long> overbooking = new ArrayList<>();
        List<Long> fine = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            List<String> out = run("DoubleBooking", "seed=" + seed).stdout();
            (out.getLast().equals("OVERBOOKED") ? overbooking : fine).add(seed);
        }
        System.out.println("[measured] demo.DoubleBooking overbooked under seeds " + overbooking + " of 1.." + SEEDS);
        assertTrue(!overbooking.isEmpty() && !fine.isEmpty(), "overbooked " + overbooking + ", fine " + fine);
        long replay = overbooking.getFirst();
        for (int i = 0; i < 3; i++) {
            assertEquals("OVERBOOKED", run("DoubleBooking", "seed=" + replay).stdout().getLast(), "replay of seed " + replay);
        }
        // first come, first served never interleaves the two checks
        assertEquals("ok", run("DoubleBooking", "").stdout().getLast());
    }

    @Test
    void longWaitsPassInVirtualTime() {
        AgentGate.requireActive();
        ChildJvm.Result r = run("LongWaits", "clock=virtual");
        assertOutput(r, List.of("100 sleepers joined", "poll returned null", "await returned false", "wait returned",
                "socket read timed out", "nanoTime saw >= 80 s: true", "currentTimeMillis saw >= 80 s: true",
                "Instant.now saw >= 80 s: true", "done"));
        System.out.println("[measured] demo.LongWaits under clock=virtual: 80 s of waits in " + r.elapsedMillis() + " ms of wall time");
        assertTrue(r.elapsedMillis() < 30_000, "80 s of waits took " + r.elapsedMillis() + " ms: time was not virtual");
    }
}
