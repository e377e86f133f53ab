package green.agent;

import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;

/**
 * The resolver provider green.jar names in {@code META-INF/services}. green.jar is on the class
 * path of every JVM it runs in, also where the runtime is not installed (the
 * {@code java -jar green.jar} commands, a JVM the agent backed out of): there the JDK's first
 * look-up must still work, so this bridge hands out the runtime's resolver
 * ({@code green.dns.GreenResolverProvider}, the {@code dns} patch) only when the runtime is in the
 * bootstrap loader, and the JDK's built-in resolver otherwise.
 *
 * <p>Called by the JDK, once, on the thread of the JVM's first look-up.
 */
public final class ResolverBridge extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        try {
            Class<?> runtimeProvider = Class.forName("green.dns.GreenResolverProvider", true, null);
            return ((InetAddressResolverProvider) runtimeProvider.getConstructor().newInstance()).get(configuration);
        } catch (ReflectiveOperationException | LinkageError e) {
            return configuration.builtinResolver(); // green is not installed here
        }
    }

    @Override
    public String name() {
        return "green";
    }
}
