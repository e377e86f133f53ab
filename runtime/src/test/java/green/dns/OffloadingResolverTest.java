package green.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.Fiber;
import green.Green;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OffloadingResolverTest {

    /** Stands in for the native resolver's slowness: a look-up that takes 300 ms of a real thread. */
    private static final class SlowBuiltin implements InetAddressResolver {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            threads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (host.equals("no.such.host.invalid")) {
                throw new UnknownHostException(host);
            }
            return Stream.of(InetAddress.getLoopbackAddress());
        }

        @Override
        public String lookupByAddress(byte[] address) {
            return "loopback";
        }
    }

    private static InetAddressResolver resolverOver(InetAddressResolver builtin) {
        return new OffloadingResolver(builtin);
    }

    @Test
    void aFibersLookUpRunsOnAWorkerWhileOtherFibersRun() throws Exception {
        SlowBuiltin builtin = new SlowBuiltin();
        InetAddressResolver resolver = resolverOver(builtin);
        Fiber<List<InetAddress>> lookup = Green.spawn(() ->
                resolver.lookupByName("example.test", InetAddressResolver.LookupPolicy.of(InetAddressResolver.LookupPolicy.IPV4)).toList());
        Fiber<Integer> ticker = Green.spawn(() -> {
            int ticks = 0;
            while (!lookup.isDone() && ticks < 1000) {
                Green.sleep(Duration.ofMillis(10));
                ticks++;
            }
            return ticks;
        });
        assertEquals(List.of(InetAddress.getLoopbackAddress()), lookup.get());
        assertTrue(ticker.get() >= 10, "the hub kept ticking during the look-up: " + ticker.get());
        assertEquals(List.of("green-blocking"), builtin.threads);
    }

    @Test
    void unknownHostsFailAsWithTheBuiltinResolverAndThreadsResolveInPlace() throws Exception {
        SlowBuiltin builtin = new SlowBuiltin();
        InetAddressResolver resolver = resolverOver(builtin);
        var policy = InetAddressResolver.LookupPolicy.of(InetAddressResolver.LookupPolicy.IPV4);
        Fiber<Object> fiber = Green.spawn(() -> resolver.lookupByName("no.such.host.invalid", policy));
        Throwable failure = assertThrows(green.FiberFailure.class, fiber::get).getCause();
        assertTrue(failure instanceof UnknownHostException, String.valueOf(failure));
        resolver.lookupByName("example.test", policy).toList();
        assertEquals(List.of("green-blocking", Thread.currentThread().getName()), builtin.threads);
    }

    @Test
    void theJvmUsesItAndGivesTheSameAnswersAsWithoutIt() throws Exception {
        List<InetAddress> fromFiber = Green.spawn(() -> Arrays.asList(InetAddress.getAllByName("localhost"))).get();
        assertEquals(Arrays.asList(InetAddress.getAllByName("localhost")), fromFiber);
    }
}
