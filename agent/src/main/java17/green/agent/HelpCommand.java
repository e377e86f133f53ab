package green.agent;

import java.io.PrintStream;

/**
 * The text of {@code java -jar green.jar --help}: usage and the settings table, which
 * {@code green.config.GreenConfig} renders, loaded with {@link RuntimeJar#isolatedLoader()}.
 *
 * <p>Compiled for Java 17, like the settings table, so the help prints on any JVM. Called on the
 * main thread of {@link GreenMain}.
 */
public final class HelpCommand {

    private HelpCommand() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            out.print(text());
            return 0;
        } catch (Exception e) {
            err.println("green: --help failed (" + e + ")");
            return 1;
        }
    }

    static String text() throws Exception {
        ClassLoader loader = RuntimeJar.isolatedLoader();
        String table = (String) loader.loadClass("green.config.GreenConfig").getMethod("helpTable").invoke(null);
        return """
                green: run a blocking Java program as fibers on one hub thread.

                Usage: java -javaagent:green.jar[=key=value,...] -jar app.jar
                       java -jar green.jar attach <pid> [key=value,...]   (load into a running JVM)
                       java -jar green.jar list                           (JVMs that could be attached)
                       java -jar green.jar status <pid>                   (hub metrics of a JVM running green)
                       java -jar green.jar dump <pid>                     (its fibers: state, stack, parent)
                       java -jar green.jar compare [options] -- <java command line>
                            (runs it without and with the agent; exit 0 same, 1 different, 2 usage;
                             options: --agent-args k=v,... --ignore <regex> --timeout <s> --agent <jar>)
                       java -jar green.jar --help

                """ + table;
    }
}
