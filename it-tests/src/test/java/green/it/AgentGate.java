package green.it;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Fails an agent test at once, with the reason, when green.jar is missing or does not turn threads
 * into fibers, rather than letting every assertion after it fail in its own confusing way.
 *
 * <p>The probe is one child run of {@code demo.Probe} with the agent: active means that a plain
 * {@code new Thread(...)} ran on a virtual thread. It runs once per test JVM.
 */
public final class AgentGate {
    private static String inactiveReason;
    private static boolean probed;

    private AgentGate() {
    }

    /** Fails the calling test unless green.jar exists and the probe shows the agent is active. */
    public static void requireActive() {
        String reason = inactiveReason();
        if (reason != null) {
            throw new AssertionError(reason);
        }
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
            return "green.jar not built at " + ChildJvm.AGENT_JAR + "";
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
