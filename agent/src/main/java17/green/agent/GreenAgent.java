package green.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class}). Following the
 * OpenTelemetry agent's rules:
 * <ul>
 *   <li>do as little as possible here: check that this JVM has what green needs, then hand off to
 *       {@code AgentInstaller}, which this class knows only by name;
 *   <li>never touch logging here (the app configures its logging later; {@code System.Logger} is
 *       first used after the hand-off);
 *   <li>never let the agent take the application down, except for bad command-line input.
 * </ul>
 * The BlockHound/OTel rule for class loaders: green's runtime classes ({@code green.*} outside
 * {@code green.agent}) are not in green.jar as classes. {@code BootstrapInjector} puts them on the
 * bootstrap class path, so every class loader, and advice inlined into JDK classes, sees the one
 * copy; the application class loader never loads a second one. Nothing refers to this class after
 * the hand-off.
 *
 * <p>Compiled for Java 17 (with {@link EnvironmentCheck}, {@link LaunchError} and
 * {@link GreenMain}) so that an old JVM prints one warning and runs the program unpatched.
 *
 * <p>Called once, by the JVM, on the main thread before {@code main} ({@code premain}) or on the
 * attach listener thread ({@code agentmain}).
 */
public final class GreenAgent {

    private GreenAgent() {
        throw new UnsupportedOperationException();
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    private static void start(String agentArgs, Instrumentation inst, boolean premain) {
        try {
            String missing = EnvironmentCheck.missing();
            if (missing != null) {
                // Bad input is reported whatever the JVM: the same line as on a JVM green can patch.
                OldJvmSettings.check(agentArgs);
                String line = "green: " + missing + "; running unpatched";
                System.err.println(line);
                if (!premain) {
                    InstallStatus.attachResult("unpatched: " + line);
                }
                return;
            }
            // By name: AgentInstaller is compiled for Java 25 and drags in ASM.
            Class.forName("green.agent.AgentInstaller")
                    .getMethod("install", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, agentArgs, inst, premain);
        } catch (InvocationTargetException e) {
            failed(e.getCause(), premain);
        } catch (Throwable t) {
            failed(t, premain);
        }
    }

    private static void failed(Throwable t, boolean premain) {
        if (t instanceof LaunchError) {
            System.err.println(t.getMessage());
            if (!premain) {
                InstallStatus.attachResult("rejected: " + t.getMessage());
            }
            if (premain) {
                // Bad launch options stop the JVM, as the JDK's own do. Not by throwing: a throwing
                // premain makes JPLIS abort the JVM with SIGABRT, a stack trace and three
                // "ASSERTION FAILED" lines (measured on JDK 25), instead of one line and exit 1.
                System.exit(1);
            }
            return;
        }
        // Don't rethrow: the program runs unpatched rather than not at all.
        String line = "green: agent failed (" + t + "); running unpatched";
        System.err.println(line);
        if (!premain) {
            InstallStatus.attachResult("unpatched: " + line);
        }
        if (Boolean.getBoolean("green.debug")) {
            t.printStackTrace();
        }
    }
}
