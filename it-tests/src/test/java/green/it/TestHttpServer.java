package green.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on 127.0.0.1 and an ephemeral port, for the child JVMs to fetch from, built on the
 * JDK's {@code com.sun.net.httpserver} with a fixed pool of 64 handler threads (so it serves 20 slow
 * requests at once and is never the bottleneck of a concurrency test).
 *
 * <ul>
 *   <li>{@code /slow/<anything>}: waits {@code delay}, then answers 200 with {@code slow <path>}; after
 *       {@link #holdUntilTogether}, it also waits until that many requests are in flight at once.
 *   <li>{@code /site/...}: the pages given to {@link #site}; others answer 404.
 * </ul>
 *
 * <p>Concurrency tests assert what this server saw ({@link #allTogether()}, {@link #maxInFlight()}),
 * never how long the client took: a busy machine makes a run slower, not less concurrent.
 */
public final class TestHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration delay;
    private final Map<String, String> site;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Gate gate;

    /**
     * How long a held answer waits for the rest of its group. Far above any real arrival spread, and
     * below the clients' 30 s read timeouts, so a client that does not overlap its requests still gets
     * every answer (about 20 s late) and the test fails on {@link #allTogether()} with a clear message.
     */
    static final Duration GATE_TIMEOUT = Duration.ofSeconds(20);

    /** A rendezvous of {@code size} requests: each waits until all have arrived (or the timeout, which opens it for good). */
    private static final class Gate {
        final int size;
        final CountDownLatch arrivals;
        final Duration timeout;
        volatile boolean timedOut;

        Gate(int size, Duration timeout) {
            this.size = size;
            this.arrivals = new CountDownLatch(size);
            this.timeout = timeout;
        }

        void await() throws InterruptedException {
            if (!timedOut && !arrivals.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
            }
        }
    }

    private TestHttpServer(HttpServer server, Duration delay, Map<String, String> site) {
        this.server = server;
        this.delay = delay;
        this.site = site;
        this.executor = Executors.newFixedThreadPool(64);
        server.setExecutor(executor);
        server.createContext("/slow/", this::slow);
        server.createContext("/site/", this::site);
        server.start();
    }

    /** A plain HTTP server whose {@code /slow/} answers take {@code delay}. */
    public static TestHttpServer http(Duration delay) throws IOException {
        return new TestHttpServer(HttpServer.create(loopback(), 256), delay, Map.of());
    }

    /** An HTTPS server with {@code tls}'s self-signed certificate. */
    public static TestHttpServer https(Duration delay, SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(loopback(), 256);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new TestHttpServer(s, delay, Map.of());
    }

    /** A plain HTTP server serving {@code pages} (path to HTML) under /site/, each answer delayed {@code delay}. */
    public static TestHttpServer site(Duration delay, Map<String, String> pages) throws IOException {
        return new TestHttpServer(HttpServer.create(loopback(), 256), delay, pages);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    public String baseUrl() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code n} distinct URLs under /slow/. */
    public List<String> slowUrls(int n) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add(baseUrl() + "/slow/" + i);
        }
        return urls;
    }

    public int requests() {
        return requests.get();
    }

    /** Forgets the request counts and lifts any {@link #holdUntilTogether} gate, before a run whose concurrency is checked. */
    public void resetStats() {
        gate = null;
        requests.set(0);
        maxInFlight.set(inFlight.get());
    }

    /**
     * From now until {@link #resetStats()}: the next {@code together} {@code /slow/} requests are each
     * answered (after the delay) only once all of them are in flight at the same time, so
     * {@link #allTogether()} says whether the client really had them outstanding at once, however slow
     * the machine is. A client that sends them one by one gets its answers after {@link #GATE_TIMEOUT}.
     */
    public void holdUntilTogether(int together) {
        holdUntilTogether(together, GATE_TIMEOUT);
    }

    /** {@link #holdUntilTogether(int)} with another timeout (the self-test's control). */
    void holdUntilTogether(int together, Duration timeout) {
        resetStats();
        gate = new Gate(together, timeout);
    }

    /** Whether all the requests of the last {@link #holdUntilTogether} were in flight at once, before the gate's timeout. */
    public boolean allTogether() {
        Gate g = gate;
        return g != null && g.arrivals.getCount() == 0 && !g.timedOut && maxInFlight.get() >= g.size;
    }

    /** The most requests this server was handling at the same time since the start or {@link #resetStats()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void slow(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "slow " + exchange.getRequestURI().getPath() + "\n", gate);
    }

    private void site(HttpExchange exchange) throws IOException {
        String page = site.get(exchange.getRequestURI().getPath());
        answer(exchange, page == null ? 404 : 200, page == null ? "not found\n" : page, null);
    }

    private void answer(HttpExchange exchange, int status, String body, Gate held) throws IOException {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        if (held != null) {
            held.arrivals.countDown();
        }
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            if (held != null) {
                held.await();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
