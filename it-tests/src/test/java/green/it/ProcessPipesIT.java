package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.ProcessPipes: threads that read and write child processes' pipes. The pipe calls block in
 * native code, so a fiber makes them on a worker thread (the {@code blocking} patch); on the hub
 * itself the reader of {@code cat} would keep its writer from ever running.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessPipesIT {
    static final List<String> EXPECTED = List.of(
            "cat echoed 5 lines: line0,line1,line2,line3,line4, exit 0",
            "slow child said: done, exit 0");

    @Test
    void pipeReadersAndWritersRunAsFibersAndTheTickerKeepsTicking() throws Exception {
        AgentGate.requireActive();
        ChildJvm.Result green = ChildJvm.demo("ProcessPipes").agent(true).timeout(Duration.ofSeconds(60)).run();
        assertOutput(green, EXPECTED);
        assertAllOnHub(green, "reader_thread", 1);
        // The child sleeps 500 ms before it writes: a reader blocking the hub would keep the 5 ms ticker from
        // ticking at all meanwhile (0 or 1 tick); overlapping, it ticks about 100 times. A count of ticks,
        // not a bound on the longest gap, so a busy machine (fewer, later ticks) does not fail it.
        long ticks = Long.parseLong(green.reportedOnce("ticks_while_reading"));
        assertTrue(ticks >= 5, "the ticker ticked " + ticks + " times while the pipe reader waited 500 ms\n" + green.describe());
        System.out.println("[measured] process pipes with agent: ticks_while_reading=" + ticks + " max_tick_gap_ms="
                + green.reportedOnce("max_tick_gap_ms"));
    }

    @Test
    void withTheBlockingPatchOffTheCatReaderDeadlocksTheHub() throws Exception {
        AgentGate.requireActive();
        // the control: the reader waits in the pipe on the hub thread, so the writer never runs
        // (relief off too: else a relief thread takes over the loop once the reader has held it)
        ChildJvm.Result off = ChildJvm.demo("ProcessPipes").agentArgs("patch.blocking=false,relief=false")
                .timeout(Duration.ofSeconds(8)).run();
        assertTrue(off.timedOut() && off.stdout().isEmpty(), off.describe());
    }

    @Test
    void withTheBlockingPatchOffReliefStillKeepsTheProgramGoing() throws Exception {
        AgentGate.requireActive();
        // the same reader holds the hub thread in the pipe; after green.reliefAfter another thread runs the loop
        ChildJvm.Result relieved = ChildJvm.demo("ProcessPipes").agentArgs("patch.blocking=false")
                .timeout(Duration.ofSeconds(60)).run();
        assertOutput(relieved, EXPECTED);
    }

    @Test
    void withoutTheAgentTheSameOutput() throws Exception {
        assertOutput(ChildJvm.demo("ProcessPipes").agent(false).timeout(Duration.ofSeconds(60)).run(), EXPECTED);
    }
}
