package green.agent;

import java.util.Map;

/**
 * The text of {@code java -jar green.jar --help}: usage and the settings table, which
 * {@code green.config.GreenConfig} renders. Outside an agent the runtime is on no class path, so
 * this loads it from the embedded classes in a throw-away class loader (parent: the platform loader,
 * so nothing of green.jar's own class path can shadow it).
 *
 * <p>Called on the main thread of {@link GreenMain}.
 */
public final class HelpCommand {

    private HelpCommand() {
        throw new UnsupportedOperationException();
    }

    public static String text() throws Exception {
        Map<String, byte[]> classes = RuntimeJar.classes();
        ClassLoader loader = new ClassLoader("green-help", ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        String table = (String) loader.loadClass("green.config.GreenConfig").getMethod("helpTable").invoke(null);
        return """
                green: run a blocking Java program as fibers on one hub thread.

                Usage: java -javaagent:green.jar[=key=value,...] -jar app.jar
                       java -jar green.jar --help

                """ + table;
    }
}
