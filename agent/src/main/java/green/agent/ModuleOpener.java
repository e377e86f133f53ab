package green.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code java.base} to the runtime (the bootstrap loader's unnamed module), what
 * {@code --add-opens}/{@code --add-exports} would do on the command line:
 * <ul>
 *   <li>java.base reads the runtime, so advice inlined into {@code sun.nio.ch.Poller} may link
 *       against {@code green.hooks.*} (a named module does not read unnamed modules by default);
 *   <li>exports {@code jdk.internal.vm} (continuations), {@code jdk.internal.access} (shared
 *       secrets) and {@code sun.nio.ch} (EPoll, EventFD, IOUtil) to it;
 *   <li>opens {@code java.lang} (the VirtualThread builder with a custom scheduler, VirtualThread
 *       state), {@code sun.nio.ch} and {@code jdk.internal.misc} for deep reflection.
 * </ul>
 *
 * <p>Called once, on the thread that installs the agent, after {@link BootstrapInjector}.
 */
final class ModuleOpener {

    private ModuleOpener() {
        throw new UnsupportedOperationException();
    }

    static void open(Instrumentation inst, Module runtime) {
        Module javaBase = Object.class.getModule();
        Set<Module> to = Set.of(runtime);
        inst.redefineModule(javaBase,
                Set.of(runtime),
                Map.of("jdk.internal.vm", to, "jdk.internal.access", to, "sun.nio.ch", to),
                Map.of("java.lang", to, "sun.nio.ch", to, "jdk.internal.misc", to),
                Set.of(),
                Map.of());
    }
}
