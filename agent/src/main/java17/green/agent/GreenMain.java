package green.agent;

import java.io.PrintStream;

/**
 * {@code java -jar green.jar [--help]}: prints the settings table. Other subcommands
 * ({@code attach}, {@code list}, ...) come later; an unknown one is one line and exit status 2.
 *
 * <p>Compiled for Java 17 so an old JVM is told, in one line, that green needs a newer one.
 *
 * <p>Runs on the main thread of its own JVM.
 */
public final class GreenMain {

    private GreenMain() {
        throw new UnsupportedOperationException();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && !isHelp(args[0])) {
            err.println("green: unknown command '" + args[0] + "'; valid commands: --help");
            return 2;
        }
        String missing = EnvironmentCheck.missing();
        if (missing != null) {
            err.println("green: " + missing);
            return 1;
        }
        try {
            out.print(Class.forName("green.agent.HelpCommand").getMethod("text").invoke(null));
            return 0;
        } catch (ReflectiveOperationException e) {
            err.println("green: cannot print the settings table (" + (e.getCause() != null ? e.getCause() : e) + ")");
            return 1;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
    }
}
