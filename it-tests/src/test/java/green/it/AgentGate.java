package green.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * THE one place that decides whether agent-requiring tests run. While green.jar is missing or does not
 * yet turn threads into fibers, those tests are skipped (not failed) with a message that says which.
 * Run with {@code -Dgreen.it.requireAgent=true} (or delete the gate) to turn the skip into a failure.
 *
 * <p>The probe is one child run of {@code demo.Probe} with the agent: active means that a plain
 * {@code new Thread(...)} ran on a virtual thread. It runs once per test JVM.
 */
public final class AgentGate {
    private static final boolean REQUIRE_AGENT = Boolean.getBoolean("green.it.requireAgent");
    private static String inactiveReason;
    private static boolean probed;

    private AgentGate() {
    }

    /** Skips the calling test unless green.jar exists and the probe shows the agent is active. */
    public static void assumeAgentActive() {
        String reason = inactiveReason();
        if (REQUIRE_AGENT && reason != null) {
            throw new AssertionError(reason);
        }
        assumeTrue(reason == null, reason);
    }

    /** Null when the agent is active, else why not. */
    static synchronized String inactiveReason() {
        if (!probed) {
            probed = true;
            inactiveReason = probe();
        }
        return inactiveReason;
    }

    private static String probe() {
        if (!Files.isRegularFile(ChildJvm.AGENT_JAR)) {
            return "green.jar not built at " + ChildJvm.AGENT_JAR + ": agent tests skipped";
        }
        ChildJvm.Result r = ChildJvm.demo("Probe").agent(true).timeout(Duration.ofSeconds(60)).run();
        List<String> virtual = r.reported("virtual");
        if (r.exitCode() == 0 && virtual.equals(List.of("true"))) {
            return null;
        }
        return "green.jar present but agent inactive: demo.Probe under -javaagent exited " + r.exitCode()
                + (r.timedOut() ? " (timed out)" : "") + ", new Thread ran virtual=" + virtual
                + " on " + r.reported("probe_thread")
                + (r.stderr().isEmpty() ? "" : ", stderr: " + String.join(" | ", r.stderr().subList(0, Math.min(5, r.stderr().size()))));
    }
}
