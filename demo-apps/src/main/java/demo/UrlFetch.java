package demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches every URL given as an argument at once, one {@code new Thread} per URL, with plain
 * {@link URL#openConnection()} (or {@link URL#openStream()} with {@code -Ddemo.openStream=true}).
 * HTTPS uses the default {@code SSLContext}; give it a trust store with the standard
 * {@code -Djavax.net.ssl.trustStore=...} options.
 *
 * <p>Usage: {@code demo.UrlFetch url...}. Prints {@code <url> status=<code> length=<bytes>} in argument
 * order (or {@code <url> error=<exception class>}), then {@code fetched urls=N ok=M}. Exits 1 unless all
 * answered 200. Reports {@code elapsed_ms} and one {@code fetch_thread} per URL.
 */
public final class UrlFetch {
    public static void main(String[] urls) throws Exception {
        boolean openStream = Boolean.getBoolean("demo.openStream");
        String[] results = new String[urls.length];
        boolean[] ok = new boolean[urls.length];
        long startNanos = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Report.thread("fetch_thread");
                try {
                    URL url = URI.create(urls[id]).toURL();
                    int status;
                    long length;
                    if (openStream) {
                        try (InputStream in = url.openStream()) {
                            length = in.transferTo(OutputStreamSink.INSTANCE);
                        }
                        status = 200;
                    } else {
                        URLConnection connection = url.openConnection();
                        connection.setConnectTimeout(30_000);
                        connection.setReadTimeout(30_000);
                        status = connection instanceof HttpURLConnection http ? http.getResponseCode() : 200;
                        try (InputStream in = status < 400 ? connection.getInputStream()
                                : ((HttpURLConnection) connection).getErrorStream()) {
                            length = in == null ? 0 : in.transferTo(OutputStreamSink.INSTANCE);
                        }
                    }
                    results[id] = urls[id] + " status=" + status + " length=" + length;
                    ok[id] = status == 200;
                } catch (IOException | RuntimeException e) {
                    results[id] = urls[id] + " error=" + e.getClass().getName();
                    Report.line("fetch_error", urls[id] + " " + e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        Report.elapsedSince(startNanos);
        int okCount = 0;
        for (int i = 0; i < urls.length; i++) {
            System.out.println(results[i]);
            okCount += ok[i] ? 1 : 0;
        }
        System.out.println("fetched urls=" + urls.length + " ok=" + okCount);
        if (okCount != urls.length) {
            System.exit(1);
        }
    }

    /** Counts and drops bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
