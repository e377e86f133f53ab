package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo.SocketSemantics: time-outs, close from another thread and interrupt end socket waits as on platform threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketSemanticsIT {
    static final List<String> EXPECTED = List.of(
            "read timeout -> SocketTimeoutException: Read timed out, socket closed=false",
            "accept timeout -> SocketTimeoutException: Accept timed out",
            "close from another thread -> SocketException: Socket closed",
            "interrupt during read -> read 120, interrupted=true, socket closed=false",
            "socket cases done");

    @Test
    void withoutAgentTheJdkSemantics() {
        assertOutput(ChildJvm.demo("SocketSemantics").run(), EXPECTED);
    }

    @Test
    void withAgentTheSameSemantics() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("SocketSemantics"));
        assertOutput(runs.green(), EXPECTED);
        assertAllOnHub(runs.green(), "cases_thread", 1);
    }
}
