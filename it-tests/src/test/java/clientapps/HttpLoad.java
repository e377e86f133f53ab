package clientapps;

import demo.Report;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches every URL at once, one {@code new Thread} per URL, through one shared client: Apache
 * HttpClient 5 classic ({@code apache}; a pooling connection manager with room for every URL) or the
 * JDK's {@code java.net.http.HttpClient} with the synchronous {@code send} ({@code jdk}; HTTP/1.1). HTTPS
 * trusts what {@code -Djavax.net.ssl.trustStore} says (both clients read the system properties).
 *
 * <p>Usage: {@code HttpLoad <apache|jdk> url...}. Prints {@code <url> status=<code> body=<body>} in
 * argument order (or {@code error=<class>}), then {@code fetched urls=N ok=M}; exits 1 unless all
 * answered 200. Reports {@code elapsed_ms} and one {@code fetch_thread} per URL.
 */
public final class HttpLoad {
    interface Fetcher extends AutoCloseable {
        String fetch(String url) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        List<String> urls = List.of(args).subList(1, args.length);
        String[] results = new String[urls.size()];
        boolean[] ok = new boolean[urls.size()];
        try (Fetcher fetcher = kind.equals("apache") ? apache(urls.size()) : jdk()) {
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < urls.size(); i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    Report.thread("fetch_thread");
                    try {
                        String r = fetcher.fetch(urls.get(id));
                        results[id] = urls.get(id) + " " + r;
                        ok[id] = r.startsWith("status=200 ");
                    } catch (Exception e) {
                        results[id] = urls.get(id) + " error=" + e.getClass().getName();
                        Report.line("fetch_error", urls.get(id) + " " + e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            Report.elapsedSince(start);
            Threads.reportPlatform();
        }
        int okCount = 0;
        for (int i = 0; i < urls.size(); i++) {
            System.out.println(results[i]);
            okCount += ok[i] ? 1 : 0;
        }
        System.out.println("fetched urls=" + urls.size() + " ok=" + okCount);
        if (okCount != urls.size()) {
            System.exit(1);
        }
    }

    static Fetcher apache(int connections) {
        PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
                .useSystemProperties()
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(30)).setSocketTimeout(Timeout.ofSeconds(30)).build())
                .build();
        CloseableHttpClient client = HttpClients.custom().useSystemProperties().setConnectionManager(manager).build();
        return new Fetcher() {
            @Override
            public String fetch(String url) throws Exception {
                return client.execute(new HttpGet(url), response -> "status=" + response.getCode() + " body="
                        + EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8).trim());
            }

            @Override
            public void close() throws Exception {
                client.close();
            }
        };
    }

    static Fetcher jdk() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
        return new Fetcher() {
            @Override
            public String fetch(String url) throws Exception {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                return "status=" + response.statusCode() + " body=" + response.body().trim();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
