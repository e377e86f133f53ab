package green.agent;

import jdk.internal.misc.Unsafe;

/**
 * Defines one class in the bootstrap loader with the JDK's internal {@code Unsafe.defineClass}.
 * A direct call, compiled against the internal API: a method handle to it cost premain 10-13 ms
 * on one core (measured with timers around the phases of premain), spinning its lambda forms. The call links only when first made, after
 * {@link BootstrapInjector} has exported {@code jdk.internal.misc} to the agent.
 *
 * <p>Called on the thread that installs the agent.
 */
final class BootDefiner {

    private BootDefiner() {
        throw new UnsupportedOperationException();
    }

    static void define(String name, byte[] bytes) {
        Unsafe.getUnsafe().defineClass(name, bytes, 0, bytes.length, null, null);
    }
}
