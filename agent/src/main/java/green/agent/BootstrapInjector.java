package green.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * Defines green's runtime in the bootstrap class loader, before any code refers to a runtime
 * class. From there every class loader (app servers, plugins) sees one copy of it, and advice
 * inlined into JDK classes such as {@code sun.nio.ch.Poller} can call {@code green.hooks.*}.
 *
 * <p>Why not {@link Instrumentation#appendToBootstrapClassLoaderSearch}: with a CDS archive in
 * use (the default) HotSpot then prints "Sharing is only supported for boot loader classes because
 * bootstrap classpath has been appended" to the program's stderr on every run, and stops sharing
 * application classes. A patched program must print what the unpatched one prints, so the classes
 * are defined one by one with the JDK's internal {@code Unsafe.defineClass(..., loader = null)},
 * supertypes first (the JVM resolves a class's supertypes when it is defined).
 *
 * <p>Idempotent: when the runtime is already in the bootstrap loader (premain followed by an
 * attach, or a second attach) nothing is defined. Called once, on the thread that installs the agent.
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
        Map<String, byte[]> classes = RuntimeJar.classes();
        exportUnsafe(inst);
        Definer definer = new Definer(classes);
        for (String name : classes.keySet()) {
            definer.define(name);
        }
        if (!onBootstrapPath()) {
            throw new IOException("the runtime was defined in the bootstrap loader but " + PROBE_CLASS + " does not load");
        }
    }

    /** Exports {@code jdk.internal.misc} to this agent, for {@link BootDefiner}. */
    private static void exportUnsafe(Instrumentation inst) {
        inst.redefineModule(Object.class.getModule(), Set.of(),
                Map.of("jdk.internal.misc", Set.of(BootstrapInjector.class.getModule())),
                Map.of(), Set.of(), Map.of());
    }

    /** Defines classes of the runtime, each after the runtime supertypes it names. */
    private record Definer(Map<String, byte[]> classes, Set<String> defined) {
        Definer(Map<String, byte[]> classes) {
            this(classes, new HashSet<>());
        }

        void define(String name) throws IOException {
            if (!defined.add(name)) {
                return;
            }
            byte[] bytes = classes.get(name);
            ClassReader reader = new ClassReader(bytes);
            defineIfRuntime(reader.getSuperName());
            for (String supertype : reader.getInterfaces()) {
                defineIfRuntime(supertype);
            }
            try {
                BootDefiner.define(name, bytes);
            } catch (RuntimeException | LinkageError e) {
                throw new IOException("cannot define " + name + " in the bootstrap loader", e);
            }
        }

        private void defineIfRuntime(String internalName) throws IOException {
            if (internalName != null && classes.containsKey(internalName.replace('/', '.'))) {
                define(internalName.replace('/', '.'));
            }
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
