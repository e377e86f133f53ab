package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * The program's own count of tasks asleep at the same moment reached every task: they overlapped.
     * Not the wall time, which a busy machine stretches (20 sleeps of 500 ms take 0.5 s together, 10 s
     * one after another: the count tells the two apart at any speed).
     */
    static void assertAllAsleepAtOnce(ChildJvm.Result r, int tasks, String what) {
        int max = Integer.parseInt(r.reportedOnce("max_sleeping"));
        assertEquals(tasks, max, () -> what + ": at most " + max + " of " + tasks + " were asleep at once\n" + r.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "timeunit"})
    void withoutAgentTasksReportInOrderAndOverlap(String mode) {
        ChildJvm.Result r = ChildJvm.demo("SleepTasks").args("tasks=20", "ms=500", "mode=" + mode).run();
        assertOutput(r, expected(20, 500, mode));
        assertAllAsleepAtOnce(r, 20, "20 platform threads sleeping 500 ms");
        ItNotes.note("sleep " + mode + " without agent", r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "timeunit"})
    void withAgentSameOutputAndAllSleepsOverlapOnTheHub(String mode) {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(
                ChildJvm.demo("SleepTasks").args("tasks=20", "ms=500", "mode=" + mode));
        assertOutput(runs.green(), expected(20, 500, mode));
        assertAllOnHub(runs.green(), "sleeper_thread", 20);
        assertAllAsleepAtOnce(runs.green(), 20, "20 fibers sleeping 500 ms on one hub");
        ItNotes.note("sleep " + mode + " with agent", runs.green());
    }

    @Test
    void syncModeSameWithAndWithoutAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("SleepTasks").args("tasks=3", "ms=50", "mode=sync"));
        assertOutput(runs.green(), expected(3, 50, "sync"));
        // the control of assertAllAsleepAtOnce: one after another, never two asleep at once
        assertEquals("1", runs.green().reportedOnce("max_sleeping"), runs.green()::describe);
    }
}
