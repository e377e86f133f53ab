package green.agent;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Properties;

/**
 * Checks the agent's arguments and {@code green.*} system properties on a JVM that cannot run
 * green, so that a typo is reported there as it is where green runs, before the agent says it
 * runs the program unpatched. The settings table ({@code green.config}, compiled for Java 17 like
 * this class) is loaded from the runtime green.jar carries, in a class loader of its own that is
 * dropped afterwards: the runtime itself is never installed on such a JVM.
 *
 * <p>Called once, on the thread that runs {@code premain} or {@code agentmain}.
 */
final class OldJvmSettings {

    private OldJvmSettings() {
        throw new UnsupportedOperationException();
    }

    /** @throws LaunchError with the one line that names the bad key or value */
    static void check(String agentArgs) throws Exception {
        Map<String, String> arguments;
        try {
            arguments = AgentArguments.split(agentArgs);
        } catch (IllegalArgumentException e) {
            throw new LaunchError(e.getMessage());
        }
        try {
            RuntimeJar.isolatedLoader().loadClass("green.config.GreenConfig")
                    .getMethod("resolve", Map.class, Properties.class)
                    .invoke(null, arguments, System.getProperties());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw new LaunchError(e.getCause().getMessage());
            }
            throw e;
        }
    }
}
