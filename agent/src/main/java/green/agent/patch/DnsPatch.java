package green.agent.patch;

/**
 * The {@code dns} patch: {@code InetAddress} look-ups of a fiber run on a worker thread while the
 * fiber parks. Nothing is rewritten: the JDK's own resolver SPI finds
 * {@code green.dns.GreenResolverProvider} through {@code META-INF/services} in green.jar, at the
 * JVM's first look-up, and that provider reads {@code green.patch.dns}. A JVM that has already
 * resolved a name (an attach) keeps its resolver.
 *
 * <p>Stateless.
 */
public final class DnsPatch implements Patch {

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public String mechanism() {
        return "the JDK's resolver SPI (green.dns.GreenResolverProvider), from the first look-up";
    }
}
