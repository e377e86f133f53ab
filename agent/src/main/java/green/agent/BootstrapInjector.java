package green.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Puts green's runtime on the bootstrap class path, before any code refers to a runtime class.
 * From there every class loader (app servers, plugins) sees one copy of it, and advice inlined
 * into JDK classes such as {@code sun.nio.ch.Poller} can call {@code green.hooks.*}.
 *
 * <p>Idempotent: when the runtime is already on the bootstrap path (a second attach, or premain
 * followed by attach) nothing is appended.
 *
 * <p>Called once, on the thread that installs the agent.
 */
final class BootstrapInjector {

    /** A runtime class the agent itself never loads before injection. */
    static final String PROBE_CLASS = "green.config.GreenConfig";

    private BootstrapInjector() {
        throw new UnsupportedOperationException();
    }

    static void inject(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return;
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(RuntimeJar.extract().toFile()));
        if (!onBootstrapPath()) {
            throw new IOException("the runtime jar was appended to the bootstrap class path but "
                    + PROBE_CLASS + " does not load from it");
        }
    }

    private static boolean onBootstrapPath() {
        try {
            Class.forName(PROBE_CLASS, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The bootstrap loader's unnamed module, where the runtime lives. */
    static Module runtimeModule() throws ClassNotFoundException {
        return Class.forName(PROBE_CLASS, false, null).getModule();
    }
}
