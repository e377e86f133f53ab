package green.agent;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar green.jar [--help | attach <pid> [key=value,...] | list | status <pid> | dump <pid>
 * | compare [options] -- <java command line>]}: prints the settings table, loads green into a running
 * JVM, lists the JVMs that could be attached, reads another JVM's hub metrics or fiber dump, or runs a
 * program without and with the agent and compares what it did. An unknown command is one line and
 * exit status 2.
 *
 * <p>Compiled for Java 17 so an old JVM is told, in one line, that green needs a newer one; {@code list}
 * and {@code compare} (compiled for 17 too) need nothing of JDK 25 and run there.
 *
 * <p>Runs on the main thread of its own JVM.
 */
public final class GreenMain {

    private GreenMain() {
        throw new UnsupportedOperationException();
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush(); // a command may print() without a newline, and exit() does not flush
        System.err.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 || isHelp(args[0]) ? "help" : args[0];
        String commandClass = switch (command) {
            case "help" -> "green.agent.HelpCommand";
            case "attach" -> "green.agent.AttachCommand";
            case "list" -> "green.agent.ListCommand";
            case "status" -> "green.agent.StatusCommand";
            case "dump" -> "green.agent.DumpCommand";
            case "compare" -> "green.agent.CompareCommand";
            default -> null;
        };
        if (commandClass == null) {
            err.println("green: unknown command '" + command + "'; valid commands: --help, attach, list, status, dump, compare");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        // help (with the settings table, compiled for Java 17), list and compare (the attach API
        // and child processes) work on any JDK; the others need one green can run on.
        boolean anyJdk = command.equals("help") || command.equals("list") || command.equals("compare");
        String missing = anyJdk ? null : EnvironmentCheck.missing();
        if (missing != null) {
            err.println("green: " + missing);
            return 1;
        }
        try {
            // By name: most commands are compiled for Java 25.
            return (int) Class.forName(commandClass)
                    .getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, rest, out, err);
        } catch (ReflectiveOperationException e) {
            err.println("green: " + command + " failed (" + (e.getCause() != null ? e.getCause() : e) + ")");
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }
}
