package clientapps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import demo.Report;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain blocking JDBC program (pgjdbc, optionally HikariCP): {@code threads} threads, each running
 * a {@code pg_sleep(<sleep>)} and a few real queries (arithmetic, generate_series, md5, an insert
 * in a transaction and a read-back) on its own connection ({@code direct}) or on one borrowed from a
 * HikariCP pool of {@code poolSize} ({@code hikari}).
 *
 * <p>The sleep is a server-side rendezvous, {@link #RENDEZVOUS}: after {@code pg_sleep} each session
 * waits in the server until its whole group has arrived (every thread in {@code direct}, each run of
 * {@code poolSize} arrivals in {@code hikari}), at most 20 s. So the server itself shows whether the
 * sessions were there at once, whatever the machine's speed; each thread reports the answer as
 * {@code pg_together=true|false}.
 *
 * <p>Usage: {@code PgLoad <jdbcUrl> <direct|hikari> <threads> <sleepSeconds> <poolSize> <table>}.
 * Prints one line per thread in thread order, then a summary. Reports {@code elapsed_ms} (threads started
 * to all joined; the JDBC driver and the pool are warmed up before), one {@code pg_thread} and one
 * {@code pg_together} per thread.
 */
public final class PgLoad {
    /**
     * {@code green_rendezvous(arrivals, grp, total, secs)}: takes an arrival number from the sequence,
     * sleeps {@code secs}, then waits (polling the sequence every 10 ms, at most 20 s) until the last
     * arrival of its group of {@code grp} (the group's end, or {@code total}) has come; true if it did.
     * A sequence is outside transactions, so every session sees every other's arrival at once. The last
     * member arrives while all the others of its group wait in the function: true means the server had
     * the whole group in it at the same time.
     */
    static final String RENDEZVOUS = """
            create or replace function green_rendezvous(arrivals regclass, grp int, total int, secs float8)
            returns boolean language plpgsql as $$
            declare
              me bigint := nextval(arrivals);
              target bigint := least(((me - 1) / grp + 1) * grp, total);
              deadline timestamptz := clock_timestamp() + interval '20 seconds';
            begin
              perform pg_sleep(secs);
              loop
                if pg_sequence_last_value(arrivals) >= target then
                  return true;
                end if;
                if clock_timestamp() >= deadline then
                  return false;
                end if;
                perform pg_sleep(0.01);
              end loop;
            end $$""";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean hikari = args[1].equals("hikari");
        int threads = Integer.parseInt(args[2]);
        String sleep = args[3];
        int poolSize = Integer.parseInt(args[4]);
        String table = args[5];

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + table);
            s.execute("create table " + table + " (owner int not null, n int not null, v text not null)");
            s.execute("drop sequence if exists " + table + "_arrivals");
            s.execute("create sequence " + table + "_arrivals");
            s.execute(RENDEZVOUS);
        }
        int group = hikari ? poolSize : threads;
        HikariDataSource pool = null;
        if (hikari) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(poolSize);
            config.setConnectionTimeout(30_000);
            config.setPoolName("load");
            pool = new HikariDataSource(config);
            // Warm-up: wait (bounded) until the pool holds all its connections, so the timing is the queries'.
            for (int i = 0; i < 500 && pool.getHikariPoolMXBean().getTotalConnections() < poolSize; i++) {
                Thread.sleep(10);
            }
        }
        HikariDataSource ds = pool;

        String[] results = new String[threads];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Report.thread("pg_thread");
                try (Connection c = ds != null ? ds.getConnection() : DriverManager.getConnection(url)) {
                    results[id] = work(c, id, sleep, table, group, threads);
                } catch (SQLException | RuntimeException e) {
                    results[id] = String.format("thread %02d error=%s sqlstate=%s", id, e.getClass().getName(),
                            e instanceof SQLException q ? q.getSQLState() : "-");
                    Report.line("pg_error", id + " " + e);
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        Report.elapsedSince(start);
        for (String r : results) {
            System.out.println(r);
        }
        try (Connection c = ds != null ? ds.getConnection() : DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), sum(n) from " + table)) {
            rs.next();
            System.out.println("rows=" + rs.getLong(1) + " sum=" + rs.getLong(2));
        }
        Threads.reportPlatform();
        if (pool != null) {
            pool.close();
        }
        System.out.println("done threads=" + threads + " mode=" + args[1]);
    }

    static String work(Connection c, int id, String sleep, String table, int group, int total) throws SQLException {
        StringBuilder out = new StringBuilder(String.format("thread %02d", id));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select green_rendezvous('" + table
                + "_arrivals', " + group + ", " + total + ", " + sleep + ")")) {
            rs.next();
            Report.line("pg_together", rs.getBoolean(1));
            out.append(" slept");
        }
        try (PreparedStatement p = c.prepareStatement("select ?::int * 2, (select sum(g) from generate_series(1, ?) g), md5(?)")) {
            p.setInt(1, id);
            p.setInt(2, (id + 1) * 100);
            p.setString(3, "green-" + id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                out.append(" double=").append(rs.getInt(1)).append(" sum=").append(rs.getLong(2))
                        .append(" md5=").append(rs.getString(3), 0, 8);
            }
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("insert into " + table + " (owner, n, v) values (?, ?, ?)")) {
            for (int n = 1; n <= 3; n++) {
                p.setInt(1, id);
                p.setInt(2, n);
                p.setString(3, "row-" + id + "-" + n);
                p.addBatch();
            }
            p.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        try (PreparedStatement p = c.prepareStatement("select count(*), string_agg(v, ',' order by n) from " + table
                + " where owner = ?")) {
            p.setInt(1, id);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                out.append(" rows=").append(rs.getInt(1)).append(" values=").append(rs.getString(2));
            }
        }
        return out.toString();
    }
}
