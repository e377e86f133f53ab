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
 *   <li>{@code /slow/<anything>}: waits {@code delay}, then answers 200 with {@code slow <path>}.
 *   <li>{@code /site/...}: the pages given to {@link #site}; others answer 404.
 * </ul>
 */
public final class TestHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration delay;
    private final Map<String, String> site;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

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

    /** Forgets the request counts, before a run whose concurrency is checked. */
    public void resetStats() {
        requests.set(0);
        maxInFlight.set(inFlight.get());
    }

    /** The most requests this server was handling at the same time since the start or {@link #resetStats()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void slow(HttpExchange exchange) throws IOException {
        answer(exchange, 200, "slow " + exchange.getRequestURI().getPath() + "\n");
    }

    private void site(HttpExchange exchange) throws IOException {
        String page = site.get(exchange.getRequestURI().getPath());
        answer(exchange, page == null ? 404 : 200, page == null ? "not found\n" : page);
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!delay.isZero()) {
                Thread.sleep(delay);
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
