package green.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The runtime jar (green-runtime) that green.jar carries as the resource
 * {@code green/runtime.jar.bin}, copied out to a file because the JDK can only put a file on the
 * bootstrap class path.
 *
 * <p>Why a nested jar and a temp file: as loose classes in green.jar the runtime would also be
 * visible to the system class loader (green.jar is on its class path), and one early reference
 * from agent code would load a second copy there — the failure BlockHound and the OpenTelemetry
 * agent avoid the same way. A fresh file per JVM ({@link Files#createTempFile}: unique name,
 * owner-only permissions on POSIX) cannot be swapped by another user or by a concurrent JVM of
 * another green version, at the cost of about 100 KB of copying; it is deleted when the JVM exits.
 *
 * <p>Called on the thread that installs the agent, or on the main thread of {@link GreenMain}.
 */
final class RuntimeJar {

    static final String RESOURCE = "/green/runtime.jar.bin";

    private RuntimeJar() {
        throw new UnsupportedOperationException();
    }

    /** Copies the embedded runtime jar to a new temp file that is deleted on exit. */
    static Path extract() throws IOException {
        try (InputStream in = RuntimeJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("green.jar is incomplete: it has no " + RESOURCE);
            }
            Path file = Files.createTempFile("green-runtime-", ".jar");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
