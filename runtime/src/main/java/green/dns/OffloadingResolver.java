package green.dns;

import green.hub.Offload;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * A resolver that runs a fiber's look-ups of another resolver on a worker thread while the fiber
 * parks; a thread that is not a fiber resolves in place. Results and exceptions are the other
 * resolver's. An interrupt does not cut a look-up short (the native one cannot be either): it is
 * kept as the interrupt status.
 *
 * <p>Thread-safe.
 */
final class OffloadingResolver implements InetAddressResolver {
    private final InetAddressResolver resolver;

    OffloadingResolver(InetAddressResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        // a Stream may be lazy: collect it on the worker, not on the hub
        return offload(() -> resolver.lookupByName(host, policy).toList()).stream();
    }

    @Override
    public String lookupByAddress(byte[] address) throws UnknownHostException {
        return offload(() -> resolver.lookupByAddress(address));
    }

    private interface Lookup<T> {
        T call() throws UnknownHostException;
    }

    private static <T> T offload(Lookup<T> lookup) throws UnknownHostException {
        try {
            return Offload.callUninterruptibly(lookup::call);
        } catch (UnknownHostException | RuntimeException e) {
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
