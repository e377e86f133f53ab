package green.agent;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The text of {@code java -jar green.jar --help}: usage and the settings table, which
 * {@code green.config.GreenConfig} renders. Outside an agent the runtime is on no class path, so
 * this loads it from the embedded jar in a throw-away class loader (parent: the platform loader,
 * so nothing of green.jar's own class path can shadow it).
 *
 * <p>Called on the main thread of {@link GreenMain}.
 */
public final class HelpCommand {

    private HelpCommand() {
        throw new UnsupportedOperationException();
    }

    public static String text() throws Exception {
        URL runtime = RuntimeJar.extract().toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {runtime}, ClassLoader.getPlatformClassLoader())) {
            String table = (String) loader.loadClass("green.config.GreenConfig").getMethod("helpTable").invoke(null);
            return """
                    green: run a blocking Java program as fibers on one hub thread.

                    Usage: java -javaagent:green.jar[=key=value,...] -jar app.jar
                           java -jar green.jar --help

                    """ + table;
        }
    }
}
