package green.it;

import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.TimedWaits: the JDK's timed waits (parkNanos, Object.wait, Condition.awaitNanos,
 * BlockingQueue.poll, Thread.join), each left to its limit and ended early, give the same output
 * with the agent, and under it no {@code VirtualThread-unparker} thread is ever made: the fibers'
 * time-outs are hub timers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimedWaitsIT {

    @Test
    void timedWaitsBehaveAsBeforeAndTimeOutOnTheHub() {
        AgentGate.requireActive();
        List<String> expected = new ArrayList<>();
        for (String wait : List.of("LockSupport.parkNanos", "Object.wait", "Condition.await", "BlockingQueue.poll", "Thread.join")) {
            expected.add(wait + " timed out after its limit: true");
            expected.add(wait + " woken early");
        }
        expected.add("done");
        Differential.Runs runs = Differential.run(ChildJvm.demo("TimedWaits").timeout(Duration.ofSeconds(60)));
        assertOutput(runs.plain(), expected);
        assertOutput(runs.green(), expected);
        assertEquals("0", runs.green().reportedOnce("unparker_threads"), () -> "the JDK's unparker ran fiber time-outs\n" + runs.green().describe());
    }
}
