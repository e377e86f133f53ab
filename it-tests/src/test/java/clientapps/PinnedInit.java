package clientapps;

import demo.Report;
import demo.Ticker;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC query or an HTTP request made inside a class initializer (a thread running {@code <clinit>} is
 * pinned under green: it cannot unmount) while other threads run ordinary queries or requests, and a
 * ticker thread ticks.
 *
 * <p>Usage: {@code PinnedInit <jdbc|http> <jdbcUrl|baseUrl> <others>}. Prints the initializer's value,
 * each other thread's result in order, then {@code done}. Reports {@code elapsed_ms}, the ticker's
 * {@code run_max_gap_ms}, and {@code init_thread} / {@code other_thread}.
 */
public final class PinnedInit {
    static String mode;
    static String target;

    /** Initialized on first use, by a query or a request in its static initializer. */
    static final class Config {
        static final String VALUE;

        static {
            try {
                VALUE = mode.equals("jdbc") ? sql("select 'from-initializer', pg_sleep(0.3)")
                        : http(target + "/slow/initializer");
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        mode = args[0];
        target = args[1];
        int others = Integer.parseInt(args[2]);
        String[] results = new String[others];
        String[] init = new String[1];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        try (Ticker ticker = Ticker.start(10)) {
            Thread initializer = new Thread(() -> {
                Report.thread("init_thread");
                init[0] = Config.VALUE;
            });
            initializer.start();
            threads.add(initializer);
            for (int i = 0; i < others; i++) {
                int id = i;
                Thread t = new Thread(() -> {
                    Report.thread("other_thread");
                    try {
                        results[id] = mode.equals("jdbc") ? sql("select 'other-" + id + "', pg_sleep(0.2)")
                                : http(target + "/slow/other-" + id);
                    } catch (Exception e) {
                        results[id] = "error " + e.getClass().getName();
                        Report.line("other_error", e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            Report.elapsedSince(start);
            ticker.report("run");
            Threads.reportPlatform();
        }
        System.out.println("initializer: " + init[0]);
        for (int i = 0; i < others; i++) {
            System.out.println("other " + i + ": " + results[i]);
        }
        System.out.println("done");
    }

    static String sql(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(target); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String http(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(30_000);
        try (InputStream in = c.getInputStream()) {
            return c.getResponseCode() + " " + new String(in.readAllBytes()).trim();
        }
    }
}
