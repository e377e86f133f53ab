package green.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar green.jar attach <pid> [key=value,...]}: loads green into a running JVM. The
 * arguments are checked here first, so a bad one never reaches the target. The target's
 * {@code agentmain} leaves a one-line result in its system property {@code green.attach.result},
 * which this command prints; the exit status is 0 when green is (or already was) installed, 1 when
 * the target could not be attached or patched, 2 for bad input.
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
public final class AttachCommand {

    static final String USAGE = "usage: java -jar green.jar attach <pid> [key=value,...]";

    private AttachCommand() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called by name from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("green: " + USAGE);
            return 2;
        }
        String pid = args[0];
        if (!pid.matches("[0-9]+")) {
            err.println("green: '" + pid + "' is not a process id; " + USAGE);
            return 2;
        }
        String agentArgs = args.length == 2 ? args[1] : "";
        String invalid = invalidArguments(agentArgs);
        if (invalid != null) {
            err.println(invalid);
            return 2;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            err.println("green: cannot attach to " + pid + ": " + e.getMessage());
            return 1;
        }
        try {
            vm.loadAgent(greenJar().toString(), agentArgs);
            String result = vm.getSystemProperties().getProperty(InstallStatus.ATTACH_RESULT);
            if (result == null) {
                err.println("green: the agent ran in " + pid + " but left no result");
                return 1;
            }
            boolean ok = result.startsWith("installed") || result.startsWith("already");
            (ok ? out : err).println("green: " + pid + ": " + result);
            return ok ? 0 : 1;
        } catch (AgentLoadException | AgentInitializationException | IOException | URISyntaxException e) {
            err.println("green: the agent did not load in " + pid + ": " + e.getMessage());
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the target may have gone away: nothing to release then
            }
        }
    }

    /**
     * The one-line complaint about {@code agentArgs}, or null when they are valid. Checked here,
     * against the settings table of this green.jar, so that the target never sees a bad argument.
     */
    private static String invalidArguments(String agentArgs) {
        try {
            Map<String, String> entries = AgentArguments.split(agentArgs);
            RuntimeJar.isolatedLoader().loadClass("green.config.GreenConfig")
                    .getMethod("resolve", Map.class, Properties.class).invoke(null, entries, new Properties());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof IllegalArgumentException bad ? bad.getMessage() : "green: " + e.getCause();
        } catch (ReflectiveOperationException | IOException e) {
            return "green: cannot check the arguments (" + e + ")";
        }
    }

    private static Path greenJar() throws URISyntaxException {
        return Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
