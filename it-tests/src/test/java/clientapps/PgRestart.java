package clientapps;

import demo.Report;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import demo.Ticker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A plain JDBC program that lives through a PostgreSQL restart. {@code threads} threads each hold a
 * connection, a HikariCP pool of 3 serves the same; then the test stops the server (the program prints
 * {@code waiting for down} and waits for a file), every thread tries its old connection, a new one and
 * the pool; the test starts the server again ({@code waiting for up}) and every thread connects anew.
 * A ticker thread runs throughout.
 *
 * <p>Usage: {@code PgRestart <jdbcUrl> <threads> <signalDir>}. Prints, per phase and thread in order,
 * what each attempt gave (a value, or the exception class and SQLState). Reports per phase the ticker's
 * {@code <phase>_ticks} and {@code <phase>_max_gap_ms}, and {@code pg_thread} for every worker.
 */
public final class PgRestart {
    interface Step {
        String run(int id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        // HikariCP skips its validation of a connection used in the last 500 ms; validate every borrow, so
        // what a borrower gets while the server is down does not depend on timing.
        System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "0");
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        Path signals = Path.of(args[2]);
        Connection[] held = new Connection[threads];

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(3);
        config.setConnectionTimeout(1000);
        config.setPoolName("restart");
        try (Ticker ticker = Ticker.start(10); HikariDataSource pool = new HikariDataSource(config)) {
            phase("before", threads, id -> {
                held[id] = DriverManager.getConnection(url);
                return "own=" + query(held[id], id) + " pool=" + pooled(pool, id);
            });
            ticker.report("before");

            Signals.await(signals, "down");
            phase("down", threads, id -> "old=" + attempt(() -> query(held[id], id))
                    + " new=" + attempt(() -> {
                        try (Connection c = DriverManager.getConnection(url)) {
                            return query(c, id);
                        }
                    })
                    + " pool=" + attempt(() -> pooled(pool, id)));
            ticker.report("down");

            Signals.await(signals, "up");
            pool.getHikariConfigMXBean().setConnectionTimeout(20_000);
            phase("after", threads, id -> {
                String old = "old.closed=" + held[id].isClosed();
                held[id].close();
                try (Connection c = DriverManager.getConnection(url)) {
                    return old + " new=" + query(c, id) + " pool=" + pooled(pool, id);
                }
            });
            ticker.report("after");
            Threads.reportPlatform();
        }
        System.out.println("done");
    }

    static void phase(String name, int threads, Step step) throws InterruptedException {
        String[] results = new String[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Report.thread("pg_thread");
                try {
                    results[id] = step.run(id);
                } catch (Exception e) {
                    results[id] = "unexpected " + describe(e);
                    Report.line("pg_error", name + " " + id + " " + e);
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        for (int i = 0; i < threads; i++) {
            System.out.println(name + " thread " + i + ": " + results[i]);
        }
    }

    static String attempt(Callable<String> step) {
        try {
            return step.call();
        } catch (Exception e) {
            Report.line("pg_attempt_error", e);
            return describe(e);
        }
    }

    static String describe(Exception e) {
        return e.getClass().getName() + (e instanceof SQLException q ? "(" + q.getSQLState() + ")" : "");
    }

    static String query(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select " + id + " + 40, pg_sleep(0.05)")) {
            rs.next();
            return Integer.toString(rs.getInt(1));
        }
    }

    static String pooled(HikariDataSource pool, int id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return query(c, id);
        }
    }
}
