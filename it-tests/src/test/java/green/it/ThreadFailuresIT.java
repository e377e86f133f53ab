package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo.ThreadFailures: uncaught exceptions in the program's threads print the same stderr with and without green. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadFailuresIT {

    @Test
    void withoutAgentEachDeathIsReported() {
        ChildJvm.Result r = ChildJvm.demo("ThreadFailures").run();
        assertEquals(List.of("main goes on", "late handler done: last failed"), r.stdout(), r::describe);
        List<String> headers = r.stderr().stream().filter(l -> l.startsWith("Exception in thread")).toList();
        assertEquals(List.of(
                "Exception in thread \"Thread-0\" java.lang.IllegalStateException: plain thread failed",
                "Exception in thread \"worker\" java.lang.IllegalArgumentException: worker failed",
                "Exception in thread \"pool-1-thread-1\" java.lang.UnsupportedOperationException: pool task failed"),
                headers, r::describe);
    }

    @Test
    void withAgentTheSameStderrToTheLastFrame() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("ThreadFailures"));
        assertTrue(runs.green().stderr().stream().noneMatch(l -> l.contains("green.") || l.contains("VirtualThread")),
                runs.green()::describe);
    }
}
