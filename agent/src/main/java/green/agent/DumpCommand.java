package green.agent;

import java.io.PrintStream;
import javax.management.JMException;

/**
 * {@code java -jar green.jar dump <pid>}: every live fiber of another JVM's hub, with its state,
 * how long in it, its stack and who spawned it, as the hub MBean's {@code dumpFibers} operation
 * prints them. Exit status 0, or 1 when the JVM cannot be reached or does not run green, 2 for
 * bad input.
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
public final class DumpCommand {

    static final String USAGE = "usage: java -jar green.jar dump <pid>";

    private DumpCommand() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called by name from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("green: " + USAGE);
            return 2;
        }
        try (HubConnection connection = HubConnection.open(args[0], USAGE, err)) {
            if (connection == null) {
                return args[0].matches("[0-9]+") ? 1 : 2;
            }
            out.print(connection.server.invoke(connection.hub, "dumpFibers", new Object[0], new String[0]));
            return 0;
        } catch (JMException | java.io.IOException e) {
            err.println("green: cannot dump the fibers of " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
