package green.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The runtime (green-runtime) that green.jar carries whole as the resource
 * {@code green/runtime.jar.bin}, read into memory.
 *
 * <p>Why nested and not loose classes: as loose classes in green.jar the runtime would also be
 * visible to the system class loader (green.jar is on its class path), and one early reference
 * from agent code would load a second copy there, the failure BlockHound and the OpenTelemetry
 * agent avoid the same way.
 *
 * <p>Called on the thread that installs the agent, or on the main thread of {@link GreenMain}.
 */
final class RuntimeJar {

    static final String RESOURCE = "/green/runtime.jar.bin";

    private RuntimeJar() {
        throw new UnsupportedOperationException();
    }

    /** The runtime's class files by binary name ({@code green.hub.Hub}). */
    static Map<String, byte[]> classes() throws IOException {
        try (InputStream resource = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
            if (resource == null) {
                throw new IOException("green.jar is incomplete: it has no " + RESOURCE);
            }
            Map<String, byte[]> classes = new HashMap<>();
            try (ZipInputStream jar = new ZipInputStream(resource)) {
                for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                                jar.readAllBytes());
                    }
                }
            }
            return classes;
        }
    }

    /**
     * A throw-away class loader for the runtime in a JVM where green is not installed (the
     * {@code java -jar green.jar} commands). Its parent is the platform loader, so nothing of
     * green.jar's own class path can shadow a runtime class.
     */
    static ClassLoader isolatedLoader() throws IOException {
        Map<String, byte[]> classes = classes();
        return new ClassLoader("green-runtime", ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }
}
