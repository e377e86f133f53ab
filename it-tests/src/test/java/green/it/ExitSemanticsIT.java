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
 * JVM exit: a non-daemon thread started by main keeps the JVM alive until it finishes (demo.LateThread);
 * a looping daemon thread does not (demo.DaemonLooper).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExitSemanticsIT {
    static final List<String> LATE = List.of("main returns", "late thread done slept=300");
    static final List<String> DAEMON = List.of("main done daemon=true");
    /** XXX: generous; DaemonLooper's main takes 200 ms, a JVM start well under a second on these machines. */
    static final long DAEMON_EXIT_LIMIT_MILLIS = 10_000;

    static ChildJvm late() {
        return ChildJvm.demo("LateThread").timeout(Duration.ofSeconds(30));
    }

    static ChildJvm looper() {
        return ChildJvm.demo("DaemonLooper").timeout(Duration.ofSeconds(30));
    }

    @Test
    void withoutAgentLateNonDaemonThreadFinishes() {
        assertOutput(late().run(), LATE);
    }

    @Test
    void withoutAgentDaemonLooperDoesNotKeepJvmAlive() {
        ChildJvm.Result r = looper().run();
        assertOutput(r, DAEMON);
        assertTrue(r.elapsedMillis() < DAEMON_EXIT_LIMIT_MILLIS, () -> "JVM lingered\n" + r.describe());
    }

    @Test
    void withAgentLateNonDaemonFiberFinishes() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(late());
        assertOutput(runs.green(), LATE);
        assertAllOnHub(runs.green(), "late_thread", 1);
    }

    @Test
    void withAgentDaemonLooperFiberDoesNotKeepJvmAlive() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(looper());
        ChildJvm.Result r = runs.green();
        assertOutput(r, DAEMON);
        assertTrue(r.elapsedMillis() < DAEMON_EXIT_LIMIT_MILLIS, () -> "JVM lingered under the agent\n" + r.describe());
        assertAllOnHub(r, "looper_thread", 1);
    }
}
