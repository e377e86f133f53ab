package green.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import green.junit.GreenTest;
import green.observe.Stalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the first @GreenTest of a cold JVM does to the hub: each method is meant to run alone in a fresh
 * test JVM, loading JDK classes in fibers (the bound's measurement, README.md "Testing with green"):
 * {@code bin/test -pl junit -am -DskipITs -Dsurefire.failIfNoSpecifiedTests=false -Dtest='ColdStarts#https'
 * -Dgreen.junit.maxBlocking=100000}, then read the {@code [stall]} lines in
 * {@code junit/target/surefire-reports*}{@code /*ColdStarts-output.txt}: every hold of the hub over
 * {@code green.maxBlocking} (100 ms). Not run by the build (no Test in its name).
 */
public class ColdStarts {

    @BeforeAll
    static void printStalls() {
        Stalls.listen(s -> {
            if (s.ended()) {
                System.err.println("[stall] " + s.heldMillis() + " ms by '" + s.fiber() + "'");
            }
        });
    }

    static HttpServer serve(HttpServer server) {
        server.createContext("/", exchange -> {
            byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    static String get(HttpURLConnection c) throws Exception {
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @GreenTest
    void sleepers() throws Exception {
        new Sleepers().fiftyThreadsSleepTogetherOnTheHub();
    }

    @GreenTest
    void sockets() throws Exception {
        new Basics().socketsWaitOnTheHub();
    }

    @GreenTest
    void pools() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            all.add(CompletableFuture.supplyAsync(() -> IntStream.range(0, n).map(x -> x * x).sum(), pool));
        }
        assertEquals(10830, all.stream().mapToInt(CompletableFuture::join).sum());
        pool.shutdown();
    }

    @GreenTest
    void http() throws Exception {
        HttpServer server = serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
        try {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Thread t = new Thread(() -> {
                    try {
                        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x");
                        assertEquals("hello\n", get((HttpURLConnection) uri.toURL().openConnection()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            server.stop(0);
        }
    }

    @GreenTest
    void jdkHttpClient() throws Exception {
        HttpServer server = serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50));
        try (HttpClient client = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hello\n", r.body());
        } finally {
            server.stop(0);
        }
    }

    @GreenTest
    void https() throws Exception {
        Path dir = Files.createTempDirectory("green-cold");
        Path keyStore = dir.resolve("k.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "k", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        serve(server);
        try {
            HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + server.getAddress().getPort()
                    + "/x").toURL().openConnection();
            c.setSSLSocketFactory(tls.getSocketFactory());
            assertEquals("hello\n", get(c));
        } finally {
            server.stop(0);
        }
    }
}
