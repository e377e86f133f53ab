package demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A thread-pool crawler: {@code Executors.newFixedThreadPool(4)}, {@code submit} one task per page of
 * the current level, {@code Future.get} them all, follow {@code href="..."} links on the same host and
 * port to the next level.
 *
 * <p>Usage: {@code demo.Crawler <start-url> [max=100]}. Prints {@code visited <path> status=<code>
 * links=<n>} sorted by path, then {@code crawled pages=N}. Reports {@code elapsed_ms} and one
 * {@code crawl_thread} per page.
 */
public final class Crawler {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"#]*)");

    record Page(URI uri, int status, List<URI> links) {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 1) {
            System.err.println("usage: demo.Crawler <start-url> [max=100]");
            System.exit(2);
        }
        URI start = URI.create(argv[0]);
        int maxPages = new Args(argv).intValue("max", 100);
        long startNanos = System.nanoTime();
        Map<String, Page> visited = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<URI> level = List.of(start);
            visited.put(start.getPath(), null);
            while (!level.isEmpty()) {
                List<Future<Page>> futures = new ArrayList<>();
                for (URI uri : level) {
                    futures.add(pool.submit(() -> fetch(uri)));
                }
                List<URI> next = new ArrayList<>();
                for (Future<Page> future : futures) {
                    Page page = future.get();
                    visited.put(page.uri().getPath(), page);
                    for (URI link : page.links()) {
                        if (sameOrigin(start, link) && !visited.containsKey(link.getPath())
                                && visited.size() < maxPages) {
                            visited.put(link.getPath(), null);
                            next.add(link);
                        }
                    }
                }
                level = next;
            }
        } finally {
            pool.shutdown();
        }
        Report.elapsedSince(startNanos);
        for (Page page : visited.values()) {
            System.out.println("visited " + page.uri().getPath() + " status=" + page.status()
                    + " links=" + page.links().size());
        }
        System.out.println("crawled pages=" + visited.size());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
    }

    private static Page fetch(URI uri) throws IOException {
        Report.thread("crawl_thread");
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(30_000);
        connection.setReadTimeout(30_000);
        int status = connection.getResponseCode();
        String body;
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<URI> links = new ArrayList<>();
        if (status == 200) {
            Matcher m = HREF.matcher(body);
            while (m.find()) {
                links.add(uri.resolve(m.group(1)));
            }
        }
        return new Page(uri, status, links);
    }
}
