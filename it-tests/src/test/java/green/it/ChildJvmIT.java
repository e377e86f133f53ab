package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: timeouts, thread counts, the report side channel, the diff, the agent gate. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChildJvmIT {

    @Test
    void timeoutDestroysTheChild() {
        ChildJvm.Running running = ChildJvm.demo("EchoServer").timeout(Duration.ofSeconds(2)).start();
        long pid = running.pid();
        ChildJvm.Result r = running.await();
        assertTrue(r.timedOut(), r::describe);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " survived");
        assertEquals("listening", r.stdout().get(0).split(" ")[0], r::describe);
    }

    @Test
    void threadCountOfALiveChild() {
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").start()) {
            server.awaitListeningPort();
            int threads = server.threadCount();
            assertTrue(threads > 1 && threads < 200, "threads: " + threads);
        }
    }

    @Test
    void reportAndOutputAreCollected() {
        ChildJvm.Result r = ChildJvm.demo("Probe").run().assertOk();
        assertEquals(List.of("probe done"), r.stdout());
        assertEquals("false", r.reportedOnce("virtual"));
        assertTrue(r.reportedOnce("probe_thread").startsWith("Thread[#"), r::describe);
    }

    @Test
    void commandCarriesTheAgentOnlyWhenAsked() {
        assertFalse(String.join(" ", ChildJvm.demo("Probe").command()).contains("-javaagent"));
        assertTrue(ChildJvm.demo("Probe").agentArgs("debug=true").command()
                .contains("-javaagent:" + ChildJvm.AGENT_JAR + "=debug=true"));
    }

    @Test
    void diffMarksChangedLines() {
        assertEquals("  a\n- b\n+ x\n  c\n+ d\n", Differential.diff(List.of("a", "b", "c"), List.of("a", "x", "c", "d")));
    }

    @Test
    void differentialFailsOnDifferentOutput() {
        ChildJvm.Result a = new ChildJvm.Result(List.of("java"), false, false, 0, List.of("same", "one"), List.of(),
                List.of(), 1, -1);
        ChildJvm.Result b = new ChildJvm.Result(List.of("java"), true, false, 1, List.of("same", "two"), List.of(),
                List.of(), 1, -1);
        AssertionError e = assertThrows(AssertionError.class, () -> Differential.assertSame(a, b));
        assertTrue(e.getMessage().contains("exit code: without agent 0, with agent 1"), e.getMessage());
        assertTrue(e.getMessage().contains("- one\n+ two"), e.getMessage());
    }

    @Test
    void agentGateExplainsItself() {
        String reason = AgentGate.inactiveReason();
        assertTrue(reason == null || reason.startsWith("green.jar not built at ")
                || reason.startsWith("green.jar present but agent inactive: "), reason);
    }
}
