package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertElapsedBelow;
import static green.it.GreenAssertions.assertOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** demo.SleepTasks, the "sync vs async" seed: 20 threads × {@code Thread.sleep(500)} (and the TimeUnit variant). */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SleepTasksIT {

    static List<String> expected(int tasks, int ms, String mode) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            lines.add("task " + i + " done");
        }
        lines.add("slept tasks=" + tasks + " ms=" + ms + " mode=" + mode);
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "timeunit"})
    void withoutAgentTasksReportInOrderAndOverlap(String mode) {
        ChildJvm.Result r = ChildJvm.demo("SleepTasks").args("tasks=20", "ms=500", "mode=" + mode).run();
        assertOutput(r, expected(20, 500, mode));
        assertElapsedBelow(r, 1500, "20 platform threads sleeping 500 ms at once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "timeunit"})
    void withAgentSameOutputAndAllSleepsOverlapOnTheHub(String mode) {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(
                ChildJvm.demo("SleepTasks").args("tasks=20", "ms=500", "mode=" + mode));
        assertOutput(runs.green(), expected(20, 500, mode));
        assertAllOnHub(runs.green(), "sleeper_thread", 20);
        assertElapsedBelow(runs.green(), 1500, "20 fibers sleeping 500 ms on one hub must overlap");
    }

    @Test
    void syncModeSameWithAndWithoutAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("SleepTasks").args("tasks=3", "ms=50", "mode=sync"));
        assertOutput(runs.green(), expected(3, 50, "sync"));
    }
}
