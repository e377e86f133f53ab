package green.dns;

import green.config.GreenConfig;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;

/**
 * The {@code dns} patch: the JDK's resolver SPI (found through {@code META-INF/services}) hands
 * out an {@link OffloadingResolver} over the built-in resolver, whose native look-up would
 * otherwise block the hub. The JDK picks a provider once, at the first look-up of the JVM;
 * with {@code green.patch.dns=false} this one hands out the built-in resolver itself.
 *
 * <p>Called by the JDK, on the thread of the JVM's first look-up.
 */
public final class GreenResolverProvider extends InetAddressResolverProvider {

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return GreenConfig.current().patchEnabled("dns") ? new OffloadingResolver(builtin) : builtin;
    }

    @Override
    public String name() {
        return "green";
    }
}
