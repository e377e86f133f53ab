package green.agent;

import java.io.PrintStream;

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
        return HubConnection.run(args, USAGE, err, connection ->
                out.print(connection.server.invoke(connection.hub, "dumpFibers", new Object[0], new String[0])));
    }
}
