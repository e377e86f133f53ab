package green.agent.patch;

import java.io.IOException;
import java.util.jar.JarFile;

/**
 * The internal name of the class whose {@code main} the launcher runs, from the command line the
 * JVM records ({@code sun.java.command}): a class name, a {@code module/class}, or a jar whose
 * manifest names it. Null when it cannot be told (a source-file launch, an embedding launcher).
 *
 * <p>Any thread.
 */
final class MainClass {

    private MainClass() {
        throw new UnsupportedOperationException();
    }

    static String internalName() {
        String command = System.getProperty("sun.java.command", "").strip();
        if (command.isEmpty()) {
            return null;
        }
        String first = command.split("\\s+", 2)[0];
        String name;
        if (first.endsWith(".jar")) {
            name = fromManifest(first);
        } else if (first.endsWith(".java")) {
            name = null;
        } else {
            name = first.substring(first.indexOf('/') + 1); // module/class, or a class
        }
        return name == null || name.isEmpty() ? null : name.replace('.', '/');
    }

    private static String fromManifest(String jar) {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
